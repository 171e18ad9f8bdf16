"""Optional single sign-on for staff through the city's identity provider (OpenID
Connect: Entra ID, Okta, Keycloak, ...), with mozilla-django-oidc, switched on by
setting OIDC_RP_CLIENT_ID and the provider's endpoints (settings/base.py).

Only existing, active staff accounts sign in this way, matched by email; nobody is
created from the provider's claims (an administrator adds staff). The provider's
own sign-in carries the city's second factor, so such a session is not asked for the
portal's (portal.second_factor). Applicants never use it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .second_factor import SSO_SESSION_KEY

BACKEND_PATH = "portal.single_sign_on.StaffSingleSignOnBackend"


class StaffSingleSignOnBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        return (
            bool(claims.get("email"))
            and claims.get("email_verified", True) is not False
        )

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            email__iexact=email, is_staff=True, is_active=True
        )

    def create_user(self, claims):
        return None  # staff are added by an administrator, never from claims


@receiver(user_logged_in)
def remember_single_sign_on(sender, request, user, **kwargs):
    if request is not None and getattr(user, "backend", "") == BACKEND_PATH:
        request.session[SSO_SESSION_KEY] = True
