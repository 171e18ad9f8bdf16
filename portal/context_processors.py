"""Template context every page may need."""

from django.conf import settings


def single_sign_on(request):
    """Whether staff can sign in through the city's identity provider."""
    return {"single_sign_on": bool(settings.OIDC_RP_CLIENT_ID)}


def environment_banner(request):
    """The name of a test or staging site (empty in production), for its banner."""
    return {"environment_banner": settings.PORTAL_ENVIRONMENT_BANNER}
