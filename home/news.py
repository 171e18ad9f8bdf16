"""News items communications staff publish: short notices on the home page and on
applicants' dashboards, each shown from its start date to its end date.

A snippet, not a page: a news item has no address of its own and no place in the
page tree; it is a few lines shown on other pages. Its dates are its publishing:
it shows from the morning of its start date to the evening of its end date.
Spanish items are translations of English ones (simple_translation's "Translate"),
as pages are.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, TranslatableMixin

from portal.i18n import active_language_code, default_language_code
from portal.page_cache import remember_until_content_changes
from programs.models import in_default_language

# How many items a page shows at most, newest first, and how many of today's are
# read to choose them from (the household's programs' first).
NEWS_SHOWN = 5
NEWS_KEPT = 100


class NewsItemQuerySet(models.QuerySet):
    def shown_on(self, day):
        """Items whose window includes `day` (the end date included)."""
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day
        )

    def in_language(self, language, fallback):
        """Items in `language`, and those in `fallback` with no translation shown.

        As with pages, an English item not yet translated appears on Spanish pages in
        English; call after `shown_on`, so a Spanish translation outside its own
        window leaves the English item in its place.
        """
        mine = Q(locale__language_code=language)
        if language == fallback:
            return self.filter(mine)
        translated = self.filter(mine, translation_key=OuterRef("translation_key"))
        return self.filter(
            mine | Q(locale__language_code=fallback) & ~Exists(translated)
        )


class NewsItem(TranslatableMixin, models.Model):
    """A short notice with an optional link and program, shown between two dates."""

    title = models.CharField(_("title"), max_length=120)
    text = models.CharField(
        _("text"),
        max_length=300,
        help_text=_("Plain text, at most 300 characters."),
    )
    link_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("link to a page"),
    )
    link_url = models.URLField(
        _("or link to an address"),
        blank=True,
        help_text=_("Leave both links empty to link the program's page, if any."),
    )
    program = models.ForeignKey(
        "programs.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=in_default_language,
        verbose_name=_("program"),
        help_text=_(
            "Applicants who applied to or are enrolled in it see this item first."
        ),
    )
    start_date = models.DateField(_("show from"), default=timezone.localdate)
    end_date = models.DateField(
        _("show until"),
        null=True,
        blank=True,
        help_text=_("Shown on this day too. Leave empty to show it until removed."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("text", widget=forms.Textarea(attrs={"rows": 3})),
        MultiFieldPanel(
            [FieldPanel("link_page"), FieldPanel("link_url")], heading=_("Link")
        ),
        FieldPanel("program"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    objects = NewsItemQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["-start_date", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first.")
        if self.link_page_id and self.link_url:
            errors["link_url"] = _("Choose a page or an address, not both.")
        if errors:
            raise ValidationError(errors)


def current_news(request=None, *, programs_first=(), limit=NEWS_SHOWN):
    """The news shown today in the active language, newest first, with the items
    about `programs_first` (program ids) before the rest.

    Each item is given `href` (its link, its program's page, or "") and
    `program_page` (its program's page in the active language, or None). Today's
    items in each language are kept in the shared cache until content next changes
    (saving or deleting an item is such a change), so a page pays one cache read.
    """
    language = active_language_code()
    today = timezone.localdate()
    items = remember_until_content_changes(
        f"news:{language}:{today.isoformat()}",
        lambda: _news_on(today, language, request),
    )
    if programs_first:
        own = set(programs_first)
        # A stable sort: newest first within the household's programs and the rest.
        items = sorted(items, key=lambda item: item.program_id not in own)
    return items[:limit]


def _news_on(day, language, request):
    items = list(
        NewsItem.objects.shown_on(day)
        .in_language(language, default_language_code())
        .select_related("locale", "link_page__locale", "program__locale")[:NEWS_KEPT]
    )
    translated = _pages_in(
        language,
        [page for item in items for page in (item.link_page, item.program) if page],
    )
    for item in items:
        program = translated.get(item.program_id, item.program)
        item.program_page = program if program is not None and program.live else None
        item.href = (
            item.link_url
            or _page_url(translated.get(item.link_page_id, item.link_page), request)
            or _page_url(item.program_page, request)
        )
    return items


def _pages_in(language, pages):
    """{page id: its live translation in `language`} for the pages not in it."""
    others = {
        page.translation_key: page.pk
        for page in pages
        if page.locale.language_code != language
    }
    if not others:
        return {}
    found = Page.objects.live().filter(
        locale__language_code=language, translation_key__in=others
    )
    return {
        others[page.translation_key]: page for page in found.select_related("locale")
    }


def _page_url(page, request):
    if page is None or not page.live:
        return ""
    return page.get_url(request) or ""
