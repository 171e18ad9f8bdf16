"""The real background worker, killed in the middle of a batch, then restarted.

Run by test_outbox_worker.py in a subprocess, on a scratch database (an SQLite file,
or a PostgreSQL database when DATABASE_URL names one). The recording provider stands in
for SendGrid and Twilio and writes each message it accepts to a file.

1. Forty queued messages (twenty households, email and SMS). `db_worker` starts; the
   provider hangs on the 17th, and the worker is killed with SIGKILL mid-send. A new
   worker finishes the queue and the periodic jobs run once the lease has run out.
2. Both providers down, twenty households submit (forty messages); the worker tries
   each, then the providers come back.

Prints one JSON line: for each part, the rows sent and the markers the provider
accepted never or more than once.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 20


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


def start_worker(*arguments, **environment):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay"]
        + ["--interval", "0.1", *arguments],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def accepted(log):
    if not log.exists():
        return Counter()
    return Counter(json.loads(line)["marker"] for line in log.read_text().splitlines())


def outcome(rows, log):
    from applications.models import Notification

    counts = accepted(log)
    markers = [str(marker) for marker in rows.values_list("marker", flat=True)]
    return {
        "rows": len(markers),
        "sent": rows.filter(status=Notification.Status.SENT).count(),
        "never": sum(1 for marker in markers if counts[marker] == 0),
        "twice": sum(1 for marker in markers if counts[marker] > 1),
    }


def main():
    sys.path.insert(0, str(ROOT))
    from applications.tests.scratch_database import scratch_database

    url, drop = scratch_database("outbox")
    folder = Path(tempfile.mkdtemp(prefix="portal-outbox-"))
    log = folder / "provider.log"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="applications.tests.worker_settings",
        OUTBOX_PROVIDER_LOG=str(log),
        OUTBOX_PROVIDER_DOWN=str(folder / "down"),
        OUTBOX_PROVIDER_HANGING=str(folder / "hanging"),
    )
    result = {}
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        call_command("migrate", verbosity=0, interactive=False)
        from applications.models import Household, Notification
        from applications.notifications import Event, notify
        from applications.tests.conftest import make_applicant, make_household
        from applications.wizard.services import submit
        from demo.loader import load_demo
        from programs.models import QualifyingProgram

        load_demo()

        def applicant(email):
            return make_applicant(
                email,
                phone_number="+19702216600",
                contact_by_sms=True,
                contact_by_email=True,
            )

        # Part 1: a batch of 40, the worker killed mid-send.
        for n in range(HOUSEHOLDS):
            household = Household.objects.create(user=applicant(f"p{n}@example.com"))
            notify(household, Event.SUBMITTED, key="batch")
        batch = Notification.objects.filter(
            event="submitted", idempotency_key__contains=":batch:"
        )
        connection.close()
        worker = start_worker(OUTBOX_PROVIDER_HANG_AT="17")
        wait_for((folder / "hanging").exists, 120, "the provider never hung")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        result["held_after_kill"] = batch.filter(claimed_until__isnull=False).count()
        restarted = start_worker("--batch")
        restarted.wait(timeout=180)
        connection.close()
        time.sleep(settings_lease() + 0.5)
        call_command("run_periodic_jobs", verbosity=0)
        result["killed"] = outcome(batch, log)

        # Part 2: both providers down for twenty submissions, then back.
        (folder / "down").touch()
        snap = QualifyingProgram.objects.get(name="SNAP")
        households = [
            make_household(applicant(f"s{n}@example.com"), qualifying=[snap])
            for n in range(HOUSEHOLDS)
        ]
        connection.close()
        worker = start_worker()
        for household in households:
            submit(household)
        submitted = Notification.objects.filter(
            event="submitted", household__in=households
        )
        connection.close()
        wait_for(
            lambda: not submitted.filter(attempts=0).exists(),
            120,
            "the worker never tried every message",
        )
        result["failed_while_down"] = submitted.filter(
            status=Notification.Status.QUEUED, attempts__gte=1
        ).count()
        (folder / "down").unlink()
        # Each message is retried when its delay runs out: wait that long, and more.
        last_retry = max(
            filter(None, submitted.values_list("next_attempt_at", flat=True)),
            default=timezone.now(),
        )
        wait_for(
            lambda: not submitted.exclude(status=Notification.Status.SENT).exists(),
            max(0, (last_retry - timezone.now()).total_seconds()) + 120,
            "the worker never sent every message",
        )
        call_command("run_periodic_jobs", verbosity=0)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        result["outage"] = outcome(submitted, log)
        connection.close()
    finally:
        drop()
    print(json.dumps(result))


def settings_lease():
    from django.conf import settings

    return settings.NOTIFICATION_LEASE_SECONDS


if __name__ == "__main__":
    main()
