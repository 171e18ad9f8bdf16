"""Program applications (a household's application to one program and what staff
decided) and the programs each coordinator works on."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import in_default_language

from .households import Household


class ProgramApplicationQuerySet(models.QuerySet):
    def of_verified_households(self):
        """What a program's coordinators (and its partner systems) work from:
        verified households' applications, withdrawn ones left out."""
        return self.filter(
            household__review_status=Household.ReviewStatus.VERIFIED
        ).exclude(status=ProgramApplication.Status.WITHDRAWN)

    def for_coordinator(self, user):
        """Verified households' applications to the programs this user coordinates."""
        queryset = self.of_verified_households()
        if user.is_superuser:
            return queryset
        if not user.has_perm("applications.view_programapplication"):
            return queryset.none()
        return queryset.filter(program__coordinators__user=user)


class ProgramApplication(models.Model):
    """A household's application to one program, and what staff decided."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ENROLLED = "enrolled", _("Enrolled")
        NOT_ENROLLED = "not_enrolled", _("Not enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="program_applications"
    )
    program = models.ForeignKey(
        "programs.ProgramPage",
        on_delete=models.PROTECT,
        related_name="applications",
        limit_choices_to=in_default_language,
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    applied_at = models.DateTimeField(default=timezone.now)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    not_enrolled_reason = models.TextField(_("reason not enrolled"), blank=True)
    # Set when a renewal finds the household no longer qualifies: the enrollment runs
    # to its expiry and then ends, with this reason.
    end_reason = models.TextField(_("reason the enrollment ends"), blank=True)
    privacy_notice_acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Set when a published rule change leaves a pending application no longer
    # qualifying: staff decide it, with this reason in front of them.
    review_note = models.CharField(
        _("for staff to look at"), max_length=500, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "program"], name="one_application_per_program"
            )
        ]
        ordering = ["applied_at", "pk"]

    def __str__(self):
        return f"{self.household} → {self.program}"


class ProgramCoordinator(models.Model):
    """Which programs a coordinator works on; they see only these programs' households."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator"
    )
    programs = models.ManyToManyField(
        "programs.ProgramPage",
        related_name="coordinators",
        limit_choices_to=in_default_language,
    )

    class Meta:
        verbose_name = _("program coordinator scope")

    def __str__(self):
        return str(self.user)
