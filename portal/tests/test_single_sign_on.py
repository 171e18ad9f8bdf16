"""Optional staff single sign-on: who may sign in that way, and that the provider's
sign-in stands in for the portal's second factor."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.test import RequestFactory, override_settings

from applications.tests.conftest import make_applicant
from portal.second_factor import SSO_SESSION_KEY

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "portal",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.gov/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.gov/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.gov/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.gov/keys",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_CREATE_USER": False,
}


@pytest.fixture
def backend():
    with override_settings(**PROVIDER):
        from portal.single_sign_on import StaffSingleSignOnBackend

        yield StaffSingleSignOnBackend()


def test_only_existing_active_staff_match_by_email(backend):
    staff = make_applicant("casey@city.example.gov", is_staff=True)
    make_applicant("ana@example.com")
    make_applicant("gone@city.example.gov", is_staff=True, is_active=False)
    assert list(
        backend.filter_users_by_claims({"email": "Casey@City.example.gov"})
    ) == [staff]
    assert not backend.filter_users_by_claims({"email": "ana@example.com"}).exists()
    assert not backend.filter_users_by_claims(
        {"email": "gone@city.example.gov"}
    ).exists()
    assert not backend.filter_users_by_claims({}).exists()
    assert backend.create_user({"email": "new@city.example.gov"}) is None


def test_claims_need_a_verified_email(backend):
    assert backend.verify_claims({"email": "casey@city.example.gov"})
    assert not backend.verify_claims(
        {"email": "casey@city.example.gov", "email_verified": False}
    )
    assert not backend.verify_claims({"sub": "123"})


def test_a_single_sign_on_session_is_not_asked_for_the_portals_second_factor(client):
    staff = make_applicant("casey@city.example.gov", is_staff=True, is_superuser=True)
    client.login(email=staff.email, password="correct-horse-battery-staple")
    assert client.get("/admin/").status_code == 302  # password only: asked
    session = client.session
    session[SSO_SESSION_KEY] = True
    session.save()
    assert client.get("/admin/").status_code == 200


def test_the_provider_sign_in_marks_the_session(db):
    from django.contrib.sessions.backends.db import SessionStore

    import portal.single_sign_on  # noqa: F401 - connects the signal

    staff = make_applicant("casey@city.example.gov", is_staff=True)
    request = RequestFactory().get("/oidc/callback/")
    request.session = SessionStore()
    staff.backend = "portal.single_sign_on.StaffSingleSignOnBackend"
    user_logged_in.send(sender=type(staff), request=request, user=staff)
    assert request.session[SSO_SESSION_KEY] is True
    other = RequestFactory().get("/accounts/login/")
    other.session = SessionStore()
    staff.backend = "portal.throttling.SignInLockoutBackend"
    user_logged_in.send(sender=type(staff), request=other, user=staff)
    assert SSO_SESSION_KEY not in other.session
