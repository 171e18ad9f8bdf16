"""Program pages and the snippets their rules refer to.

Editors write each program's copy and set its rules (who qualifies and the income
limit, service areas, enrollment mode, renewal interval) on the same page; the rule
itself is applied in `programs.eligibility`. Income limit tables are in
`programs.income_limits`.
"""

import calendar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Page, PageManager, Workflow
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.signals import page_published

from home.blocks import BaseStreamBlock
from portal.i18n import (
    active_language_code,
    default_language_code,
    in_active_language,
    locale_code,
)
from portal.page_cache import remember_until_content_changes

from .addresses.boundaries import contains, read_boundary
from .income_limits import (  # noqa: F401 (IncomeLimit: one of Django's models)
    IncomeLimit,
    IncomeLimitTable,
    published_tables,
    table_in_force,
)
from .panels import BoundaryDrawingPanel, RuleChangeImpactPanel, ServiceAreaForm

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]

# A change of a program's rules waits for a program approver (portal.roles).
RULE_CHANGE_WORKFLOW = "Rule changes"


class QualifyingProgram(index.Indexed, models.Model):
    """A program (SNAP, Medicaid, ...) whose enrollment proves a household's income level."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
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
    document_description_es = models.CharField(
        _("document to upload, in Spanish"), max_length=255, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Its own rule by household size (SNAP: 130 % of the poverty guidelines): the
    # level it proves is then worked out for the household's size.
    poverty_level = models.PositiveSmallIntegerField(
        _("proves income at or below (% of the poverty guidelines)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_(
            "For a program whose limit depends on household size, such as SNAP at "
            "130. Leave empty to use the share of AMI above for every size."
        ),
    )
    poverty_table = models.ForeignKey(
        IncomeLimitTable,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={
            "is_published": True,
            "source": IncomeLimitTable.Source.HHS_POVERTY,
        },
        verbose_name=_("poverty guidelines"),
    )
    ami_table = models.ForeignKey(
        IncomeLimitTable,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_published": True, "median_family_income__isnull": False},
        verbose_name=_("area median income from"),
        help_text=_("A HUD table of the area, for its median family income."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_es"),
        FieldPanel("description"),
        FieldPanel("ami_percentage"),
        MultiFieldPanel(
            [
                FieldPanel("poverty_level"),
                FieldPanel("poverty_table"),
                FieldPanel("ami_table"),
            ],
            heading=_("By household size (optional)"),
        ),
        FieldPanel("document_description"),
        FieldPanel("document_description_es"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualifying program")
        verbose_name_plural = _("qualifying programs")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name applicants read, in the active language."""
        return in_active_language(self, "name")

    @property
    def display_document_description(self):
        return in_active_language(self, "document_description")

    @property
    def proves_by_size(self):
        return bool(self.poverty_level and self.poverty_table_id and self.ami_table_id)

    def clean(self):
        super().clean()
        if self.poverty_level and not (self.poverty_table_id and self.ami_table_id):
            raise ValidationError(
                _(
                    "A rule by household size needs the poverty guidelines and the "
                    "table of area median income to compare them with."
                )
            )


class ServiceArea(index.Indexed, models.Model):
    """A place a program serves, decided by ZIP code or, where drawn, a polygon."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
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

    base_form_class = ServiceAreaForm
    panels = [
        FieldPanel("name"),
        FieldPanel("name_es"),
        FieldPanel("zip_codes"),
        FieldPanel("boundary_file"),
        FieldPanel("boundary"),
        BoundaryDrawingPanel(heading=_("Map")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name applicants read, in the active language."""
        return in_active_language(self, "name")

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
            try:
                self.boundary = read_boundary(self.boundary)
            except ValidationError as error:
                raise ValidationError({"boundary": error.messages}) from error

    def contains_zip(self, zip_code):
        return (zip_code or "")[:5] in self.zip_code_set

    def contains_point(self, longitude, latitude):
        """Inside the drawn boundary (holes are outside, the edge is inside)."""
        return bool(self.boundary) and contains(self.boundary, longitude, latitude)


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def in_default_language():
    """`limit_choices_to` for links to programs: applications point at the English page."""
    return Q(locale__language_code=default_language_code())


def with_translations(programs):
    """The programs, each given `.translated`: its live page in the active language.

    One query for the lot (none when every program is in the active language), where
    `Page.localized` would make one per program. A program with no translation (or a
    draft one) stays in its own language.
    """
    programs = list(programs)
    language = active_language_code()
    others = [p for p in programs if locale_code(p.locale_id) != language]
    found = {}
    if others:
        found = {
            page.translation_key: page
            for page in ProgramPage.objects.live()
            .filter(
                locale__language_code=language,
                translation_key__in=[program.translation_key for program in others],
            )
            .select_related("locale")
        }
    for program in programs:
        program.__dict__["translated"] = found.get(program.translation_key, program)
    return programs


class ProgramPageQuerySet(PageQuerySet):
    def canonical(self):
        """Program pages in the default language: the ones rules and applications use.

        A program's Spanish page is a translation of it (same ``translation_key``);
        listing both would offer every program twice.
        """
        return self.filter(in_default_language())


