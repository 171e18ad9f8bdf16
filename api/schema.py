"""The partner API's OpenAPI description (drf-spectacular): its Bearer keys, and
only its own endpoints (Wagtail's admin API is DRF too, and no partner's business)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

API_PREFIX = "/api/v1/"


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "gyp_<prefix>_<secret>",
            "description": (
                "The key the city issued for your program, in the Authorization "
                "header (never in the address). An unknown, expired or revoked "
                "key is answered 401."
            ),
        }


def only_partner_endpoints(endpoints):
    """A PREPROCESSING_HOOK: the /api/v1/ endpoints, none of the admin's."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
