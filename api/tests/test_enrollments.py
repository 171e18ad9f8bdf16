"""GET /api/v1/enrollments/: the key's program's verified enrollments and nothing
else, what a vendor needs to deliver, filtered by change, a cursor's pages at a
time, in a flat number of queries, and never kept by a shared cache."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications import state_machine
from applications.models import Household, ProgramApplication
from applications.renewals.dates import expiry_date

from .conftest import ENROLLMENTS, PROGRAM, call, issue

pytestmark = pytest.mark.django_db


def listed_ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_an_enrollment_carries_what_the_vendor_needs(
    client, grocery, apply, caseworker
):
    [application] = apply(
        "ana@example.com", grocery, phone_number="+19705550123", preferred_language="es"
    )
    state_machine.enroll(application, caseworker)
    Household.objects.filter(pk=application.household_id).update(
        unit="Apt 4",
        mailing_is_different=True,
        mailing_street="PO Box 12",
        mailing_city="Fairview",
        mailing_state="CO",
        mailing_zip_code="80522",
    )
    application = ProgramApplication.objects.get(pk=application.pk)
    _, text = issue(grocery)

    [row] = call(client, ENROLLMENTS, text).json()["results"]

    assert row["id"] == application.pk
    assert row["status"] == "enrolled"
    assert row["enrolled_at"] and row["decided_at"] and row["applied_at"]
    assert row["expires_on"] == expiry_date(application).isoformat()
    assert row["household"] == {
        "id": application.household_id,
        "first_name": "Ana",
        "last_name": "López",
        "email": "ana@example.com",
        "phone": "+19705550123",
        "address": {
            "street": "300 Laporte Ave",
            "unit": "Apt 4",
            "city": "Fairview",
            "state": "CO",
            "zip_code": "80521",
        },
        "mailing_address": {
            "street": "PO Box 12",
            "unit": "",
            "city": "Fairview",
            "state": "CO",
            "zip_code": "80522",
        },
        "size": 1,
        "preferred_language": "es",
    }


def test_the_mailing_address_is_null_when_it_is_the_home_address(
    client, grocery, apply
):
    apply("ana@example.com", grocery)
    _, text = issue(grocery)
    [row] = call(client, ENROLLMENTS, text).json()["results"]
    assert row["household"]["mailing_address"] is None
    assert row["expires_on"] is None  # applied, not enrolled yet


def test_a_key_for_one_program_never_sees_another_programs_rows(
    client, grocery, bike, apply
):
    grocery_application, bike_application = apply("ana@example.com", grocery, bike)
    [only_bike] = apply("bea@example.com", bike)
    _, grocery_text = issue(grocery)
    _, bike_text = issue(bike)

    assert listed_ids(call(client, ENROLLMENTS, grocery_text)) == [
        grocery_application.pk
    ]
    assert sorted(listed_ids(call(client, ENROLLMENTS, bike_text))) == sorted(
        [bike_application.pk, only_bike.pk]
    )
    assert call(client, PROGRAM, bike_text).json()["id"] == bike.pk


def test_households_not_verified_and_withdrawn_applications_are_not_listed(
    client, grocery, apply
):
    [verified] = apply("ana@example.com", grocery)
    [in_review] = apply("bea@example.com", grocery, verify=False)
    [withdrawn] = apply("cy@example.com", grocery)
    ProgramApplication.objects.filter(pk=withdrawn.pk).update(
        status=ProgramApplication.Status.WITHDRAWN
    )
    assert Household.objects.get(pk=in_review.household_id).review_status == (
        Household.ReviewStatus.SUBMITTED
    )
    _, text = issue(grocery)
    assert listed_ids(call(client, ENROLLMENTS, text)) == [verified.pk]


def test_updated_since_lists_rows_whose_application_or_household_changed_since(
    client, grocery, apply
):
    old, recent, moved = (
        apply(email, grocery)[0]
        for email in ("ana@example.com", "bea@example.com", "cy@example.com")
    )
    now = timezone.now()
    long_ago = now - timedelta(days=30)
    for application in (old, moved):
        ProgramApplication.objects.filter(pk=application.pk).update(updated_at=long_ago)
        Household.objects.filter(pk=application.household_id).update(
            updated_at=long_ago
        )
    # The household moved (its address changed), the application did not.
    Household.objects.filter(pk=moved.household_id).update(updated_at=now)
    _, text = issue(grocery)
    since = (now - timedelta(days=1)).isoformat()

    assert sorted(listed_ids(call(client, ENROLLMENTS, text, updated_since=since))) == (
        sorted([recent.pk, moved.pk])
    )
    assert len(listed_ids(call(client, ENROLLMENTS, text))) == 3
    [moved_row] = [
        row
        for row in call(client, ENROLLMENTS, text).json()["results"]
        if row["id"] == moved.pk
    ]
    assert moved_row["updated_at"].startswith(timezone.localtime(now).isoformat()[:19])


def test_an_unreadable_updated_since_is_a_400_that_says_what_to_send(
    client, grocery, apply
):
    _, text = issue(grocery)
    response = call(client, ENROLLMENTS, text, updated_since="last tuesday")
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["updated_since"][0]


def test_the_cursor_walks_every_row_once_in_pages(client, grocery, apply):
    ids = sorted(
        apply(f"person{number}@example.com", grocery)[0].pk for number in range(5)
    )
    _, text = issue(grocery)
    seen, pages = [], 0
    response = call(client, ENROLLMENTS, text, page_size=2)
    while True:
        pages += 1
        seen += listed_ids(response)
        following = response.json()["next"]
        if following is None:
            break
        assert following.startswith("http://testserver/api/v1/enrollments/?cursor=")
        response = client.get(following, headers={"Authorization": f"Bearer {text}"})
    assert pages == 3
    assert sorted(seen) == ids
    assert len(seen) == len(set(seen))


def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, grocery, apply, django_assert_max_num_queries
):
    _, text = issue(grocery)
    for number in range(2):
        apply(f"first{number}@example.com", grocery)
    with CaptureQueriesContext(connection) as few:
        assert len(listed_ids(call(client, ENROLLMENTS, text))) == 2
    for number in range(4):
        apply(f"more{number}@example.com", grocery)
    with django_assert_max_num_queries(len(few)) as many:
        assert len(listed_ids(call(client, ENROLLMENTS, text))) == 6
    assert len(many) == len(few)
    assert len(few) <= 10


def test_answers_are_kept_by_no_shared_cache_and_never_given_to_another_key(
    client, grocery, bike, apply
):
    [grocery_application] = apply("ana@example.com", grocery)
    [bike_application] = apply("bea@example.com", bike)
    _, grocery_text = issue(grocery)
    _, bike_text = issue(bike)
    for _ in range(2):  # a second round would be served from a cache if one kept it
        for text, program, application in (
            (grocery_text, grocery, grocery_application),
            (bike_text, bike, bike_application),
        ):
            listing = call(client, ENROLLMENTS, text)
            assert listed_ids(listing) == [application.pk]
            assert call(client, PROGRAM, text).json()["id"] == program.pk
            for response in (listing, call(client, PROGRAM, text)):
                control = response["Cache-Control"]
                assert "private" in control and "no-store" in control
                assert "Authorization" in response["Vary"]
                assert not response.has_header("X-Page-Cache")
                assert not response.cookies
