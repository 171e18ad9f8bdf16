"""Consent to text messages, held by phone number: the keywords carriers require
(STOP, START, HELP, in English and Spanish) and the opt-outs they leave.

A number that texts a stop word gets nothing more from the outbox until it texts a
start word, whatever an account's `contact_by_sms` says: the carriers hold the
opt-out for the number, and several accounts can share one.

Replies are answered with TwiML by `webhooks.incoming`. When Twilio's own opt-out
handling is on for the messaging service (the default, or Advanced Opt-Out), Twilio
answers STOP itself and then drops anything sent to that number, ours included; when
the service leaves keywords to us, our reply is the confirmation carriers require.
Either way the opt-out is recorded here, as the outbox must not even try.
"""

import logging
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from home.models import SiteSettings

from .. import audit
from ..models import Household, SmsOptOut

logger = logging.getLogger(__name__)


class Keyword(StrEnum):
    STOP = "stop"
    START = "start"
    HELP = "help"


# Twilio's default keywords and their Spanish counterparts; a reply
# is a keyword only when it is the whole message.
KEYWORDS = {
    **dict.fromkeys(
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"], Keyword.STOP
    ),
    **dict.fromkeys(["PARAR", "ALTO"], Keyword.STOP),
    **dict.fromkeys(["START", "UNSTOP", "YES"], Keyword.START),
    **dict.fromkeys(["COMENZAR"], Keyword.START),
    **dict.fromkeys(["HELP", "INFO"], Keyword.HELP),
    **dict.fromkeys(["AYUDA"], Keyword.HELP),
}
SPANISH_KEYWORDS = {"PARAR", "ALTO", "COMENZAR", "AYUDA"}


def keyword_of(body):
    """The keyword a reply is ("Stop", " stop. " and "STOP" alike), or None.

    Punctuation around the word is ignored, so "Stop." still stops: honouring a
    request to stop is the side to err on."""
    word = body.strip().strip(".!¡¿?,;:'\"").strip().upper()
    return word if word in KEYWORDS else None


def normalized(number):
    """The number in E.164 (as accounts and the outbox store it), or "" if invalid."""
    phone = PhoneNumber.from_string(number) if number else None
    return str(phone) if phone and phone.is_valid() else ""


def is_opted_out(number):
    return bool(number) and SmsOptOut.objects.filter(phone_number=number).exists()


def accounts_with(number):
    return get_user_model().objects.filter(phone_number=number)


def answer(number, body):
    """Act on a reply to our texts and return what to text back ("" for nothing).

    Stop and start words change consent for the number and every account with it;
    help, and anything else, is answered with how to reach a person."""
    number = normalized(number)
    if not number:
        return ""
    word = keyword_of(body)
    kind = KEYWORDS.get(word)
    if kind == Keyword.STOP:
        opt_out(number, word)
    elif kind == Keyword.START:
        opt_in(number, word)
    language = reply_language(number, word)
    with translation.override(language):
        return reply(kind)


def opt_out(number, word):
    """Record the opt-out and turn texts off for every account with the number, each
    in its household's history. Safe to repeat."""
    with transaction.atomic():
        SmsOptOut.objects.update_or_create(
            phone_number=number, defaults={"keyword": word}
        )
        accounts = accounts_with(number)
        changed = list(
            accounts.filter(contact_by_sms=True).values_list("pk", flat=True)
        )
        accounts.filter(pk__in=changed).update(contact_by_sms=False)
        for household in Household.objects.filter(user__in=changed):
            audit.record(household, audit.SMS_OPTED_OUT, keyword=word)
    logger.info("SMS opt-out (%s) for %s account(s).", word, len(changed))


def opt_in(number, word):
    """Remove the opt-out and turn texts back on for every account with the number:
    its holder asked for them. Safe to repeat."""
    with transaction.atomic():
        SmsOptOut.objects.filter(phone_number=number).delete()
        accounts = accounts_with(number)
        changed = list(
            accounts.filter(contact_by_sms=False).values_list("pk", flat=True)
        )
        accounts.filter(pk__in=changed).update(contact_by_sms=True)
        for household in Household.objects.filter(user__in=changed):
            audit.record(household, audit.SMS_OPTED_IN, keyword=word)
    logger.info("SMS opt-in (%s) for %s account(s).", word, len(changed))


def reply_language(number, word):
    """Spanish for a Spanish keyword; otherwise the language of the newest account
    with the number (English when there is none)."""
    if word in SPANISH_KEYWORDS:
        return "es"
    account = accounts_with(number).order_by("-date_joined", "-pk").first()
    return account.preferred_language if account else "en"


def reply(kind):
    """The text back, in the active language, naming the organization."""
    site = SiteSettings.current()
    organization = site.organization_name
    if kind == Keyword.STOP:
        return _(
            "%(organization)s: you will get no more text messages from us. "
            "Reply START to get them again."
        ) % {"organization": organization}
    if kind == Keyword.START:
        return _(
            "%(organization)s: you will get text messages about your application "
            "again. Message and data rates may apply. Reply HELP for help, STOP to "
            "stop."
        ) % {"organization": organization}
    contact = {
        "organization": organization,
        "phone": site.contact_phone,
        "email": site.contact_email,
        "hours": site.localized_support_hours,
    }
    if kind == Keyword.HELP:
        if site.contact_phone:
            return (
                _(
                    "%(organization)s: for help, call %(phone)s (%(hours)s) or email "
                    "%(email)s. Reply STOP to stop text messages."
                )
                % contact
            )
        return (
            _(
                "%(organization)s: for help, email %(email)s. Reply STOP to stop text "
                "messages."
            )
            % contact
        )
    # Anything else: nobody reads replies, so say where a person does.
    if site.contact_phone:
        return (
            _(
                "%(organization)s: this number does not read replies. For help, call "
                "%(phone)s or email %(email)s."
            )
            % contact
        )
    return (
        _(
            "%(organization)s: this number does not read replies. For help, email "
            "%(email)s."
        )
        % contact
    )
