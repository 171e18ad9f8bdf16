"""Languages: moving an address between them, and reading short texts in them.

Django's `translate_url` resolves the path in the *active* language; with English
unprefixed and a Wagtail catch-all route, "/es/apply/" would resolve as an English
page called "es/apply/". These helpers resolve a path in its own language first.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant


def path_language(url):
    """The language an address is in: its prefix, or the default without one."""
    return (
        translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    )


def translate_path(url, language_code):
    """`url` in `language_code`: the same view, under the other language's prefix."""
    with translation.override(path_language(url)):
        return translate_url(url, language_code)


def default_language_code():
    """The site's default language (English): its pages hold the programs' rules."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language_code():
    """The content language of the active Django language ("en" or "es")."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_language_code()


def in_active_language(obj, field):
    """A short text in the active language: its ``<field>_es`` twin when filled in.

    Used for the few short texts that are not pages (qualifying programs, service
    areas, support hours): a Spanish field beside the English one keeps one row.
    """
    language = active_language_code()
    if language != default_language_code():
        return getattr(obj, f"{field}_{language}", "") or getattr(obj, field)
    return getattr(obj, field)


_locale_codes = {}


def locale_code(locale_id):
    """The language code of a Wagtail locale, by its id, without a query per page.

    A locale's id and language are fixed once it exists (locales are the content
    languages in settings), so the few rows are read once per process and again only
    for an id not seen yet.
    """
    if locale_id not in _locale_codes:
        from wagtail.models import Locale

        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id)


def forget_locales(**kwargs):
    """A locale was saved or deleted (in this process): read them all again."""
    _locale_codes.clear()
