"""Staff search by the beginning of words, from an index kept as households change,
so a search reads only what it finds."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.casework.search import index_households
from applications.models import Household, ProgramApplication, SearchTerm
from applications.tests.conftest import make_applicant, make_household
from portal import roles

pytestmark = pytest.mark.django_db
QUEUE = "/admin/applications/household/"
ENROLLMENTS = "/admin/applications/programapplication/"


@pytest.fixture
def households(demo_content):
    """Three submitted households: Ana Núñez, Maria Garcia and Maria Lopez."""
    made = {}
    for email, first, last, street, zip_code in [
        ("ana.n@example.com", "Ana", "Núñez", "300 Laporte Ave", "80521"),
        ("mg@example.org", "Maria", "Garcia", "12 Remington St", "80524"),
        ("ml@example.net", "Maria", "Lopez", "9 Drake Rd", "80525"),
    ]:
        user = make_applicant(email, first_name=first, last_name=last)
        household = make_household(user, zip_code=zip_code, submit=True)
        household.street = street
        household.save()
        made[last] = household
    return made


def found(client, query, url=QUEUE):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response.context["object_list"]


@pytest.mark.parametrize(
    "query, who",
    [
        ("garcia", "Garcia"),  # last name
        ("Gar", "Garcia"),  # its beginning, any case
        ("maria gar", "Garcia"),  # every word must match
        ("mg@example", "Garcia"),  # email
        ("example.org", "Garcia"),
        ("remington", "Garcia"),  # street
        ("80525", "Lopez"),  # ZIP
        ("nunez", "Núñez"),  # accents do not count, either way round
        ("NÚÑEZ", "Núñez"),
    ],
)
def test_a_search_finds_households_by_the_beginning_of_their_words(
    client, caseworker, households, query, who
):
    client.force_login(caseworker)
    assert [h.pk for h in found(client, query)] == [households[who].pk]


def test_two_households_sharing_a_word_are_both_found_and_a_middle_is_not(
    client, caseworker, households
):
    client.force_login(caseworker)
    both = {households["Garcia"].pk, households["Lopez"].pk}
    assert {h.pk for h in found(client, "maria")} == both
    assert list(found(client, "arcia")) == []  # not the middle of a word
    assert list(found(client, "@@@")) == []  # no word at all finds nothing


def test_the_words_follow_a_change_of_name_or_address(client, caseworker, households):
    client.force_login(caseworker)
    garcia = households["Garcia"]
    user = garcia.user
    user.last_name = "Okafor"
    user.save()
    garcia.street = "77 Mulberry St"
    garcia.save(update_fields=["street"])
    assert [h.pk for h in found(client, "okafor mulberry")] == [garcia.pk]
    assert list(found(client, "garcia")) == []
    assert list(found(client, "remington")) == []


def test_signing_in_does_not_rebuild_the_words(client, households):
    user = households["Lopez"].user
    with CaptureQueriesContext(connection) as captured:
        user.save(update_fields=["last_login"])
    assert not any("search_term" in q["sql"] for q in captured.captured_queries)


def test_a_household_deleted_takes_its_words_with_it(households):
    pk = households["Lopez"].pk
    assert SearchTerm.objects.filter(household_id=pk).exists()
    households["Lopez"].delete()
    assert not SearchTerm.objects.filter(household_id=pk).exists()


def test_bulk_written_households_are_found_once_indexed(
    client, caseworker, demo_content
):
    """What `generate_households` does: bulk_create sends no signal."""
    user = make_applicant("bulk@example.com", first_name="Wei", last_name="Chen")
    (household,) = Household.objects.bulk_create(
        [Household(user=user, street="1 College Ave", zip_code="80526")]
    )
    Household.objects.filter(pk=household.pk).update(
        review_status=Household.ReviewStatus.VERIFIED,
        submitted_at="2026-01-01T00:00Z",
    )
    client.force_login(caseworker)
    assert list(found(client, "chen college")) == []
    index_households([household])
    assert [h.pk for h in found(client, "chen college")] == [household.pk]


def test_coordinators_search_enrollments_by_the_same_words(client, households):
    from applications.models import ProgramCoordinator
    from programs.models import ProgramPage

    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    for household in households.values():
        ProgramApplication.objects.get_or_create(household=household, program=grocery)
    Household.objects.update(review_status=Household.ReviewStatus.VERIFIED)
    coordinator = get_user_model().objects.create_user(
        email="coord@example.com", password="x", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=roles.PROGRAM_COORDINATORS))
    ProgramCoordinator.objects.create(user=coordinator).programs.set([grocery])
    client.force_login(coordinator)
    listed = found(client, "maria lop", url=ENROLLMENTS)
    assert [a.household_id for a in listed] == [households["Lopez"].pk]
    listed = found(client, "nunez laporte", url=ENROLLMENTS)
    assert [a.household_id for a in listed] == [households["Núñez"].pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_search_reads_the_word_index_not_every_household(
    client, caseworker, households
):
    """A substring search scans every household and applicant; this one looks its
    words up in the index and reads only the households they lead to."""
    client.force_login(caseworker)
    with CaptureQueriesContext(connection) as captured:
        found(client, "maria gar")
    searches = [
        q["sql"]
        for q in captured.captured_queries
        if "applications_household" in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert searches
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + searches[-1])
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "USING INDEX applications_searchterm_term" in plan, plan
    assert "SCAN" not in plan, plan  # no table read from end to end


def test_a_search_of_hundreds_of_words_is_answered_from_its_longest_few(
    client, caseworker, households
):
    """Each word is a lookup; a pasted page of text must not become a query the
    database refuses (SQLite stops at 1,000 terms in one expression)."""
    client.force_login(caseworker)
    pasted = " ".join(f"w{n}" for n in range(1500))
    assert list(found(client, pasted)) == []
    assert [h.pk for h in found(client, "maria " * 300 + "garcia")] == [
        households["Garcia"].pk
    ]


def test_the_rarest_word_picks_the_households(households):
    """Every email has "example" in it; only one household has "remington"."""
    from applications.casework.search import rarest_first

    assert rarest_first(["example", "remington"]) == ["remington", "example"]
    assert rarest_first(["maria", "garcia"]) == ["garcia", "maria"]
    assert rarest_first(["maria"]) == ["maria"]


def test_rebuilding_the_same_words_twice_at_once_does_not_fail(households):
    """Two saves of one household at the same moment both rebuild its words."""
    garcia = Household.objects.select_related("user").get(pk=households["Garcia"].pk)
    index_households([garcia, garcia])
    terms = list(
        SearchTerm.objects.filter(household=garcia).values_list("term", flat=True)
    )
    assert "garcia" in terms and len(terms) == len(set(terms))
