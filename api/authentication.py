"""Who is asking: a partner system, by the key in `Authorization: Bearer <key>`.

Only that header is read. A key in the address would be written to access logs,
proxies' logs and browser histories, so `?key=` is never looked at; nor is a
session or a CSRF token, as no partner signs in. A key is no account: the request
stays anonymous, and the key (with its program) is `request.auth`. Refusals are in
English, as everything under /api/ is (its addresses carry no language).
"""

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions, permissions

from portal import throttling

from .models import KEY_FORMAT, ApiKey

# Refused keys from one address (portal.throttling): a guesser or a misconfigured
# client is slowed down, as sign-in is.
REFUSED_KEYS = throttling.limit_named("api-keys")

MALFORMED = (
    "Malformed API key: send it as “Authorization: Bearer gyp_<prefix>_<secret>”."
)
UNKNOWN = "Unknown API key."
REVOKED = "This API key was revoked; ask the city for a new one."
EXPIRED = "This API key has expired; ask the city for a new one."


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None  # no key: 401 "credentials were not provided"
        if len(words) != 2:
            refuse(request, MALFORMED)
        try:
            text = words[1].decode("ascii")
        except UnicodeDecodeError:
            refuse(request, MALFORMED)
        if not KEY_FORMAT.fullmatch(text):
            refuse(request, MALFORMED)
        key = ApiKey.objects.for_text(text)
        if key is None:
            refuse(request, UNKNOWN)
        # Said only to the holder of the secret: a guess learns nothing from it.
        if key.is_revoked:
            refuse(request, REVOKED)
        if key.is_expired:
            refuse(request, EXPIRED)
        return AnonymousUser(), key

    def authenticate_header(self, request):
        """Makes a refusal a 401 with `WWW-Authenticate`, not a 403."""
        return f'{self.keyword} realm="api"'


def refuse(request, message):
    """401 with the reason, or 429 once this address has had too many refusals."""
    if throttling.hit(REFUSED_KEYS, request):
        raise exceptions.Throttled(wait=REFUSED_KEYS.window.total_seconds())
    raise exceptions.AuthenticationFailed(message)


class HasApiKey(permissions.BasePermission):
    """A valid key was sent (the key's program then scopes every query)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)
