"""Project-wide middleware."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation

from .i18n import translate_path


class LanguagePreferenceMiddleware:
    """Send a visitor who chose another language to the page in that language.

    English pages have no prefix, so an English address (a bookmark, a link on a
    poster) would otherwise ignore the choice made with the language switch or kept
    on the account (the language cookie). Only safe GETs of pages that exist per
    language move; the admin and the health check have one address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method in ("GET", "HEAD")
            and wanted
            and wanted != settings.LANGUAGE_CODE
            and translation.check_for_language(wanted)
            and not translation.get_language_from_path(request.path_info)
        ):
            target = translate_path(request.get_full_path(), wanted)
            if target != request.get_full_path():
                return HttpResponseRedirect(target)
        return self.get_response(request)
