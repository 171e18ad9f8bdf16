"""Announcements: one message staff write, in English and Spanish, to the households
of a program. Who receives it and how it is sent live in `applications.announcements`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import in_default_language


class Announcement(models.Model):
    """A message to a program's households, written once in both languages (it is
    data staff write, not site copy, so it cannot go through gettext), sent once
    through the outbox to each household in its own language."""

    class Audience(models.TextChoices):
        APPLIED = "applied", _("Households that applied or are enrolled")
        ELIGIBLE = "eligible", _("Households that qualify now and have not applied")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        # Every message is in the outbox (some may wait there for a later day).
        SENT = "sent", _("Sent")

    program = models.ForeignKey(
        "programs.ProgramPage",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="announcements",
        limit_choices_to=in_default_language,
    )
    audience = models.CharField(
        _("send to"), max_length=16, choices=Audience.choices, default=Audience.APPLIED
    )
    subject = models.CharField(_("subject in English"), max_length=120)
    body = models.TextField(_("message in English"))
    subject_es = models.CharField(_("subject in Spanish"), max_length=120)
    body_es = models.TextField(_("message in Spanish"))
    # Written only by `applications.announcements.sending`, each step once.
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Households it was written to (with at least one channel), once sent.
    recipient_count = models.PositiveIntegerField(
        _("recipients"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        permissions = [
            ("send_announcement", "Can send announcements to a program's households"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def message_in(self, language):
        """The subject and body in a language (Spanish, or else English)."""
        if language == "es":
            return self.subject_es, self.body_es
        return self.subject, self.body
