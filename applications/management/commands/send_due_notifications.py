"""`manage.py send_due_notifications`: send every queued message that is due.

The worker already schedules retries; this is the sweep for what it cannot see: a
message whose sender was killed mid-send (its lease has run out), one whose task never
ran, and retries after an outage of the worker itself. Safe to run as often as you
like: a sent message is never sent again, and a message a sender holds is left to it.
"""

from django.core.management.base import BaseCommand

from applications.models import Notification
from applications.notifications import sweep


class Command(BaseCommand):
    help = "Send queued notifications that are due, stranded or left by a dead sender."

    def handle(self, *args, **options):
        results = sweep()
        sent = sum(
            1
            for notification in results
            if notification.status == Notification.Status.SENT
        )
        self.stdout.write(f"{len(results)} due, {sent} sent.")
