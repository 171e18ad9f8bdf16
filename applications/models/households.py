"""Households and what they answered: members, qualifying enrollments and the frozen
submissions staff review.

Plain Django models (not pages): applicant data lives here and is reached only through
views that check who is asking. The rules that read and write these rows live in the
rooms beside this package (wizard, documents, dashboard, casework, renewals) and in
`applications.state_machine`, the only code that changes a review status.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from programs.addresses import Problem
from programs.income_limits import IncomeFrequency, describe_income

ADULT_AGE = 18


class HouseholdQuerySet(models.QuerySet):
    def submitted(self):
        """Households past the draft stage."""
        return self.exclude(review_status=Household.ReviewStatus.DRAFT)

    def with_answers(self):
        """Households with everything their answers hold, one query per table (the
        household page and the dashboard read each of these several times)."""
        documents = self.model._meta.get_field("documents").related_model

        return self.select_related("user").prefetch_related(
            "service_areas",
            "members",
            models.Prefetch(
                "qualifying_enrollments",
                queryset=QualifyingEnrollment.objects.select_related(
                    "qualifying_program"
                ),
            ),
            models.Prefetch(
                "documents",
                queryset=documents.objects.select_related("information_request"),
            ),
            "submissions",
            "information_requests",
        )

    def for_staff(self):
        """Households staff work on: every one submitted at least once, including one
        the applicant is changing (or renewing) right now. The first submission sets
        `submitted_at` (the state machine's submit, the only way out of a draft) and
        nothing clears it, so it alone says so: the queue's counts then read its
        index, where a subquery per household read the whole table."""
        return self.filter(submitted_at__isnull=False)


class Household(models.Model):
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
    # Where the address was placed from (programs.addresses): the map point and the
    # geocoder's score where one was found, whether the applicant took the
    # standardized address, and why a person must place it (codes with figures).
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    geocode_score = models.FloatField(_("match score"), null=True, blank=True)
    geocoded_by = models.CharField(_("geocoded by"), max_length=60, blank=True)
    address_standardized = models.BooleanField(
        _("standardized address accepted"), default=False
    )
    placement_problems = models.JSONField(default=list, blank=True)
    placed_at = models.DateTimeField(_("address placed"), null=True, blank=True)
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
    # Income as declared (an amount and how often), and the same a year, which the
    # rule compares with income limits (`programs.income_limits.annualize`).
    income_amount = models.DecimalField(
        _("household income before taxes"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    income_frequency = models.CharField(
        _("how often"), max_length=16, choices=IncomeFrequency.choices, blank=True
    )
    annual_income = models.PositiveIntegerField(
        _("household income a year (dollars)"),
        null=True,
        blank=True,
        help_text=_("As the household declared it, before taxes; for income limits."),
    )
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
    # Set when the applicant reopens answers staff had seen, until staff decide again.
    answers_changed_at = models.DateTimeField(
        _("answers changed after review"), null=True, blank=True
    )
    change_reason = models.CharField(
        _("reason for the change"), max_length=300, blank=True
    )
    # Applying with help (applications.assistance): the organization whose
    # assisters act for this client household (none once the resident withdraws
    # it), who made it a client and for whom, when the resident took the account
    # over, and who saved each wizard step ({step: {"name", "organization"}}).
    partner = models.ForeignKey(
        "applications.PartnerOrganization",
        verbose_name=_("partner organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clients",
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assisted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assisted_by_organization = models.CharField(
        _("assisted for"), max_length=120, blank=True
    )
    client_since = models.DateTimeField(_("client since"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("account taken over"), null=True, blank=True)
    access_withdrawn_at = models.DateTimeField(
        _("assistance withdrawn"), null=True, blank=True
    )
    entered_by = models.JSONField(default=dict, blank=True)
    # The assister's "new client" form that made it: sent twice, one client.
    client_request = models.UUIDField(
        null=True, blank=True, unique=True, editable=False
    )
    # Flags for staff (applications.notifications.webhooks): the applicant's email
    # bounced, or texts to their number failed. Cleared by a later delivery on that
    # channel, or when the applicant changes that address or number.
    email_bounced_at = models.DateTimeField(_("email bounced"), null=True, blank=True)
    sms_failed_at = models.DateTimeField(
        _("text messages failed"), null=True, blank=True
    )

    objects = HouseholdQuerySet.as_manager()

    # The fields the eligibility and mailing addresses are made of (the address step's
    # form and the coordinators' export both read them).
    ADDRESS_FIELDS = [
        "street",
        "unit",
        "city",
        "state",
        "zip_code",
        "mailing_is_different",
        "mailing_street",
        "mailing_unit",
        "mailing_city",
        "mailing_state",
        "mailing_zip_code",
    ]

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        permissions = [
            ("assist_applicants", "Can apply with residents, on their behalf"),
        ]
        # The queue's views: households of one status, oldest submission first.
        indexes = [
            models.Index(
                fields=["review_status", "submitted_at", "id"],
                name="household_queue_order",
            )
        ]

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

    def is_step_complete(self, step):
        return step in self.completed_steps

    @property
    def is_client(self):
        """Made by an assister or staff for a resident (applications.assistance)."""
        return self.client_since is not None

    @property
    def assisted_by_text(self):
        """ "NAME, ORGANIZATION" for staff pages (empty when nobody assisted)."""
        if not self.is_client:
            return ""
        name = self.assisted_by.get_full_name() if self.assisted_by else "?"
        return ", ".join(part for part in [name, self.assisted_by_organization] if part)

    # Review status, as the pages ask about it ----------------------------------

    @property
    def is_submitted(self):
        return self.review_status != self.ReviewStatus.DRAFT

    @property
    def is_verified(self):
        return self.review_status == self.ReviewStatus.VERIFIED

    @property
    def is_denied(self):
        return self.review_status == self.ReviewStatus.DENIED

    @property
    def is_awaiting_verification(self):
        return self.review_status == self.ReviewStatus.SUBMITTED

    @property
    def is_awaiting_applicant(self):
        return self.review_status == self.ReviewStatus.INFO_REQUESTED

    def open_information_request(self):
        """The newest request the applicant has not answered (requests are kept
        newest first)."""
        return next(
            (r for r in self.information_requests.all() if r.responded_at is None),
            None,
        )

    @property
    def current_documents(self):
        """The documents in force (a replaced one is kept, not current)."""
        return [document for document in self.documents.all() if document.is_current]

    @property
    def declared_income(self):
        """The income as declared, in words (None when none was given)."""
        return describe_income(
            self.income_amount, self.income_frequency, self.annual_income
        )

    # What the eligibility rule reads -------------------------------------------

    @cached_property
    def qualifying_programs(self):
        enrollments = self.qualifying_enrollments.all()
        if "qualifying_enrollments" not in getattr(
            self, "_prefetched_objects_cache", {}
        ):
            enrollments = enrollments.select_related("qualifying_program")
        return tuple(enrollment.qualifying_program for enrollment in enrollments)

    @property
    def placement_reasons(self):
        """Why a person must place the address, in words staff read."""
        return [str(Problem.from_data(data)) for data in self.placement_problems]

    @property
    def point(self):
        if self.longitude is None or self.latitude is None:
            return None
        return (self.longitude, self.latitude)

    @property
    def placed_service_area_ids(self):
        """The service areas the address lies in; None while a person must decide."""
        if self.address_needs_review:
            return None
        return frozenset(area.pk for area in self.service_areas.all())

    # Addresses -------------------------------------------------------------------

    @property
    def eligibility_address_lines(self):
        return address_lines(
            self.street, self.unit, self.city, self.state, self.zip_code
        )

    @property
    def mailing_address_text(self):
        return mailing_address_text(self.__dict__)

    @property
    def mailing_address_lines(self):
        return mailing_address_lines(self.__dict__)


def address_lines(street, unit, city, state, zip_code):
    """An address as an envelope's two lines."""
    line_one = ", ".join(part for part in [street, unit] if part)
    return [line_one, f"{city}, {state} {zip_code}".strip(", ")]


def mailing_address_lines(values):
    """Where letters go, from the values of Household.ADDRESS_FIELDS (a household's,
    or an export's row: no model object needed)."""
    if not values["mailing_is_different"]:
        return address_lines(*(values[name] for name in Household.ADDRESS_FIELDS[:5]))
    return address_lines(*(values[name] for name in Household.ADDRESS_FIELDS[6:]))


def mailing_address_text(values):
    return ", ".join(line for line in mailing_address_lines(values) if line)


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
