"""Document downloads and removals: the only ways a stored document leaves storage."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from wagtail.models import ModelLogEntry

from .. import audit
from ..assistance.access import client_or_404
from ..models import Document
from .access import may_view
from .checklist import reopen_documents_step_if_owed
from .previews import NoSuchPage, render_png

# Inline previews of one document by one person within this window are one entry.
PREVIEW_WINDOW = timedelta(minutes=15)


def record_view(document, user, *, download=False):
    """Staff opening a document is part of the household's audit history, which
    names it. A page that previews a document inline reloads it with every visit, so
    repeated previews by the same person within PREVIEW_WINDOW count on one entry;
    each download is an entry of its own."""
    if user.pk == document.household.user_id:
        return
    now = timezone.now()
    if not download:
        recent = (
            ModelLogEntry.objects.for_instance(document.household)
            .filter(
                action=audit.VIEW_DOCUMENT.name,
                user=user,
                data__document_id=str(document.public_id),
                data__download=False,
                timestamp__gte=now - PREVIEW_WINDOW,
            )
            .order_by("-timestamp")
            .first()
        )
        if recent is not None:
            recent.data["views"] = recent.data.get("views", 1) + 1
            recent.data["last_viewed_at"] = now.isoformat()
            recent.save(update_fields=["data"])
            return
    audit.record(
        document.household,
        audit.VIEW_DOCUMENT,
        user=user,
        document=f"{document.original_name} ({document.get_kind_display()})",
        document_id=str(document.public_id),
        kind=document.kind,
        download=download,
        views=1,
    )


def _private_headers(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _viewable(request, public_id):
    """The document, if the person asking may see it; the same 404 otherwise."""
    document = get_object_or_404(
        Document.objects.select_related("household"), public_id=public_id
    )
    if not may_view(request.user, document):
        raise Http404
    return document


class DocumentDownloadView(LoginRequiredMixin, View):
    """Streams a document to its own household or to staff allowed to see it.

    Anyone else gets the same 404 as for a document that does not exist. A PDF is
    always an attachment (no browser renders it in the portal's origin); staff look
    at documents through DocumentPreviewView's images.
    """

    def get(self, request, public_id):
        document = _viewable(request, public_id)
        download = request.GET.get("download") == "1" or document.is_pdf
        record_view(document, request.user, download=download)
        response = FileResponse(
            document.file.open("rb"),
            content_type=document.content_type,
            as_attachment=download,
            filename=document.original_name,
        )
        return _private_headers(response)


class DocumentPreviewView(LoginRequiredMixin, View):
    """One page of a document as a PNG rendered on the server: what the household
    page shows inline, so a document's own code never reaches a browser."""

    def get(self, request, public_id, page):
        document = _viewable(request, public_id)
        try:
            image = render_png(document, page)
        except NoSuchPage:
            raise Http404 from None
        if page == 1:
            record_view(document, request.user)
        return _private_headers(HttpResponse(image, content_type="image/png"))


class DocumentRemoveView(LoginRequiredMixin, View):
    """Remove one of your own documents before you submit (or, for an assister, one
    of a client's)."""

    def post(self, request, public_id, household_id=None):
        if household_id is None:
            document = get_object_or_404(
                Document, public_id=public_id, household__user=request.user
            )
            documents_url = reverse("applications:documents")
            submitted_url = reverse("applications:dashboard")
        else:
            household = client_or_404(request.user, household_id)
            document = get_object_or_404(
                Document, public_id=public_id, household=household
            )
            documents_url = reverse("assistance:documents", args=[household.pk])
            submitted_url = reverse("assistance:client", args=[household.pk])
        if document.household.is_submitted:
            messages.error(request, _("Submitted documents cannot be removed."))
            return redirect(submitted_url)
        document.delete()
        reopen_documents_step_if_owed(document.household)
        messages.success(request, _("The file was removed."))
        return redirect(documents_url)
