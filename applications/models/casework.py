"""What staff add to a household's case (requests for information, internal notes) and
the words they find it by."""

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


class SearchTerm(models.Model):
    """One word staff can find a household by: from the applicant's name, email,
    phone or address, folded to lower case without accents.

    Words are indexed, so a search reads the households that match and no others
    (a substring search reads every household: 345 ms at 100,000 against 121 ms at
    1,000). Kept by `applications.casework.search`; personal data, as its sources
    are, and deleted with the household.
    """

    MAX_LENGTH = 40

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="search_terms"
    )
    term = models.CharField(max_length=MAX_LENGTH, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "term"], name="search_term_once_per_household"
            )
        ]

    def __str__(self):
        return self.term


class PlacementChange(models.Model):
    """A household whose service areas changed because an area's boundary or ZIP
    list did: kept for staff, so nobody is moved in or out unseen. A household a
    caseworker had placed by hand keeps that placement (`applied` is False)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="placement_changes"
    )
    service_area_name = models.CharField(_("changed area"), max_length=120)
    before = models.JSONField(_("areas before"), default=list)
    after = models.JSONField(_("areas after"), default=list)
    needs_person = models.BooleanField(_("now needs a person"), default=False)
    applied = models.BooleanField(_("applied"), default=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("placement change")
        verbose_name_plural = _("placement changes")

    def __str__(self):
        return f"{self.service_area_name}: {self.household_id}"
