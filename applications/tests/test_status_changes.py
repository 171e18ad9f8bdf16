"""Every status change is a row (from, to, when, by whom, why), written by the state
machine and rebuilt from the history for what happened before."""

import pytest
from django.apps import apps as django_apps

from applications import state_machine
from applications.models import Household, StatusChange
from applications.tests.conftest import make_household
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

backfill = __import__(
    "applications.migrations.0015_backfill_status_changes", fromlist=["backfill"]
).backfill


def changes(household, **filters):
    return list(
        StatusChange.objects.filter(case_number=household.pk, **filters).values_list(
            "subject", "action", "from_status", "to_status"
        )
    )


def a_reviewed_household(caseworker, snap):
    """Submitted, asked for more, answered, verified; applied and enrolled."""
    household = make_household(qualifying=[snap], submit=True)
    state_machine.request_information(household, caseworker, "Your lease, please")
    household.refresh_from_db()
    from applications.tests.conftest import attach_document

    request = household.open_information_request()
    document = attach_document(household, member=household.members.first())
    document.information_request = request
    document.save()
    state_machine.respond_to_information_request(household, household.user)
    state_machine.verify(household, caseworker)
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    application = state_machine.apply(household, grocery)
    state_machine.enroll(application, caseworker)
    return household, application


def test_each_transition_writes_one_row_with_from_to_and_who(caseworker, snap):
    household, application = a_reviewed_household(caseworker, snap)

    assert changes(household, subject="household") == [
        ("household", "submit", "draft", "submitted"),
        ("household", "request_information", "submitted", "info_requested"),
        ("household", "respond", "info_requested", "submitted"),
        ("household", "verify", "submitted", "verified"),
    ]
    assert changes(household, application=application) == [
        ("application", "apply", "", "applied"),
        ("application", "enroll", "applied", "enrolled"),
    ]
    verify = StatusChange.objects.get(case_number=household.pk, action="verify")
    assert verify.changed_by == caseworker and verify.by_staff
    assert verify.household == household
    assert verify.language == "en" and not verify.assisted
    asked = StatusChange.objects.get(action="request_information")
    assert asked.reason == "Your lease, please"
    enroll = StatusChange.objects.get(action="enroll", application=application)
    assert enroll.application == application
    assert enroll.program_id == application.program_id


def test_a_denial_keeps_its_reason_and_closes_applications_as_rows(caseworker, snap):
    household = make_household(qualifying=[snap], submit=True)
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    state_machine.apply(household, grocery)
    state_machine.deny(household, caseworker, "Lives outside the city")

    deny = StatusChange.objects.get(action="deny")
    assert (deny.from_status, deny.to_status) == ("submitted", "denied")
    assert deny.reason == "Lives outside the city"
    closed = StatusChange.objects.get(
        action="close_on_denial", application__program=grocery
    )
    assert (closed.from_status, closed.to_status) == ("applied", "not_enrolled")
    assert closed.reason == "Lives outside the city"


def test_a_refused_replay_writes_no_row(caseworker, snap):
    household = make_household(qualifying=[snap], submit=True)
    state_machine.verify(household, caseworker)
    stale = Household.objects.get(pk=household.pk)
    stale.review_status = Household.ReviewStatus.SUBMITTED
    with pytest.raises(state_machine.TransitionError):
        state_machine.verify(stale, caseworker)

    assert StatusChange.objects.filter(action="verify").count() == 1


def test_rows_outlive_the_household_without_its_link(caseworker, snap):
    household = make_household(qualifying=[snap], submit=True)
    state_machine.verify(household, caseworker)
    number = household.pk
    household.delete()

    rows = StatusChange.objects.filter(case_number=number)
    assert {"submit", "verify"} <= set(rows.values_list("action", flat=True))
    assert all(row.household_id is None for row in rows)


def test_the_backfill_rebuilds_the_same_changes_from_the_history(caseworker, snap):
    household, _ = a_reviewed_household(caseworker, snap)
    denied = make_household(
        make_household.__globals__["make_applicant"]("dee@example.com"),
        qualifying=[snap],
        submit=True,
    )
    state_machine.deny(denied, caseworker, "Not in the city")
    written = {h.pk: changes(h) for h in (household, denied)}
    StatusChange.objects.all().delete()

    backfill(django_apps, None)

    assert {h.pk: changes(h) for h in (household, denied)} == written
    assert StatusChange.objects.filter(backfilled=False).count() == 0
    deny = StatusChange.objects.get(action="deny")
    assert deny.reason == "Not in the city" and deny.changed_by == caseworker
    assert deny.by_staff

    count = StatusChange.objects.count()
    backfill(django_apps, None)
    assert StatusChange.objects.count() == count


def test_the_backfill_forgets_a_staff_member_since_deleted(caseworker, snap):
    from wagtail.models import ModelLogEntry

    household = make_household(qualifying=[snap], submit=True)
    state_machine.verify(household, caseworker)
    # The history keeps a deleted user's id (it has no constraint there).
    ModelLogEntry.objects.filter(action="applications.verify").update(user_id=987654)
    StatusChange.objects.all().delete()

    backfill(django_apps, None)

    verify = StatusChange.objects.get(action="verify")
    assert verify.changed_by_id is None and not verify.by_staff
