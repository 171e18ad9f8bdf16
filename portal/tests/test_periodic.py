"""The periodic jobs: each runs when due, and running any of them twice changes
nothing the second time."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from applications.models import Household, Notification
from applications.tests.conftest import make_applicant
from home.models import StandardPage
from portal.models import PeriodicJobRun
from portal.periodic import JOBS, prune_task_results, run_due

pytestmark = pytest.mark.django_db


def test_every_job_runs_when_due_and_not_again_before_its_interval(demo_content):
    first = dict(run_due())
    assert set(first) == {job.name for job in JOBS}
    assert run_due() == []  # nothing is due a second later
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert {name for name, _ in run_due()} == {
            "send_due_notifications",
            "publish_scheduled",
        }
    assert PeriodicJobRun.objects.filter(last_finished_at__isnull=False).count() == len(
        JOBS
    )


def test_a_job_another_runner_holds_is_skipped(demo_content):
    PeriodicJobRun.objects.create(
        name="renewals", running_until=timezone.now() + dt.timedelta(minutes=5)
    )
    assert "renewals" not in dict(run_due())


def test_the_notification_sweep_sends_a_stranded_message_once(demo_content):
    household = Household.objects.create(user=make_applicant())
    Notification.objects.create(
        household=household,
        event="submitted",
        channel="email",
        recipient=household.user.email,
        template="notifications/submitted",
        language="en",
        idempotency_key="stranded",
    )
    call_command("run_periodic_jobs", job=["send_due_notifications"])
    call_command("run_periodic_jobs", job=["send_due_notifications"])
    assert len(mail.outbox) == 1


def test_scheduled_pages_go_live_once(demo_content):
    page = StandardPage.objects.live().first()
    page.title = "Scheduled title"
    revision = page.save_revision(
        approved_go_live_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert StandardPage.objects.get(pk=page.pk).title != "Scheduled title"

    call_command("run_periodic_jobs", job=["publish_scheduled"])
    live = StandardPage.objects.get(pk=page.pk)
    assert live.title == "Scheduled title"
    assert live.live_revision_id == revision.pk
    revisions = live.revisions.count()

    call_command("run_periodic_jobs", job=["publish_scheduled"])
    assert StandardPage.objects.get(pk=page.pk).revisions.count() == revisions


def test_task_results_are_pruned_and_abandoned_tasks_marked_failed(db):
    now = timezone.now()

    def result(status, **times):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="applications.notifications.outbox.send_notification",
            backend_name="default",
            run_after=now,
            **times,
        )

    old = result(TaskResultStatus.SUCCESSFUL, finished_at=now - dt.timedelta(days=15))
    recent = result(TaskResultStatus.SUCCESSFUL, finished_at=now - dt.timedelta(days=1))
    abandoned = result(TaskResultStatus.RUNNING, started_at=now - dt.timedelta(hours=3))
    running = result(TaskResultStatus.RUNNING, started_at=now)

    assert prune_task_results(now).startswith("1 abandoned, 1 pruned")
    assert prune_task_results(now).startswith("0 abandoned, 0 pruned")
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=abandoned.pk).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=running.pk).status == TaskResultStatus.RUNNING


def test_pruning_drops_api_key_uses_after_90_days(demo_content):
    from api.models import ApiKey, ApiKeyUse
    from programs.models import ProgramPage

    program = ProgramPage.objects.canonical().first()
    key, _text = ApiKey.objects.issue(
        program, "Vendor", timezone.now() + dt.timedelta(days=30), None
    )
    now = timezone.now()
    old = ApiKeyUse.objects.create(
        key=key, used_at=now - dt.timedelta(days=91), path="/api/v1/", status=200
    )
    recent = ApiKeyUse.objects.create(
        key=key, used_at=now - dt.timedelta(days=89), path="/api/v1/", status=200
    )

    assert prune_task_results(now).endswith("1 key uses")
    assert not ApiKeyUse.objects.filter(pk=old.pk).exists()
    assert ApiKeyUse.objects.filter(pk=recent.pk).exists()
