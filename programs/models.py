"""Program pages and the snippets their rules refer to.

Editors write each program's copy and set its rules (income limit, service areas,
enrollment mode, renewal interval) on the same page; the rule itself is applied in
`programs.eligibility`.
"""

import calendar
import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class QualifyingProgram(index.Indexed, models.Model):
    """A program (SNAP, Medicaid, ...) whose enrollment proves a household's income level."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    ami_percentage = models.PositiveSmallIntegerField(
        _("proves income at or below (% of AMI)"),
        validators=PERCENT_VALIDATORS,
        help_text=_(
            "Enrollment shows household income at or below this share of area median income."
        ),
    )
    document_description = models.CharField(
        _("document to upload"),
        max_length=255,
        help_text=_("For example: a SNAP approval letter or benefits card."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("ami_percentage"),
        FieldPanel("document_description"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualifying program")
        verbose_name_plural = _("qualifying programs")

    def __str__(self):
        return self.name


class ServiceArea(index.Indexed, models.Model):
    """A place a program serves, decided by ZIP code or, where drawn, a polygon."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    zip_codes = models.TextField(
        _("ZIP codes"),
        blank=True,
        help_text=_("Five-digit ZIP codes, separated by commas, spaces or new lines."),
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        blank=True,
        null=True,
        help_text=_(
            "Optional GeoJSON Polygon or MultiPolygon, longitude then latitude."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("zip_codes"), FieldPanel("boundary")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self):
        return self.name

    @cached_property
    def zip_code_set(self):
        return frozenset(self.zip_codes.replace(",", " ").split())

    def clean(self):
        bad = sorted(z for z in self.zip_code_set if not (len(z) == 5 and z.isdigit()))
        if bad:
            raise ValidationError(
                {
                    "zip_codes": _("These are not five-digit ZIP codes: %(codes)s")
                    % {"codes": ", ".join(bad)}
                }
            )
        if self.boundary:
            boundary = self.boundary
            if isinstance(boundary, str):
                try:
                    boundary = json.loads(boundary)
                except ValueError as error:
                    raise ValidationError(
                        {"boundary": _("This is not valid JSON.")}
                    ) from error
            if not isinstance(boundary, dict) or boundary.get("type") not in {
                "Polygon",
                "MultiPolygon",
            }:
                raise ValidationError(
                    {
                        "boundary": _(
                            "Give a GeoJSON object of type Polygon or MultiPolygon."
                        )
                    }
                )

    def contains_zip(self, zip_code):
        return (zip_code or "")[:5] in self.zip_code_set

    def contains_point(self, longitude, latitude):
        """Ray-casting test against the GeoJSON boundary (holes excluded)."""
        if not self.boundary:
            return False
        polygons = (
            [self.boundary["coordinates"]]
            if self.boundary["type"] == "Polygon"
            else self.boundary["coordinates"]
        )
        return any(
            _ring_contains(rings[0], longitude, latitude)
            and not any(_ring_contains(hole, longitude, latitude) for hole in rings[1:])
            for rings in polygons
        )


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _ring_contains(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


class ProgramIndexPage(Page):
    """The catalogue at /programs/: every live program, filterable by category."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["programs.ProgramPage"]
    max_count = 1

    class Meta:
        verbose_name = _("program index page")

    def programs(self, category=None):
        programs = ProgramPage.objects.child_of(self).live().public().order_by("title")
        if category:
            programs = programs.filter(category=category)
        return programs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in ProgramPage.Category.values:
            category = ""
        context["selected_category"] = category
        context["categories"] = ProgramPage.Category.choices
        context["programs"] = self.programs(category)
        return context


class ProgramPage(Page):
    """One income-qualified program: its copy for applicants and its rules."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food")
        RECREATION = "recreation", _("Recreation")
        UTILITIES = "utilities", _("Utilities")
        INTERNET = "internet", _("Internet")
        TRANSPORTATION = "transportation", _("Transportation")
        HOUSING = "housing", _("Housing")

    class EnrollmentMode(models.TextChoices):
        ONE_CLICK = "one_click", _("Apply with one click")
        AUTOMATIC = (
            "automatic",
            _("Applied automatically when the application is complete"),
        )
        EXTERNAL = "external", _("External application form")

    summary = models.CharField(_("summary"), max_length=255)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    benefit = RichTextField(_("what you get"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    eligibility_copy = RichTextField(_("who can get it"), blank=True)
    how_to_apply = RichTextField(_("how to apply"), blank=True)

    # Rules, edited in their own tab and applied by programs.eligibility.
    income_limit_ami = models.PositiveSmallIntegerField(
        _("income limit (% of AMI)"),
        validators=PERCENT_VALIDATORS,
        help_text=_(
            "Households at or below this share of area median income qualify (0–100)."
        ),
    )
    service_areas = ParentalManyToManyField(
        ServiceArea,
        blank=True,
        related_name="programs",
        verbose_name=_("required service areas"),
        help_text=_(
            "The address must lie in every area chosen. Choose none for anywhere."
        ),
    )
    enrollment_mode = models.CharField(
        _("enrollment"),
        max_length=16,
        choices=EnrollmentMode.choices,
        default=EnrollmentMode.ONE_CLICK,
    )
    external_application_url = models.URLField(
        _("external application link"), blank=True
    )
    renewal_interval_months = models.PositiveSmallIntegerField(
        _("renewal interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty when enrollment never expires."),
    )
    is_accepting_applications = models.BooleanField(
        _("accepting applications"), default=True
    )
    estimated_review_days = models.PositiveSmallIntegerField(
        _("estimated review time (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
    )
    vendor_privacy_notice = RichTextField(
        _("vendor privacy notice"),
        blank=True,
        help_text=_("If set, applicants must acknowledge it before applying."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("category"),
        FieldPanel("benefit"),
        FieldPanel("body"),
        FieldPanel("eligibility_copy"),
        FieldPanel("how_to_apply"),
    ]
    rules_panels = [
        HelpPanel(
            content=_(
                "These rules decide who is offered this program. A household qualifies "
                "when the program accepts applications, its income level is at or below "
                "the limit, and its address lies in every required service area."
            )
        ),
        FieldPanel("is_accepting_applications"),
        FieldPanel("income_limit_ami"),
        FieldPanel("service_areas", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("enrollment_mode"), FieldPanel("external_application_url")],
            heading=_("Enrollment"),
        ),
        FieldPanel("renewal_interval_months"),
        FieldPanel("estimated_review_days"),
        FieldPanel("vendor_privacy_notice"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(rules_panels, heading=_("Eligibility rules")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("eligibility_copy"),
    ]
    parent_page_types = ["programs.ProgramIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("program page")

    def clean(self):
        super().clean()
        if (
            self.enrollment_mode == self.EnrollmentMode.EXTERNAL
            and not self.external_application_url
        ):
            raise ValidationError(
                {
                    "external_application_url": _(
                        "Give the link to the external application form, or choose "
                        "another enrollment option."
                    )
                }
            )

    def renewal_date(self, enrolled_on):
        """When an enrollment made on `enrolled_on` must be renewed (None: never)."""
        if not self.renewal_interval_months:
            return None
        return add_months(enrolled_on, self.renewal_interval_months)

    def check_eligibility(self, facts):
        """This program's verdict for a household's facts, with reasons."""
        from .eligibility import check_eligibility

        return check_eligibility(self, facts)
