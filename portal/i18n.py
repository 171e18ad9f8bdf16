"""Moving an address between languages.

Django's `translate_url` resolves the path in the *active* language; with English
unprefixed and a Wagtail catch-all route, "/es/apply/" would resolve as an English
page called "es/apply/". These helpers resolve a path in its own language first.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def path_language(url):
    """The language an address is in: its prefix, or the default without one."""
    return (
        translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    )


def translate_path(url, language_code):
    """`url` in `language_code`: the same view, under the other language's prefix."""
    with translation.override(path_language(url)):
        return translate_url(url, language_code)
