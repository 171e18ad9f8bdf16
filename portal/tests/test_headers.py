"""Security headers on every kind of page: CSP (scripts only from the portal's own
files, no inline script on applicant pages), no-store where personal data can show, Permissions-Policy."""

import json
import re

import pytest
from django.contrib.auth.models import Group

from applications.tests.conftest import make_applicant, make_household
from portal import roles

pytestmark = pytest.mark.django_db


def csp(response):
    return dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split("; ")
        if part
    )


@pytest.fixture
def applicant(demo_content):
    return make_household(make_applicant(), submit=True).user


APPLICANT_PAGES = [
    ("home", "/", False),
    ("program", "/programs/grocery-tax-rebate/", False),
    ("programs", "/programs/", False),
    ("screener", "/screener/", False),
    ("wizard step", "/apply/account/", False),
    ("login", "/accounts/login/", False),
    ("dashboard", "/dashboard/", True),
    ("settings", "/dashboard/settings/", True),
    ("spanish", "/es/programs/", False),
]


@pytest.mark.parametrize("name, path, signed_in", APPLICANT_PAGES)
def test_applicant_pages_allow_scripts_only_from_the_portals_own_files(
    client, applicant, name, path, signed_in
):
    if signed_in:
        client.force_login(applicant)
    response = client.get(path)
    assert response.status_code == 200, name
    policy = csp(response)
    # Only files from the portal: no inline script at all, so no nonce either (a
    # cached public page is the same for every visitor).
    assert policy["script-src"] == ["'self'"]
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "an inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler"
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_a_cached_page_gets_the_policy_too(client, demo_content):
    client.get("/")
    cached = client.get("/")
    assert cached["X-Page-Cache"] == "hit"
    assert csp(cached)["script-src"] == ["'self'"]


def test_the_admin_has_a_policy_it_works_under(client, demo_content):
    staff = make_applicant("casey@example.com", is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.VERIFICATION_STAFF))
    client.force_login(staff)
    response = client.get("/admin/")
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # page previews in the editor
    assert "'unsafe-inline'" in policy["script-src"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/dashboard/", "/dashboard/settings/", "/apply/done/"]
)
def test_signed_in_pages_are_never_stored(client, applicant, path):
    client.force_login(applicant)
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_screeners_results_are_never_stored(client, demo_content):
    response = client.post("/screener/", {"zip_code": "80521"})
    assert "no-store" in response["Cache-Control"]


def test_an_anonymous_page_may_be_cached(client, demo_content):
    assert "no-store" not in client.get("/programs/").get("Cache-Control", "")


def test_permissions_policy_switches_off_unused_features(client, demo_content):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ["camera=()", "geolocation=()", "microphone=()", "payment=()"]:
        assert feature in policy


def test_csp_reports_are_logged_without_the_page(client, caplog, db):
    report = {
        "csp-report": {
            "document-uri": "https://portal.example/dashboard/?secret=1",
            "violated-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js",
        }
    }
    response = client.post(
        "/csp-report/", data=json.dumps(report), content_type="application/csp-report"
    )
    assert response.status_code == 204
    assert "evil.example" in caplog.text
    assert "dashboard" not in caplog.text and "secret" not in caplog.text
