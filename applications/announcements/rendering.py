"""What a recipient of an announcement reads: the context each outbox message keeps,
and the announcement rendered by the outbox's own templates and `render`, for the
preview and the form's length check."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from ..models import Announcement, Household, Notification
from ..notifications import Event
from ..notifications.outbox import render
from ..notifications.senders import sms_segments

TEMPLATE = f"notifications/{Event.ANNOUNCEMENT}"
# Twilio refuses a text message longer than this (ten segments at most).
SMS_MAX_CHARACTERS = 1600


def message_context(announcement, language, program_title):
    """What the outbox keeps with each message (JSON, on every row): the words in
    the recipient's language, the program's name in it and which announcement it
    is; nothing about the household, which the row already points at."""
    subject, body = announcement.message_in(language)
    return {
        "announcement": announcement.pk,
        "program": program_title,
        "invited": announcement.audience == Announcement.Audience.ELIGIBLE,
        "subject": subject,
        "body": body,
    }


@dataclass(frozen=True)
class Preview:
    language: str
    subject: str
    text: str
    html: str
    sms: str

    @property
    def sms_segments(self):
        return sms_segments(self.sms)


def preview(announcement, language, program=None):
    """The email and text message a recipient in `language` gets, as the outbox
    renders them, addressed to a sample reader."""
    program = program or announcement.program
    context = message_context(announcement, language, program.title_in(language))
    with translation.override(language):
        reader = get_user_model()(first_name=gettext("[first name]"))
    email = render(_unsaved(reader, language, Notification.Channel.EMAIL, context))
    sms = render(_unsaved(reader, language, Notification.Channel.SMS, context))
    return Preview(
        language, email["subject"], email["body"], email["html"], sms["body"]
    )


def _unsaved(reader, language, channel, context):
    """A message as `notify` would write it, never saved."""
    return Notification(
        household=Household(user=reader),
        channel=channel,
        template=TEMPLATE,
        language=language,
        context=context,
    )
