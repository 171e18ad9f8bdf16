"""The caseworker review workflow: state transitions on a household and its program
applications, each with its guard and an audit log entry.

Views call these methods and show `TransitionError` messages; no view changes a status
field directly.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .notifications import Event, notify


class TransitionError(ValidationError):
    """A staff action that is not allowed in the record's current state."""


class HouseholdReviewMixin:
    """Verify, request more information, deny, reopen, override the address, add notes."""

    def _require_status(self, *allowed):
        if self.review_status not in allowed:
            raise TransitionError(
                _("This cannot be done while the household is “%(status)s”.")
                % {"status": self.get_review_status_display()}
            )

    def verification_problems(self):
        """What stops staff verifying this household right now (empty when nothing)."""
        problems = []
        if self.review_status != self.ReviewStatus.SUBMITTED:
            problems.append(
                _("Only households waiting for verification can be verified.")
            )
        missing = self.missing_documents()
        if missing:
            problems.append(
                _("Documents are missing: %(items)s.")
                % {"items": ", ".join(item.label for item in missing)}
            )
        if self.address_needs_review:
            problems.append(
                _(
                    "The address needs a manual service-area decision first (override it)."
                )
            )
        if self.open_information_request() is not None:
            problems.append(_("A request for more information is still open."))
        return problems

    @transaction.atomic
    def verify(self, user):
        problems = self.verification_problems()
        if problems:
            raise TransitionError(problems)
        self.review_status = self.ReviewStatus.VERIFIED
        self.verified_at = timezone.now()
        self.denial_reason = ""
        self.save(
            update_fields=[
                "review_status",
                "verified_at",
                "denial_reason",
                "updated_at",
            ]
        )
        log(
            self,
            "applications.verify",
            user=user,
            data={"income_level": self.income_level},
        )
        if self.is_renewal:
            from .renewals import apply_verified_renewal

            apply_verified_renewal(self, user)
        notify(self, Event.VERIFIED, key=self.verified_at.isoformat())

    @transaction.atomic
    def request_information(self, user, message):
        from .models import InformationRequest

        self._require_status(self.ReviewStatus.SUBMITTED)
        if not message.strip():
            raise TransitionError(_("Say what the applicant needs to send."))
        request = InformationRequest.objects.create(
            household=self, message=message.strip(), requested_by=user
        )
        self.review_status = self.ReviewStatus.INFO_REQUESTED
        self.save(update_fields=["review_status", "updated_at"])
        log(
            self,
            "applications.request_information",
            user=user,
            data={"request": request.pk},
        )
        notify(self, Event.INFO_REQUESTED, key=request.pk, message=request.message)
        return request

    @transaction.atomic
    def respond_to_information_request(self, user):
        """The applicant sends what was asked for; the household returns to the queue."""
        request = self.open_information_request()
        if request is None or self.review_status != self.ReviewStatus.INFO_REQUESTED:
            raise TransitionError(_("There is no open request to answer."))
        if not request.documents.exists():
            raise TransitionError(
                _("Upload at least one file before you send your answer.")
            )
        request.responded_at = timezone.now()
        request.save(update_fields=["responded_at"])
        self.review_status = self.ReviewStatus.SUBMITTED
        self.save(update_fields=["review_status", "updated_at"])
        log(
            self,
            "applications.respond_information",
            user=user,
            data={"request": request.pk},
        )

    @transaction.atomic
    def deny(self, user, reason):
        self._require_status(
            self.ReviewStatus.SUBMITTED, self.ReviewStatus.INFO_REQUESTED
        )
        if not reason.strip():
            raise TransitionError(_("Give the reason; the applicant will see it."))
        self.review_status = self.ReviewStatus.DENIED
        self.denial_reason = reason.strip()
        self.save(update_fields=["review_status", "denial_reason", "updated_at"])
        self.information_requests.filter(responded_at__isnull=True).update(
            responded_at=timezone.now()
        )
        entry = log(
            self, "applications.deny", user=user, data={"reason": self.denial_reason}
        )
        notify(
            self, Event.DENIED, key=entry.pk if entry else "", reason=self.denial_reason
        )

    @transaction.atomic
    def reopen(self, user):
        self._require_status(self.ReviewStatus.DENIED, self.ReviewStatus.VERIFIED)
        self.review_status = self.ReviewStatus.SUBMITTED
        self.save(update_fields=["review_status", "updated_at"])
        log(self, "applications.reopen", user=user)

    @transaction.atomic
    def override_service_areas(self, user, areas, reason):
        """Staff decide the service areas by hand, with a reason on the record."""
        if not reason.strip():
            raise TransitionError(_("Give the reason for the override."))
        self.service_areas.set(areas)
        self.address_needs_review = False
        self.address_override_reason = reason.strip()
        self.save(
            update_fields=[
                "address_needs_review",
                "address_override_reason",
                "updated_at",
            ]
        )
        log(
            self,
            "applications.override_address",
            user=user,
            data={
                "areas": sorted(area.name for area in areas),
                "reason": reason.strip(),
            },
        )

    def add_note(self, user, text):
        from .models import CaseNote

        if not text.strip():
            raise TransitionError(_("Write the note first."))
        note = CaseNote.objects.create(household=self, author=user, text=text.strip())
        log(self, "applications.add_note", user=user, data={"note": note.pk})
        return note

    def open_information_request(self):
        return self.information_requests.filter(responded_at__isnull=True).first()


class ProgramApplicationReviewMixin:
    """Coordinators enroll or decline verified households in their programs."""

    def _check_decidable(self):
        if self.household.review_status != self.household.ReviewStatus.VERIFIED:
            raise TransitionError(_("Only verified households can be enrolled."))
        if self.status not in (
            self.Status.APPLIED,
            self.Status.NOT_ENROLLED,
            self.Status.ENROLLED,
        ):
            raise TransitionError(_("This application was withdrawn."))

    @transaction.atomic
    def mark_enrolled(self, user):
        self._check_decidable()
        if self.status == self.Status.ENROLLED:
            return False
        now = timezone.now()
        self.status = self.Status.ENROLLED
        self.enrolled_at = self.decided_at = now
        self.not_enrolled_reason = ""
        self.save(
            update_fields=[
                "status",
                "enrolled_at",
                "decided_at",
                "not_enrolled_reason",
                "updated_at",
            ]
        )
        log(
            self.household,
            "applications.enroll",
            user=user,
            data={"program": self.program.title},
        )
        renews_on = self.renews_on
        notify(
            self.household,
            Event.ENROLLED,
            key=f"{self.pk}:{now.isoformat()}",
            program=self.program.title_in(self.household.user.preferred_language),
            renews_on=renews_on.isoformat() if renews_on else "",
        )
        return True

    @transaction.atomic
    def mark_not_enrolled(self, user, reason):
        self._check_decidable()
        if not reason.strip():
            raise TransitionError(_("Give the reason; the applicant will see it."))
        self.status = self.Status.NOT_ENROLLED
        self.decided_at = timezone.now()
        self.enrolled_at = None
        self.not_enrolled_reason = reason.strip()
        self.save(
            update_fields=[
                "status",
                "decided_at",
                "enrolled_at",
                "not_enrolled_reason",
                "updated_at",
            ]
        )
        log(
            self.household,
            "applications.not_enroll",
            user=user,
            data={"program": self.program.title, "reason": reason.strip()},
        )
        notify(
            self.household,
            Event.NOT_ENROLLED,
            key=f"{self.pk}:{self.decided_at.isoformat()}",
            program=self.program.title_in(self.household.user.preferred_language),
            reason=self.not_enrolled_reason,
        )
        return True
