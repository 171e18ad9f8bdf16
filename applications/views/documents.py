"""Document downloads: the only way a stored document ever leaves storage."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from ..models import Document


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentDownloadView(LoginRequiredMixin, View):
    """Streams a document to its own household or to staff allowed to see it.

    Anyone else gets the same 404 as for a document that does not exist.
    """

    def get(self, request, public_id):
        document = get_object_or_404(
            Document.objects.select_related("household"), public_id=public_id
        )
        if not document.can_be_viewed_by(request.user):
            raise Http404
        document.record_view(request.user)
        response = FileResponse(
            document.file.open("rb"),
            content_type=document.content_type,
            as_attachment=request.GET.get("download") == "1",
            filename=document.original_name,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src 'self'"
        )
        response["Referrer-Policy"] = "no-referrer"
        return response
