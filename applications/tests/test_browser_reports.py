"""The reports page in headless Chromium: the charts draw under the site's
Content-Security-Policy (a blocked script would fail the test when its context
closes), on a desktop for a caseworker and on a phone for a coordinator."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import ProgramCoordinator, StatusChange
from applications.tests.test_browser_caseworker import admin_sign_in
from portal.tests.browser import assert_no_horizontal_scroll
from programs.models import ProgramPage

pytestmark = pytest.mark.browser

REPORTS = "/admin/program-reports/"


def a_quarter_of_history():
    """Forty households over the last three months: submitted, most verified, some
    denied, each applying to one program."""
    programs = list(ProgramPage.objects.canonical().order_by("pk"))
    now = timezone.now()
    for case in range(1, 41):
        submitted = now - timedelta(days=90 - 2 * case)
        facts = {
            "case_number": 9000 + case,
            "language": "es" if case % 3 == 0 else "en",
            "assisted": case % 4 == 0,
        }
        StatusChange.objects.create(
            subject="household",
            action="submit",
            to_status="submitted",
            changed_at=submitted,
            **facts,
        )
        denied = case % 5 == 0
        StatusChange.objects.create(
            subject="household",
            action="deny" if denied else "verify",
            to_status="denied" if denied else "verified",
            changed_at=submitted + timedelta(days=case % 9 + 1),
            reason="Lives outside the city" if denied else "",
            **facts,
        )
        if not denied:
            StatusChange.objects.create(
                subject="application",
                action="apply",
                to_status="applied",
                program=programs[case % len(programs)],
                changed_at=submitted + timedelta(days=case % 9 + 2),
                **facts,
            )


def test_a_caseworker_reads_the_charts_and_a_coordinator_on_a_phone(
    live_server, browser_db, demo_accounts, desktop_page, browser_page, screenshot
):
    url = live_server.url
    a_quarter_of_history()

    admin_sign_in(desktop_page, url, "caseworker@example.com")
    desktop_page.get_by_role("button", name="Reports").click()
    desktop_page.get_by_role("link", name="Program reports").click()
    expect(desktop_page.get_by_role("heading", name="Program reports")).to_be_visible()
    charts = desktop_page.locator("canvas[data-report-chart]")
    expect(charts.first).to_be_visible()
    drawn = desktop_page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-report-chart]')]"
        ".filter(c => window.Chart && window.Chart.getChart(c)).length"
    )
    assert drawn == charts.count() and drawn >= 6
    table = desktop_page.locator("#decisions table")
    expect(table).to_contain_text("Verified")
    screenshot(desktop_page, "reports-desktop")
    for slug in ("decision-time", "denial-reasons"):
        desktop_page.locator(f"#{slug}").scroll_into_view_if_needed()
        screenshot(desktop_page, f"reports-desktop-{slug}")

    scope = ProgramCoordinator.objects.get(user__email="coordinator@example.com")
    admin_sign_in(browser_page, url, "coordinator@example.com")
    browser_page.goto(url + REPORTS)
    expect(
        browser_page.get_by_text("Only the programs you work on are counted.")
    ).to_be_visible()
    options = browser_page.locator("#id_program option").all_inner_texts()
    titles = sorted(scope.programs.values_list("title", flat=True))
    assert sorted(options[1:]) == titles
    assert_no_horizontal_scroll(browser_page)
    screenshot(browser_page, "reports-phone")
