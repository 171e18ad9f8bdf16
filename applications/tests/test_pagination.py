"""The staff listings' pages: the same rows in the same order from either end, and a
last page that skips no rows to get there."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.casework.admin import HouseholdAdmin
from applications.casework.pagination import FromEitherEndPaginator
from applications.models import Household
from applications.tests.conftest import make_applicant, make_household

from .test_caseworker import QUEUE, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(demo_content):
    households = [
        make_household(
            make_applicant(f"q{n}@example.com", last_name=f"Q{'abcdefghijklm'[n]}"),
            submit=True,
        )
        for n in range(12)
    ]
    # Ties in the queue's order are broken by the primary key.
    same = timezone.now() - timezone.timedelta(days=3)
    Household.objects.filter(pk__in=[h.pk for h in households[3:7]]).update(
        submitted_at=same
    )
    return households


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (5, 2), (4, 0), (1, 0)])
def test_every_page_holds_what_reading_from_the_start_gives(queued, per_page, orphans):
    ordered = Household.objects.order_by("submitted_at", "pk")
    from_the_start = Paginator(
        list(ordered.values_list("pk", flat=True)), per_page, orphans=orphans
    )
    paginator = FromEitherEndPaginator(ordered, per_page, orphans=orphans)
    assert paginator.page_range == from_the_start.page_range
    for number in paginator.page_range:
        page = paginator.page(number)
        assert [household.pk for household in page] == list(from_the_start.page(number))
        assert page.start_index() == from_the_start.page(number).start_index()


def test_the_queues_last_page_skips_no_rows_and_shows_the_last_households(
    client, queued, monkeypatch
):
    monkeypatch.setattr(HouseholdAdmin, "list_per_page", 5)
    client.force_login(staff("caseworker@example.com", "Verification staff"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, {"p": 3})
    assert response.status_code == 200
    offsets = [
        int(offset)
        for query in queries.captured_queries
        for offset in re.findall(r"OFFSET (\d+)", query["sql"])
    ]
    assert not [offset for offset in offsets if offset > 0], offsets
    last = (
        Household.objects.for_staff()
        .filter(review_status=Household.ReviewStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
    )
    expected = [h.user.get_full_name() for h in last][10:]
    shown = [name for name in expected if name in response.content.decode()]
    assert shown == expected and len(expected) == 2
    others = [h.user.get_full_name() for h in last][:10]
    assert not [name for name in others if name in response.content.decode()]


def counts(client, params, url=QUEUE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, [
        q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]
    ]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 2),  # the view's rows, then the queue's
        ({"queue": "verified"}, 2),
        ({"queue": "all"}, 1),  # the view is the queue: one count for both
        ({"queue": "all", "q": "qa"}, 2),
        ({"queue": "all", "q": "@@@"}, 1),  # a search with no word asks nothing
    ],
)
def test_the_queue_counts_each_set_of_rows_once(client, queued, params, expected):
    client.force_login(staff("caseworker@example.com", "Verification staff"))
    response, count_queries = counts(client, params)
    assert len(count_queries) == expected, count_queries
    assert len(set(count_queries)) == len(count_queries)
    listed = response.context["paginator"].count
    assert response.context["result_count"] == listed
    assert len(response.context["object_list"]) == min(listed, 25)


def test_the_counts_are_of_this_request_and_see_new_households(client, queued):
    client.force_login(staff("caseworker@example.com", "Verification staff"))
    before, _ = counts(client, {"queue": "all"})
    make_household(make_applicant("late@example.com"), submit=True)
    after, _ = counts(client, {"queue": "all"})
    assert after.context["result_count"] == before.context["result_count"] + 1
    assert after.context["all_count"] == before.context["all_count"] + 1
