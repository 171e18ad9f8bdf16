"""Template context every page may need."""

from django.conf import settings


def single_sign_on(request):
    """Whether staff can sign in through the city's identity provider."""
    return {"single_sign_on": bool(settings.OIDC_RP_CLIENT_ID)}
