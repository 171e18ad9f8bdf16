"""The user model: email login, E.164 phone numbers, language and contact choices."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_case_insensitive():
    User = get_user_model()
    User.objects.create_user(
        email="Ana.Lopez@Example.com", password="a-long-passphrase"
    )
    assert User.USERNAME_FIELD == "email"
    assert authenticate(username="ana.lopez@example.com", password="a-long-passphrase")
    assert authenticate(username="ANA.LOPEZ@EXAMPLE.COM", password="a-long-passphrase")


def test_phone_numbers_are_stored_in_e164():
    user = get_user_model().objects.create_user(
        email="a@example.com", password="x", phone_number="(970) 221-6600"
    )
    user.refresh_from_db()
    assert str(user.phone_number) == "+19702216600"


def test_an_invalid_phone_number_does_not_validate():
    user = get_user_model()(email="b@example.com", phone_number="123")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "phone_number" in error.value.message_dict


def test_new_users_default_to_english_and_email_only():
    user = get_user_model().objects.create_user(email="c@example.com", password="x")
    assert user.preferred_language == "en"
    assert user.contact_by_email is True
    assert user.contact_by_sms is False


@pytest.mark.parametrize("language, words", [("es", "restablecer"), ("en", "reset")])
def test_the_password_reset_email_is_in_the_accounts_language(
    client, db, language, words
):
    from django.core import mail

    from applications.tests.conftest import make_applicant

    make_applicant("ana@example.com", preferred_language=language)
    # Asked for from the English page, whatever the account's language.
    response = client.post("/accounts/password_reset/", {"email": "ana@example.com"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert words in message.body.lower()
    prefix = "/es/accounts/reset/" if language == "es" else "/accounts/reset/"
    assert prefix in message.body
