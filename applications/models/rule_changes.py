"""A program's rule change compared with its live rules, and what publishing it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleChange(models.Model):
    """How many households a draft of a program's rules would move in or out of
    eligibility (the impact preview, computed in the background), and, once
    published, what the portal did about it.

    `baseline` holds the live rules it was compared with, so a preview made before
    another change went live is recomputed, not shown as current. The lists hold
    case numbers only; names are looked up for staff who may see households.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Counting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey(
        "programs.ProgramPage", on_delete=models.CASCADE, related_name="rule_changes"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    baseline = models.JSONField(null=True, blank=True)
    rules = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    households_total = models.PositiveIntegerField(default=0)
    households_done = models.PositiveIntegerField(default=0)
    # {"gain": {"draft": n, …}, "lose": {…}, "applied_automatically": n}
    counts = models.JSONField(default=dict, blank=True)
    # [[case number, status bucket], …]
    gained = models.JSONField(default=list, blank=True)
    lost = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Publishing: when it went live, by whom, and what it did to households.
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_count = models.PositiveIntegerField(null=True, blank=True)
    referred_count = models.PositiveIntegerField(null=True, blank=True)
    effects_done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "published_at"])]

    def __str__(self):
        return f"{self.program} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent_done(self):
        if not self.households_total:
            return 0 if not self.is_finished else 100
        return min(100, self.households_done * 100 // self.households_total)
