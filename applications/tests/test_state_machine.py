"""The state machine's own promises: one table, the only writer of statuses, and
replays (a second tab, a double click) that change nothing."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from applications import state_machine
from applications.models import (
    Household,
    Notification,
    ProgramApplication,
    Submission,
)
from applications.state_machine import (
    APPLICATION_TRANSITIONS,
    HOUSEHOLD_TRANSITIONS,
    TransitionError,
)
from applications.tests.conftest import make_household
from applications.wizard import services
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]
STATUS_FIELDS = {"review_status", "status"}
WRITING_METHODS = {"update", "create", "get_or_create", "update_or_create"}
# Models whose `status` is not a review status: the outbox's delivery state, the
# task queue's own rows and a partner API request's HTTP status.
OTHER_STATUS_MODELS = (
    "Notification.objects",
    "DBTaskResult.objects",
    "ApiKeyUse.objects",
    # A rule change's count and an announcement's sending have their own status.
    "RuleChange.objects",
    "Announcement.objects",
)


@pytest.fixture
def caseworker(demo_content):
    return get_user_model().objects.create_user(
        email="casey@example.com", password="x", is_staff=True, is_superuser=True
    )


def submitted(snap_program="SNAP"):
    from programs.models import QualifyingProgram

    snap = QualifyingProgram.objects.get(name=snap_program)
    return make_household(qualifying=[snap], submit=True)


def emails(household, event):
    """How many email messages the outbox holds for this event."""
    return Notification.objects.filter(
        household=household, event=event, channel="email"
    ).count()


def _status_writes(source):
    """(line, text) of each assignment of a status, or a status passed to a write.

    `notification.status` is the outbox's delivery state, not a review status.
    """
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr in STATUS_FIELDS
                and not (
                    isinstance(target.value, ast.Name)
                    and target.value.id == "notification"
                )
            ):
                found.append((node.lineno, ast.unparse(node)))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITING_METHODS
            and not ast.unparse(node.func.value).startswith(OTHER_STATUS_MODELS)
        ):
            for keyword in node.keywords:
                if keyword.arg in STATUS_FIELDS:
                    found.append((node.lineno, ast.unparse(node)))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) == 3
            and "status" in ast.unparse(node.args[1])
        ):
            found.append((node.lineno, ast.unparse(node)))
    return found


@pytest.mark.parametrize(
    "source",
    [
        'household.review_status = "verified"',
        "self.status = self.Status.ENROLLED",
        "Household.objects.filter(pk=1).update(review_status='draft')",
        "ProgramApplication.objects.get_or_create(household=h, status='applied')",
        "setattr(record, status_field, target)",
        "pending = ProgramApplication.objects.all(); pending.update(status='x')",
    ],
)
def test_the_status_write_check_sees_each_kind_of_write(source):
    assert _status_writes(source)


def test_the_status_write_check_leaves_delivery_states_alone():
    assert not _status_writes(
        "Notification.objects.filter(pk=1).update(status='sent')\n"
        "DBTaskResult.objects.filter(pk=1).update(status='FAILED')"
    )


def test_statuses_are_written_only_by_the_state_machine():
    skipped = {"tests", "migrations", ".venv", "node_modules"}
    writers = {}
    for path in PROJECT.rglob("*.py"):
        relative = path.relative_to(PROJECT)
        if set(relative.parts) & skipped:
            continue
        writes = _status_writes(path.read_text(encoding="utf-8"))
        if writes:
            writers[str(relative)] = writes
    assert set(writers) == {"applications/state_machine.py"}, writers


def test_every_transition_goes_between_real_statuses():
    review = set(Household.ReviewStatus.values)
    status = set(ProgramApplication.Status.values)
    for transition in HOUSEHOLD_TRANSITIONS.values():
        assert transition.sources <= review, transition.action
        assert transition.target in review, transition.action
    for transition in APPLICATION_TRANSITIONS.values():
        assert transition.sources - {None} <= status, transition.action
        assert transition.target in status, transition.action


@pytest.mark.parametrize(
    "status, actions",
    [
        (Household.ReviewStatus.DRAFT, []),
        (
            Household.ReviewStatus.SUBMITTED,
            ["verify", "request_information", "deny"],
        ),
        (Household.ReviewStatus.INFO_REQUESTED, ["deny"]),
        (Household.ReviewStatus.VERIFIED, ["reopen"]),
        (Household.ReviewStatus.DENIED, ["reopen"]),
    ],
)
def test_the_household_page_offers_what_the_status_allows(status, actions):
    household = Household(review_status=status)
    offered = state_machine.available_household_actions(household)
    assert [transition.action for transition in offered] == actions


def test_a_second_verify_from_a_stale_page_is_refused_and_sends_nothing(caseworker):
    household = submitted()
    stale_copy = Household.objects.get(pk=household.pk)
    state_machine.verify(household, caseworker)
    with pytest.raises(TransitionError):
        state_machine.verify(stale_copy, caseworker)
    # The stale copy now knows the status it found under the lock.
    assert stale_copy.review_status == Household.ReviewStatus.VERIFIED
    assert emails(household, "verified") == 1


def test_a_second_deny_from_another_tab_is_refused(caseworker):
    household = submitted()
    other_tab = Household.objects.get(pk=household.pk)
    state_machine.deny(household, caseworker, "The ID does not match.")
    with pytest.raises(TransitionError):
        state_machine.deny(other_tab, caseworker, "Duplicate account.")
    household.refresh_from_db()
    assert household.denial_reason == "The ID does not match."
    assert emails(household, "denied") == 1


def test_each_occurrence_of_a_transition_sends_its_own_message(caseworker):
    household = submitted()
    state_machine.verify(household, caseworker)
    state_machine.reopen(household, caseworker)
    state_machine.verify(household, caseworker)
    assert emails(household, "verified") == 2


def test_a_replayed_submit_makes_one_submission_and_one_message(caseworker):
    household = submitted()
    assert services.submit(household) is None
    assert Submission.objects.filter(household=household).count() == 1
    assert emails(household, "submitted") == 1
    with pytest.raises(TransitionError):
        state_machine.submit(household, Submission.objects.get(household=household))


def test_applying_twice_keeps_one_application(caseworker):
    household = submitted()
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    first = state_machine.apply(household, grocery)
    assert first.status == ProgramApplication.Status.APPLIED
    with pytest.raises(TransitionError):
        state_machine.apply(household, grocery)
    assert (
        ProgramApplication.objects.filter(household=household, program=grocery).count()
        == 1
    )


def test_an_expired_enrollment_can_be_applied_for_again(caseworker):
    household = submitted()
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    application = state_machine.apply(household, grocery)
    state_machine.verify(household, caseworker)
    state_machine.enroll(application, caseworker)
    state_machine.expire(application, expires_on=application.enrolled_at.date())
    assert application.status == ProgramApplication.Status.EXPIRED
    again = state_machine.apply(household, grocery)
    assert again.pk == application.pk
    assert again.status == ProgramApplication.Status.APPLIED
    assert again.enrolled_at is None


def test_expiring_twice_expires_once(caseworker):
    household = submitted()
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    application = state_machine.apply(household, grocery)
    state_machine.verify(household, caseworker)
    state_machine.enroll(application, caseworker)
    day = application.enrolled_at.date()
    state_machine.expire(application, expires_on=day)
    with pytest.raises(TransitionError):
        state_machine.expire(application, expires_on=day)
    assert emails(household, "renewal_expired") == 1


# Denial, for every household state and every program application state ------------

Review = Household.ReviewStatus
Status = ProgramApplication.Status
DENIABLE = {Review.SUBMITTED, Review.INFO_REQUESTED}
# What a denial leaves each application in (a first or reopened application).
AFTER_DENIAL = {
    Status.APPLIED: Status.NOT_ENROLLED,
    Status.ENROLLED: Status.NOT_ENROLLED,
    Status.NOT_ENROLLED: Status.NOT_ENROLLED,
    Status.WITHDRAWN: Status.WITHDRAWN,
    Status.EXPIRED: Status.EXPIRED,
}


def household_with_application(review_status, application_status):
    """Test setup only: a household and one application put straight into states."""
    household = submitted()
    program = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    application = ProgramApplication.objects.create(
        household=household, program=program
    )
    ProgramApplication.objects.filter(pk=application.pk).update(
        status=application_status
    )
    Household.objects.filter(pk=household.pk).update(review_status=review_status)
    return Household.objects.get(pk=household.pk), application


@pytest.mark.parametrize("application_status", list(Status))
@pytest.mark.parametrize("review_status", list(Review))
def test_what_a_denial_does_to_each_application(
    caseworker, review_status, application_status
):
    household, application = household_with_application(
        review_status, application_status
    )
    if review_status not in DENIABLE:
        with pytest.raises(TransitionError):
            state_machine.deny(household, caseworker, "Not a resident.")
        application.refresh_from_db()
        assert application.status == application_status
        return

    state_machine.deny(household, caseworker, "Not a resident.")

    application.refresh_from_db()
    assert application.status == AFTER_DENIAL[application_status]
    if application_status in {Status.APPLIED, Status.ENROLLED}:
        assert application.not_enrolled_reason == "Not a resident."
    # One message, the denial's, tells the applicant (with the reason).
    assert (
        Notification.objects.filter(household=household)
        .exclude(event__in=["submitted", "denied"])
        .count()
        == 0
    )
    assert emails(household, "denied") == 1


def test_a_denied_household_sees_no_pending_application_and_the_reason(
    caseworker, client
):
    household, _ = household_with_application(Review.SUBMITTED, Status.APPLIED)
    state_machine.deny(household, caseworker, "Not a resident.")
    client.force_login(household.user)
    page = client.get("/dashboard/").content.decode()
    assert "waiting for staff" not in page
    assert "Nothing pending." in page
    assert "<strong>Reason:</strong> Not a resident." in page
    assert "<strong>Grocery Tax Rebate</strong>: Not a resident." in page


@pytest.mark.parametrize(
    "enrolled_on, expected",
    [("2026-01-15", "expired"), ("2026-06-15", "enrolled")],
)
def test_a_denied_renewal_ends_enrollments_at_their_expiry(
    caseworker, enrolled_on, expected
):
    import datetime as dt

    import time_machine

    household, application = household_with_application(
        Review.SUBMITTED, Status.ENROLLED
    )
    Household.objects.filter(pk=household.pk).update(is_renewal=True)
    ProgramApplication.objects.filter(pk=application.pk).update(
        enrolled_at=dt.datetime.fromisoformat(enrolled_on + "T17:00+00:00")
    )
    household.refresh_from_db()
    with time_machine.travel(dt.datetime(2027, 2, 1, 17, tzinfo=dt.UTC), tick=False):
        state_machine.deny(household, caseworker, "Moved away.")
    application.refresh_from_db()
    assert application.status == expected
    assert application.end_reason == "Moved away."
