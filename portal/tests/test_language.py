"""The language switch: same page after switching, and kept on a signed-in account."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from applications.tests.conftest import make_applicant
from portal.tests.browser import assert_no_horizontal_scroll


def switch(client, language, next_url="/apply/"):
    return client.post(
        reverse("set_language"), {"language": language, "next": next_url}
    )


@pytest.mark.django_db
def test_switch_returns_to_the_same_page_in_the_new_language(client):
    response = switch(client, "es", "/apply/?from=home")
    assert response.status_code == 302
    assert response["Location"] == "/es/apply/?from=home"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


@pytest.mark.django_db
def test_signed_in_choice_is_kept_on_the_account(client):
    user = make_applicant()
    client.force_login(user)
    switch(client, "es")
    user.refresh_from_db()
    assert user.preferred_language == "es"
    switch(client, "en")
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_unknown_language_or_get_changes_nothing(client):
    user = make_applicant(preferred_language="es")
    client.force_login(user)
    response = switch(client, "xx")
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    client.get(reverse("set_language"), {"language": "en", "next": "/apply/"})
    user.refresh_from_db()
    assert user.preferred_language == "es"


@pytest.mark.django_db
def test_anonymous_switch_sets_only_the_cookie(client):
    response = switch(client, "es")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


@pytest.mark.django_db
def test_switch_refuses_an_outside_next(client):
    response = switch(client, "es", "https://evil.example.com/")
    assert response.status_code in {204, 302}
    assert "evil.example.com" not in response.get("Location", "")


@pytest.mark.browser
def test_switching_to_spanish_on_apply_keeps_the_page(
    live_server, browser_db, demo_content, browser_page, desktop_page, screenshot
):
    page = browser_page
    page.goto(live_server.url + "/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    # On a phone the switch sits beside the Menu button, not inside the menu.
    # A link for anonymous visitors: the page needs no CSRF token, so it is cacheable.
    switch_button = page.get_by_role("link", name="Español")
    expect(switch_button).to_be_visible()
    expect(switch_button).to_have_attribute("lang", "es")
    with page.expect_navigation():
        switch_button.click()
    assert page.url == live_server.url + "/es/apply/"
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.get_by_role("heading", level=1)).to_have_text("Antes de empezar")
    expect(page.get_by_role("link", name="English")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "apply-es")

    # On a desktop it is in the navigation; switching back keeps the page too.
    desktop = desktop_page
    desktop.context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": "es",
                "url": live_server.url,
            }
        ]
    )
    desktop.goto(live_server.url + "/screener/")
    # The chosen language sends the English address to the Spanish one.
    assert desktop.url == live_server.url + "/es/screener/"
    assert desktop.evaluate("document.documentElement.lang") == "es"
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="English").click()
    assert desktop.url == live_server.url + "/screener/"
    assert desktop.evaluate("document.documentElement.lang") == "en"
    screenshot(desktop, "screener-desktop-en")


@pytest.mark.browser
def test_signed_in_switch_is_saved_on_the_account(
    live_server, browser_db, demo_content, browser_page
):
    from django.test import Client

    user = make_applicant()
    client = Client()
    client.force_login(user)
    browser_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    browser_page.goto(live_server.url + "/dashboard/settings/")
    with browser_page.expect_navigation():
        browser_page.get_by_role("button", name="Español").click()
    assert browser_page.url == live_server.url + "/es/dashboard/settings/"
    expect(browser_page.get_by_role("heading", level=1)).not_to_have_text(
        "Account settings"
    )
    user.refresh_from_db()
    assert user.preferred_language == "es"


@pytest.mark.browser
def test_spanish_program_pages_in_the_browser(
    live_server, browser_db, demo_content, browser_page, screenshot
):
    """Editors' Spanish copy at /es/, and the switch between a page's two languages."""
    page = browser_page
    page.goto(live_server.url + "/es/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Solicite una sola vez los programas de la ciudad para ingresos bajos"
    )
    page.get_by_role("link", name="Ver todos los programas").click()
    expect(page).to_have_url(live_server.url + "/es/programs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programas")
    page.get_by_role("link", name="Pase de transporte con tarifa reducida").click()
    expect(page).to_have_url(live_server.url + "/es/programs/transit-pass/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pase de transporte con tarifa reducida"
    )
    assert page.evaluate("document.documentElement.lang") == "es"
    assert_no_horizontal_scroll(page)
    screenshot(page, "program-es")

    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.url == live_server.url + "/programs/transit-pass/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reduced-Fare Transit Pass"
    )
    assert page.evaluate("document.documentElement.lang") == "en"
