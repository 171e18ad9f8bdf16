"""Document downloads and removals: the only ways a stored document leaves storage."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from .. import audit
from ..models import Document
from .checklist import reopen_documents_step_if_owed


def record_view(document, user):
    """Staff opening a document is part of the household's audit history."""
    if user.pk != document.household.user_id:
        audit.record(
            document.household,
            audit.VIEW_DOCUMENT,
            user=user,
            document=str(document.public_id),
            kind=document.kind,
        )


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
        record_view(document, request.user)
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


class DocumentRemoveView(LoginRequiredMixin, View):
    """Remove one of your own documents before you submit."""

    def post(self, request, public_id):
        document = get_object_or_404(
            Document, public_id=public_id, household__user=request.user
        )
        if document.household.is_submitted:
            messages.error(request, _("Submitted documents cannot be removed."))
            return redirect("applications:dashboard")
        document.delete()
        reopen_documents_step_if_owed(document.household)
        messages.success(request, _("The file was removed."))
        return redirect("applications:documents")
