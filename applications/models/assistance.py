"""Partner organizations and their assisters: who may apply on a resident's behalf.

A household an assister (or verification staff) created is a *client*: its
`partner` is the organization whose assisters act for it, until the resident
withdraws that access. Who may act for which household is
`applications.assistance.access`'s to say, nowhere else.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class PartnerOrganization(ClusterableModel):
    """A library, senior center or community group whose staff help residents apply."""

    class Kind(models.TextChoices):
        LIBRARY = "library", _("Library")
        SENIOR_CENTER = "senior_center", _("Senior center")
        COMMUNITY_GROUP = "community_group", _("Community group")
        CITY_OFFICE = "city_office", _("City office")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMUNITY_GROUP
    )
    phone_number = models.CharField(
        _("phone number"),
        max_length=30,
        blank=True,
        help_text=_("Printed on letters to the organization's clients."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive organization's assisters can no longer act."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")

    def __str__(self):
        return self.name


class Assister(models.Model):
    """A person who applies with residents for one partner organization.

    Saving one puts the account in the assisters' group (`portal.roles`); removing
    it takes the account out.
    """

    organization = ParentalKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="assisters"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assister",
        verbose_name=_("account"),
        limit_choices_to={"household__isnull": True, "is_superuser": False},
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assister")
        verbose_name_plural = _("assisters")

    def __str__(self):
        return f"{self.user} ({self.organization})"
