"""The outbox: write, send, retry, resend."""

import logging
import uuid
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from home.models import SiteSettings

from .. import audit
from ..models import Notification
from .consent import is_opted_out
from .senders import get_sms_sender

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


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
    INVITATION = "invitation"
    APPLIED_BY_RULE_CHANGE = "applied_by_rule_change"
    ANNOUNCEMENT = "announcement"
    # Staff corrected an answer (applications.casework.corrections).
    CORRECTED = "corrected"


# Account matters always go by email, whatever the applicant's contact choices.
ACCOUNT_EVENTS = {Event.WELCOME, Event.INVITATION}
# Messages to many households at once are never printed: a resident without email or
# text messages does not receive them.
UNPRINTED_EVENTS = {Event.ANNOUNCEMENT}


def channels_for(user, event):
    """Email and text as the applicant chose (never text to a number that replied
    STOP); a resident with no email (a client an assister applies for) gets a letter
    instead, to print and hand over or post."""
    channels = []
    if user.email and (event in ACCOUNT_EVENTS or user.contact_by_email):
        channels.append((Notification.Channel.EMAIL, user.email))
    if (
        user.contact_by_sms
        and user.phone_number
        and not is_opted_out(str(user.phone_number))
    ):
        channels.append((Notification.Channel.SMS, str(user.phone_number)))
    if not user.email and event not in UNPRINTED_EVENTS:
        channels.append((Notification.Channel.LETTER, ""))
    return channels


def notify(household, event, key="", *, not_before=None, **context):
    """Write the event's messages to the outbox and queue them for sending.

    Call it inside the transaction that makes the change. `key` tells one occurrence
    of an event from another (a submission, a request, a decision); the same event,
    key and channel never make a second message. Messages `not_before` a later time
    wait in the outbox until then, and the sweep sends them when they are due.
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
                "next_attempt_at": not_before,
                "status": Notification.Status.TO_PRINT
                if channel == Notification.Channel.LETTER
                else Notification.Status.QUEUED,
            },
        )
        if made:
            created.append(notification)
    held = not_before is not None and not_before > timezone.now()
    for notification in created:
        if notification.channel != Notification.Channel.LETTER and not held:
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


class OptedOut(Exception):
    """The number replied STOP after the text was queued."""


def _deliver(notification):
    """Hand the message to its provider, with the row's marker; returns its message id."""
    if notification.channel == notification.Channel.SMS and is_opted_out(
        notification.recipient
    ):
        raise OptedOut
    message = render(notification)
    marker = str(notification.marker)
    if notification.channel == notification.Channel.SMS:
        return get_sms_sender().send(
            notification.recipient, message["body"], marker=marker
        )
    email = EmailMultiAlternatives(
        message["subject"],
        message["body"],
        None,
        [notification.recipient],
        headers={"X-Portal-Message": marker},
    )
    email.attach_alternative(message["html"], "text/html")
    # Anymail sends metadata as SendGrid custom arguments, which its event webhook
    # returns with every delivery, bounce and open.
    email.metadata = {"portal_message": marker}
    email.send()
    return (
        getattr(email, "anymail_status", None) and email.anymail_status.message_id or ""
    )


def _scrub(error, notification):
    """Provider errors can quote the address or number; keep them out of the record."""
    text = f"{type(error).__name__}: {error}"
    return text.replace(notification.recipient, "[recipient]")[:500]


def lease():
    """How long a sender holds a row: longer than any provider call can take."""
    return timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)


def retry_delay(attempts):
    delays = settings.NOTIFICATION_RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def claim(notification_id, *, force=False, now=None):
    """Take the row for one sender, or return None if it is sent, held or not due.

    One conditional UPDATE, so of two senders (two workers, a worker and the sweep, a
    replayed task) exactly one wins; the attempt is counted as it is claimed, so a
    sender that dies mid-send still leaves a trace, and its lease runs out.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimable = Notification.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        pk=notification_id,
        status=Notification.Status.QUEUED,
    )
    if not force:
        claimable = claimable.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
    if not claimable.update(
        claimed_until=now + lease(), claim_token=token, attempts=F("attempts") + 1
    ):
        return None
    return (
        Notification.objects.select_related("household__user")
        .filter(pk=notification_id, claim_token=token)
        .first()
    )


def send_now(notification_id, *, force=False, now=None):
    """Send one queued message if it is due and free; safe to run twice (it sends once).

    No transaction is open while the provider is called: the claim is committed first,
    the outcome after, each in its own short write.
    """
    notification = claim(notification_id, force=force, now=now)
    if notification is None:
        return Notification.objects.filter(pk=notification_id).first()
    token = notification.claim_token
    try:
        provider_id = _deliver(notification)
    except OptedOut:
        notification.status = Notification.Status.OPTED_OUT
        notification.next_attempt_at = None
    except Exception as error:  # noqa: BLE001 - any provider failure is retried
        finished = now or timezone.now()
        notification.last_error = _scrub(error, notification)
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = Notification.Status.FAILED
            notification.next_attempt_at = None
        else:
            notification.next_attempt_at = finished + retry_delay(notification.attempts)
        logger.warning(
            "Notification %s (%s) attempt %s failed.",
            notification.pk,
            notification.event,
            notification.attempts,
        )
    else:
        notification.status = Notification.Status.SENT
        notification.sent_at = now or timezone.now()
        notification.provider_message_id = str(provider_id or "")[:100]
        notification.next_attempt_at = None
    notification.claimed_until = None
    notification.claim_token = ""
    Notification.objects.filter(pk=notification.pk, claim_token=token).update(
        status=notification.status,
        sent_at=notification.sent_at,
        provider_message_id=notification.provider_message_id,
        last_error=notification.last_error,
        next_attempt_at=notification.next_attempt_at,
        claimed_until=None,
        claim_token="",
    )
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
    # Backends without deferral (the immediate one) rely on the sweep.


@task()
def send_notification(notification_id):
    send_now(notification_id)


def unsent(now=None):
    """Queued rows the sweep should send: due, never attempted, or held by a sender
    whose lease ran out (it was killed, or its task never ran)."""
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        status=Notification.Status.QUEUED,
    )


def sweep(now=None):
    """Send every unsent message that is due (a periodic job, and the safety net after
    an outage of the worker, the database or a provider)."""
    now = now or timezone.now()
    pending = list(unsent(now).order_by("pk").values_list("pk", flat=True))
    return [send_now(pk, now=now) for pk in pending]


def resend(notification, user):
    """Staff send again a message that is not sent: back in the queue, due now,
    attempts start again. A row a sender holds right now is left to it."""
    now = timezone.now()
    if (
        not Notification.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
            pk=notification.pk,
        )
        .exclude(status=Notification.Status.SENT)
        .exclude(channel=Notification.Channel.LETTER)
        .update(
            status=Notification.Status.QUEUED,
            attempts=0,
            next_attempt_at=None,
            claimed_until=None,
            claim_token="",
        )
    ):
        return False
    audit.record(
        notification.household,
        audit.RESEND_NOTIFICATION,
        user=user,
        event=notification.event,
        channel=notification.channel,
    )
    send_notification.enqueue(notification.pk)
    return True
