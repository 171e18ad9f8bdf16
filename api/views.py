"""The partner API's endpoints: read-only, each answering for the key's program only.

Every answer carries personal data or says who a key belongs to, so none is kept
by a browser, a proxy or the portal's own page cache (`private, no-store`, and
`Vary: Authorization` for any cache that would not listen), and each answer to a valid
key is logged as one of its uses.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from applications.models import ProgramApplication
from home.models import SiteSettings

from .authentication import ApiKeyAuthentication, HasApiKey
from .filters import EnrollmentFilter
from .pagination import EnrollmentCursorPagination
from .selectors import enrollments
from .serializers import EnrollmentSerializer, ProgramSerializer
from .throttling import PerKeyRateThrottle


class PartnerView(generics.GenericAPIView):
    """A key, and nothing else, lets a request in: no session, so no CSRF either."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [PerKeyRateThrottle]
    renderer_classes = [JSONRenderer]
    api_key = None

    def perform_authentication(self, request):
        super().perform_authentication(request)
        self.api_key = request.auth

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True, max_age=0)
        patch_vary_headers(response, ["Authorization"])
        if self.api_key is not None:
            self.api_key.record_use(request.path, response.status_code)
        return response


REFUSALS = {
    401: OpenApiResponse(
        description="No key, or an unknown, malformed, expired or revoked one."
    ),
    429: OpenApiResponse(
        description="Over the key's rate limit; Retry-After says when to try again."
    ),
}


@extend_schema(
    responses={
        200: EnrollmentSerializer,
        400: OpenApiResponse(description="updated_since is not a date and time."),
        **REFUSALS,
    }
)
class EnrollmentListView(PartnerView, generics.ListAPIView):
    """Verified households' enrollments in the key's program (withdrawn ones left
    out), oldest change first; follow `next` until it is null."""

    serializer_class = EnrollmentSerializer
    pagination_class = EnrollmentCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = EnrollmentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's dry run
            return ProgramApplication.objects.none()
        return enrollments(self.request.auth.program)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "site_settings": SiteSettings.current(),
        }


@extend_schema(responses={200: ProgramSerializer, **REFUSALS})
class ProgramView(PartnerView, generics.RetrieveAPIView):
    """The program the key reads: a partner's check that its key works."""

    serializer_class = ProgramSerializer

    def get_object(self):
        return self.request.auth.program


class SchemaView(SpectacularAPIView):
    """The OpenAPI description, open to anyone: it holds no personal data and no
    secret, and a vendor builds its client from it before it has a key."""

    authentication_classes = []
    permission_classes = [AllowAny]