class ProgramIndexPage(Page):
    """The catalogue at /programs/: every live program, filterable by category."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["programs.ProgramPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("program index page")

    def programs(self, category=None):
        """Every live program, shown in this page's language where translated.

        The list is the English programs (the eligibility rule's catalogue, kept in
        the shared cache until content changes), so a program not yet translated
        still appears (in English) on the Spanish page. The portal has one catalogue
        (one index per language).
        """
        programs = [
            program
            for program in catalogue()
            if not category or program.category == category
        ]
        return sorted(
            with_translations(programs), key=lambda program: program.translated.title
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in ProgramPage.Category.values:
            category = ""
        context["selected_category"] = category
        context["categories"] = ProgramPage.Category.choices
        context["programs"] = self.programs(category)
        return context


class ProgramPageForm(WagtailAdminPageForm):
    """On a translation, the rules are shown but not editable: the English page sets them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.instance.rules_source if self.instance.pk else None
        if source is None:
            return
        for name in (*ProgramPage.RULE_FIELDS, "service_areas"):
            field = self.fields.get(name)
            if field is None:
                continue
            field.disabled = True
            field.help_text = _(
                "Set on the %(language)s page and copied here when it is published."
            ) % {"language": source.locale.get_display_name()}
            value = getattr(source, name)
            self.initial[name] = list(value.all()) if name == "service_areas" else value


class ProgramPage(Page):
    """One income-qualified program: its copy for applicants and its rules.

    Each language has its own page (a Wagtail translation) for the copy. The rules
    live on the default-language page: translations take them from it on every
    save, and it pushes them to its translations when published, so the screener,
    the dashboard and the caseworkers all read one set.
    """

    # Rule fields (besides the service areas) that a translation copies.
    RULE_FIELDS = (
        "category",
        "is_accepting_applications",
        "eligibility_road",
        "income_limit_ami",
        "income_table",
        "income_level",
        "enrollment_mode",
        "external_application_url",
        "renewal_interval_months",
        "estimated_review_days",
    )

    class Category(models.TextChoices):
        FOOD = "food", _("Food")
        RECREATION = "recreation", _("Recreation")
        UTILITIES = "utilities", _("Utilities")
        INTERNET = "internet", _("Internet")
        TRANSPORTATION = "transportation", _("Transportation")
        HOUSING = "housing", _("Housing")

    class EligibilityRoad(models.TextChoices):
        ENROLLMENT = "enrollment", _("Enrollment in a qualifying program")
        INCOME = "income", _("Household income at or below a limit for its size")
        EITHER = "either", _("Either of them")

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
    eligibility_road = models.CharField(
        _("who qualifies"),
        max_length=16,
        choices=EligibilityRoad.choices,
        default=EligibilityRoad.ENROLLMENT,
    )
    income_limit_ami = models.PositiveSmallIntegerField(
        _("income limit (% of AMI)"),
        validators=PERCENT_VALIDATORS,
        help_text=_(
            "For enrollment: the qualifying program must prove income at or below "
            "this share of area median income (0–100)."
        ),
    )
    income_table = models.ForeignKey(
        IncomeLimitTable,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_published": True},
        verbose_name=_("income limit table"),
        help_text=_(
            "For income: the source and area whose limits apply. Each year's table "
            "of the same source and area takes over on its effective date."
        ),
    )
    income_level = models.PositiveSmallIntegerField(
        _("income level (%)"),
        null=True,
        blank=True,
        help_text=_("For income: one of the table's levels, e.g. 60 (% of AMI)."),
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
                "when the program accepts applications, its income is within the limit "
                "(proved by enrollment in a qualifying program, or declared and checked "
                "against an income limit table for its size, or either), and its "
                "address lies in every required service area."
            )
        ),
        MultiFieldPanel(
            [RuleChangeImpactPanel()],
            heading=_("Impact of the draft's rules"),
        ),
        FieldPanel("is_accepting_applications"),
        MultiFieldPanel(
            [
                FieldPanel("eligibility_road", widget=forms.RadioSelect),
                FieldPanel("income_limit_ami"),
                FieldPanel("income_table"),
                FieldPanel("income_level"),
            ],
            heading=_("Income"),
        ),
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
    base_form_class = ProgramPageForm

    objects = PageManager.from_queryset(ProgramPageQuerySet)()

    class Meta:
        verbose_name = _("program page")

    @cached_property
    def rules_source(self):
        """The default-language page whose rules this one copies (None: this one)."""
        if self.locale_id is None or self.alias_of_id:
            return None
        source = (
            ProgramPage.objects.filter(
                in_default_language(), translation_key=self.translation_key
            )
            .exclude(pk=self.pk)
            .select_related("locale")
            .first()
        )
        return source

    @cached_property
    def translated(self):
        """This program's live page in the active language (itself if none).

        `with_translations` fills this in for a whole list in one query.
        """
        return self.localized

    def title_in(self, language_code):
        """The program's name in a language: its live translation's title, or its own.

        Messages are written when something happens and read in the applicant's
        language, so they carry the name in that language.
        """
        with translation.override(language_code or settings.LANGUAGE_CODE):
            return self.localized.title

    @property
    def canonical(self):
        """The page applications and rules refer to: the default-language one."""
        return self.rules_source or self

    def copy_rules_from(self, source):
        for name in self.RULE_FIELDS:
            setattr(self, name, getattr(source, name))
        self.service_areas = list(source.service_areas.all())

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None and self.rules_source is not None:
            self.copy_rules_from(self.rules_source)
        return super().save(*args, **kwargs)

    def push_rules_to_translations(self):
        """After publishing the default-language page, bring its translations in line."""
        if self.rules_source is not None:
            return
        for other in self.get_translations().filter(alias_of__isnull=True).specific():
            other.save(clean=False)

    def clean(self):
        super().clean()
        self.clean_income_road()
        if self.is_external and not self.external_application_url:
            raise ValidationError(
                {
                    "external_application_url": _(
                        "Give the link to the external application form, or choose "
                        "another enrollment option."
                    )
                }
            )

    def clean_income_road(self):
        """The income road needs a table and a level that table has."""
        if self.eligibility_road == self.EligibilityRoad.ENROLLMENT:
            return
        if self.income_table_id is None:
            raise ValidationError(
                {"income_table": _("Choose the income limit table this program uses.")}
            )
        levels = sorted(self.income_table.limits.values_list("level", flat=True))
        if self.income_level not in levels:
            raise ValidationError(
                {
                    "income_level": _(
                        "Choose one of the levels this table has: %(levels)s."
                    )
                    % {"levels": ", ".join(f"{level}%" for level in levels)}
                }
            )

    @property
    def uses_income_table(self):
        return self.eligibility_road != self.EligibilityRoad.ENROLLMENT

    @property
    def accepts_enrollment(self):
        return self.eligibility_road != self.EligibilityRoad.INCOME

    def rules_for_display(self, preview=False):
        """The rules as this page shows them, from the one cached read of `rules()`:
        the required service areas (the live default-language page's; a preview
        shows its own draft's) and, for the income road, (table, row) in force
        today, or None."""
        live = rules()
        source = None
        if not preview:
            source = next(
                (
                    program
                    for program in live["programs"]
                    if program.translation_key == self.translation_key
                ),
                None,
            )
        areas = list((source or self).service_areas.all())
        limits = None
        if self.uses_income_table:
            table = table_in_force(self, live["income_tables"], timezone.localdate())
            row = table.limit_at(self.income_level) if table else None
            limits = (table, row) if row else None
        return {"service_areas": areas, "income_limits": limits}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.rules_for_display(getattr(request, "is_preview", False)))
        return context

    @property
    def is_external(self):
        """Households finish applying on the provider's own website."""
        return self.enrollment_mode == self.EnrollmentMode.EXTERNAL

    @property
    def applies_automatically(self):
        """A household that qualifies is applied for when it submits."""
        return self.enrollment_mode == self.EnrollmentMode.AUTOMATIC

    def get_workflow(self):
        """Program pages that set rules use the "Rule changes" workflow, wherever
        they sit in the tree; translations copy rules and publish as they are."""
        if self.rules_source is not None:
            return None
        return Workflow.objects.active().filter(name=RULE_CHANGE_WORKFLOW).first()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def renewal_date(self, enrolled_on):
        """When an enrollment made on `enrolled_on` must be renewed (None: never)."""
        if not self.renewal_interval_months:
            return None
        return add_months(enrolled_on, self.renewal_interval_months)


