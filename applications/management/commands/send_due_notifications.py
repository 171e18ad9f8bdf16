"""`manage.py send_due_notifications`: send every queued message whose retry is due.

The worker already schedules retries; this is the safety net after an outage of the
worker itself. Safe to run as often as you like: a sent message is never sent again.
"""

from django.core.management.base import BaseCommand

from applications.models import Notification
from applications.notifications import retry_due_notifications


class Command(BaseCommand):
    help = "Send queued notifications whose retry time has come."

    def handle(self, *args, **options):
        results = retry_due_notifications()
        sent = sum(
            1
            for notification in results
            if notification.status == Notification.Status.SENT
        )
        self.stdout.write(f"{len(results)} due, {sent} sent.")
