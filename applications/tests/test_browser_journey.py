"""The applicant's whole journey in headless Chromium at phone width."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Household, ProgramApplication
from portal.tests.browser import (
    assert_no_horizontal_scroll,
    follow_sign_up_email,
    tick,
    write_pdf,
    write_photo,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"


def continue_step(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def expect_step(page, number):
    expect(page).to_have_title(re.compile(rf"^Step {number} of 6"))


def test_screener_to_pending_application(
    live_server, browser_db, demo_content, browser_page, screenshot, tmp_path
):
    page = browser_page
    url = live_server.url

    # Screener: no account, nothing stored.
    page.goto(url + "/screener/")
    page.get_by_label("ZIP code", exact=True).fill("80521")
    tick(page, "SNAP")
    page.get_by_role("button", name="Show programs").click()
    expect(
        page.get_by_role("heading", name="Programs you may qualify for")
    ).to_be_visible()
    promised = set(page.locator(".usa-card__heading").all_inner_texts())
    assert "Grocery Tax Rebate" in promised
    assert_no_horizontal_scroll(page)
    screenshot(page, "screener-results")
    page.get_by_role("link", name="Apply Grocery Tax Rebate").click()

    # Before you start, then the account step.
    page.get_by_role("link", name="Start my application").click()
    expect_step(page, 1)
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("López")
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_label("Phone number").fill("970-221-6600")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    continue_step(page)
    follow_sign_up_email(page, live_server.url)

    # Address: a bad ZIP first, which is reported on the page.
    expect_step(page, 2)
    page.get_by_label("Street address", exact=True).fill("300 Laporte Ave")
    page.get_by_label("City", exact=True).fill("Fairview")
    page.get_by_label("State", exact=True).fill("CO")
    page.get_by_label("ZIP code", exact=True).fill("805")
    continue_step(page)
    expect(page).to_have_title(re.compile(r"^Error: Step 2 of 6"))
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    screenshot(page, "address-error")
    page.get_by_label("ZIP code", exact=True).fill("80521")
    continue_step(page)

    # Household: the applicant is pre-filled; add a child.
    expect_step(page, 3)
    assert page.locator("#id_members-0-first_name").input_value() == "Ana"
    tick(page, "Rent")
    tick(page, "1 to 3 years")
    page.locator("#id_members-0-date_of_birth").fill("1985-04-28")
    page.get_by_role("button", name="Add another person").click()
    expect(page.locator("#id_members-1-first_name")).to_be_visible()
    page.locator("#id_members-1-first_name").fill("Luis")
    page.locator("#id_members-1-last_name").fill("López")
    page.locator("#id_members-1-date_of_birth").fill("2015-09-01")
    screenshot(page, "household")
    continue_step(page)

    # Back keeps answers.
    expect_step(page, 4)
    page.get_by_role("link", name="Back to Your household").click()
    expect_step(page, 3)
    expect(page.locator("#id_members-1-first_name")).to_have_value("Luis")
    continue_step(page)

    # Qualifying programs.
    expect_step(page, 4)
    tick(page, "SNAP")
    continue_step(page)

    # Documents: real files through the browser's file inputs.
    expect_step(page, 5)
    photo = write_photo(tmp_path / "my-id.jpg")
    letter = write_pdf(tmp_path / "snap-letter.pdf")
    sections = page.locator(".portal-document-item")
    assert sections.count() == 2  # an ID for Ana (Luis is a child) and SNAP proof
    sections.nth(0).locator("input[type=file]").set_input_files(str(photo))
    sections.nth(0).get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="my-id.jpg")).to_be_visible()
    page.locator(".portal-document-item").nth(1).locator(
        "input[type=file]"
    ).set_input_files(str(letter))
    page.locator(".portal-document-item").nth(1).get_by_role(
        "button", name="Upload"
    ).click()
    expect(page.get_by_role("link", name="snap-letter.pdf")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "documents")
    continue_step(page)

    # Review and submit.
    expect_step(page, 6)
    expect(page.get_by_text("Luis López")).to_be_visible()
    tick(page, "I confirm")
    screenshot(page, "review")
    page.get_by_role("button", name="Submit my application").click()
    expect(
        page.get_by_role("heading", name="Your application is submitted")
    ).to_be_visible()
    household = Household.objects.get(user__email="ana@example.com")
    assert household.review_status == Household.ReviewStatus.SUBMITTED

    # Dashboard: the screener's promise holds; apply with one click.
    page.get_by_role("link", name="Go to my dashboard").click()
    expect(page.get_by_role("heading", name="Available to you")).to_be_visible()
    available = set(
        page.locator("#available-heading + ul .usa-card__heading").all_inner_texts()
    )
    pending = set(page.locator("#pending-heading + ul strong").all_inner_texts())
    assert available | pending == promised
    page.get_by_role("link", name="Apply Grocery Tax Rebate").click()
    page.get_by_role("button", name="Apply for Grocery Tax Rebate").click()
    expect(page.locator("#pending-heading + ul")).to_contain_text("Grocery Tax Rebate")
    assert_no_horizontal_scroll(page)
    screenshot(page, "dashboard-pending")
    assert ProgramApplication.objects.filter(
        household=household,
        program__slug="grocery-tax-rebate",
        status=ProgramApplication.Status.APPLIED,
    ).exists()
