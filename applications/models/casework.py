"""What staff add to a household's case: requests for information and internal notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .households import Household


class InformationRequest(models.Model):
    """Staff ask the applicant for something more; the applicant answers with files."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="information_requests"
    )
    message = models.TextField(_("what the applicant needs to send"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.household}: {self.message[:40]}"


class CaseNote(models.Model):
    """An internal note by staff; applicants never see these."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:40]
