"""The verification card in headless Chromium: the applicant opens it on a phone and
on a desktop, its QR code reads back (off the screen and off the PDF) as the check
page's address, and a signed-out phone opens that page."""

from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from applications import state_machine
from applications.models import ProgramApplication
from applications.tests.conftest import PASSWORD, make_applicant, make_household
from portal.tests.browser import SCREENSHOTS_DIR, assert_no_horizontal_scroll
from programs.models import ProgramPage, QualifyingProgram

pytestmark = pytest.mark.browser


def read_qr_codes(picture):
    return [code.text for code in zxingcpp.read_barcodes(picture)]


def sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base_url + "/dashboard/")


def test_an_applicant_shows_the_card_and_a_phone_checks_it(
    live_server,
    browser_db,
    demo_accounts,
    one_request_at_a_time,
    browser_page,
    desktop_page,
    screenshot,
):
    url = live_server.url
    with one_request_at_a_time:
        snap = QualifyingProgram.objects.get(name="SNAP")
        household = make_household(
            make_applicant("ana.card@example.com"), qualifying=[snap], submit=True
        )
        staff = make_applicant("staff.card@example.com", is_staff=True)
        state_machine.verify(household, staff)
        for slug in ("grocery-tax-rebate", "transit-pass"):
            application, _ = ProgramApplication.objects.get_or_create(
                household=household,
                program=ProgramPage.objects.canonical().get(slug=slug),
            )
            state_machine.enroll(application, staff)

    sign_in(browser_page, url, "ana.card@example.com")
    browser_page.get_by_role("link", name="Show your verification card").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text(
        "Your verification card"
    )
    expect(browser_page.locator(".portal-id-card")).to_contain_text("Ana López")
    expect(browser_page.locator(".portal-id-card svg")).to_be_visible()
    assert_no_horizontal_scroll(browser_page)
    picture = screenshot(browser_page, "card-phone")
    check_address = browser_page.locator(".portal-id-card__url").inner_text()
    # What a phone's camera reads off the screen is the address printed under it.
    assert read_qr_codes(Image.open(picture)) == [check_address]

    sign_in(desktop_page, url, "ana.card@example.com")
    desktop_page.goto(url + "/dashboard/card/")
    with desktop_page.expect_download() as download:
        desktop_page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == "verification-card.pdf"
    # The PDF's page as a picture, to look at beside the screenshots.
    pdf = pypdfium2.PdfDocument(download.value.path())
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page_picture = pdf[0].render(scale=2).to_pil()
    page_picture.save(SCREENSHOTS_DIR / "card-pdf-page.png")
    assert len(pdf) == 1  # the card fits its one phone-sized page
    assert read_qr_codes(page_picture) == [check_address]
    pdf.close()
    screenshot(desktop_page, "card-desktop")

    # Whoever scans it is not signed in: a fresh context on a phone.
    context = browser_page.context.browser.new_context(
        viewport={"width": 360, "height": 800}
    )
    checker = context.new_page()
    checker.goto(url + urlsplit(check_address).path)
    expect(checker.get_by_role("heading", level=2)).to_have_text("Valid: Ana L.")
    expect(checker.get_by_role("main")).to_contain_text("Grocery Tax Rebate")
    expect(checker.get_by_role("main")).not_to_contain_text("López")
    assert_no_horizontal_scroll(checker)
    screenshot(checker, "card-check-phone")
    context.close()
