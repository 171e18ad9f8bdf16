"""The one hook the applicant and caseworker flows call to tell a household something.

Sends an email in the applicant's preferred language when they have an email address.
The notifications work replaces the body of `send` with the outbox and SMS; callers do
not change.
"""

import logging
from enum import StrEnum

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


class Event(StrEnum):
    WELCOME = "welcome"
    SUBMITTED = "submitted"


def send(household, event):
    """Tell the applicant about an event; a delivery failure never breaks their action."""
    user = household.user
    with translation.override(user.preferred_language or "en"):
        context = {"household": household, "user": user}
        subject = render_to_string(
            f"applications/email/{event}_subject.txt", context
        ).strip()
        body = render_to_string(f"applications/email/{event}.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # noqa: BLE001 - the applicant's action must still succeed
        logger.exception(
            "Could not send the %s email (household %s).", event, household.pk
        )
