"""Sign-in glue: where a signed-in person lands."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from portal.i18n import translate_path

from ..steps import resume_url


@login_required
def continue_view(request):
    """After sign-in: staff to the admin, applicants to where they left off.

    The applicant's saved language follows them to this device: they land on the
    page in that language, and the cookie keeps English addresses in it too.
    """
    if request.user.is_staff:
        return redirect("wagtailadmin_home")
    language = request.user.preferred_language
    if language not in dict(settings.LANGUAGES):
        return redirect(resume_url(request.user))
    response = redirect(translate_path(resume_url(request.user), language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
