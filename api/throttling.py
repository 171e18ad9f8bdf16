"""The partner API's rate limit: settings.PARTNER_API_RATE requests per key, counted
in the shared cache so every web process sees the same count; over it, 429 with
`Retry-After`."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


class PerKeyRateThrottle(SimpleRateThrottle):
    scope = "partner_api"

    def get_rate(self):
        # Read on each request (DRF's THROTTLE_RATES is read once, at import).
        return settings.PARTNER_API_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
