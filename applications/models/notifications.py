"""The outbox: one message on one channel, written with the change that caused it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .households import Household


class Notification(models.Model):
    """The outbox: one message on one channel, written with the change that caused it
    and sent by a background task."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

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
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} ({self.channel}, {self.status})"

    @property
    def can_resend(self):
        """Staff may put a message back in the queue once its retries ran out."""
        return self.status == self.Status.FAILED
