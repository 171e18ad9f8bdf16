"""Sending an announcement: once, in the background, within the day's limit.

Send moves the draft to sending (`state_machine.start_sending_announcement`, a
conditional update, so a double click or a replayed form starts it once) and queues
the task that writes the messages, one household at a time, each with its history
entry; the outbox's key (household, announcement, channel) means a task run twice,
or run again after it died, writes each message once. Then it is sent.
"""

from django.db import transaction
from django_tasks import task

from .. import audit, state_machine
from ..models import Announcement, Notification
from ..notifications import Event, notify
from .daily_limit import DailyAllowance
from .recipients import recipients
from .rendering import message_context


def start_sending(announcement, user):
    """Send a draft (True), or do nothing if it is no longer one (False)."""
    with transaction.atomic():
        if not state_machine.start_sending_announcement(announcement, user):
            return False
        # Queued with the status change: either both are saved, or neither.
        send_announcement.enqueue(announcement.pk)
    return True


def written_households(announcement):
    """Households this announcement's messages were already written to."""
    return set(
        Notification.objects.filter(
            event=Event.ANNOUNCEMENT, context__announcement=announcement.pk
        ).values_list("household_id", flat=True)
    )


@task()
def send_announcement(announcement_id):
    """Write the messages of an announcement being sent, and mark it sent."""
    announcement = (
        Announcement.objects.select_related("program", "sent_by")
        .filter(pk=announcement_id, status=Announcement.Status.SENDING)
        .first()
    )
    if announcement is None:
        return
    program = announcement.program
    titles = {}
    written = written_households(announcement)
    allowance = DailyAllowance()
    reached = 0
    for recipient in recipients(announcement):
        if not recipient.channels:
            continue
        reached += 1
        if recipient.household.pk in written:
            continue
        day = allowance.place(len(recipient.channels))
        language = recipient.language
        if language not in titles:
            titles[language] = program.title_in(language)
        with transaction.atomic():
            created = notify(
                recipient.household,
                Event.ANNOUNCEMENT,
                key=announcement.pk,
                not_before=allowance.not_before(day),
                **message_context(announcement, language, titles[language]),
            )
            if created:
                audit.record(
                    recipient.household,
                    audit.ANNOUNCEMENT_RECEIVED,
                    user=announcement.sent_by,
                    announcement=announcement.pk,
                    program=program.title,
                    channels=[notification.channel for notification in created],
                )
    state_machine.finish_sending_announcement(announcement, reached)
