"""The outbox: write, send, retry, resend."""

import logging
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from home.models import SiteSettings

from .. import audit
from ..models import Notification
from .senders import get_sms_sender

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
]


class Event(StrEnum):
    WELCOME = "welcome"
    SUBMITTED = "submitted"
    INFO_REQUESTED = "info_requested"
    VERIFIED = "verified"
    DENIED = "denied"
    ENROLLED = "enrolled"
    NOT_ENROLLED = "not_enrolled"
    RENEWAL_REMINDER = "renewal_reminder"
    RENEWAL_EXPIRED = "renewal_expired"


# Account matters always go by email, whatever the applicant's contact choices.
ACCOUNT_EVENTS = {Event.WELCOME}


def channels_for(user, event):
    channels = []
    if user.email and (event in ACCOUNT_EVENTS or user.contact_by_email):
        channels.append((Notification.Channel.EMAIL, user.email))
    if user.contact_by_sms and user.phone_number:
        channels.append((Notification.Channel.SMS, str(user.phone_number)))
    return channels


def notify(household, event, key="", **context):
    """Write the event's messages to the outbox and queue them for sending.

    Call it inside the transaction that makes the change. `key` tells one occurrence
    of an event from another (a submission, a request, a decision); the same event,
    key and channel never make a second message.
    """
    user = household.user
    created = []
    for channel, recipient in channels_for(user, event):
        notification, made = Notification.objects.get_or_create(
            idempotency_key=f"{household.pk}:{event}:{key}:{channel}",
            defaults={
                "household": household,
                "event": str(event),
                "channel": channel,
                "recipient": recipient,
                "template": f"notifications/{event}",
                "language": user.preferred_language or settings.LANGUAGE_CODE,
                "context": context,
            },
        )
        if made:
            created.append(notification)
    for notification in created:
        send_notification.enqueue(notification.pk)
    return created


def render(notification):
    """Subject and bodies in the applicant's language, from templates in the repo."""
    context = {
        **notification.context,
        "user": notification.household.user,
        "organization": SiteSettings.current(),
    }
    with translation.override(notification.language):
        if notification.channel == notification.Channel.SMS:
            return {
                "body": render_to_string(
                    f"{notification.template}/sms.txt", context
                ).strip()
            }
        return {
            "subject": " ".join(
                render_to_string(
                    f"{notification.template}/subject.txt", context
                ).split()
            ),
            "body": render_to_string(
                f"{notification.template}/email.txt", context
            ).strip(),
            "html": render_to_string(f"{notification.template}/email.html", context),
        }


def _deliver(notification):
    message = render(notification)
    if notification.channel == notification.Channel.SMS:
        return get_sms_sender().send(notification.recipient, message["body"])
    email = EmailMultiAlternatives(
        message["subject"], message["body"], None, [notification.recipient]
    )
    email.attach_alternative(message["html"], "text/html")
    email.send()
    return (
        getattr(email, "anymail_status", None) and email.anymail_status.message_id or ""
    )


def _scrub(error, notification):
    """Provider errors can quote the address or number; keep them out of the record."""
    text = f"{type(error).__name__}: {error}"
    return text.replace(notification.recipient, "[recipient]")[:500]


def send_now(notification_id, *, force=False):
    """Send one queued message if it is due; safe to run twice (it sends once)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("household__user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != Notification.Status.QUEUED:
            return notification
        now = timezone.now()
        if (
            not force
            and notification.next_attempt_at
            and notification.next_attempt_at > now
        ):
            return notification
        notification.attempts += 1
        try:
            provider_id = _deliver(notification)
        except Exception as error:  # noqa: BLE001 - any provider failure is retried
            notification.last_error = _scrub(error, notification)
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
                notification.next_attempt_at = None
            else:
                delay = BACKOFF[min(notification.attempts, len(BACKOFF)) - 1]
                notification.next_attempt_at = now + delay
            logger.warning(
                "Notification %s (%s) attempt %s failed.",
                notification.pk,
                notification.event,
                notification.attempts,
            )
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = now
            notification.provider_message_id = str(provider_id or "")[:100]
            notification.next_attempt_at = None
        notification.save()
    if (
        notification.status == Notification.Status.QUEUED
        and notification.next_attempt_at
    ):
        _schedule_retry(notification)
    return notification


def _schedule_retry(notification):
    backend = send_notification.get_backend()
    if backend.supports_defer:
        send_notification.using(run_after=notification.next_attempt_at).enqueue(
            notification.pk
        )
    # Backends without deferral (the immediate one) rely on retry_due_notifications.


@task()
def send_notification(notification_id):
    send_now(notification_id)


def retry_due_notifications(now=None):
    """Send every queued message whose retry time has come (a periodic safety net)."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        status=Notification.Status.QUEUED, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    return [send_now(pk, force=True) for pk in list(due)]


def resend(notification, user):
    """Staff resend a failed message: back in the queue, attempts start again."""
    if not notification.can_resend:
        return False
    notification.status = Notification.Status.QUEUED
    notification.attempts = 0
    notification.next_attempt_at = None
    notification.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(
        notification.household,
        audit.RESEND_NOTIFICATION,
        user=user,
        event=notification.event,
        channel=notification.channel,
    )
    send_notification.enqueue(notification.pk)
    return True
