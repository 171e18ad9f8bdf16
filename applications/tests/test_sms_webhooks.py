"""Twilio's incoming-message webhook: only signed requests, STOP/START/HELP honoured
in the applicant's language, and nothing texted to a number that said STOP."""

import logging

import pytest
from django.utils import translation
from django.utils.html import escape
from twilio.request_validator import RequestValidator
from wagtail.models import ModelLogEntry

from applications import audit
from applications.models import Household, Notification, SmsOptOut
from applications.notifications import Event, consent, notify
from applications.notifications.outbox import channels_for, send_now
from applications.notifications.senders import MemorySmsSender
from applications.tests.conftest import make_applicant
from applications.wizard.forms import ContactForm

pytestmark = pytest.mark.django_db

TOKEN = "test-twilio-auth-token"
NUMBER = "+19702216600"
INCOMING = "/sms/twilio/incoming/"


@pytest.fixture(autouse=True)
def twilio(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_WEBHOOK_BASE_URL = ""
    MemorySmsSender.outbox.clear()
    yield
    MemorySmsSender.outbox.clear()


def texter(email="ana@example.com", *, language="en", number=NUMBER):
    user = make_applicant(
        email,
        phone_number=number,
        contact_by_sms=True,
        preferred_language=language,
    )
    return Household.objects.create(user=user)


def signature(url, params, token=TOKEN):
    return RequestValidator(token).compute_signature(url, params)


def text_in(client, body, number=NUMBER, *, sign=True, url=None):
    """Post a reply as Twilio does, signed for the address Twilio called."""
    params = {"From": number, "To": "+19705550199", "Body": body, "MessageSid": "SM1"}
    headers = {}
    if sign:
        headers["X-Twilio-Signature"] = signature(
            url or f"http://testserver{INCOMING}", params
        )
    return client.post(INCOMING, params, headers=headers)


def reply_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return response.content.decode()


def test_stop_turns_texts_off_and_confirms_in_spanish_for_a_spanish_applicant(
    demo_content, client
):
    household = texter(language="es")

    response = text_in(client, "  stop ")

    body = reply_of(response)
    assert "City of Fairview" in body and "START" in body
    with translation.override("es"):
        assert escape(consent.reply(consent.Keyword.STOP)) in body
    household.user.refresh_from_db()
    assert household.user.contact_by_sms is False
    assert SmsOptOut.objects.filter(phone_number=NUMBER, keyword="STOP").exists()
    entry = ModelLogEntry.objects.for_instance(household).get()
    assert entry.action == audit.SMS_OPTED_OUT.name
    assert NUMBER not in str(entry.data)


def test_a_text_queued_before_stop_is_never_sent(demo_content, client, settings):
    household = texter()
    # Queued for the worker, which has not run yet when STOP arrives.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    notify(household, Event.SUBMITTED, key="1")
    sms = Notification.objects.get(channel=Notification.Channel.SMS)

    text_in(client, "STOP")
    send_now(sms.pk)

    assert MemorySmsSender.outbox == []
    sms.refresh_from_db()
    assert sms.status == Notification.Status.OPTED_OUT
    assert sms.get_status_display() == "Not sent: opted out"
    # Email still goes; a later event makes no text at all.
    notify(household, Event.VERIFIED, key="1")
    assert not Notification.objects.filter(
        channel=Notification.Channel.SMS, event=Event.VERIFIED
    ).exists()


def test_an_opted_out_number_gets_no_text_even_with_consent_ticked(demo_content):
    household = texter()
    SmsOptOut.objects.create(phone_number=NUMBER, keyword="STOP")

    assert [channel for channel, _ in channels_for(household.user, "submitted")] == [
        Notification.Channel.EMAIL
    ]
    form = ContactForm(
        {
            "first_name": "Ana",
            "last_name": "López",
            "phone_number": "(970) 221-6600",
            "preferred_language": "en",
            "contact_by_email": "on",
            "contact_by_sms": "on",
        },
        instance=household.user,
    )
    assert not form.is_valid()
    assert "START" in form.errors["contact_by_sms"][0]


def test_stop_applies_to_every_household_with_the_number(demo_content, client):
    first = texter("ana@example.com")
    second = texter("luis@example.com")

    text_in(client, "Unsubscribe")

    for household in (first, second):
        household.user.refresh_from_db()
        assert household.user.contact_by_sms is False
        assert ModelLogEntry.objects.for_instance(household).count() == 1


def test_start_restores_texts(demo_content, client):
    household = texter()
    text_in(client, "STOP")

    body = reply_of(text_in(client, "start"))

    assert "City of Fairview" in body and "again" in body
    household.user.refresh_from_db()
    assert household.user.contact_by_sms is True
    assert not SmsOptOut.objects.exists()
    actions = set(
        ModelLogEntry.objects.for_instance(household).values_list("action", flat=True)
    )
    assert actions == {audit.SMS_OPTED_OUT.name, audit.SMS_OPTED_IN.name}
    notify(household, Event.SUBMITTED, key="1")
    assert [sms["to"] for sms in MemorySmsSender.outbox] == [NUMBER]


def test_help_answers_with_the_support_contact(demo_content, client):
    texter()

    body = reply_of(text_in(client, "HELP"))

    assert "(970) 555-0100" in body and "getyour@example.com" in body
    assert "City of Fairview" in body


def test_ayuda_is_answered_in_spanish_from_an_unknown_number(demo_content, client):
    body = reply_of(text_in(client, "Ayuda", number="+19705550123"))

    assert "De lunes a viernes" in body and "getyour@example.com" in body


def test_help_for_a_spanish_applicant_is_in_spanish(demo_content, client):
    texter(language="es")

    body = reply_of(text_in(client, "HELP"))

    assert "De lunes a viernes" in body
    with translation.override("es"):
        assert escape(consent.reply(consent.Keyword.HELP)) in body


def test_any_other_reply_says_where_a_person_reads_messages(demo_content, client):
    household = texter()

    body = reply_of(text_in(client, "Stop texting me at night please"))

    assert "does not read replies" in body and "(970) 555-0100" in body
    household.user.refresh_from_db()
    assert household.user.contact_by_sms is True  # not a keyword on its own


def test_forged_signature_is_refused_and_changes_nothing(demo_content, client):
    household = texter()
    params = {"From": NUMBER, "Body": "STOP"}

    response = client.post(
        INCOMING,
        params,
        headers={
            "X-Twilio-Signature": signature(
                f"http://testserver{INCOMING}", params, token="not-the-token"
            )
        },
    )

    assert response.status_code == 403
    household.user.refresh_from_db()
    assert household.user.contact_by_sms is True
    assert not SmsOptOut.objects.exists()


def test_a_signature_for_other_fields_is_refused(demo_content, client):
    texter()
    signed = signature(f"http://testserver{INCOMING}", {"From": NUMBER, "Body": "HI"})

    response = client.post(
        INCOMING,
        {"From": NUMBER, "Body": "STOP"},
        headers={"X-Twilio-Signature": signed},
    )

    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()


def test_missing_signature_is_refused(demo_content, client):
    texter()

    assert text_in(client, "STOP", sign=False).status_code == 403
    assert not SmsOptOut.objects.exists()


def test_everything_is_refused_while_no_auth_token_is_configured(
    demo_content, client, settings
):
    texter()
    settings.TWILIO_AUTH_TOKEN = ""

    assert text_in(client, "STOP").status_code == 403
    assert not SmsOptOut.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get(INCOMING).status_code == 405


def test_the_public_address_is_what_twilio_signed_behind_a_proxy(
    demo_content, client, settings
):
    household = texter()
    settings.TWILIO_WEBHOOK_BASE_URL = "https://portal.example.gov/"

    response = text_in(client, "STOP", url=f"https://portal.example.gov{INCOMING}")

    assert response.status_code == 200
    household.user.refresh_from_db()
    assert household.user.contact_by_sms is False
    # Signed for the address Django sees (not Twilio's): refused.
    assert text_in(client, "START").status_code == 403


def test_no_number_or_text_in_the_logs(demo_content, client, caplog):
    texter()
    caplog.set_level(logging.DEBUG)

    for body in ["STOP", "START", "HELP", "My case number is 4471"]:
        text_in(client, body)

    logged = "\n".join(
        f"{record.getMessage()} {record.args}" for record in caplog.records
    )
    assert "2216600" not in logged
    assert "4471" not in logged
