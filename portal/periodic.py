"""The portal's periodic jobs: the one list of what must run on a clock.

`manage.py run_periodic_jobs` runs each job that is due (cron every minute, or the
timer `make run` starts beside the worker). Each job is idempotent, so a runner that
starts twice, or a cron line and a timer both running, change nothing twice; a claim
on each job's row keeps two runners from running the same job at once.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from api.models import ApiKeyUse
from applications.casework.corrections import drop_abandoned_replacements
from applications.models import Notification
from applications.notifications import sweep
from applications.renewals.daily import run_daily
from applications.retention import erase

from . import throttling
from .models import PeriodicJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: str  # dotted path of a function that returns a one-line summary
    description: str


JOBS = [
    Job(
        "send_due_notifications",
        timedelta(minutes=1),
        "portal.periodic.send_due_notifications",
        "Send outbox messages that are due, never attempted, or left by a dead sender.",
    ),
    Job(
        "publish_scheduled",
        timedelta(minutes=1),
        "portal.periodic.publish_scheduled",
        "Publish and unpublish Wagtail pages and snippets whose dates have come.",
    ),
    Job(
        "renewals",
        timedelta(hours=1),
        "portal.periodic.renewals",
        "Send the renewal reminders due today and expire enrollments that ran out.",
    ),
    Job(
        "retention",
        timedelta(days=1),
        "portal.periodic.retention",
        "Delete documents and households past the time the site settings keep them, "
        "and replacement documents a caseworker staged but never confirmed.",
    ),
    Job(
        "prune_task_results",
        timedelta(days=1),
        "portal.periodic.prune_task_results",
        "Mark tasks a dead worker left running as failed; delete finished ones after "
        "14 days, closed rate-limit windows, expired sessions (an issued API key's "
        "one-time text among them) and API key uses after 90 days.",
    ),
]

# A job that runs longer than this is taken to have died with its runner.
JOB_LEASE = timedelta(hours=1)
TASK_RESULTS_KEPT = timedelta(days=14)
API_KEY_USES_KEPT = timedelta(days=90)
# Every portal task finishes in seconds; one "running" for this long lost its worker.
TASK_ABANDONED_AFTER = timedelta(hours=1)


def send_due_notifications():
    results = sweep()
    sent = sum(1 for n in results if n.status == Notification.Status.SENT)
    return f"{len(results)} due, {sent} sent"


def publish_scheduled():
    call_command("publish_scheduled", verbosity=0)
    return "done"


def renewals():
    counts = run_daily()
    return f"{counts['reminders']} reminder(s), {counts['expired']} expired"


def retention():
    done = erase.run()
    whole = sum(1 for item in done if item.deletes_household)
    staged = drop_abandoned_replacements()
    return (
        f"{whole} household(s) deleted, documents of {len(done) - whole} deleted, "
        f"{staged} unconfirmed replacement(s) dropped"
    )


def prune_task_results(now=None):
    now = now or timezone.now()
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - TASK_ABANDONED_AFTER
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="portal.periodic.WorkerLost",
        traceback="The worker running this task stopped before it finished.",
    )
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - TASK_RESULTS_KEPT,
    ).delete()
    windows = throttling.prune(now)
    call_command("clearsessions", verbosity=0)
    uses, _ = ApiKeyUse.objects.filter(used_at__lt=now - API_KEY_USES_KEPT).delete()
    return (
        f"{abandoned} abandoned, {deleted} pruned, {windows} throttle windows, "
        f"{uses} key uses"
    )


def _claim(job, now, force):
    PeriodicJobRun.objects.get_or_create(name=job.name)
    free = Q(running_until__isnull=True) | Q(running_until__lte=now)
    due = Q(last_finished_at__isnull=True) | Q(last_finished_at__lte=now - job.every)
    token = uuid.uuid4().hex
    claimable = PeriodicJobRun.objects.filter(free, name=job.name)
    if not force:
        claimable = claimable.filter(due)
    if claimable.update(
        running_until=now + JOB_LEASE, token=token, last_started_at=now
    ):
        return token
    return None


def run_due(*, only=None, force=False):
    """Run each job that is due (or each named one, with `force` even if not due)."""
    ran = []
    for job in JOBS:
        if only and job.name not in only:
            continue
        token = _claim(job, timezone.now(), force)
        if token is None:
            continue
        try:
            summary = import_string(job.run)()
        except Exception as error:
            logger.exception("Periodic job %s failed.", job.name)
            summary = f"failed: {type(error).__name__}"
            PeriodicJobRun.objects.filter(name=job.name, token=token).update(
                running_until=None, last_summary=summary
            )
        else:
            PeriodicJobRun.objects.filter(name=job.name, token=token).update(
                running_until=None,
                last_finished_at=timezone.now(),
                last_summary=summary[:200],
            )
        ran.append((job.name, summary))
    return ran
