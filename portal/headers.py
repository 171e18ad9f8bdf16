"""Response headers that keep pages from being turned against their readers: the
Content-Security-Policy (django-csp, with a nonce), and `no-store` on every page
that can show personal data, since applicants use library computers."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.utils.cache import patch_cache_control

ADMIN_PREFIX = "/admin/"

# The Wagtail admin runs inline scripts and styles of its own (and previews pages in
# a same-origin frame), so it gets a policy it works under: still same-origin only.
ADMIN_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


class PortalCSPMiddleware(CSPMiddleware):
    """settings.CONTENT_SECURITY_POLICY everywhere; ADMIN_POLICY's directives instead
    under the Wagtail admin. A nonce in the admin would switch 'unsafe-inline' off,
    so the admin's pages never ask for one."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_POLICY, **(parts.replace or {})}
            parts.nonce = None
        return parts


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` for every signed-in page, every admin page and every
    answer to a POST (a screener's results hold the visitor's answers), so the next
    person at a shared computer cannot bring them back from the cache or history."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or request.path_info.startswith(ADMIN_PREFIX)
            or request.method == "POST"
        ):
            patch_cache_control(
                response, no_store=True, no_cache=True, private=True, max_age=0
            )
        return response
