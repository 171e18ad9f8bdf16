"""The home page, standard content pages and site-wide settings editors control."""

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    validate_comma_separated_integer_list,
)
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from portal.i18n import in_active_language
from programs.models import with_translations

from .blocks import BaseStreamBlock
from .news import NewsItem, current_news  # noqa: F401 (NewsItem: one of Django's models)


class HomePage(Page):
    """The front door: what the portal is, featured programs, apply and screener calls."""

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.CharField(_("hero text"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    apply_button_text = models.CharField(
        _("apply button text"), max_length=60, default="Apply now"
    )
    screener_button_text = models.CharField(
        _("screener button text"),
        max_length=60,
        default="Check what you may qualify for",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text")], heading=_("Hero")
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("apply_button_text"), FieldPanel("screener_button_text")],
            heading=_("Calls to action"),
        ),
        InlinePanel("featured_programs", label=_("Featured programs"), max_num=6),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["programs.ProgramIndexPage", "home.StandardPage"]
    # One per language: the Spanish home page is a translation beside it.

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news"] = current_news(request)
        return context

    def featured(self):
        """The featured programs, each with `.translated` for the active language."""
        return with_translations(
            item.program
            for item in self.featured_programs.select_related("program__locale")
            if item.program.live
        )


class HomePageFeaturedProgram(Orderable):
    page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_programs"
    )
    program = models.ForeignKey(
        "programs.ProgramPage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("program")]


class StandardPage(Page):
    """Plain content: privacy policy, FAQ, what counts as a household, checklists."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


# Retention periods cannot be shorter than this: a slip of the keyboard must never
# delete the accounts people opened this morning.
KEEP_AT_LEAST_DAYS = 30
RETENTION_PERMISSION = "home.change_retention"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the portal and how applicants reach a person."""

    organization_name = models.CharField(
        _("organization name"), max_length=120, default="City of Example"
    )
    contact_email = models.EmailField(_("contact email"), default="help@example.com")
    contact_phone = models.CharField(_("contact phone"), max_length=32, default="")
    support_hours = models.CharField(
        _("support hours"), max_length=120, default="Monday to Friday, 8 a.m. to 5 p.m."
    )
    support_hours_es = models.CharField(
        _("support hours in Spanish"),
        max_length=120,
        blank=True,
        default="De lunes a viernes, de 8 a. m. a 5 p. m.",
        help_text=_("Shown on Spanish pages and in Spanish messages."),
    )

    verification_period_months = models.PositiveSmallIntegerField(
        _("verification lasts (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Enrollments end when the household's verification does, at the latest."
        ),
    )
    renewal_window_days = models.PositiveSmallIntegerField(
        _("renewal opens (days before expiry)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    reminder_days = models.CharField(
        _("reminders (days before expiry)"),
        max_length=50,
        default="60,30,7",
        validators=[validate_comma_separated_integer_list],
        help_text=_(
            "Comma-separated, for example 60,30,7. A message also goes on expiry."
        ),
    )

    # Retention (applications.retention): blank keeps for ever. Only administrators
    # see or change these (the panels' permission): content editors edit the rest of
    # the site settings, and deleting applicants' data is not theirs to decide.
    keep_documents_days = models.PositiveIntegerField(
        _("keep documents (days after the decision)"),
        null=True,
        blank=True,
        default=180,
        validators=[MinValueValidator(KEEP_AT_LEAST_DAYS), MaxValueValidator(3650)],
        help_text=_(
            "IDs and proofs are deleted this many days after staff verify or deny "
            "the household (a renewal asks for them again). Blank: keep them."
        ),
    )
    keep_drafts_days = models.PositiveIntegerField(
        _("keep applications never submitted (days)"),
        null=True,
        blank=True,
        default=90,
        validators=[MinValueValidator(KEEP_AT_LEAST_DAYS), MaxValueValidator(3650)],
        help_text=_(
            "An account whose application was never submitted is deleted this many "
            "days after its last change. Blank: keep them."
        ),
    )
    keep_closed_days = models.PositiveIntegerField(
        _("keep closed households (days)"),
        null=True,
        blank=True,
        default=365,
        validators=[MinValueValidator(KEEP_AT_LEAST_DAYS), MaxValueValidator(3650)],
        help_text=_(
            "A denied household, or one whose verification ran out with no "
            "enrollment left, is deleted this many days after its denial or "
            "expiry. Blank: keep them."
        ),
    )

    panels = [
        FieldPanel("organization_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("support_hours"),
        FieldPanel("support_hours_es"),
        MultiFieldPanel(
            [
                FieldPanel("verification_period_months"),
                FieldPanel("renewal_window_days"),
                FieldPanel("reminder_days"),
            ],
            heading=_("Renewals"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("keep_documents_days", permission=RETENTION_PERMISSION),
                FieldPanel("keep_drafts_days", permission=RETENTION_PERMISSION),
                FieldPanel("keep_closed_days", permission=RETENTION_PERMISSION),
            ],
            heading=_("Retention"),
            permission=RETENTION_PERMISSION,
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        permissions = [
            ("change_retention", "Can change how long applicants' data is kept")
        ]

    @property
    def localized_support_hours(self):
        """Support hours in the active language (English when no Spanish is set)."""
        return in_active_language(self, "support_hours")

    @property
    def reminder_offsets(self):
        """Reminder days, largest first, e.g. [60, 30, 7]."""
        return sorted(
            {int(day) for day in self.reminder_days.split(",") if day}, reverse=True
        )

    @classmethod
    def current(cls):
        """The default site's settings, for work done outside a request (emails)."""
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site else cls()
