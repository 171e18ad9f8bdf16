"""`manage.py send_renewal_reminders`: the daily renewal run.

Sends the reminders due today (at the offsets in site settings) and expires
enrollments that ran out, telling the applicant. Idempotent: running it twice in a day
sends nothing new. Schedule it once a day in production.
"""

from django.core.management.base import BaseCommand

from applications.renewals.daily import run_daily


class Command(BaseCommand):
    help = "Send today's renewal reminders and expire enrollments that ran out."

    def handle(self, *args, **options):
        counts = run_daily()
        self.stdout.write(
            f"{counts['reminders']} reminder(s) sent, {counts['expired']} enrollment(s) expired."
        )
