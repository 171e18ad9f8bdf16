"""The applicant's verification card (page, print, PDF) and its public check page."""

import segno
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from portal.pdf import render_pdf
from programs.models import with_translations

from ..dashboard.views import HouseholdRequiredMixin
from .cards import card_for, check_code


def check_url(card):
    """The check page's full address, in the language the card was made in."""
    path = reverse("applications:card_check", args=[card.code])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def qr_svg(url):
    """The QR code as inline SVG (drawn into the page and the PDF; nothing fetched)."""
    return segno.make(url, error="m").svg_inline(
        scale=4, title=_("QR code to check this card"), omitsize=True
    )


def card_context(card):
    with_translations(line.program for line in card.lines)
    url = check_url(card)
    return {"card": card, "check_url": url, "qr": qr_svg(url)}


class CardMixin(HouseholdRequiredMixin):
    """The signed-in applicant's own card; none yet: back to the dashboard."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            household = getattr(request.user, "household", None)
            self.card = card_for(household) if household is not None else None
            if self.card is None:
                messages.info(
                    request, _("You have no current enrollment to show on a card.")
                )
                return redirect("applications:dashboard")
        return super().dispatch(request, *args, **kwargs)


class CardView(CardMixin, TemplateView):
    template_name = "applications/card.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **card_context(self.card)}


class CardPdfView(CardMixin, View):
    def get(self, request):
        html = render_to_string(
            "applications/card_pdf.html",
            {**card_context(self.card), "printed_on": timezone.localdate()},
            request=request,
        )
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="verification-card.pdf"'
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


class CheckView(TemplateView):
    """Public: what anyone holding a card's code may know, rate-limited per address
    (portal.throttling), never cached, never indexed."""

    template_name = "applications/card_check.html"

    def get_context_data(self, **kwargs):
        check = check_code(self.kwargs["code"])
        with_translations(line.program for line in check.lines)
        return {
            **super().get_context_data(**kwargs),
            "check": check,
            "checked_at": timezone.localtime(),
        }

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
