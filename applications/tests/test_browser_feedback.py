"""Feedback in headless Chromium: an applicant rates on their phone from the
dashboard, by the labelled radio buttons; a caseworker finds it in the admin and
the ratings' charts draw under the admin's Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from applications.models import Feedback
from applications.tests.test_browser_caseworker import admin_sign_in, applicant_sign_in
from portal.tests.browser import assert_no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_an_applicant_rates_and_a_caseworker_reads_the_ratings(
    live_server, browser_db, demo_accounts, desktop_page, browser_page, screenshot
):
    url = live_server.url
    applicant_sign_in(browser_page, url, "applicant@example.com")
    browser_page.goto(url + "/dashboard/")
    form = browser_page.locator("form.portal-feedback-form")
    group = form.get_by_role("group", name="How was your experience with this website?")
    # USWDS draws the radio on its label (the input itself sits off screen).
    group.locator("label", has_text="4 – Good").click()
    expect(group.get_by_label("4 – Good")).to_be_checked()
    form.get_by_label("Tell us more (optional)").fill("The upload step was slow.")
    expect(
        form.get_by_label("Link this to my application so staff can follow up")
    ).not_to_be_checked()
    assert_no_horizontal_scroll(browser_page)
    screenshot(browser_page, "feedback-dashboard-phone")
    form.get_by_role("button", name="Send feedback").click()

    expect(browser_page).to_have_url(url + "/dashboard/")
    expect(browser_page.get_by_text("Thank you for your feedback.")).to_be_visible()
    sent = Feedback.objects.get(comment="The upload step was slow.")
    assert (sent.rating, sent.page, sent.household) == (4, "dashboard", None)

    admin_sign_in(desktop_page, url, "caseworker@example.com")
    desktop_page.get_by_role("link", name="Feedback").click()
    expect(desktop_page.get_by_text("The upload step was slow.")).to_be_visible()
    desktop_page.get_by_role("link", name="Ratings over time").click()
    charts = desktop_page.locator("canvas[data-report-chart]")
    expect(charts.first).to_be_visible()
    drawn = desktop_page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-report-chart]')]"
        ".filter(c => window.Chart && window.Chart.getChart(c)).length"
    )
    assert drawn == charts.count() == 2
    screenshot(desktop_page, "feedback-ratings-desktop")
