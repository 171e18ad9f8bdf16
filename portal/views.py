"""Project-wide views."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.translation import check_for_language
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import User


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
    """Django's set_language, which also keeps a signed-in person's choice.

    The cookie that Django sets applies to this browser; ``preferred_language`` is
    the account's, which messages and later visits can follow.
    """
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in User.Language.values
        and check_for_language(language)
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
