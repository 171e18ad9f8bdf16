"""In a browser: an administrator issues a key, copies it with the page's button
(Wagtail's own clipboard control, under the admin's CSP), and it is gone on reload."""

import re

import pytest
from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD
from portal.tests.browser import enter_second_factor

ADMIN = "admin@example.com"


@pytest.mark.browser
def test_an_administrator_copies_a_new_key_once(
    live_server, browser_db, demo_accounts, desktop_page, screenshot
):
    page, url = desktop_page, live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page.goto(url + "/admin/login/")
    page.locator("#id_username").fill(ADMIN)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, url, ADMIN)

    page.goto(url + "/admin/api-keys/")
    page.get_by_role("link", name="Issue a key").click()
    page.get_by_label("Program").select_option(label="Grocery Tax Rebate")
    page.get_by_label("Name").fill("Utility billing")
    page.get_by_role("button", name="Issue key").click()

    field = page.get_by_label("API key")
    expect(field).to_have_value(re.compile(r"^gyp_[0-9a-f]{8}_[0-9a-f]{64}$"))
    text = field.input_value()
    page.get_by_role("button", name="Copy key").click()
    expect(page.get_by_text("Copied", exact=True)).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == text
    screenshot(page, "issued")

    page.reload()
    expect(page.get_by_text("cannot be shown again")).to_be_visible()
    assert text not in page.content()
    page.get_by_role("link", name="Back to the key").click()
    expect(page.get_by_text("Recent uses")).to_be_visible()
