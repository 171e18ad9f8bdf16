"""Households and what they submitted: members, qualifying enrollments, documents,
program applications and frozen submissions.

These are plain Django models (not pages): applicant data lives here and is reached
only through views that check who is asking.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from programs.eligibility import HouseholdFacts, check_programs
from programs.models import in_default_language

from .notifications import Event, notify
from .review import HouseholdReviewMixin, ProgramApplicationReviewMixin

ADULT_AGE = 18


def private_storage():
    """Applicants' documents: a storage with no public URL (local folder or private
    Azure container)."""
    return storages["private"]


class PrivateFieldFile(FieldFile):
    """A stored document has no URL, whatever the storage backend would offer."""

    @property
    def url(self):
        raise ValueError("Documents have no URL; they are served by the download view.")


class PrivateFileField(models.FileField):
    """A FileField whose files cannot be linked to, only streamed after a check.

    The storage's own base_url is no guard: FileSystemStorage falls back to MEDIA_URL
    when it is None, and a private Azure container still builds blob URLs.
    """

    attr_class = PrivateFieldFile

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Only Python behaviour differs; the column is a plain FileField's.
        return name, "django.db.models.FileField", args, kwargs


class HouseholdQuerySet(models.QuerySet):
    def submitted(self):
        """Households staff work on: everything past the draft stage."""
        return self.exclude(review_status=Household.ReviewStatus.DRAFT)


class Household(HouseholdReviewMixin, models.Model):
    """One per applicant account: where they live, who lives there, and review state."""

    class Housing(models.TextChoices):
        RENT = "rent", _("Rent")
        OWN = "own", _("Own")
        OTHER = "other", _("Other (for example, living with family)")

    class TimeAtAddress(models.TextChoices):
        UNDER_ONE_YEAR = "under_1", _("Less than 1 year")
        ONE_TO_THREE = "1_to_3", _("1 to 3 years")
        OVER_THREE = "over_3", _("More than 3 years")

    class ReviewStatus(models.TextChoices):
        DRAFT = "draft", _("Not submitted yet")
        SUBMITTED = "submitted", _("In review")
        INFO_REQUESTED = "info_requested", _("More information needed")
        VERIFIED = "verified", _("Verified")
        DENIED = "denied", _("Denied")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="household"
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    unit = models.CharField(_("apartment, suite or unit"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    mailing_is_different = models.BooleanField(
        _("mailing address is different"), default=False
    )
    mailing_street = models.CharField(
        _("mailing street address"), max_length=200, blank=True
    )
    mailing_unit = models.CharField(
        _("mailing apartment or unit"), max_length=50, blank=True
    )
    mailing_city = models.CharField(_("mailing city"), max_length=100, blank=True)
    mailing_state = models.CharField(_("mailing state"), max_length=2, blank=True)
    mailing_zip_code = models.CharField(
        _("mailing ZIP code"), max_length=10, blank=True
    )
    service_areas = models.ManyToManyField(
        "programs.ServiceArea", blank=True, related_name="households"
    )
    address_needs_review = models.BooleanField(
        _("address needs manual review"),
        default=False,
        help_text=_("The address could not be placed in service areas automatically."),
    )
    housing = models.CharField(
        _("rent or own"), max_length=8, choices=Housing.choices, blank=True
    )
    time_at_address = models.CharField(
        _("time at this address"),
        max_length=8,
        choices=TimeAtAddress.choices,
        blank=True,
    )
    has_no_qualifying_program = models.BooleanField(default=False)
    review_status = models.CharField(
        _("review status"),
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    # Wizard progress is explicit: a step is complete when it was saved, never inferred
    # from which rows happen to exist.
    completed_steps = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    denial_reason = models.TextField(_("reason for denial"), blank=True)
    address_override_reason = models.TextField(
        _("reason for address override"), blank=True
    )
    is_renewal = models.BooleanField(_("renewal"), default=False)
    renewed_at = models.DateTimeField(_("last renewed"), null=True, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return str(self.user)

    # Wizard progress -------------------------------------------------------------

    def mark_step_complete(self, step):
        if step not in self.completed_steps:
            self.completed_steps = [*self.completed_steps, step]
            self.save(update_fields=["completed_steps", "updated_at"])

    def mark_step_incomplete(self, step):
        if step in self.completed_steps:
            self.completed_steps = [
                name for name in self.completed_steps if name != step
            ]
            self.save(update_fields=["completed_steps", "updated_at"])

    def refresh_document_progress(self):
        """A new adult or a newly ticked program reopens the documents step."""
        if self.missing_documents():
            self.mark_step_incomplete("documents")

    def is_step_complete(self, step):
        return step in self.completed_steps

    @property
    def is_submitted(self):
        return self.review_status != self.ReviewStatus.DRAFT

    # Eligibility ----------------------------------------------------------------

    @cached_property
    def qualifying_programs(self):
        return tuple(
            enrollment.qualifying_program
            for enrollment in self.qualifying_enrollments.select_related(
                "qualifying_program"
            )
        )

    def facts(self):
        """What the eligibility rule in programs/ needs to know about this household."""
        return HouseholdFacts(
            qualifying_programs=self.qualifying_programs,
            service_area_ids=None
            if self.address_needs_review
            else frozenset(self.service_areas.values_list("pk", flat=True)),
        )

    @property
    def income_level(self):
        return self.facts().income_level

    def program_results(self):
        return check_programs(self.facts())

    def program_groups(self):
        """The dashboard's groups: Available (eligible, not applied), Pending, Enrolled."""
        applications = list(
            self.program_applications.select_related("program", "household")
        )
        reopenable = {
            ProgramApplication.Status.WITHDRAWN,
            ProgramApplication.Status.EXPIRED,
        }
        applied_ids = {a.program_id for a in applications if a.status not in reopenable}
        expired_ids = {
            a.program_id
            for a in applications
            if a.status == ProgramApplication.Status.EXPIRED
        }
        can_apply = self.is_submitted and self.review_status != self.ReviewStatus.DENIED
        from .renewals import current_settings, expiry_date

        settings_now = current_settings()
        by_status = {status: [] for status in ProgramApplication.Status.values}
        for application in applications:
            # One settings lookup for every renewal date on the page, not one each.
            application.__dict__["renews_on"] = expiry_date(application, settings_now)
            by_status[application.status].append(application)
        return {
            "available": [
                result
                for result in self.program_results()
                if can_apply
                and result.is_eligible
                and result.program.pk not in applied_ids
            ],
            "pending": by_status[ProgramApplication.Status.APPLIED],
            "enrolled": by_status[ProgramApplication.Status.ENROLLED],
            "not_enrolled": by_status[ProgramApplication.Status.NOT_ENROLLED],
            "expired_program_ids": expired_ids,
        }

    def apply_problem(self, program):
        """Why this household cannot apply to this program now, or None if it can."""
        if not self.is_submitted:
            return _("Submit your application first.")
        if self.review_status == self.ReviewStatus.DENIED:
            return _(
                "Your application was not approved, so you cannot apply to programs."
            )
        if program.enrollment_mode == program.EnrollmentMode.EXTERNAL:
            return _("Apply for this program on its provider's website.")
        if (
            self.program_applications.filter(program=program)
            .exclude(
                status__in=[
                    ProgramApplication.Status.WITHDRAWN,
                    ProgramApplication.Status.EXPIRED,
                ]
            )
            .exists()
        ):
            return _("You have already applied for this program.")
        result = program.check_eligibility(self.facts())
        if not result.is_eligible:
            return result.summary
        return None

    def reopen_for_changes(self):
        """Back to the wizard to change answers; resubmitting sends it back to review."""
        self.review_status = self.ReviewStatus.DRAFT
        self.save(update_fields=["review_status", "updated_at"])

    # Addresses -------------------------------------------------------------------

    @property
    def eligibility_address_lines(self):
        line_one = ", ".join(part for part in [self.street, self.unit] if part)
        return [line_one, f"{self.city}, {self.state} {self.zip_code}".strip(", ")]

    @property
    def mailing_address_text(self):
        return ", ".join(line for line in self.mailing_address_lines if line)

    @property
    def mailing_address_lines(self):
        if not self.mailing_is_different:
            return self.eligibility_address_lines
        line_one = ", ".join(
            part for part in [self.mailing_street, self.mailing_unit] if part
        )
        return [
            line_one,
            f"{self.mailing_city}, {self.mailing_state} {self.mailing_zip_code}",
        ]

    # Documents -------------------------------------------------------------------

    def required_documents(self):
        """Each document the household owes: an ID per adult, a proof per program."""
        items = [
            RequiredDocument(Document.Kind.IDENTITY, member=member)
            for member in self.members.all()
            if member.is_adult
        ]
        items += [
            RequiredDocument(Document.Kind.PROOF, qualifying_program=program)
            for program in self.qualifying_programs
        ]
        documents = list(self.documents.filter(is_current=True))
        for item in items:
            item.documents = [d for d in documents if item.matches(d)]
        return items

    def add_documents(self, files, **target):
        """Check and store uploaded files for one checklist item (or a staff request).

        Returns how many were saved and, for each refused file, its name and the
        message to show next to the item.
        """
        from django.core.exceptions import ValidationError

        from .uploads import check_upload, random_storage_name

        saved, refused = 0, []
        for uploaded in files:
            try:
                checked = check_upload(uploaded)
            except ValidationError as error:
                refused.append((uploaded.name[:100], error.messages[0]))
                continue
            document = Document(
                household=self,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                **target,
            )
            document.file.save(
                random_storage_name(checked.extension), checked.content, save=True
            )
            saved += 1
        return saved, refused

    def missing_documents(self):
        return [item for item in self.required_documents() if not item.documents]

    # Submission ------------------------------------------------------------------

    def snapshot(self):
        """The answers as they stand, frozen into a submission for staff review."""
        user = self.user
        return {
            "applicant": {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "phone_number": str(user.phone_number or ""),
                "contact_by_email": user.contact_by_email,
                "contact_by_sms": user.contact_by_sms,
                "preferred_language": user.preferred_language,
            },
            "eligibility_address": self.eligibility_address_lines,
            "mailing_address": self.mailing_address_lines,
            "service_areas": sorted(self.service_areas.values_list("name", flat=True)),
            "address_needs_review": self.address_needs_review,
            "housing": self.housing,
            "time_at_address": self.time_at_address,
            "members": [
                {
                    "first_name": m.first_name,
                    "last_name": m.last_name,
                    "date_of_birth": m.date_of_birth.isoformat(),
                    "is_applicant": m.is_applicant,
                }
                for m in self.members.all()
            ],
            "qualifying_programs": [q.name for q in self.qualifying_programs],
            "documents": [
                {"id": str(d.public_id), "kind": d.kind, "name": d.original_name}
                for d in self.documents.filter(is_current=True)
            ],
        }

    @transaction.atomic
    def submit(self):
        """Freeze the answers and enter the review queue; a second call does nothing.

        Returns the new Submission, or None when the household was already submitted
        (a double click, a replayed form).
        """
        household = Household.objects.select_for_update().get(pk=self.pk)
        if household.is_submitted:
            return None
        now = timezone.now()
        household.review_status = self.ReviewStatus.SUBMITTED
        household.submitted_at = now
        household.save(update_fields=["review_status", "submitted_at", "updated_at"])
        submission = Submission.objects.create(
            household=household, answers=household.snapshot()
        )
        notify(household, Event.SUBMITTED, key=submission.pk)
        for result in household.program_results():
            if result.is_eligible and result.program.enrollment_mode == "automatic":
                ProgramApplication.objects.get_or_create(
                    household=household, program=result.program
                )
        self.refresh_from_db()
        return submission


