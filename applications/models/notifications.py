"""The outbox: one message on one channel, written with the change that caused it;
what the providers reported about its delivery; and the numbers that texted STOP."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .households import Household


class Notification(models.Model):
    """The outbox: one message on one channel, written with the change that caused it
    and sent by a background task."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")
        # For a resident with no email: kept for an assister or staff to print and
        # hand over or post (never sent by the outbox).
        LETTER = "letter", _("Printed letter")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Letters: waiting to be printed, then printed (handed over or posted).
        TO_PRINT = "to_print", _("To print")
        PRINTED = "printed", _("Printed")
        # The number texted STOP after the message was queued: never sent.
        OPTED_OUT = "opted_out", _("Not sent: opted out")

    class Delivery(models.TextChoices):
        """What the provider reported after it accepted the message (blank: nothing
        yet, or the provider does not report)."""

        DELIVERED = "delivered", _("Delivered")
        DEFERRED = "deferred", _("Delayed")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Not delivered")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=32)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    template = models.CharField(max_length=100)
    language = models.CharField(max_length=8)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    # Sent to the provider with the message (SendGrid custom argument, Twilio status
    # callback), so delivery reports can be matched to this row; never personal data.
    marker = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A sender claims the row before it calls the provider and holds it until
    # `claimed_until`; a sender that dies mid-send leaves a lease that runs out, and the
    # sweep sends the row again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Delivery reports (applications.notifications.delivery): the latest by the
    # provider's own timestamp wins, as reports can arrive out of order; the error is
    # the provider's code and reason, scrubbed of the address or number.
    delivery_status = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, blank=True
    )
    delivery_updated_at = models.DateTimeField(null=True, blank=True)
    delivery_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} ({self.channel}, {self.status})"

    @property
    def is_in_flight(self):
        """A sender holds it right now (its lease has not run out)."""
        return bool(self.claimed_until and self.claimed_until > timezone.now())

    @property
    def was_not_delivered(self):
        """The provider reported it bounced or failed (staff see it flagged)."""
        return self.delivery_status in {self.Delivery.BOUNCED, self.Delivery.FAILED}

    @property
    def can_resend(self):
        """Staff may send again anything not sent that no sender holds right now."""
        return (
            self.channel != self.Channel.LETTER
            and self.status != self.Status.SENT
            and not self.is_in_flight
        )


class SmsOptOut(models.Model):
    """A phone number that texted STOP: nothing is texted to it until it texts START.

    Kept by number, not by account, because carriers hold the opt-out for the number
    (several households can share one) and it must outlive an account's deletion."""

    phone_number = PhoneNumberField(_("phone number"), unique=True)
    keyword = models.CharField(_("keyword"), max_length=16)
    opted_out_at = models.DateTimeField(_("opted out"), auto_now=True)

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")

    def __str__(self):
        return f"{self.keyword} ({self.opted_out_at:%Y-%m-%d})"
