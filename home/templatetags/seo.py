"""What search engines and link previews read in a page's head, in one place: the
title, the description, the canonical and alternate addresses, Open Graph and the
Twitter card, and `noindex` on pages that are not public.

Absolute addresses start from settings.PORTAL_BASE_URL (the public address email
links use), never from the request's Host header, which the visitor chooses.
"""

import html
import re

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.i18n import locale_code, translate_path
from portal.templatetags.portal_i18n import lineage_translations

from ..models import SiteSettings

register = template.Library()

# Search results show about this much of a description.
DESCRIPTION_LENGTH = 160
# Where a page says what it is about when its editor wrote no search description,
# in order (a program's summary, the home page's hero text, an introduction).
DESCRIBING_FIELDS = ("summary", "hero_text", "intro")
# Public views that are not Wagtail pages; every other view (the wizard's steps, the
# dashboard, signing in) is private and kept out of search results.
INDEXED_VIEWS = {"applications:screener", "applications:start"}
# Open Graph names a locale with its territory; the portal serves a US city.
OPEN_GRAPH_LOCALES = {"en": "en_US", "es": "es_US"}


@register.tag
def page_head(parser, token):
    """`{% page_head %}{% block title %}…{% endblock %}{% end_page_head %}`: the
    `<title>` with the organization's name, and the tags for search engines and link
    previews, which repeat the title."""
    nodelist = parser.parse(("end_page_head",))
    parser.delete_first_token()
    return PageHeadNode(nodelist)


class PageHeadNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        title = _plain(self.nodelist.render(context))
        head = context.template.engine.get_template("includes/page_head.html")
        return head.render(context.new(page_head_context(context, title)))


def page_head_context(context, title):
    """The head's values: a Wagtail page's own, or the view's (`page` is not a page)."""
    request = context["request"]
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    language = translation.get_language()
    # An editor's preview of a draft is never for search engines.
    previewing = getattr(request, "is_preview", False)
    indexed = not previewing and (
        page is not None or _view_name(request) in INDEXED_VIEWS
    )
    site_name = SiteSettings.for_request(request).organization_name
    alternates = _alternates(request, page) if indexed else {}
    if page is None or previewing:
        path = escape_uri_path(request.path)
    else:
        path = _page_path(page, request)
    return {
        "title": title or site_name,
        "site_name": site_name,
        "description": description(page, site_name),
        "indexed": indexed,
        "canonical": _absolute(path),
        "alternates": alternates,
        "x_default": alternates.get(settings.LANGUAGE_CODE),
        "locale": _open_graph_locale(language),
        "other_locales": [
            _open_graph_locale(code)
            for code, _name in settings.LANGUAGES
            if code != language
        ],
    }


def description(page, site_name):
    """The page's search description, else what describes it (its summary, hero
    text or introduction), else a sentence about the portal; plain and short."""
    for field in ("search_description", *DESCRIBING_FIELDS):
        text = _plain(str(getattr(page, field, "") or ""))
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return _(
        "Apply once for every income-qualified program %(organization)s offers, and "
        "see which ones your household may qualify for."
    ) % {"organization": site_name}


def _plain(markup):
    """Text without tags or entities, on one line."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(markup))).strip()


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def _absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _page_path(page, request):
    parts = page.get_url_parts(request)
    return parts[2] if parts and parts[2] else escape_uri_path(request.path)


def _alternates(request, page):
    """{language: absolute address} of this page in each language it exists in (a
    Wagtail page's live translations, read with the language switch's), or of the
    same view under each language's prefix."""
    if page is None:
        return {
            code: _absolute(escape_uri_path(translate_path(request.path, code)))
            for code, _name in settings.LANGUAGES
        }
    if not page.live:
        return {}
    found = {}
    for translated in lineage_translations(request, page):
        if translated.translation_key != page.translation_key:
            continue
        code = locale_code(translated.locale_id)
        with translation.override(code):
            parts = translated.get_url_parts(request)
        if parts and parts[2]:
            found[code] = _absolute(parts[2])
    return {code: found[code] for code, _name in settings.LANGUAGES if code in found}


def _open_graph_locale(language):
    return OPEN_GRAPH_LOCALES.get(language) or translation.to_locale(language)