class RuleChangeApprovalTask(AbstractGroupApprovalTask):
    """A program approver approves a rule change before it goes live: never the
    person who made it or sent it for approval, and always after seeing its impact
    (approving opens the impact preview)."""

    def _is_author(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        if state is None:
            return False
        task_state = state.current_task_state
        revision = task_state.revision if task_state else None
        return user.pk in {
            state.requested_by_id,
            revision.user_id if revision else None,
        }

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        if self._is_author(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), True),
        ]

    def get_template_for_action(self, action):
        if action == "approve":
            return "programs/admin/approve_rule_change.html"
        return ""

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(
            revision__user=user
        )

    @classmethod
    def get_description(cls):
        return _(
            "A program approver, other than the person who made the change, "
            "approves it after seeing which households it moves."
        )

    class Meta:
        verbose_name = _("rule change approval")
        verbose_name_plural = _("rule change approvals")


@receiver(page_published, sender=ProgramPage)
def push_rules_after_publish(sender, instance, **kwargs):
    instance.push_rules_to_translations()


def rules():
    """What the eligibility rule reads, in one read of the shared cache: every live
    program (default-language pages, with their service areas) and every published
    income limit table. Kept until an editor changes a page or a snippet (the moment
    public pages are purged), so the dashboard, the screener, program pages and the
    household page read it with one cache read instead of five queries.
    """
    return remember_until_content_changes(
        "programs:rules",
        lambda: {
            "programs": list(
                ProgramPage.objects.canonical()
                .live()
                .public()
                .order_by("title")
                .prefetch_related("service_areas")
            ),
            "income_tables": published_tables(),
        },
    )


def catalogue():
    """Every live program with its service areas, as the rule reads them."""
    return rules()["programs"]
