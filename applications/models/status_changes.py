"""Every status change, one row each: what reports time the steps of a review by."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enrollments import ProgramApplication
from .households import Household


class StatusChange(models.Model):
    """One change of a household's review status or of a program application's
    status, written by `applications.state_machine` (the only writer of both).

    Reports read these rows, so they carry what reports count by (program,
    language, assisted) and outlive the household: retention deletes a household
    and its personal data, the row keeps its case number and loses the link and
    the reason (free text staff wrote, which may name a person).
    """

    class Subject(models.TextChoices):
        HOUSEHOLD = "household", _("Household review")
        APPLICATION = "application", _("Program application")

    subject = models.CharField(max_length=12, choices=Subject.choices)
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
    )
    # The household's number, kept when the household is deleted (counts of
    # distinct households still add up).
    case_number = models.PositiveIntegerField(db_index=True)
    application = models.ForeignKey(
        ProgramApplication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
    )
    program = models.ForeignKey(
        "programs.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    changed_at = models.DateTimeField(_("when"), db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_staff = models.BooleanField(_("by staff"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    assisted = models.BooleanField(_("assisted"), default=False)
    # Rebuilt from the history for changes made before these rows were written.
    backfilled = models.BooleanField(default=False)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(
                fields=["subject", "action", "changed_at"],
                name="status_change_report_index",
            ),
        ]
        permissions = [("view_reports", "Can see the reports")]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.case_number}: {self.from_status or '-'} → {self.to_status}"