class RequiredDocument:
    """One line of the documents checklist."""

    def __init__(self, kind, member=None, qualifying_program=None):
        self.kind = kind
        self.member = member
        self.qualifying_program = qualifying_program
        self.documents = []

    @property
    def label(self):
        if self.member is not None:
            return _("Photo ID for %(name)s") % {"name": self.member}
        return _("Proof of %(program)s") % {
            "program": self.qualifying_program.display_name
        }

    @property
    def key(self):
        if self.member is not None:
            return f"identity-{self.member.pk}"
        return f"proof-{self.qualifying_program.pk}"

    def matches(self, document):
        if self.member is not None:
            return (
                document.kind == Document.Kind.IDENTITY
                and document.member_id == self.member.pk
            )
        return (
            document.kind == Document.Kind.PROOF
            and document.qualifying_program_id == self.qualifying_program.pk
        )


class HouseholdMember(models.Model):
    """Someone who lives in the household; the applicant is the first member."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members"
    )
    first_name = models.CharField(_("first name"), max_length=60)
    last_name = models.CharField(_("last name"), max_length=60)
    date_of_birth = models.DateField(_("date of birth"))
    is_applicant = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day):
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_adult(self):
        return self.age_on(date.today()) >= ADULT_AGE


class QualifyingEnrollment(models.Model):
    """The household says it is enrolled in this qualifying program (proof uploaded)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="qualifying_enrollments"
    )
    qualifying_program = models.ForeignKey(
        "programs.QualifyingProgram",
        on_delete=models.PROTECT,
        related_name="enrollments",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "qualifying_program"],
                name="one_enrollment_per_program",
            )
        ]

    def __str__(self):
        return str(self.qualifying_program)


