"""The staff side end to end in headless Chromium: a caseworker works the verification
queue, asks the applicant for more, the applicant answers from a phone, the caseworker
verifies, and a program coordinator enrolls the household.

Three browser contexts take part: the caseworker (desktop), the applicant (phone) and
the coordinator (a second desktop context), each signed in as a different account.
"""

import re

import pytest
from django.utils import formats, translation
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from applications.models import Household, ProgramApplication, ProgramCoordinator
from applications.renewals.dates import expiry_date
from applications.tests.conftest import make_applicant, make_household
from demo.loader import DEMO_PASSWORD
from portal.tests.browser import (
    DESKTOP_VIEWPORT,
    _close_context,
    _new_context,
    assert_no_horizontal_scroll,
    enter_second_factor,
)
from programs.models import ProgramPage

pytestmark = pytest.mark.browser

QUEUE = "/admin/applications/household/"
ENROLLMENTS = "/admin/applications/programapplication/"
REQUEST_MESSAGE = "Please upload a recent utility bill."
DOCUMENT_URL = re.compile(r"^/documents/[0-9a-f-]{36}/$")


def write_png(path):
    Image.new("RGB", (800, 600), "darkseagreen").save(path, "PNG")
    return path


def admin_sign_in(page, url, email):
    page.goto(url + "/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, url, email)
    expect(page).to_have_url(url + "/admin/")


def applicant_sign_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def listing_rows(page):
    return page.locator("table.listing tbody tr")


def test_caseworker_verifies_and_coordinator_enrolls(
    live_server,
    browser_db,
    demo_accounts,
    one_request_at_a_time,
    chromium_browser,
    desktop_page,
    browser_page,
    screenshot,
    settings,
    tmp_path,
):
    url = live_server.url
    db = one_request_at_a_time
    maria = Household.objects.get(user__email="applicant@example.com")
    # A newer submission, so "oldest waiting" means something in the queue.
    newer = make_household(make_applicant("new@example.com"), submit=True)
    assert newer.submitted_at > maria.submitted_at
    # An application to a program outside the coordinator's scope: it must never show
    # up in their listing, even once the household is verified.
    scope = ProgramCoordinator.objects.get(user__email="coordinator@example.com")
    scope_titles = set(scope.programs.values_list("title", flat=True))
    outside = ProgramPage.objects.canonical().get(slug="bike-share-membership")
    assert outside.title not in scope_titles
    ProgramApplication.objects.create(household=maria, program=outside)
    all_titles = set(ProgramPage.objects.canonical().values_list("title", flat=True))

    # 1. The caseworker signs in and opens the oldest household waiting.
    caseworker = desktop_page
    admin_sign_in(caseworker, url, "caseworker@example.com")
    caseworker.get_by_role("link", name="2 households waiting for verification").click()
    expect(caseworker).to_have_url(re.compile(re.escape(QUEUE)))
    rows = listing_rows(caseworker)
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Maria Garcia")
    expect(rows.nth(1)).to_contain_text("Ana López")
    screenshot(caseworker, "queue")
    # A search finds words by their beginning, accents aside, in every view.
    caseworker.locator("#id_q").fill("lopez")
    caseworker.locator("#id_q").press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Ana López")
    screenshot(caseworker, "queue-search")
    caseworker.goto(url + QUEUE)
    expect(rows).to_have_count(2)
    rows.nth(0).get_by_role("link", name="Inspect").click()
    expect(caseworker).to_have_url(url + f"{QUEUE}inspect/{maria.pk}/")
    expect(caseworker.locator("#actions-heading")).to_contain_text("In review")

    # 2. The documents are shown inline as images the server rendered (the PDF
    # too); the originals are downloads.
    documents = caseworker.locator("#documents-heading").locator("..")
    previews = documents.locator("img[src*='/preview/']")
    expect(previews).to_have_count(2)  # the ID photo and the one-page SNAP letter
    expect(documents.locator("iframe, embed, object")).to_have_count(0)
    for index in range(2):
        preview = previews.nth(index)
        preview.scroll_into_view_if_needed()
        expect(preview).to_have_js_property("complete", True)
        assert preview.evaluate("img => img.naturalWidth") > 0, "a preview did not load"
    screenshot(caseworker, "inspect")
    link = documents.locator("figcaption a", has_text="maria-id.png")
    document_path = link.get_attribute("href").removesuffix("?download=1")
    assert DOCUMENT_URL.match(document_path), document_path
    with caseworker.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == "maria-id.png"
    pdf_link = documents.locator("figcaption a", has_text="snap-letter.pdf")
    pdf = caseworker.request.get(url + pdf_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment")
    assert pdf.body().startswith(b"%PDF")
    with db:
        assert (
            ModelLogEntry.objects.for_instance(maria)
            .filter(
                action="applications.view_document",
                user__email="caseworker@example.com",
                data__document_id=document_path.split("/")[2],
            )
            .exists()
        )

    # 3. The caseworker asks for more information.
    caseworker.get_by_role("link", name="Request more information").click()
    expect(
        caseworker.get_by_role("heading", name="Request more information")
    ).to_be_visible()
    caseworker.get_by_label("What the applicant needs to send").fill(REQUEST_MESSAGE)
    caseworker.get_by_role("button", name="Send request").click()
    expect(
        caseworker.get_by_text("Request sent. The household waits for the applicant.")
    ).to_be_visible()
    expect(caseworker).to_have_url(url + f"{QUEUE}inspect/{maria.pk}/")
    with db:
        maria.refresh_from_db()
    assert maria.review_status == Household.ReviewStatus.INFO_REQUESTED
    expect(caseworker.locator("#requests-heading + ul")).to_contain_text(
        REQUEST_MESSAGE
    )

    # 4. The applicant answers from a phone.
    applicant = browser_page
    applicant_sign_in(applicant, url, "applicant@example.com")
    applicant.goto(url + "/dashboard/")
    request_box = applicant.locator("section[aria-labelledby=request-heading]")
    expect(
        request_box.get_by_role("heading", name="We need more information")
    ).to_be_visible()
    expect(request_box).to_contain_text(REQUEST_MESSAGE)
    assert_no_horizontal_scroll(applicant)
    screenshot(applicant, "applicant-request")
    bill = write_png(tmp_path / "utility-bill.png")
    request_box.locator("input[type=file][name='response-files']").set_input_files(
        str(bill)
    )
    request_box.get_by_role("button", name="Upload").click()
    expect(applicant.get_by_text("Uploaded 1 file.")).to_be_visible()
    expect(request_box.get_by_role("link", name="utility-bill.png")).to_be_visible()
    screenshot(applicant, "applicant-uploaded")
    request_box.get_by_role("button", name="Send my answer").click()
    expect(
        applicant.get_by_text("Thank you. Staff will look at your answer soon.")
    ).to_be_visible()
    expect(applicant.locator("#request-heading")).to_have_count(0)
    with db:
        maria.refresh_from_db()
    assert maria.review_status == Household.ReviewStatus.SUBMITTED

    # 5. The caseworker sees the answer and verifies the household.
    caseworker.reload()
    expect(caseworker.locator("#actions-heading")).to_contain_text("In review")
    expect(
        documents.get_by_role("heading", name="Sent in answer to a request")
    ).to_be_visible()
    expect(
        documents.get_by_role("img", name="Uploaded document utility-bill.png")
    ).to_be_visible()
    expect(caseworker.locator("#requests-heading + ul")).to_contain_text("answered")
    caseworker.get_by_role("link", name="Verify", exact=True).click()
    expect(caseworker.get_by_role("heading", name="Verify household")).to_be_visible()
    expect(caseworker.locator(".help-warning")).to_have_count(0)
    caseworker.get_by_role("button", name="Verify", exact=True).click()
    expect(caseworker.get_by_text("Household verified.")).to_be_visible()
    expect(caseworker.locator("#actions-heading")).to_contain_text("Verified")
    screenshot(caseworker, "verified")
    # The admin scrolls inside its own container, so a full-page shot shows only the
    # top: scroll the documents into view for another. Only now, after the last
    # click on this page: right after scrolling the inline PDF viewer (an
    # out-of-process frame) around, Chromium can route the next click to it.
    documents.get_by_role(
        "heading", name="Sent in answer to a request"
    ).scroll_into_view_if_needed()
    screenshot(caseworker, "inspect-documents")
    with db:
        maria.refresh_from_db()
    assert maria.review_status == Household.ReviewStatus.VERIFIED

    # 6. The coordinator enrolls Maria in the Grocery Tax Rebate.
    coordinator_context = _new_context(chromium_browser, DESKTOP_VIEWPORT)
    try:
        coordinator = coordinator_context.new_page()
        admin_sign_in(coordinator, url, "coordinator@example.com")
        coordinator.get_by_role("link", name="Enrollments", exact=True).click()
        expect(coordinator).to_have_url(url + ENROLLMENTS)
        rows = listing_rows(coordinator)
        grocery_row = rows.filter(has_text="Grocery Tax Rebate").filter(
            has_text="Maria Garcia"
        )
        expect(grocery_row).to_have_count(1)
        expect(grocery_row).to_contain_text("Applied")
        # Only the coordinator's programs: one title per row, always in scope.
        row_texts = rows.all_inner_texts()
        assert row_texts
        for text in row_texts:
            shown = {title for title in all_titles if title in text}
            assert shown and shown <= scope_titles, (text, shown)
        expect(coordinator.locator("table.listing")).not_to_contain_text(outside.title)
        screenshot(coordinator, "coordinator-listing")
        grocery_row.get_by_role("checkbox").check()
        coordinator.locator("#bulk-decision").select_option(label="Mark enrolled")
        coordinator.get_by_role("button", name="Apply to selected").click()
        expect(coordinator.get_by_text("1 application updated.")).to_be_visible()
        expect(
            listing_rows(coordinator)
            .filter(has_text="Grocery Tax Rebate")
            .filter(has_text="Maria Garcia")
        ).to_contain_text("Enrolled")
        screenshot(coordinator, "coordinator-enrolled")
    finally:
        _close_context(coordinator_context)
    with db:
        grocery = ProgramApplication.objects.select_related("program").get(
            household=maria, program__slug="grocery-tax-rebate"
        )
        renews_on = expiry_date(grocery)
    assert grocery.status == ProgramApplication.Status.ENROLLED
    assert renews_on is not None  # a 12-month renewal interval

    # 7. The applicant sees the enrollment and when to renew it.
    applicant.goto(url + "/dashboard/")
    enrolled = applicant.locator("section[aria-labelledby=enrolled-heading]")
    expect(enrolled.get_by_role("heading", name="Enrolled")).to_be_visible()
    with translation.override("en"):
        renew_by = formats.date_format(renews_on, "DATE_FORMAT")
    expect(enrolled.locator("li", has_text="Grocery Tax Rebate")).to_contain_text(
        f"Renew by {renew_by}."
    )
    expect(applicant.locator("#pending-heading + ul")).not_to_contain_text(
        "Grocery Tax Rebate"
    )
    assert_no_horizontal_scroll(applicant)
    screenshot(applicant, "applicant-enrolled")
