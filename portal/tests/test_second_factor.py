"""Every staff account needs a second factor to reach the admin: enrolled at first
sign-in, asked on every sign-in, recovery codes, resettable by an administrator."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from applications.tests.conftest import PASSWORD, make_applicant

pytestmark = pytest.mark.django_db
SECOND_FACTOR = "/accounts/second-factor/"


def code_for(device):
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def sign_in_with_password(client, email):
    """Through the admin's own sign-in form, as a person would."""
    return client.post(
        "/admin/login/", {"username": email, "password": PASSWORD}, follow=True
    )


@pytest.fixture
def staff(db):
    return make_applicant("casey@example.com", is_staff=True, is_superuser=True)


def test_a_staff_password_alone_does_not_reach_the_admin(client, staff):
    response = sign_in_with_password(client, staff.email)
    assert response.redirect_chain[-1][0].startswith(SECOND_FACTOR)
    for path in ["/admin/", "/admin/applications/household/", "/admin/pages/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{SECOND_FACTOR}?next=")


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes(client, staff):
    page = sign_in_with_password(client, staff.email).content.decode()
    assert "Set up a second step for signing in" in page
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post(SECOND_FACTOR, {"code": "000000", "next": "/admin/"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    # django-otp makes each try after a wrong one wait longer (1 s, 2 s, 4 s, ...).
    with time_machine.travel(dt.timedelta(seconds=5)):
        codes = client.post(
            SECOND_FACTOR, {"code": code_for(device), "next": "/admin/"}
        )
    assert "Your recovery codes" in codes.content.decode()
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    assert client.get("/admin/").status_code == 200


def test_every_sign_in_asks_for_a_code(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    page = sign_in_with_password(client, staff.email).content.decode()
    assert "Enter your sign-in code" in page
    response = client.post(SECOND_FACTOR, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    sign_in_with_password(client, staff.email)
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_signs_in_once(client, staff):
    from portal.second_factor import issue_recovery_codes

    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    code = issue_recovery_codes(staff)[0]
    sign_in_with_password(client, staff.email)
    client.post(SECOND_FACTOR, {"code": code})
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    sign_in_with_password(client, staff.email)
    again = client.post(SECOND_FACTOR, {"code": code})
    assert "That code is not right" in again.content.decode()


def test_the_next_address_cannot_lead_off_the_portal(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    sign_in_with_password(client, staff.email)
    response = client.post(
        SECOND_FACTOR, {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_an_administrator_resets_a_lost_second_factor(client, staff):
    colleague = make_applicant("dana@example.com", is_staff=True)
    TOTPDevice.objects.create(user=colleague, name="phone", confirmed=True)
    client.force_login(staff)
    page = client.get("/admin/sign-in-security/").content.decode()
    assert "dana@example.com" in page
    client.post("/admin/sign-in-security/", {"action": "reset", "user": colleague.pk})
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert ModelLogEntry.objects.filter(action="portal.reset_second_factor").exists()

    other = type(client)()
    page = sign_in_with_password(other, colleague.email).content.decode()
    assert "Set up a second step for signing in" in page


def test_an_administrator_unlocks_a_paused_sign_in(client, staff):
    applicant = make_applicant("ana@example.com")
    visitor = type(client)()
    for _ in range(5):
        visitor.post("/accounts/login/", {"username": applicant.email, "password": "x"})
    assert (
        visitor.post(
            "/accounts/login/", {"username": applicant.email, "password": PASSWORD}
        ).status_code
        == 429
    )
    client.force_login(staff)
    assert applicant.email in client.get("/admin/sign-in-security/").content.decode()
    client.post(
        "/admin/sign-in-security/", {"action": "unlock", "username": applicant.email}
    )
    assert (
        visitor.post(
            "/accounts/login/", {"username": applicant.email, "password": PASSWORD}
        ).status_code
        == 302
    )


def test_only_administrators_open_sign_in_security(client, db):
    editor = make_applicant("emery@example.com", is_staff=True)
    client.force_login(editor)
    assert client.get("/admin/sign-in-security/").status_code in (302, 403)


def test_applicants_are_never_asked_for_a_second_factor(client, demo_content):
    make_applicant("ana@example.com")
    response = client.post(
        "/accounts/login/", {"username": "ana@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith(SECOND_FACTOR)
    assert client.get(SECOND_FACTOR)["Location"] != SECOND_FACTOR


def test_reset_command(staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    call_command("reset_second_factor", staff.email)
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_the_demo_code_command_is_refused_where_demo_accounts_are_off(settings, staff):
    settings.DEMO_ACCOUNTS_ENABLED = False
    with pytest.raises(CommandError):
        call_command("demo_sign_in_code", staff.email)


def test_demo_staff_sign_in_with_the_demo_code(client, demo_accounts, settings, capsys):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("demo_sign_in_code", "caseworker@example.com")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    client.post(
        "/admin/login/",
        {"username": "caseworker@example.com", "password": "demo-password"},
    )
    client.post(SECOND_FACTOR, {"code": code})
    assert client.get("/admin/").status_code == 200
    assert get_user_model().objects.get(email="caseworker@example.com").is_staff


def test_a_staff_password_alone_does_not_open_an_applicants_document(
    client, staff, demo_content
):
    """Documents are served outside the admin; a staff session must be verified
    there too (an applicant's own session never needs a second factor)."""
    from applications.tests.conftest import make_household

    document = make_household(make_applicant("ana@example.com")).documents.get()
    sign_in_with_password(client, staff.email)

    for path in [
        f"/documents/{document.public_id}/",
        f"/es/documents/{document.public_id}/",
        f"/documents/{document.public_id}/preview/1/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/accounts/second-factor/?next=" in response["Location"], path
