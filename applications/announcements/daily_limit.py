"""The per-day limit on announcement messages (`ANNOUNCEMENT_MESSAGES_PER_DAY`).

The limit counts messages, not households: an email and a text message are two, as
the providers' quotas and costs count them. A day's count is every announcement
message sent that day, or queued to go that day (due then, or due now if it was
written that day). What today no longer allows is written to the outbox due on a
following day, at `SENDING_TIME`, and the sweep sends it then; a household's email
and text message go on the same day.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import Notification
from ..notifications import Event

# When held messages go out on a later day (local time): not in the night.
SENDING_TIME = time(9)


def day_bounds(day):
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(
        datetime.combine(day + timedelta(days=1), time.min)
    )


def messages_on(day):
    """Announcement messages sent on `day`, or waiting in the outbox to go on it."""
    start, end = day_bounds(day)
    queued = Q(status=Notification.Status.QUEUED, sent_at__isnull=True)
    return (
        Notification.objects.filter(event=Event.ANNOUNCEMENT)
        .filter(
            Q(sent_at__gte=start, sent_at__lt=end)
            | queued & Q(next_attempt_at__gte=start, next_attempt_at__lt=end)
            | queued
            & Q(next_attempt_at__isnull=True, created_at__gte=start, created_at__lt=end)
        )
        .count()
    )


class DailyAllowance:
    """The days, from today on, that still have room for announcement messages.

    Each day's count is read once, when a sending first reaches it; what this
    sending places is kept here. Two announcements sent at the same moment may
    together pass a day's limit by what each places that day.
    """

    def __init__(self, per_day=None, today=None):
        self.per_day = max(1, per_day or settings.ANNOUNCEMENT_MESSAGES_PER_DAY)
        self.today = today or timezone.localdate()
        self.day = self.today
        self.left = self.per_day - messages_on(self.day)

    def place(self, count):
        """The day `count` messages (one household's) go: the first with room for
        them all, or else the first with nothing on it yet."""
        while count > self.left and self.left < self.per_day:
            self.day += timedelta(days=1)
            self.left = self.per_day - messages_on(self.day)
        self.left -= count
        return self.day

    def not_before(self, day):
        """When a message placed on `day` may be sent: now for today, else that
        day's `SENDING_TIME`."""
        if day <= self.today:
            return None
        return timezone.make_aware(datetime.combine(day, SENDING_TIME))

    @property
    def days(self):
        """How many days the messages placed so far take, today included."""
        return (self.day - self.today).days + 1
