"""A caseworker opens a household whose document is a PDF with a script in it: the
page shows server-rendered images, and nothing of the document runs."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from applications.models import Household
from applications.tests.test_browser_caseworker import admin_sign_in
from applications.tests.test_previews import stored_hostile_pdf

pytestmark = pytest.mark.browser


def test_a_hostile_pdf_runs_nothing_in_the_caseworkers_browser(
    live_server, browser_db, demo_accounts, one_request_at_a_time, desktop_page
):
    db = one_request_at_a_time
    with db:
        maria = Household.objects.get(user__email="applicant@example.com")
        document = stored_hostile_pdf(maria)
        assert get_user_model().objects.filter(email="caseworker@example.com").exists()
    page = desktop_page
    dialogs, console = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    admin_sign_in(page, live_server.url, "caseworker@example.com")

    page.goto(live_server.url + f"/admin/applications/household/inspect/{maria.pk}/")
    previews = page.locator(f"img[src^='/documents/{document.public_id}/preview/']")
    expect(previews).to_have_count(2)
    for index in range(2):
        previews.nth(index).scroll_into_view_if_needed()
        expect(previews.nth(index)).to_have_js_property("complete", True)
        assert previews.nth(index).evaluate("img => img.naturalWidth") > 0
    expect(page.locator("iframe, embed, object")).to_have_count(0)

    # Opening the original downloads it; the browser never renders it.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download letter.pdf", exact=True).click()
    assert download.value.suggested_filename == "letter.pdf"
    page.wait_for_timeout(500)
    assert dialogs == []
    assert not any("pwned" in text for text in console)
