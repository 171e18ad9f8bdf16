"""Template tags for pages that exist in several languages."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page

from portal.i18n import locale_code, translate_path

register = template.Library()


def content_language(page):
    """The language `page`'s words are in: an alias shows its original's words.

    Any translatable object will do (a news item too), not only a page.
    """
    source = page.alias_of if getattr(page, "alias_of_id", None) else page
    return locale_code(source.locale_id)


@register.simple_tag
def content_lang(page):
    """` lang="en"` where a page's (or a snippet's) words are not in the language of
    the page around them.

    A Spanish page can show an English program that has no translation yet; screen
    readers then read it with English pronunciation (WCAG 3.1.2).
    """
    if page is None:
        return ""
    language = content_language(page)
    if language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """This page's address in `language_code`, for the language switch.

    A Wagtail page goes to its translation, which may have its own slug, or, if it
    has none yet, to its nearest ancestor that has one; any other page (the wizard,
    the dashboard) to the same path under the other language's prefix.
    """
    request = context["request"]
    cache = request.__dict__.setdefault("_translated_urls", {})
    if language_code not in cache:
        cache[language_code] = _translated_url(
            request, context.get("page"), language_code
        )
    return cache[language_code]


def lineage_translations(request, page):
    """The live pages, in every language, that are `page` or one of its ancestors or
    a translation of them, nearest first: one query a request, which the language
    switch and the alternate addresses (home.templatetags.seo) share.

    The page and its ancestors are found by their tree paths (Page.steplen characters
    a level); a translated tree mirrors its original level by level.
    """
    cache = request.__dict__.setdefault("_lineage_translations", {})
    if page.pk not in cache:
        steps = Page.steplen
        lineage = [page.path[:end] for end in range(steps, len(page.path) + 1, steps)]
        cache[page.pk] = list(
            Page.objects.live()
            .filter(
                translation_key__in=Page.objects.filter(path__in=lineage).values(
                    "translation_key"
                ),
            )
            .order_by("-depth")
        )
    return cache[page.pk]


def _translated_url(request, page, language_code):
    if isinstance(page, Page):
        query = request.GET.urlencode()
        with translation.override(language_code):
            for translated in lineage_translations(request, page):
                if locale_code(translated.locale_id) != language_code:
                    continue
                url = translated.get_url(request)
                if url:
                    return f"{url}?{query}" if query else url
    return translate_path(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def localized_slugurl(context, slug):
    """The address of the English page with this slug, or of its translation.

    Wagtail's `slugurl` picks any page with the slug, and a translation may have
    its own. One query: the English page and its translations together.
    """
    english = Page.objects.filter(
        slug=slug, locale__language_code=settings.LANGUAGE_CODE
    ).values("translation_key")[:1]
    pages = {
        page.locale.language_code: page
        for page in Page.objects.live()
        .filter(translation_key__in=english)
        .select_related("locale")
    }
    page = pages.get(translation.get_language()) or pages.get(settings.LANGUAGE_CODE)
    return page.get_url(context.get("request")) if page else ""


@register.simple_tag
def home_url():
    """The home page in the active language ("/" or "/es/")."""
    return reverse("wagtail_serve", args=("",))