class Document(models.Model):
    """An uploaded file, stored privately under a random name."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        PROOF = "proof", _("Proof of a qualifying program")
        REQUESTED = "requested", _("Requested by staff")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    member = models.ForeignKey(
        HouseholdMember,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    qualifying_program = models.ForeignKey(
        "programs.QualifyingProgram",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # A renewal retires proofs (and the ID of a member whose details changed); the
    # files stay for the submissions that referred to them.
    is_current = models.BooleanField(default=True)
    information_request = models.ForeignKey(
        "InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = PrivateFileField(storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def can_be_viewed_by(self, user):
        """The household's own applicant, or staff with permission to see documents."""
        if not user.is_authenticated:
            return False
        if self.household.user_id == user.pk:
            return True
        return user.is_active and user.has_perm("applications.view_document")

    def record_view(self, user):
        """Staff opening a document is part of the household's audit history."""
        if user.pk != self.household.user_id:
            from wagtail.log_actions import log

            log(
                self.household,
                "applications.view_document",
                user=user,
                data={"document": str(self.public_id), "kind": self.kind},
            )


@receiver(post_delete, sender=Document)
def delete_stored_document(sender, instance, **kwargs):
    """The file goes with its row, however the row goes: one document, a queryset
    (a dropped program's proofs) or a cascade (a removed member, a deleted account).

    Overriding Document.delete() would miss the last two and leave files behind.
    """
    stored = instance.file.name
    if stored:
        transaction.on_commit(lambda: private_storage().delete(stored))


class ProgramApplicationQuerySet(models.QuerySet):
    def for_coordinator(self, user):
        """Verified households' applications to the programs this user coordinates."""
        queryset = self.filter(
            household__review_status=Household.ReviewStatus.VERIFIED
        ).exclude(status=ProgramApplication.Status.WITHDRAWN)
        if user.is_superuser:
            return queryset
        if not user.has_perm("applications.view_programapplication"):
            return queryset.none()
        return queryset.filter(program__coordinators__user=user)


class ProgramApplication(ProgramApplicationReviewMixin, models.Model):
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

    @cached_property
    def renews_on(self):
        """When this enrollment expires (None: it never does); see applications.renewals."""
        from .renewals import expiry_date

        return expiry_date(self)


class Submission(models.Model):
    """A read-only snapshot of the answers at the moment they were submitted."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="submissions"
    )
    answers = models.JSONField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.household} ({self.submitted_at:%Y-%m-%d})"


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
