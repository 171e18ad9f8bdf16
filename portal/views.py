"""Project-wide views."""

import json
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .i18n import translate_path
from .models import User

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and the container: does the database answer?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def set_language(request):
    """Switch language and land on the same page in it; keep a signed-in person's choice.

    Like Django's `set_language` (cookie, safe `next`), but the address is moved to
    the other language with `portal.i18n.translate_path`, which reads the language
    from the address itself. The cookie applies to this browser, and a link (GET)
    may set it: anonymous pages switch language by a link, so they carry no CSRF
    token and can be cached. ``preferred_language`` is the account's, which messages
    and later sign-ins follow; only a posted form (with its CSRF token) changes it.
    """
    data = request.POST if request.method == "POST" else request.GET
    next_url = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    language = data.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if request.method not in ("GET", "POST") or not (
        language and check_for_language(language)
    ):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(translate_path(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in User.Language.values
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


@csrf_exempt
@require_POST
def csp_report(request):
    """Browsers' reports of what the Content-Security-Policy blocked (when CSP_REPORTS
    is on): the directive and the blocked origin are logged, never the page's address
    or a sample of its text."""
    try:
        report = json.loads(request.body[:10_000] or b"{}").get("csp-report", {})
    except (ValueError, AttributeError):
        report = {}
    blocked = str(report.get("blocked-uri", ""))
    origin = urlsplit(blocked).netloc or blocked.split(":")[0][:20]
    logger.warning(
        "CSP blocked %s from %s",
        str(report.get("effective-directive") or report.get("violated-directive", ""))[
            :40
        ],
        origin[:100] or "inline",
    )
    return HttpResponse(status=204)
