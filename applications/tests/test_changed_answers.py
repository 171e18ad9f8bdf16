"""Staff see what changed: an applicant reopening answers after review gives a
reason, stays findable while editing, and staff get the field-by-field difference,
a history entry and a mark in the queue."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from applications import state_machine
from applications.models import Household
from applications.state_machine import TransitionError
from applications.tests.conftest import (
    attach_document,
    make_applicant,
    make_household,
)
from applications.wizard import services
from applications.wizard.changes import Change, compare
from portal import roles
from programs.models import QualifyingProgram

pytestmark = pytest.mark.django_db
QUEUE = "/admin/applications/household/"
REOPEN = "/dashboard/settings/change-answers/"


@pytest.fixture
def household(demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    return make_household(
        make_applicant(phone_number="+19702216600"), qualifying=[snap], submit=True
    )


def inspect(client, household):
    return client.get(f"/admin/applications/household/inspect/{household.pk}/")


def test_reopening_needs_a_reason_on_the_page(client, household):
    client.force_login(household.user)
    page = client.post(REOPEN, {"reason": "  "})
    assert page.status_code == 200
    assert "Say in a few words what you need to change." in page.content.decode()
    page = client.post(REOPEN, {"reason": "x" * 301})
    assert "Keep the reason to 300 characters or fewer." in page.content.decode()
    household.refresh_from_db()
    assert household.review_status == "submitted"


def test_reopening_twice_from_two_tabs_changes_nothing_the_second_time(
    client, household
):
    client.force_login(household.user)
    first = client.post(REOPEN, {"reason": "We moved."})
    assert first.status_code == 302
    second = client.post(REOPEN, {"reason": "We moved."})
    assert second.status_code == 302  # a draft is sent back to the dashboard
    assert (
        ModelLogEntry.objects.filter(action="applications.change_answers").count() == 1
    )


def test_the_state_machine_refuses_a_change_without_a_reason(household):
    with pytest.raises(TransitionError):
        state_machine.change_answers(household, household.user, "")


def test_a_household_being_edited_stays_findable_and_marked(
    client, household, caseworker
):
    client.force_login(household.user)
    client.post(REOPEN, {"reason": "My son joined the household."})
    household.refresh_from_db()
    assert household.review_status == "draft"

    client.force_login(caseworker)
    editing = client.get(QUEUE, {"queue": "editing"})
    assert [h.pk for h in editing.context["object_list"]] == [household.pk]
    assert "Being changed by the applicant" in editing.content.decode()
    found = client.get(QUEUE, {"q": household.user.email})
    assert [h.pk for h in found.context["object_list"]] == [household.pk]
    page = inspect(client, household).content.decode()
    assert "The applicant is changing their answers." in page
    assert "My son joined the household." in page


def test_resubmitted_changes_are_shown_field_by_field_logged_and_marked(
    client, household, caseworker
):
    from datetime import date

    from applications.models import HouseholdMember

    state_machine.verify(household, caseworker)
    state_machine.change_answers(household, household.user, "We moved.")
    household.refresh_from_db()
    household.street = "12 New Street"
    household.save()
    HouseholdMember.objects.create(
        household=household,
        first_name="Leo",
        last_name="López",
        date_of_birth=date(2015, 3, 1),
    )
    medicaid = QualifyingProgram.objects.get(name="Medicaid")
    household.qualifying_enrollments.all().delete()
    household.qualifying_enrollments.create(qualifying_program=medicaid)
    attach_document(household, qualifying_program=medicaid)
    services.submit(household)
    household.refresh_from_db()
    assert household.review_status == "submitted"

    client.force_login(caseworker)
    waiting = client.get(QUEUE).content.decode()
    assert "Changed after review" in waiting
    changed = client.get(QUEUE, {"queue": "changed"})
    assert [h.pk for h in changed.context["object_list"]] == [household.pk]

    page = inspect(client, household).content.decode()
    assert "What changed" in page
    assert "We moved." in page
    assert "300 Laporte Ave" in page and "12 New Street" in page
    assert "Leo López (2015-03-01)" in page
    assert "Medicaid" in page
    assert "(Proof of a qualifying program)" in page
    entry = ModelLogEntry.objects.get(action="applications.resubmit_changed")
    assert entry.data["reason"] == "We moved."
    assert "Household members: Member" in entry.data["changes"]
    assert "12 New Street" not in str(entry.data)  # field names only, not values

    state_machine.verify(household, caseworker)
    household.refresh_from_db()
    assert household.answers_changed_at is None
    changed = client.get(QUEUE, {"queue": "changed"})
    assert list(changed.context["object_list"]) == []


def test_compare_lists_each_kind_of_change():
    before = {
        "applicant": {"first_name": "Ana", "phone_number": "+19702216600"},
        "eligibility_address": ["300 Laporte Ave", "Fairview, CO 80521"],
        "members": [
            {"first_name": "Ana", "last_name": "L", "date_of_birth": "1985-04-28"}
        ],
        "qualifying_programs": ["SNAP"],
        "documents": [{"id": "1", "kind": "identity", "name": "id.png"}],
    }
    after = {
        "applicant": {"first_name": "Ana", "phone_number": "+19702216601"},
        "eligibility_address": ["300 Laporte Ave", "Fairview, CO 80521"],
        "members": [],
        "qualifying_programs": ["SNAP", "Medicaid"],
        "documents": [{"id": "2", "kind": "identity", "name": "id.png"}],
    }
    assert compare(before, after) == [
        Change("Applicant", "Phone", "+19702216600", "+19702216601"),
        Change("Household members", "Member", "Ana L (1985-04-28)", "—"),
        Change("Qualifying programs", "Program", "—", "Medicaid"),
        Change("Documents", "Document", "id.png (Identity document)", "—"),
        Change("Documents", "Document", "—", "id.png (Identity document)"),
    ]
    assert compare(after, after) == []


@pytest.mark.parametrize(
    "typed", ["555.010.0123", "(555) 010-0123", "555-010-0123", "+1 555 010 0123"]
)
def test_queue_search_finds_a_phone_however_it_is_typed(
    client, caseworker, demo_content, typed
):
    target = make_household(
        make_applicant("phone@example.com", phone_number="+15550100123"), submit=True
    )
    make_household(
        make_applicant("other@example.com", phone_number="+19702216600"), submit=True
    )
    client.force_login(caseworker)
    found = client.get(QUEUE, {"q": typed})
    assert [h.pk for h in found.context["object_list"]] == [target.pk]


def test_search_from_any_view_searches_every_household_and_names_its_view(
    client, caseworker, household
):
    state_machine.verify(household, caseworker)
    client.force_login(caseworker)
    # The default view lists households waiting; the verified one is found anyway.
    found = client.get(QUEUE, {"q": household.user.email})
    assert [h.pk for h in found.context["object_list"]] == [household.pk]
    assert "<td" in found.content.decode() and ">Verified<" in found.content.decode()
    found = client.get(QUEUE, {"queue": "denied", "q": household.user.email})
    assert [h.pk for h in found.context["object_list"]] == [household.pk]


def test_coordinators_search_enrollments_by_phone(client, demo_content):
    from applications.models import ProgramApplication, ProgramCoordinator
    from programs.models import ProgramPage

    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    target = make_household(
        make_applicant("phone@example.com", phone_number="+15550100123"), submit=True
    )
    ProgramApplication.objects.get_or_create(household=target, program=grocery)
    coordinator = get_user_model().objects.create_user(
        email="coord@example.com", password="x", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=roles.PROGRAM_COORDINATORS))
    ProgramCoordinator.objects.create(user=coordinator).programs.set([grocery])
    Household.objects.filter(pk=target.pk).update(review_status="verified")
    client.force_login(coordinator)
    found = client.get(
        "/admin/applications/programapplication/", {"q": "(555) 010-0123"}
    )
    assert [a.household_id for a in found.context["object_list"]] == [target.pk]
