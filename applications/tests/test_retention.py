"""Retention: the dry run deletes nothing, the real run deletes the files and rows
past their time and nothing else, a second run finds nothing, reports still count
what went, and staff see what was deleted and when."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications import audit, state_machine
from applications.models import (
    Document,
    Household,
    Purge,
    StatusChange,
    private_storage,
)
from applications.reports import figures
from applications.retention import erase
from applications.retention.due import Due
from applications.tests.conftest import make_applicant, make_household
from home.models import SiteSettings

pytestmark = pytest.mark.django_db

Reason = Purge.Reason


@pytest.fixture
def policy(demo_content):
    settings = SiteSettings.current()
    settings.keep_documents_days = 30
    settings.keep_drafts_days = 60
    settings.keep_closed_days = 90
    settings.save()
    return settings


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def decided(household, action, days, staff, reason="Outside the city"):
    """Verify or deny, then move the decision `days` into the past."""
    if action == "verify":
        state_machine.verify(household, staff)
    else:
        state_machine.deny(household, staff, reason)
    StatusChange.objects.filter(household=household, action=action).update(
        changed_at=days_ago(days)
    )
    Household.objects.filter(pk=household.pk).update(
        verified_at=days_ago(days) if action == "verify" else None,
        updated_at=days_ago(days),
    )
    return Household.objects.get(pk=household.pk)


def a_draft(email, days):
    household = make_household(make_applicant(email))
    Household.objects.filter(pk=household.pk).update(updated_at=days_ago(days))
    return household


def files_of(household):
    return list(household.documents.values_list("file", flat=True))


@pytest.fixture
def households(policy, snap, caseworker):
    """One household of each kind, each just past or well within its time."""

    def submitted(email):
        return make_household(make_applicant(email), qualifying=[snap], submit=True)

    made = {}
    made["old_decision"] = decided(submitted("a@example.com"), "verify", 31, caseworker)
    made["new_decision"] = decided(submitted("b@example.com"), "verify", 10, caseworker)
    made["old_draft"] = a_draft("c@example.com", 61)
    made["new_draft"] = a_draft("d@example.com", 10)
    made["old_denial"] = decided(submitted("e@example.com"), "deny", 91, caseworker)
    made["new_denial"] = decided(submitted("f@example.com"), "deny", 10, caseworker)
    waiting = submitted("g@example.com")
    Household.objects.filter(pk=waiting.pk).update(updated_at=days_ago(400))
    made["waiting"] = waiting
    # Verified 12 months (the verification) and 100 days ago: run out, nothing open.
    made["lapsed"] = decided(submitted("h@example.com"), "verify", 465, caseworker)
    # Its enrollments (submitting applied to the automatic programs) ran out too.
    for application in made["lapsed"].program_applications.all():
        state_machine.enroll(application, caseworker)
        state_machine.expire(application, timezone.localdate())
    AccessAttempt.objects.create(
        username="e@example.com", ip_address="127.0.0.1", failures_since_start=1
    )
    return made


def test_the_dry_run_lists_what_would_go_and_deletes_nothing(households):
    documents = Document.objects.count()
    stored = [name for h in households.values() for name in files_of(h)]

    listed = erase.run(dry_run=True)

    by_case = {item.case_number: item.reason for item in listed}
    assert by_case == {
        households["old_decision"].pk: Reason.DOCUMENTS,
        households["old_draft"].pk: Reason.DRAFT,
        households["old_denial"].pk: Reason.CLOSED,
        households["lapsed"].pk: Reason.CLOSED,
    }
    assert Document.objects.count() == documents
    assert all(private_storage().exists(name) for name in stored)
    assert Household.objects.count() == len(households)
    assert not Purge.objects.exists()


def test_the_dry_run_command_prints_case_numbers_only(households):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert f"Would delete case {households['old_draft'].pk}: household" in text
    assert "c@example.com" not in text and "López" not in text
    assert Household.objects.count() == len(households)


def test_the_run_deletes_what_is_past_its_time_and_nothing_else(
    households, django_capture_on_commit_callbacks
):
    old = households["old_decision"]
    old_files = files_of(old)
    kept_files = [
        name
        for key in ("new_decision", "new_draft", "new_denial", "waiting")
        for name in files_of(households[key])
    ]
    denied = households["old_denial"]
    denied_user = denied.user.pk

    with django_capture_on_commit_callbacks(execute=True):
        done = erase.run()

    assert len(done) == 4
    # Documents past their time: the files and rows, not the household.
    assert Household.objects.filter(pk=old.pk).exists()
    assert not Document.objects.filter(household=old).exists()
    assert not any(private_storage().exists(name) for name in old_files)
    assert ModelLogEntry.objects.filter(
        object_id=str(old.pk), action=audit.DOCUMENTS_PURGED.name
    ).exists()
    # Whole households: the household, its account, its history, its sign-in rows.
    for key in ("old_draft", "old_denial", "lapsed"):
        assert not Household.objects.filter(pk=households[key].pk).exists(), key
    assert not get_user_model().objects.filter(pk=denied_user).exists()
    assert not ModelLogEntry.objects.filter(
        content_type__model="household", object_id=str(denied.pk)
    ).exists()
    assert not AccessAttempt.objects.filter(username="e@example.com").exists()
    # Their status changes stay for the reports, without the reason or the link.
    rows = StatusChange.objects.filter(case_number=denied.pk)
    assert rows.filter(action="deny").exists()
    assert set(rows.values_list("reason", flat=True)) == {""}
    assert set(rows.values_list("household", flat=True)) == {None}
    # Everything within its time is untouched.
    for key in ("new_decision", "new_draft", "new_denial", "waiting"):
        assert Household.objects.filter(pk=households[key].pk).exists(), key
    assert all(private_storage().exists(name) for name in kept_files)
    # Staff see what went.
    assert sorted(Purge.objects.values_list("case_number", "reason")) == sorted(
        [
            (old.pk, Reason.DOCUMENTS),
            (households["old_draft"].pk, Reason.DRAFT),
            (denied.pk, Reason.CLOSED),
            (households["lapsed"].pk, Reason.CLOSED),
        ]
    )
    # A second run has nothing to do.
    assert erase.run() == []
    assert Purge.objects.count() == 4


def test_reports_still_count_a_deleted_household(households):
    denied = households["old_denial"]
    when = StatusChange.objects.get(case_number=denied.pk, action="deny").changed_at
    day = timezone.localdate(when)
    scope = figures.Scope(day, day)
    before = figures.decisions(scope).rows[-1]

    erase.run()

    assert figures.decisions(scope).rows[-1] == before
    assert before[2] >= 1


def test_blank_settings_keep_everything(households, policy):
    policy.keep_documents_days = policy.keep_drafts_days = None
    policy.keep_closed_days = None
    policy.save()

    assert erase.run() == []
    assert Household.objects.count() == len(households)


def test_a_household_that_changed_since_the_list_is_left_alone(households, monkeypatch):
    draft = households["old_draft"]
    stale = [Due(Reason.DRAFT, draft.pk, 1)]
    real = erase.everything_due
    calls = []

    def listed_before_the_change(policy, now, within=None):
        calls.append(within)
        return stale if within is None else real(policy, now, within)

    monkeypatch.setattr(erase, "everything_due", listed_before_the_change)
    # Meanwhile the applicant came back and changed an answer.
    Household.objects.filter(pk=draft.pk).update(updated_at=timezone.now())

    assert erase.run() == []
    assert Household.objects.filter(pk=draft.pk).exists()
    assert calls[-1] is not None  # checked again, under the lock


def test_the_daily_job_runs_retention(households):
    from portal.periodic import run_due

    ran = dict(run_due(only=["retention"], force=True))

    assert ran["retention"] == (
        "3 household(s) deleted, documents of 1 deleted, "
        "0 unconfirmed replacement(s) dropped"
    )


def test_staff_see_what_was_deleted_and_when(client, households, caseworker):
    erase.run()
    client.force_login(caseworker)

    response = client.get("/admin/applications/purge/")

    assert response.status_code == 200
    page = response.content.decode()
    assert str(households["old_draft"].pk) in page
    assert "Application never submitted" in page
    assert "c@example.com" not in page


def test_a_denied_renewal_with_enrollments_still_running_is_kept(
    policy, snap, caseworker
):
    from applications.models import ProgramApplication

    household = decided(
        make_household(make_applicant("r@example.com"), qualifying=[snap], submit=True),
        "deny",
        400,
        caseworker,
    )
    application = household.program_applications.first()
    assert application is not None  # submitting applied to the automatic programs
    # As a denied renewal leaves a lifetime enrollment (written here as it stands).
    ProgramApplication.objects.filter(pk=application.pk).update(
        status=ProgramApplication.Status.ENROLLED
    )

    # Its documents go after their time, as any decided household's; not the rest.
    assert [item.reason for item in erase.run(dry_run=True)] == [Reason.DOCUMENTS]
    erase.run()
    assert Household.objects.filter(pk=household.pk).exists()
    assert ProgramApplication.objects.filter(pk=application.pk).exists()


def test_retention_periods_have_a_floor_and_are_not_content_editors(demo_content):
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError

    from portal import roles

    settings = SiteSettings.current()
    settings.keep_drafts_days = 0
    with pytest.raises(ValidationError):
        settings.full_clean()
    editor = get_user_model().objects.create_user(
        email="ed@example.com", password="x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    assert editor.has_perm("home.change_sitesettings")
    assert not editor.has_perm("home.change_retention")


def test_editors_neither_see_nor_change_the_retention_periods(client, demo_content):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from portal import roles

    settings = SiteSettings.current()
    url = reverse(
        "wagtailsettings:edit", args=["home", "sitesettings", settings.site_id]
    )
    editor = get_user_model().objects.create_user(
        email="ed@example.com", password="x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200
    assert "keep_drafts_days" not in page.content.decode()
    form = {
        field: getattr(settings, field)
        for field in [
            "organization_name",
            "contact_email",
            "contact_phone",
            "support_hours",
            "support_hours_es",
            "verification_period_months",
            "renewal_window_days",
            "reminder_days",
        ]
    }
    saved = client.post(url, {**form, "keep_drafts_days": "30", "contact_phone": "1"})
    assert saved.status_code == 302  # the rest was saved
    assert SiteSettings.current().contact_phone == "1"
    assert SiteSettings.current().keep_drafts_days == 90  # this was not

    admin = get_user_model().objects.create_superuser(
        email="root@example.com", password="x"
    )
    client.force_login(admin)
    assert "keep_drafts_days" in client.get(url).content.decode()


def test_erasing_an_account_deletes_the_history_about_the_account(households):
    from wagtail.log_actions import log

    draft = households["old_draft"]
    user = draft.user
    log(user, "wagtail.edit", user=None)

    erase.run()

    assert not ModelLogEntry.objects.filter(
        content_type__model="user", object_id=str(user.pk)
    ).exists()
