"""Delivery reports: Twilio's status callbacks and SendGrid's event webhook (through
django-anymail) mark each message delivered, delayed, bounced or failed, and flag a
bad address or number for staff until it works again or is changed."""

import base64
import json
import logging
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from twilio.request_validator import RequestValidator

from applications.models import Household, Notification
from applications.notifications import Event, notify
from applications.notifications.senders import MemorySmsSender
from applications.tests.conftest import make_applicant, make_household
from applications.wizard.forms import ContactForm

pytestmark = [
    pytest.mark.django_db,
    # Anymail still ships SendGrid's webhook, and says it no longer supports it.
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning"),
]

TOKEN = "test-twilio-auth-token"
NUMBER = "+19702216600"
TRACKING = "/anymail/sendgrid/tracking/"
SECRET = "sendgrid:test-webhook-secret"  # settings/test.py


@pytest.fixture(autouse=True)
def twilio(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_WEBHOOK_BASE_URL = ""
    MemorySmsSender.outbox.clear()
    yield
    MemorySmsSender.outbox.clear()


@pytest.fixture
def household(demo_content):
    user = make_applicant("ana@example.com", phone_number=NUMBER, contact_by_sms=True)
    household = make_household(user, submit=True)
    notify(household, Event.VERIFIED, key="1")
    return household


def message(household, channel):
    return household.notifications.get(event=Event.VERIFIED, channel=channel)


def twilio_reports(client, notification, status, error_code=""):
    path = f"/sms/twilio/status/{notification.marker}/"
    params = {"MessageSid": "SM1", "MessageStatus": status, "To": NUMBER}
    if error_code:
        params["ErrorCode"] = error_code
    signature = RequestValidator(TOKEN).compute_signature(
        f"http://testserver{path}", params
    )
    return client.post(path, params, headers={"X-Twilio-Signature": signature})


def sendgrid_event(notification, event, when=None, **fields):
    """One event as SendGrid's event webhook posts it, with the custom argument
    Anymail sent as metadata."""
    when = when or timezone.now()
    return {
        "email": notification.recipient,
        "timestamp": int(when.timestamp()),
        "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
        "event": event,
        "category": [],
        "sg_event_id": uuid.uuid4().hex,
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        "portal_message": str(notification.marker),
        **fields,
    }


def sendgrid_posts(client, events, auth=SECRET):
    headers = {}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(
        TRACKING, json.dumps(events), content_type="application/json", headers=headers
    )


def test_twilio_delivered_and_failed_update_the_text_and_flag_the_number(
    household, client
):
    sms = message(household, Notification.Channel.SMS)

    assert twilio_reports(client, sms, "sent").status_code == 204
    sms.refresh_from_db()
    assert sms.delivery_status == ""

    assert twilio_reports(client, sms, "undelivered", "30003").status_code == 204
    sms.refresh_from_db()
    household.refresh_from_db()
    assert sms.delivery_status == Notification.Delivery.FAILED
    assert sms.delivery_error == "Twilio error 30003"
    assert household.sms_failed_at is not None

    twilio_reports(client, sms, "delivered")
    sms.refresh_from_db()
    household.refresh_from_db()
    assert sms.delivery_status == Notification.Delivery.DELIVERED
    assert sms.delivery_error == ""
    assert household.sms_failed_at is None


def test_a_forged_twilio_status_callback_changes_nothing(household, client):
    sms = message(household, Notification.Channel.SMS)
    path = f"/sms/twilio/status/{sms.marker}/"

    forged = client.post(
        path,
        {"MessageStatus": "failed"},
        headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
    )
    unsigned = client.post(path, {"MessageStatus": "failed"})

    assert forged.status_code == 403 and unsigned.status_code == 403
    sms.refresh_from_db()
    household.refresh_from_db()
    assert sms.delivery_status == "" and household.sms_failed_at is None


def test_an_unknown_marker_is_answered_quietly_and_a_non_marker_is_not_found(
    household, client
):
    stranger = Notification(marker=uuid.uuid4())

    assert twilio_reports(client, stranger, "delivered").status_code == 204
    assert client.post("/sms/twilio/status/not-a-marker/").status_code == 404
    assert not Notification.objects.exclude(delivery_status="").exists()


def test_sendgrid_bounce_marks_the_email_and_flags_the_household(
    household, client, caseworker
):
    email = message(household, Notification.Channel.EMAIL)

    response = sendgrid_posts(
        client,
        [
            sendgrid_event(email, "processed"),
            sendgrid_event(
                email,
                "bounce",
                reason="550 5.1.1 <ana@example.com>: Recipient address rejected",
                status="5.1.1",
                type="bounce",
            ),
        ],
    )

    assert response.status_code == 200
    email.refresh_from_db()
    household.refresh_from_db()
    assert email.delivery_status == Notification.Delivery.BOUNCED
    assert "ana@example.com" not in email.delivery_error
    assert "5.1.1" in email.delivery_error
    assert household.email_bounced_at is not None

    client.force_login(caseworker)
    page = client.get(f"/admin/households/{household.pk}/history/").content.decode()
    assert "Bounced" in page and "ana@example.com" not in page.split("<main")[-1]
    inspect = client.get(f"/admin/applications/household/inspect/{household.pk}/")
    assert "Email bounced on" in inspect.content.decode()
    queue = client.get("/admin/applications/household/").content.decode()
    assert "Email bounced" in queue


def test_sendgrid_events_without_the_webhook_secret_are_refused(household, client):
    email = message(household, Notification.Channel.EMAIL)
    events = [sendgrid_event(email, "bounce", reason="550 unknown user")]

    missing = sendgrid_posts(client, events, auth=None)
    wrong = sendgrid_posts(client, events, auth="sendgrid:guessed")

    assert missing.status_code == 400 and wrong.status_code == 400
    email.refresh_from_db()
    household.refresh_from_db()
    assert email.delivery_status == "" and household.email_bounced_at is None


def test_the_newest_sendgrid_report_wins_whatever_order_they_arrive_in(
    household, client
):
    email = message(household, Notification.Channel.EMAIL)
    now = timezone.now()

    sendgrid_posts(client, [sendgrid_event(email, "delivered", when=now)])
    sendgrid_posts(
        client,
        [sendgrid_event(email, "deferred", when=now - timedelta(minutes=5))],
    )

    email.refresh_from_db()
    assert email.delivery_status == Notification.Delivery.DELIVERED

    sendgrid_posts(
        client,
        [sendgrid_event(email, "bounce", when=now + timedelta(minutes=1))],
    )
    email.refresh_from_db()
    household.refresh_from_db()
    assert email.delivery_status == Notification.Delivery.BOUNCED
    assert household.email_bounced_at is not None


def test_dropped_and_deferred_emails(household, client):
    email = message(household, Notification.Channel.EMAIL)
    now = timezone.now()

    sendgrid_posts(client, [sendgrid_event(email, "deferred", when=now)])
    email.refresh_from_db()
    household.refresh_from_db()
    assert email.delivery_status == Notification.Delivery.DEFERRED
    assert household.email_bounced_at is None

    sendgrid_posts(
        client,
        [
            sendgrid_event(
                email,
                "dropped",
                when=now + timedelta(minutes=1),
                reason="Bounced Address",
            )
        ],
    )
    email.refresh_from_db()
    household.refresh_from_db()
    assert email.delivery_status == Notification.Delivery.FAILED
    assert household.email_bounced_at is not None


def test_a_later_delivered_email_clears_the_flag(household, client):
    email = message(household, Notification.Channel.EMAIL)
    now = timezone.now()
    sendgrid_posts(client, [sendgrid_event(email, "bounce", when=now)])
    notify(household, Event.ENROLLED, key="1", program="Grocery Tax Rebate")
    later = household.notifications.get(
        event=Event.ENROLLED, channel=Notification.Channel.EMAIL
    )

    sendgrid_posts(
        client, [sendgrid_event(later, "delivered", when=now + timedelta(hours=1))]
    )

    household.refresh_from_db()
    assert household.email_bounced_at is None


def test_an_event_is_matched_by_message_id_without_metadata(household, client):
    email = message(household, Notification.Channel.EMAIL)
    email.provider_message_id = "a0ad1ee2-8e1a-4f58-9c7a-6d0e6a5c5a11"
    email.save(update_fields=["provider_message_id"])
    event = sendgrid_event(email, "bounce", anymail_id=email.provider_message_id)
    del event["portal_message"]

    sendgrid_posts(client, [event])

    email.refresh_from_db()
    assert email.delivery_status == Notification.Delivery.BOUNCED


def test_events_for_messages_we_do_not_know_are_harmless(household, client):
    stranger = Notification(marker=uuid.uuid4(), recipient="someone@example.com")

    response = sendgrid_posts(
        client,
        [
            sendgrid_event(stranger, "bounce"),
            {**sendgrid_event(stranger, "delivered"), "portal_message": "garbage"},
            sendgrid_event(stranger, "open"),
        ],
    )

    assert response.status_code == 200
    assert not Notification.objects.exclude(delivery_status="").exists()


def test_changing_the_number_clears_the_flag(household, client):
    sms = message(household, Notification.Channel.SMS)
    twilio_reports(client, sms, "failed", "30005")
    household.refresh_from_db()
    assert household.sms_failed_at is not None

    form = ContactForm(
        {
            "first_name": "Ana",
            "last_name": "López",
            "phone_number": "(970) 555-0142",
            "preferred_language": "en",
            "contact_by_email": "on",
            "contact_by_sms": "on",
        },
        instance=household.user,
    )
    assert form.is_valid(), form.errors
    form.save()

    household.refresh_from_db()
    assert household.sms_failed_at is None


def test_a_report_for_an_old_number_raises_no_flag(household, client):
    sms = message(household, Notification.Channel.SMS)
    household.user.phone_number = "+19705550142"
    household.user.save()

    twilio_reports(client, sms, "failed", "30003")

    sms.refresh_from_db()
    household.refresh_from_db()
    assert sms.delivery_status == Notification.Delivery.FAILED
    assert household.sms_failed_at is None


def test_no_address_or_number_in_the_logs(household, client, caplog):
    caplog.set_level(logging.DEBUG)
    email = message(household, Notification.Channel.EMAIL)
    sms = message(household, Notification.Channel.SMS)

    twilio_reports(client, sms, "failed", "30003")
    sendgrid_posts(client, [sendgrid_event(email, "bounce", reason="550 no mailbox")])

    logged = "\n".join(
        f"{record.getMessage()} {record.args}" for record in caplog.records
    )
    assert "2216600" not in logged and "ana@example.com" not in logged


def test_verification_staff_see_each_messages_delivery(household, client, caseworker):
    sms = message(household, Notification.Channel.SMS)
    twilio_reports(client, sms, "delivered")
    client.force_login(caseworker)

    page = client.get(f"/admin/households/{household.pk}/history/").content.decode()

    assert "Delivery" in page and "Delivered" in page
    assert Household.objects.get(pk=household.pk).sms_failed_at is None
