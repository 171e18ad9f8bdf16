"""Sign-in glue: where a signed-in person lands."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from ..steps import resume_url


@login_required
def continue_view(request):
    """After sign-in: staff to the admin, applicants to where they left off."""
    if request.user.is_staff:
        return redirect("wagtailadmin_home")
    response = redirect(resume_url(request.user))
    # The applicant's saved language follows them to this device.
    language = request.user.preferred_language
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
