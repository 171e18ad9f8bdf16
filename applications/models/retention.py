"""What retention deleted, as staff see it afterwards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purge(models.Model):
    """One household's data deleted past its time (applications.retention), or by
    the applicant deleting their account: the case number and counts, never what
    the data was. The household's status changes stay, without reasons, so the
    reports still count it."""

    class Reason(models.TextChoices):
        DOCUMENTS = "documents", _("Documents kept past their time")
        DRAFT = "draft", _("Application never submitted")
        CLOSED = "closed", _("Closed household")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted by the applicant")

    reason = models.CharField(_("why"), max_length=16, choices=Reason.choices)
    case_number = models.PositiveIntegerField(_("case number"), db_index=True)
    documents = models.PositiveIntegerField(_("documents deleted"), default=0)
    household_deleted = models.BooleanField(_("household deleted"), default=False)
    purged_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-purged_at", "-pk"]
        verbose_name = _("deleted data")
        verbose_name_plural = _("deleted data")

    def __str__(self):
        return f"{self.case_number}: {self.get_reason_display()}"
