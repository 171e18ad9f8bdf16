"""Handing over: the resident takes the account over by an invitation link, and can
withdraw the organization's access."""

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.models import Household, Notification
from applications.notifications.senders import MemorySmsSender
from applications.tests.assisting import make_assister, new_client_data

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-new-passphrase-9"


@pytest.fixture
def assister(demo_content):
    return make_assister("ari@library.example.org", "Central Library")


@pytest.fixture
def sms(settings):
    MemorySmsSender.outbox.clear()
    settings.SMS_BACKEND = "applications.notifications.senders.MemorySmsSender"
    return MemorySmsSender.outbox


def make_client(client, assister, **changes):
    client.force_login(assister)
    client.post("/assist/clients/new/", new_client_data(uuid.uuid4(), **changes))
    return Household.objects.get(assisted_by=assister)


def invite(client, household):
    return client.post(
        f"/assist/clients/{household.pk}/invite/", {"request_token": str(uuid.uuid4())}
    )


def claim_path(text):
    return re.search(r"https?://[^/\s]+(/(?:es/)?accounts/claim/[^/\s]+/)", text)[1]


def test_a_client_without_email_claims_by_text_message_and_sees_the_dashboard(
    client, assister, sms
):
    household = make_client(
        client, assister, phone_number="(970) 555-0199", contact_by_sms="on"
    )
    invite(client, household)

    # The text, and a letter with the same link for the desk to print.
    assert {n.channel for n in household.notifications.filter(event="invitation")} == {
        Notification.Channel.SMS,
        Notification.Channel.LETTER,
    }
    [(number, body)] = [(message["to"], message["body"]) for message in sms]
    assert number == "+19705550199"
    path = claim_path(body)
    assert path.startswith("/es/")  # in the resident's language
    client.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert (
        "email" in page.context["form"].fields
    )  # the account has none to sign in with
    response = client.post(
        path,
        {"email": "Rosa@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.claimed_at is not None
    user = household.user
    assert user.email == "rosa@example.com" and user.check_password(PASSWORD)
    assert ModelLogEntry.objects.filter(
        action="applications.account_claimed", user=user
    ).exists()
    # Signed in, in their language, where the application stands (a draft: on).
    onwards = client.get(response["Location"], follow=True)
    assert onwards.redirect_chain[-1][0] == "/es/apply/address/"
    assert client.get("/es/dashboard/").context["household"] == household

    # The link works once.
    client.logout()
    again = client.get(path)
    assert again.context["valid"] is False
    assert (
        client.post(
            path,
            {"email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD},
        ).status_code
        == 200
    )
    user.refresh_from_db()
    assert user.email == "rosa@example.com"
    # And the resident signs in with what they chose.
    assert client.login(email="rosa@example.com", password=PASSWORD)


def test_a_client_with_email_is_invited_by_email_and_keeps_it(client, assister):
    household = make_client(client, assister, email="rosa@example.com")
    mail.outbox.clear()
    invite(client, household)

    [message] = mail.outbox
    assert message.to == ["rosa@example.com"]
    path = claim_path(message.body)
    client.logout()
    form = client.get(path).context["form"]
    assert "email" not in form.fields
    client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    household.refresh_from_db()
    assert household.claimed_at and household.user.check_password(PASSWORD)


def test_an_invitation_sent_twice_by_a_double_click_is_one_message(client, assister):
    household = make_client(client, assister, email="rosa@example.com")
    token = str(uuid.uuid4())
    for _ in range(2):
        client.post(f"/assist/clients/{household.pk}/invite/", {"request_token": token})

    assert household.notifications.filter(event="invitation").count() == 1


def test_an_invitation_expires(client, assister, settings):
    household = make_client(client, assister)
    invite(client, household)
    letter = household.notifications.get(event="invitation")
    assert letter.channel == Notification.Channel.LETTER
    path = claim_path(letter.context["claim_url"])
    client.logout()

    later = timezone.now() + dt.timedelta(days=settings.CLIENT_INVITATION_DAYS, hours=1)
    with time_machine.travel(later):
        page = client.get(path)
    assert page.context["valid"] is False
    assert (
        "This link no longer works" in page.content.decode()
        or page.context["valid"] is False
    )


def test_a_tampered_invitation_is_refused(client, assister):
    household = make_client(client, assister)
    invite(client, household)
    path = claim_path(
        household.notifications.get(event="invitation").context["claim_url"]
    )
    client.logout()

    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert client.get(tampered).context["valid"] is False
    response = client.post(
        tampered,
        {"email": "eve@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    household.refresh_from_db()
    assert household.claimed_at is None and household.user.email is None


def test_the_resident_withdraws_the_organizations_access(client, assister, caseworker):
    household = make_client(client, assister, email="rosa@example.com")
    client.force_login(household.user)

    page = client.get("/dashboard/settings/").content.decode()
    assert "Central Library helped you apply" in page
    client.post("/dashboard/settings/assistance/")

    household.refresh_from_db()
    assert household.partner is None and household.access_withdrawn_at
    entry = ModelLogEntry.objects.get(action="applications.assistance_withdrawn")
    assert entry.data["organization"] == "Central Library"
    assert entry.user_id == household.user_id
    # Neither the organization nor staff at a desk act for them now.
    for person in [assister, caseworker]:
        client.force_login(person)
        assert client.get(f"/assist/clients/{household.pk}/").status_code == 404
        assert (
            client.get(f"/assist/clients/{household.pk}/apply/address/").status_code
            == 404
        )
    # Staff still review it in the queue.
    assert client.get(
        f"/admin/applications/household/inspect/{household.pk}/"
    ).status_code in (200, 302)


def test_the_claim_sent_twice_by_a_double_click_signs_in_once(client, assister):
    household = make_client(client, assister, email="rosa@example.com")
    invite(client, household)
    path = claim_path(mail.outbox[-1].body)
    client.logout()
    data = {"password1": PASSWORD, "password2": PASSWORD}

    first = client.post(path, data)
    second = client.post(path, data)

    assert first["Location"] == second["Location"] == "/es/accounts/continue/"
    assert (
        ModelLogEntry.objects.filter(action="applications.account_claimed").count() == 1
    )
