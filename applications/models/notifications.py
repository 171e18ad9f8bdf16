"""The outbox: one message on one channel, written with the change that caused it."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
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

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} ({self.channel}, {self.status})"

    @property
    def is_in_flight(self):
        """A sender holds it right now (its lease has not run out)."""
        return bool(self.claimed_until and self.claimed_until > timezone.now())

    @property
    def can_resend(self):
        """Staff may send again anything not sent that no sender holds right now."""
        return (
            self.channel != self.Channel.LETTER
            and self.status != self.Status.SENT
            and not self.is_in_flight
        )
