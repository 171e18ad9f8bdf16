"""Notifications: the right message per event, channel and language; never lost,
never doubled; failures visible and resendable."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from applications import state_machine
from applications.documents.storage import add_documents
from applications.models import Household, Notification
from applications.notifications import Event, notify, sweep
from applications.notifications.outbox import MAX_ATTEMPTS, send_now
from applications.notifications.senders import MemorySmsSender, sms_segments
from applications.tests.conftest import make_applicant
from applications.wizard.services import submit
from portal import roles

pytestmark = pytest.mark.django_db

CONTEXT = {
    "message": "A recent utility bill.",
    "reason": "The ID has expired.",
    "program": "Grocery Tax Rebate",
    "renews_on": "2027-11-25",
    "expires_on": "2027-11-25",
    "claim_url": "https://portal.example.org/accounts/claim/token/",
    "partner": "Central Library",
    "days": 14,
}


class BrokenEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionError("SMTP relay unreachable")


class BrokenSmsSender:
    def send(self, to, body, marker=""):
        raise ConnectionError(f"Twilio 503 while sending to {to}")


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    MemorySmsSender.outbox.clear()
    yield
    MemorySmsSender.outbox.clear()


def household_for(email="ana@example.com", *, sms=True, email_ok=True, language="en"):
    user = make_applicant(
        email,
        phone_number="+19702216600" if sms else "",
        contact_by_sms=sms,
        contact_by_email=email_ok,
        preferred_language=language,
    )
    return Household.objects.create(user=user)


@pytest.mark.parametrize("event", list(Event))
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_event_sends_email_and_sms_in_the_applicants_language(
    demo_content, event, language
):
    household = household_for(language=language)

    created = notify(household, event, key="1", **CONTEXT)

    assert {n.channel for n in created} == {"email", "sms"}
    assert all(n.status == Notification.Status.SENT for n in Notification.objects.all())
    [email] = mail.outbox
    [sms] = MemorySmsSender.outbox
    assert email.to == ["ana@example.com"]
    html = email.alternatives[0][0]
    assert email.alternatives[0][1] == "text/html"
    assert "City of Fairview" in email.body and "City of Fairview" in html
    assert "getyour@example.com" in email.body  # contact details from site settings
    assert sms["to"] == "+19702216600"
    assert sms["body"].startswith("City of Fairview:")
    assert sms_segments(sms["body"]) <= 2
    if event in {
        Event.ENROLLED,
        Event.NOT_ENROLLED,
        Event.RENEWAL_REMINDER,
        Event.RENEWAL_EXPIRED,
    }:
        assert "Grocery Tax Rebate" in email.subject + email.body
    if event in {Event.DENIED, Event.NOT_ENROLLED}:
        assert "The ID has expired." in email.body
    if event == Event.INFO_REQUESTED:
        assert "A recent utility bill." in email.body
    greeting = {"en": "Hello Ana,", "es": "Hola, Ana:"}[language]
    assert email.body.startswith(greeting)


def test_spanish_and_english_messages_differ(demo_content):
    english = household_for("en@example.com", language="en")
    spanish = household_for("es@example.com", language="es")
    notify(english, Event.SUBMITTED, key="1")
    notify(spanish, Event.SUBMITTED, key="1")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["en@example.com"] == "We received your application"
    assert subjects["es@example.com"] != subjects["en@example.com"]


def test_sms_only_with_consent_and_email_always_for_account_matters(demo_content):
    household = household_for(sms=False, email_ok=False)

    notify(household, Event.WELCOME)
    notify(household, Event.SUBMITTED, key="1")

    assert [m.subject for m in mail.outbox] == ["Your account is ready"]
    assert MemorySmsSender.outbox == []
    assert not Notification.objects.filter(channel="sms").exists()


def test_same_event_and_key_never_make_a_second_message(demo_content):
    household = household_for()
    notify(household, Event.VERIFIED, key="2026-11-25")
    notify(household, Event.VERIFIED, key="2026-11-25")
    assert len(mail.outbox) == 1 and len(MemorySmsSender.outbox) == 1
    assert Notification.objects.count() == 2


def test_running_the_send_task_twice_sends_once(demo_content):
    household = household_for(sms=False)
    [notification] = notify(household, Event.SUBMITTED, key="1")
    send_now(notification.pk)
    send_now(notification.pk, force=True)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1


def test_provider_outage_loses_nothing_and_sends_each_message_once(
    demo_content, settings
):
    settings.EMAIL_BACKEND = "applications.tests.test_notifications.BrokenEmailBackend"
    settings.SMS_BACKEND = "applications.tests.test_notifications.BrokenSmsSender"
    households = [household_for(f"person{n}@example.com") for n in range(100)]

    for household in households:
        submit(household)

    assert Household.objects.filter(review_status="submitted").count() == 100
    queued = Notification.objects.filter(event="submitted")
    assert queued.count() == 200
    assert set(queued.values_list("status", flat=True)) == {"queued"}
    assert all(n.attempts == 1 and n.last_error for n in queued)
    assert not any(
        "+1970" in n.last_error for n in queued
    )  # no phone numbers in errors

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "applications.notifications.senders.MemorySmsSender"
    later = timezone.now() + dt.timedelta(hours=1)
    sweep(now=later)
    sweep(now=later + dt.timedelta(hours=1))  # a second sweep sends nothing

    assert set(queued.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        h.user.email for h in households
    )
    assert len(MemorySmsSender.outbox) == 100


def test_retries_back_off_then_stay_failed(demo_content, settings):
    settings.EMAIL_BACKEND = "applications.tests.test_notifications.BrokenEmailBackend"
    household = household_for(sms=False)
    [notification] = notify(household, Event.SUBMITTED, key="1")
    waits = []
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        notification.refresh_from_db()
        if notification.status != "queued":
            break
        waits.append(notification.next_attempt_at - now)
        now = notification.next_attempt_at
        sweep(now=now)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert waits == sorted(waits) and waits[0] < waits[-1]


def test_failed_messages_show_in_the_households_history_and_can_be_resent(
    demo_content, settings, client
):
    settings.EMAIL_BACKEND = "applications.tests.test_notifications.BrokenEmailBackend"
    household = household_for(sms=False)
    submit(household)
    notification = Notification.objects.get(household=household)
    notification.status = Notification.Status.FAILED
    notification.save()
    caseworker = make_applicant("casey@example.com", is_staff=True)
    caseworker.groups.add(Group.objects.get(name=roles.VERIFICATION_STAFF))
    client.force_login(caseworker)

    page = client.get(f"/admin/households/{household.pk}/history/")
    assert "Messages to the applicant" in page.content.decode()
    assert "SMTP relay unreachable" in page.content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(f"/admin/notifications/{notification.pk}/resend/")
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_staff_actions_send_their_messages(demo_content):
    from applications.tests.conftest import make_household
    from programs.models import QualifyingProgram

    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(qualifying=[snap], submit=True)
    caseworker = make_applicant("casey@example.com", is_staff=True)
    request = state_machine.request_information(
        household, caseworker, "Your lease, please."
    )
    add_documents(household, [], kind="requested", information_request=request)
    state_machine.deny(household, caseworker, "No response in 30 days.")
    events = list(
        Notification.objects.filter(household=household)
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == ["submitted", "info_requested", "denied"]


@pytest.mark.parametrize(
    "text,segments", [("a" * 160, 1), ("a" * 161, 2), ("á" * 70, 1), ("á" * 71, 2)]
)
def test_sms_segment_counting(text, segments):
    assert sms_segments(text) == segments


def queued_row(household, key):
    """An outbox row as notify() writes it, before any sender has touched it."""
    return Notification.objects.create(
        household=household,
        event="submitted",
        channel="email",
        recipient=household.user.email,
        template="notifications/submitted",
        language="en",
        context=CONTEXT,
        idempotency_key=key,
    )


def test_a_row_whose_send_task_failed_before_its_first_attempt_is_swept(
    demo_content,
):
    """A task that died before it claimed the row ("database is locked") leaves it
    queued, 0 attempts and no retry time: the sweep sends it."""
    household = household_for(sms=False)
    notification = queued_row(household, "stranded")
    assert notification.attempts == 0 and notification.next_attempt_at is None

    sweep()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_a_sender_killed_mid_send_leaves_a_lease_the_sweep_takes_over(demo_content):
    household = household_for(sms=False)
    notification = queued_row(household, "killed")
    # What a killed sender leaves: claimed, one attempt counted, nothing recorded after.
    from applications.notifications.outbox import claim

    assert claim(notification.pk) is not None
    sweep()
    assert mail.outbox == []  # the lease still runs: its sender may yet finish

    later = timezone.now() + dt.timedelta(seconds=601)
    sweep(now=later)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1


def test_two_senders_claim_a_row_once(demo_content):
    from applications.notifications.outbox import claim

    household = household_for(sms=False)
    notification = queued_row(household, "raced")
    assert claim(notification.pk) is not None
    assert claim(notification.pk) is None
    assert claim(notification.pk, force=True) is None


def test_each_message_carries_its_marker_to_the_provider(demo_content):
    household = household_for(sms=True)
    email, sms = sorted(
        notify(household, Event.SUBMITTED, key="1"), key=lambda n: n.channel
    )
    [message] = mail.outbox
    assert message.metadata == {"portal_message": str(email.marker)}
    assert message.extra_headers["X-Portal-Message"] == str(email.marker)
    assert MemorySmsSender.outbox[0]["marker"] == str(sms.marker)
    assert email.marker != sms.marker


def test_staff_can_resend_a_queued_message_that_never_went(
    demo_content, settings, client
):
    household = household_for(sms=False)
    notification = queued_row(household, "stuck")
    caseworker = make_applicant("casey@example.com", is_staff=True)
    caseworker.groups.add(Group.objects.get(name=roles.VERIFICATION_STAFF))
    client.force_login(caseworker)

    page = client.get(f"/admin/households/{household.pk}/history/")
    assert f"/admin/notifications/{notification.pk}/resend/" in page.content.decode()
    client.post(f"/admin/notifications/{notification.pk}/resend/")

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_a_message_a_sender_holds_cannot_be_resent(demo_content, client):
    from applications.notifications.outbox import claim, resend

    household = household_for(sms=False)
    notification = queued_row(household, "held")
    claim(notification.pk)
    notification.refresh_from_db()
    assert not notification.can_resend
    assert resend(notification, None) is False
    assert mail.outbox == []


def test_provider_calls_give_up_well_inside_the_lease(settings):
    from applications.notifications.senders import TwilioSmsSender

    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC" + "0" * 32, "token"
    sender = TwilioSmsSender()
    assert sender.client.http_client.timeout == settings.PROVIDER_TIMEOUT_SECONDS
    assert settings.PROVIDER_TIMEOUT_SECONDS * 10 <= settings.NOTIFICATION_LEASE_SECONDS
