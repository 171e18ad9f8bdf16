"""Sign-in lockout (django-axes) and the per-address rate limits."""

import datetime as dt
import re

import pytest
import time_machine
from axes.utils import reset as axes_reset
from django.test import Client
from django.utils import timezone

from applications.tests.conftest import PASSWORD, make_applicant

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def attempt(client, url, email, password):
    return client.post(url, {"username": email, "password": password})


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_wrong_passwords_lock_the_account_even_for_the_right_one(client, url):
    make_applicant("ana@example.com", is_staff=True)
    for _ in range(4):
        assert attempt(client, url, "ana@example.com", "wrong").status_code == 200
    # The fifth wrong password locks the account: it is refused like the sixth,
    # correct one.
    assert attempt(client, url, "ana@example.com", "wrong").status_code == 429
    locked = attempt(client, url, "ana@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_says_the_same_for_an_account_that_does_not_exist(client):
    make_applicant("ana@example.com")
    for _ in range(5):
        attempt(client, LOGIN, "ana@example.com", "wrong")
        attempt(client, LOGIN, "nobody@example.com", "wrong")
    existing = attempt(client, LOGIN, "ana@example.com", "wrong")
    missing = attempt(client, LOGIN, "nobody@example.com", "wrong")
    assert existing.status_code == missing.status_code == 429

    def strip(response):
        html = response.content.decode().split('name="csrfmiddlewaretoken"')[0]
        return re.sub(r'nonce="[^"]*"', "", html)

    assert strip(existing) == strip(missing)


def test_a_lockout_ends_after_15_minutes(client):
    make_applicant("ana@example.com")
    for _ in range(5):
        attempt(client, LOGIN, "ana@example.com", "wrong")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        response = attempt(client, LOGIN, "ana@example.com", PASSWORD)
        assert response.status_code == 302


def test_an_administrator_can_unlock_an_account(client):
    make_applicant("ana@example.com")
    for _ in range(5):
        attempt(client, LOGIN, "ana@example.com", "wrong")
    assert attempt(client, LOGIN, "ana@example.com", PASSWORD).status_code == 429
    axes_reset(username="ana@example.com")
    assert attempt(client, LOGIN, "ana@example.com", PASSWORD).status_code == 302


def test_a_correct_password_resets_the_count(client):
    make_applicant("ana@example.com")
    for _ in range(4):
        attempt(client, LOGIN, "ana@example.com", "wrong")
    assert attempt(client, LOGIN, "ana@example.com", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, LOGIN, "ana@example.com", "wrong")
    assert attempt(client, LOGIN, "ana@example.com", PASSWORD).status_code == 302


def _over_the_limit(post, limit):
    codes = [post().status_code for _ in range(limit + 1)]
    return codes[:limit], codes[limit]


def test_sign_in_from_one_address_is_limited_across_accounts(client):
    under, over = _over_the_limit(
        lambda: attempt(
            client, LOGIN, f"x{timezone.now().timestamp()}@example.com", "x"
        ),
        30,
    )
    assert 429 not in under and over == 429


def test_sign_up_is_limited_per_address(demo_content):
    # Two browsers on one connection (a library) share the count.
    first, second = Client(), Client()
    codes = [
        (first if n % 2 else second).post("/apply/account/", {}).status_code
        for n in range(11)
    ]
    assert 429 not in codes[:10] and codes[10] == 429
    page = second.post("/apply/account/", {})
    assert "Please wait a little" in page.content.decode()
    assert page["Retry-After"] == "3600"


def test_password_reset_is_limited_per_address(client):
    under, over = _over_the_limit(
        lambda: client.post("/accounts/password_reset/", {"email": "a@example.com"}),
        10,
    )
    assert 429 not in under and over == 429


def test_the_screener_is_limited_per_address(client, demo_content):
    under, over = _over_the_limit(lambda: client.post("/screener/", {}), 60)
    assert 429 not in under and over == 429


def test_uploads_are_limited_per_account(client, demo_content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.tests.conftest import make_household

    household = make_household(make_applicant())
    client.force_login(household.user)
    member = household.members.get()

    def upload():
        return client.post(
            "/apply/documents/",
            {
                "item": f"identity-{member.pk}",
                "action": "upload",
                f"identity-{member.pk}-files": [SimpleUploadedFile("id.png", b"")],
            },
        )

    under, over = _over_the_limit(upload, 60)
    assert 429 not in under and over == 429
    # Posting without a file (continue, remove) is not an upload.
    assert client.post("/apply/documents/", {"action": "continue"}).status_code != 429


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    codes = [
        client.post(
            "/accounts/password_reset/",
            {"email": "a@example.com"},
            # The client puts anything first; the proxy appends the real address.
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7",
        ).status_code
        for n in range(11)
    ]
    assert codes[10] == 429
    other = client.post(
        "/accounts/password_reset/",
        {"email": "a@example.com"},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code != 429


def test_changing_the_case_of_the_email_does_not_reset_the_count(client):
    make_applicant("ana@example.com")
    for email in [
        "ana@example.com",
        "ANA@example.com",
        " Ana@Example.com",
        "aNa@example.COM",
        "ana@EXAMPLE.com",
    ]:
        attempt(client, LOGIN, email, "wrong")
    assert attempt(client, LOGIN, "ana@example.com", PASSWORD).status_code == 429


def test_with_an_atomic_shared_cache_the_count_is_kept_there(demo_content, settings):
    """With Redis as the shared cache (here the in-process cache, whose increments
    are atomic too), counters live in the cache and no row is written."""
    from portal.models import ThrottleWindow

    settings.THROTTLE_IN_CACHE = True
    first, second = Client(), Client()
    codes = [
        (first if n % 2 else second).post("/apply/account/", {}).status_code
        for n in range(11)
    ]
    assert 429 not in codes[:10] and codes[10] == 429
    assert not ThrottleWindow.objects.exists()


def test_with_the_database_cache_the_count_is_a_row(demo_content, settings):
    from portal.models import ThrottleWindow

    assert settings.THROTTLE_IN_CACHE is False
    Client().post("/apply/account/", {})
    assert ThrottleWindow.objects.get().hits == 1
