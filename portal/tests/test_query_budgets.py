"""SQL queries per page: within each page's budget, and flat as a household grows (1 to
8 members, 1 to 20 documents), as programs grow (3 to 30) and as the queue grows.

Measured with the public page cache off: the budget is what rendering a page costs
(a cached public page costs one cache read, tested in test_page_cache), and with
the database cache production uses by default, whose reads are queries."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from applications import state_machine
from applications.models import HouseholdMember, ProgramApplication
from applications.tests.conftest import attach_document, make_applicant, make_household
from applications.tests.test_caseworker import staff
from portal import roles
from programs.models import ProgramPage, QualifyingProgram
from programs.tests.factories import make_program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

APPLICANT_BUDGET = 15
CASEWORK_BUDGET = 20
# The pages-to-moderate panel asks each active approval task (Wagtail's own and
# the rule changes' approval) whether the user reviews it: two queries each.
ADMIN_HOME_BUDGET = 17

PUBLIC_PAGES = [
    "/",
    "/es/",
    "/programs/",
    "/es/programs/",
    "/programs/grocery-tax-rebate/",
    "/es/programs/grocery-tax-rebate/",
    "/before-you-apply/",
    "/es/before-you-apply/",
    "/screener/",
    "/es/screener/",
    "/apply/",
    "/apply/account/",
    "/accounts/login/",
]
SIGNED_IN_PAGES = ["/dashboard/", "/dashboard/settings/", "/apply/done/"]
WIZARD_PAGES = [
    "/apply/address/",
    "/apply/household/",
    "/apply/qualifying-programs/",
    "/apply/documents/",
    "/apply/review/",
]
QUEUE = "/admin/applications/household/"


@pytest.fixture
def no_page_cache():
    """Pages rendered every time, and the production default cache (the database's):
    a cache read is then a query, and counted."""
    with override_settings(
        PAGE_CACHE_SECONDS=0,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "portal_cache",
            }
        },
    ):
        call_command("createcachetable", verbosity=0)
        yield


def queries(client, path):
    """The queries one GET of `path` makes, after a first GET has warmed what a
    running server keeps between requests (content types, the site root paths).
    Savepoints are left out: they are there only because each test runs inside a
    transaction (a server's `atomic()` outside one begins and commits instead)."""
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(
        [
            query
            for query in captured.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]
    )


def measure(client, paths):
    return {path: queries(client, path) for path in paths}


def assert_within(counts, budget):
    over = {path: count for path, count in counts.items() if count > budget}
    assert not over, f"over the budget of {budget}: {over}"


def assert_flat(small, large):
    grown = {
        path: (small[path], large[path]) for path in small if large[path] > small[path]
    }
    assert not grown, f"queries grew (small, large): {grown}"


def grow_programs(to=30):
    existing = ProgramPage.objects.canonical().count()
    for number in range(existing, to):
        make_program(f"Extra Program {number}")
    assert ProgramPage.objects.canonical().count() >= to


def grow_household(household, members=8, documents=20):
    """Bring a household to `members` people and `documents` uploads."""
    for number in range(household.members.count(), members):
        HouseholdMember.objects.create(
            household=household,
            first_name=f"Member{number}",
            last_name="López",
            date_of_birth=date(2010, 1, 1 + number),
            position=number,
        )
    snap = QualifyingProgram.objects.get(name="SNAP")
    members_list = list(household.members.all())
    for number in range(household.documents.count(), documents):
        if number % 2:
            attach_document(household, member=members_list[number % len(members_list)])
        else:
            attach_document(household, qualifying_program=snap)
    assert household.members.count() == members
    assert household.documents.count() == documents


def test_public_pages_stay_within_budget_as_programs_grow(client, demo_content):
    few = measure(client, PUBLIC_PAGES)
    assert_within(few, APPLICANT_BUDGET)
    grow_programs(30)
    many = measure(client, PUBLIC_PAGES)
    assert_within(many, APPLICANT_BUDGET)
    assert_flat(few, many)


def test_applicant_pages_stay_within_budget_as_the_household_grows(
    client, demo_content
):
    snap = QualifyingProgram.objects.get(name="SNAP")
    submitted = make_household(
        make_applicant("sub@example.com"), qualifying=[snap], submit=True
    )
    drafting = make_household(make_applicant("draft@example.com"), qualifying=[snap])

    client.force_login(submitted.user)
    small = measure(client, SIGNED_IN_PAGES)
    client.force_login(drafting.user)
    small |= measure(client, WIZARD_PAGES)
    assert_within(small, APPLICANT_BUDGET)

    grow_household(submitted)
    grow_household(drafting)
    grow_programs(30)
    client.force_login(submitted.user)
    large = measure(client, SIGNED_IN_PAGES)
    client.force_login(drafting.user)
    large |= measure(client, WIZARD_PAGES)
    assert_within(large, APPLICANT_BUDGET)
    assert_flat(small, large)


def test_an_enrolled_households_dashboard_stays_within_budget(client, demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    caseworker = staff("casey@example.com", roles.VERIFICATION_STAFF)
    state_machine.verify(household, caseworker)
    for application in ProgramApplication.objects.filter(household=household):
        state_machine.enroll(application, caseworker)
    client.force_login(household.user)
    small = measure(client, SIGNED_IN_PAGES[:2])
    grow_household(household)
    grow_programs(30)
    large = measure(client, SIGNED_IN_PAGES[:2])
    assert_within(large, APPLICANT_BUDGET)
    assert_flat(small, large)


def test_casework_pages_stay_within_budget_as_households_and_the_queue_grow(
    client, demo_content
):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    caseworker = staff("casey@example.com", roles.VERIFICATION_STAFF)
    client.force_login(caseworker)
    pages = [
        "/admin/",
        QUEUE,
        f"{QUEUE}inspect/{household.pk}/",
        f"/admin/households/{household.pk}/history/",
    ]
    small = measure(client, pages)
    assert_within({"/admin/": small.pop("/admin/")}, ADMIN_HOME_BUDGET)
    assert_within(small, CASEWORK_BUDGET)

    grow_household(household)
    grow_programs(30)
    for number in range(30):
        make_household(
            make_applicant(f"q{number}@example.com"), qualifying=[snap], submit=True
        )
    large = measure(client, pages)
    assert_within({"/admin/": large.pop("/admin/")}, ADMIN_HOME_BUDGET)
    assert_within(large, CASEWORK_BUDGET)
    assert_flat(small, large)


def test_the_admin_home_stays_within_budget_for_each_role(client, demo_content):
    for user in (
        staff("admin@example.com", is_superuser=True),
        staff("editor@example.com", roles.CONTENT_EDITORS),
        staff("coordinator@example.com", roles.PROGRAM_COORDINATORS),
    ):
        client.force_login(user)
        assert_within(measure(client, ["/admin/"]), ADMIN_HOME_BUDGET)
