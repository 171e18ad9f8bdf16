"""A test or staging site says so on every page, applicants' and the admin's, when
PORTAL_ENVIRONMENT_BANNER names it; production (unset) shows nothing."""

import re

import pytest
from django.test import override_settings

from applications.tests.conftest import make_applicant
from applications.tests.test_caseworker import staff

pytestmark = pytest.mark.django_db

WARNING = "This is a test site (Staging), not the real portal."


def banner(html):
    found = re.search(
        r'<section class="[^"]*(usa-site-alert|portal-environment-banner)[^"]*"'
        r' aria-label="Test site">.*?</section>',
        html,
        re.S,
    )
    return found.group(0) if found else None


@override_settings(PORTAL_ENVIRONMENT_BANNER="Staging")
def test_every_applicant_page_opens_with_the_banner(client, demo_content):
    public = client.get("/programs/").content.decode()
    client.force_login(make_applicant())
    signed_in = client.get("/dashboard/").content.decode()

    for html in (public, signed_in):
        alert = banner(html)
        assert alert and WARNING in alert
        assert "Do not enter real personal information." in alert
        assert 'class="usa-site-alert usa-site-alert--info' in alert
        # First after the skip link, above the header; no inline style (the CSP).
        assert html.index("usa-skipnav") < html.index(alert) < html.index("usa-header")
        assert "style=" not in alert


@override_settings(PORTAL_ENVIRONMENT_BANNER="Staging")
def test_the_admin_and_its_sign_in_page_show_the_banner(client, demo_content):
    sign_in = client.get("/admin/login/").content.decode()
    client.force_login(staff("admin@example.com", is_superuser=True))
    home = client.get("/admin/").content.decode()

    for html in (sign_in, home):
        assert WARNING in banner(html)
    assert 'href="/static/css/admin.css"' in home


@override_settings(PORTAL_ENVIRONMENT_BANNER="Staging")
def test_a_cached_public_page_keeps_the_banner(client, demo_content):
    client.get("/")
    cached = client.get("/")

    assert cached["X-Page-Cache"] == "hit"
    assert WARNING in banner(cached.content.decode())


@override_settings(PORTAL_ENVIRONMENT_BANNER="<b>QA</b>")
def test_the_label_is_text_not_markup(client, demo_content):
    html = client.get("/").content.decode()

    assert "(&lt;b&gt;QA&lt;/b&gt;)" in banner(html)


def test_production_shows_no_banner(client, demo_content, settings):
    assert settings.PORTAL_ENVIRONMENT_BANNER == ""
    public = client.get("/").content.decode()
    sign_in = client.get("/admin/login/").content.decode()
    client.force_login(staff("admin@example.com", is_superuser=True))
    admin = client.get("/admin/").content.decode()

    for html in (public, sign_in, admin):
        assert banner(html) is None
        assert "This is a test site" not in html
    assert "css/admin.css" not in admin
