"""`manage.py run_periodic_jobs`: run the portal's periodic jobs that are due.

Run it every minute (cron, a systemd timer, a container scheduler); `make run` runs it
on a timer beside the worker. `--list` shows the jobs and when each last ran.
"""

from django.core.management.base import BaseCommand

from portal.models import PeriodicJobRun
from portal.periodic import JOBS, run_due


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (safe to run as often as you like)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--job",
            action="append",
            choices=[job.name for job in JOBS],
            help="Run only this job (repeatable), even if it is not due.",
        )
        parser.add_argument("--list", action="store_true", help="List the jobs.")

    def handle(self, *args, **options):
        if options["list"]:
            runs = {run.name: run for run in PeriodicJobRun.objects.all()}
            for job in JOBS:
                run = runs.get(job.name)
                last = run.last_finished_at if run and run.last_finished_at else "never"
                self.stdout.write(f"{job.name}: every {job.every}, last run {last}")
                self.stdout.write(f"  {job.description}")
            return
        only = options["job"]
        for name, summary in run_due(only=only, force=bool(only)):
            self.stdout.write(f"{name}: {summary}")
