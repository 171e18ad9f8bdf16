"""What the providers report after they accept a message: delivered, delayed, bounced
or failed, on the outbox row, and the household's flags for staff.

Twilio calls `webhooks.status` for each text; SendGrid's event webhook reaches
django-anymail's tracking view, whose `tracking` signal `email_tracked` receives.
Reports can arrive late, twice or out of order, so a row keeps the newest by the
provider's own time, and a flag is raised or cleared only by a report newer than it
and only while the message went to the applicant's current address or number.
"""

import re
import uuid

from anymail.signals import EventType, tracking
from django.db.models import Q
from django.utils import timezone

from ..models import Household, Notification

Delivery = Notification.Delivery

SMS_STATUSES = {
    "delivered": Delivery.DELIVERED,
    "undelivered": Delivery.FAILED,
    "failed": Delivery.FAILED,
}
EMAIL_STATUSES = {
    EventType.DELIVERED: Delivery.DELIVERED,
    EventType.DEFERRED: Delivery.DEFERRED,
    EventType.BOUNCED: Delivery.BOUNCED,
    EventType.REJECTED: Delivery.FAILED,
    EventType.FAILED: Delivery.FAILED,
}
# The flag each channel raises, and the reports that raise it.
FLAGS = {
    Notification.Channel.EMAIL: "email_bounced_at",
    Notification.Channel.SMS: "sms_failed_at",
}
PROBLEMS = {Delivery.BOUNCED, Delivery.FAILED}

EMAIL_ADDRESS = re.compile(r"\S+@\S+")
# Ten digits or more, however separated (an SMTP code such as "550 5.1.1" is not).
PHONE_NUMBER = re.compile(r"\+?\d(?:[\s().-]{0,2}\d){9,}")


def scrub(text):
    """A provider's reason without the address or number it may quote."""
    text = EMAIL_ADDRESS.sub("[address]", text or "")
    return " ".join(PHONE_NUMBER.sub("[number]", text).split())[:200]


def record(notification, status, at, error=""):
    """Keep the report on the row unless a newer one is there; then raise or clear
    the household's flag for the channel. Returns whether the report was kept."""
    kept = (
        Notification.objects.filter(pk=notification.pk)
        .filter(Q(delivery_updated_at__isnull=True) | Q(delivery_updated_at__lte=at))
        .update(
            delivery_status=status,
            delivery_updated_at=at,
            delivery_error=scrub(error) if status != Delivery.DELIVERED else "",
        )
    )
    if kept:
        _flag(notification, status, at)
    return bool(kept)


def _flag(notification, status, at):
    flag = FLAGS.get(notification.channel)
    if flag is None or not _went_to_current_contact(notification):
        return
    households = Household.objects.filter(pk=notification.household_id)
    if status in PROBLEMS:
        households.filter(
            Q(**{f"{flag}__isnull": True}) | Q(**{f"{flag}__lt": at})
        ).update(**{flag: at})
    elif status == Delivery.DELIVERED:
        households.filter(**{f"{flag}__lte": at}).update(**{flag: None})


def _went_to_current_contact(notification):
    user = notification.household.user
    current = (
        user.email
        if notification.channel == Notification.Channel.EMAIL
        else str(user.phone_number or "")
    )
    return bool(current) and current.lower() == notification.recipient.lower()


def contact_changed(user, fields):
    """The applicant changed their email or number: what bounced or failed before
    says nothing about the new one."""
    cleared = {
        flag
        for field, flag in [
            ("email", "email_bounced_at"),
            ("phone_number", "sms_failed_at"),
        ]
        if field in fields
    }
    if cleared:
        Household.objects.filter(user=user).update(**dict.fromkeys(cleared))


def _notification(marker):
    try:
        marker = uuid.UUID(str(marker))
    except ValueError:
        return None
    return (
        Notification.objects.select_related("household__user")
        .filter(marker=marker)
        .first()
    )


def sms_reported(marker, message_status, error_code="", at=None):
    """A Twilio status callback; sent and queued say nothing about delivery."""
    status = SMS_STATUSES.get(message_status)
    notification = _notification(marker)
    if status is None or notification is None:
        return False
    error = f"Twilio error {error_code}" if error_code else ""
    return record(notification, status, at or timezone.now(), error)


def email_tracked(sender, event, esp_name, **kwargs):
    """Anymail's tracking signal: match the event to its row by the marker sent as
    metadata, or else by the provider's message id; opens and clicks are ignored."""
    status = EMAIL_STATUSES.get(event.event_type)
    if status is None:
        return
    notification = _notification((event.metadata or {}).get("portal_message"))
    if notification is None and event.message_id:
        notification = (
            Notification.objects.select_related("household__user")
            .filter(
                channel=Notification.Channel.EMAIL,
                provider_message_id=event.message_id,
            )
            .first()
        )
    if notification is None:
        return
    error = " ".join(
        str(part) for part in [event.reject_reason, event.mta_response] if part
    )
    record(notification, status, event.timestamp or timezone.now(), error)


def connect_signals():
    tracking.connect(email_tracked, dispatch_uid="notifications.email_tracked")
