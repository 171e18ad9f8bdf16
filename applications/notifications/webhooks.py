"""Twilio's webhooks: replies to our texts (STOP, START, HELP) and delivery reports.

Each request must carry Twilio's signature (`X-Twilio-Signature`, an HMAC of the
address Twilio called and the posted fields with the account's auth token); anything
else, or any request while no auth token is configured, is refused before it is read.
Behind a proxy the address Django sees can differ from the public one Twilio signed,
so TWILIO_WEBHOOK_BASE_URL names it. Neither the number nor the text is ever logged.
SendGrid's reports go to django-anymail's own view (portal/urls.py).
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from . import consent, delivery


def public_url(request):
    """The address Twilio called, as it signed it."""
    base = settings.TWILIO_WEBHOOK_BASE_URL
    if base:
        return base.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()


def signed_by_twilio(request):
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(
        public_url(request), request.POST, signature
    )


@csrf_exempt
@require_POST
def incoming(request):
    """A reply to one of our texts: act on its keyword and answer with TwiML."""
    if not signed_by_twilio(request):
        return HttpResponseForbidden()
    text = consent.answer(request.POST.get("From", ""), request.POST.get("Body", ""))
    response = MessagingResponse()
    if text:
        response.message(text)
    return HttpResponse(str(response), content_type="text/xml; charset=utf-8")


@csrf_exempt
@require_POST
def status(request, marker):
    """Twilio's delivery report for the text with this marker (an unknown one is
    answered the same, so Twilio does not retry it)."""
    if not signed_by_twilio(request):
        return HttpResponseForbidden()
    delivery.sms_reported(
        marker, request.POST.get("MessageStatus", ""), request.POST.get("ErrorCode", "")
    )
    return HttpResponse(status=204)
