"""Sign-up and password reset never say whether an email already has an account; the
existing account's owner is emailed instead."""

import re

import pytest
from django.core import mail

from applications.models import Household
from applications.tests.conftest import PASSWORD, follow_sign_up_link, make_applicant

pytestmark = pytest.mark.django_db


def sign_up(client, email, first_name="Ana"):
    return client.post(
        "/apply/account/",
        {
            "first_name": first_name,
            "last_name": "López",
            "email": email,
            "preferred_language": "en",
            "contact_by_email": "on",
            "password1": "another-horse-battery-staple",
            "password2": "another-horse-battery-staple",
            "action": "continue",
        },
        follow=True,
    )


def page_text(response):
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_sign_up_reads_the_same_for_a_new_and_an_existing_email(client, demo_content):
    make_applicant("taken@example.com", preferred_language="es")
    taken = sign_up(client, "taken@example.com")
    client.cookies.clear()
    fresh = sign_up(client, "fresh@example.com")

    assert taken.status_code == fresh.status_code == 200
    assert taken.redirect_chain[-1][0] == fresh.redirect_chain[-1][0]
    assert page_text(taken).replace("taken@", "X@") == page_text(fresh).replace(
        "fresh@", "X@"
    )
    assert "already" not in page_text(taken)


def test_the_existing_accounts_owner_is_emailed_in_their_language(client, demo_content):
    owner = make_applicant("taken@example.com", preferred_language="es")
    sign_up(client, "TAKEN@example.com", first_name="Mallory")
    [message] = mail.outbox
    assert message.to == ["taken@example.com"]
    assert "crear una cuenta" in message.body.lower()
    assert "/es/accounts/login/" in message.body
    # Nothing changed on the account, and no second one exists.
    owner.refresh_from_db()
    assert owner.first_name == "Ana" and owner.check_password(PASSWORD)
    assert not Household.objects.filter(user__first_name="Mallory").exists()


def test_a_new_account_goes_on_only_through_the_emailed_link(client, demo_content):
    sign_up(client, "fresh@example.com")
    assert "_auth_user_id" not in client.session
    assert "Your account is ready" in mail.outbox[-1].subject
    follow_sign_up_link(client)
    assert client.get("/apply/address/").status_code == 200


def test_the_link_works_once(client, demo_content):
    sign_up(client, "fresh@example.com")
    follow_sign_up_link(client)
    client.logout()
    [url] = re.findall(r"/accounts/confirm/\S+/", mail.outbox[-1].body)
    page = client.get(url)
    assert "This link no longer works" in page.content.decode()
    client.post(url)
    assert "_auth_user_id" not in client.session


def test_opening_the_link_does_not_spend_it(client, demo_content):
    """Mail scanners open links; only the button signs in."""
    sign_up(client, "fresh@example.com")
    [url] = re.findall(r"/accounts/confirm/\S+/", mail.outbox[-1].body)
    for _ in range(3):
        assert "Continue my application" in client.get(url).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_forged_link_does_nothing(client, demo_content):
    user = make_applicant("fresh@example.com")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    client.post(f"/accounts/confirm/{uid}/abc-123/")
    client.post("/accounts/confirm/!!/abc-123/")
    assert "_auth_user_id" not in client.session


def test_password_reset_reads_the_same_for_a_missing_account(client, db):
    make_applicant("ana@example.com")
    known = client.post(
        "/accounts/password_reset/", {"email": "ana@example.com"}, follow=True
    )
    unknown = client.post(
        "/accounts/password_reset/", {"email": "nobody@example.com"}, follow=True
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert page_text(known) == page_text(unknown)
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]


def test_pressing_the_button_twice_goes_on_both_times(client, demo_content):
    sign_up(client, "fresh@example.com")
    [url] = re.findall(r"/accounts/confirm/\S+/", mail.outbox[-1].body)
    first = client.post(url)
    second = client.post(url)
    assert first["Location"] == second["Location"] == "/accounts/continue/"
