"""How passwords are kept outside the tests (whose settings use a fast hasher)."""

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from settings import base

pytestmark = pytest.mark.django_db
OWASP_ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"
# The hashers the portal runs with (Django's own when the settings name none).
HASHERS = getattr(base, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)


@override_settings(PASSWORD_HASHERS=HASHERS)
def test_a_new_password_is_kept_as_argon2id_at_owasps_parameters(client):
    response = client.post(
        "/apply/account/",
        {
            "first_name": "Ana",
            "last_name": "Lopez",
            "email": "ana@example.com",
            "preferred_language": "en",
            "contact_by_email": "on",
            "password1": "a long passphrase 2026",
            "password2": "a long passphrase 2026",
            "action": "continue",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.com")
    assert user.password.startswith(OWASP_ARGON2ID)
    assert user.check_password("a long passphrase 2026")
    assert not user.check_password("a long passphrase 2025")


@override_settings(PASSWORD_HASHERS=HASHERS)
def test_an_older_pbkdf2_password_still_signs_in_and_is_rekept_as_argon2id(client):
    user = get_user_model().objects.create_user(email="old@example.com")
    user.password = make_password("an older passphrase", hasher="pbkdf2_sha256")
    user.save()
    response = client.post(
        "/accounts/login/",
        {"username": "old@example.com", "password": "an older passphrase"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    user.refresh_from_db()
    assert user.password.startswith(OWASP_ARGON2ID)
