"""SMS senders: Twilio when configured, the console otherwise, memory in tests."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

logger = logging.getLogger(__name__)


class ConsoleSmsSender:
    """Development: print the message instead of sending it (never used in production)."""

    def send(self, to, body, marker=""):
        print(f"SMS to {to}:\n{body}\n", flush=True)  # noqa: T201 - the console is the sink
        return "console"


class TwilioSmsSender:
    """Production: Twilio's REST API with the account in settings."""

    def __init__(self):
        # A call that hangs must end well inside the outbox lease, or a second sender
        # could take the row while this one may still deliver it.
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=settings.PROVIDER_TIMEOUT_SECONDS),
        )

    def send(self, to, body, marker=""):
        extra = {}
        if settings.TWILIO_STATUS_CALLBACK_URL and marker:
            # Twilio reports delivery to this URL; the marker matches it to the row.
            extra["status_callback"] = (
                f"{settings.TWILIO_STATUS_CALLBACK_URL.rstrip('/')}/{marker}/"
            )
        message = self.client.messages.create(
            to=to, from_=settings.TWILIO_FROM_NUMBER, body=body, **extra
        )
        return message.sid


class MemorySmsSender:
    """Tests: keep messages in `outbox`, like Django's locmem email backend."""

    outbox = []

    def send(self, to, body, marker=""):
        self.outbox.append({"to": to, "body": body, "marker": marker})
        return f"memory-{len(self.outbox)}"


def get_sms_sender():
    return import_string(settings.SMS_BACKEND)()


GSM_CHARACTERS = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRS"
    "TUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")


def sms_segments(text):
    """How many SMS segments a message takes (GSM-7 or, failing that, UCS-2)."""
    if all(char in GSM_CHARACTERS or char in GSM_EXTENDED for char in text):
        length = sum(2 if char in GSM_EXTENDED else 1 for char in text)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if length <= single:
        return 1
    return -(-length // multi)
