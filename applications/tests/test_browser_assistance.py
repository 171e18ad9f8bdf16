"""Applying with help, end to end in headless Chromium: an assister at the library
adds a resident without email, fills the wizard with them (uploads included) and
submits; a caseworker sees "assisted by" and verifies; the decision letter prints in
the resident's language. Then a resident with a phone takes their account over by
the invitation's link and sees their dashboard."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Household
from applications.notifications.senders import MemorySmsSender
from applications.tests.conftest import make_household
from applications.tests.test_browser_caseworker import admin_sign_in, applicant_sign_in
from portal.tests.browser import (
    DESKTOP_VIEWPORT,
    _close_context,
    _new_context,
    assert_no_horizontal_scroll,
    enter_second_factor,
    tick,
    write_pdf,
    write_photo,
)

pytestmark = pytest.mark.browser

ASSISTER = "assister@example.com"
QUEUE = "/admin/applications/household/"


def assister_sign_in(page, url):
    """The applicants' sign-in page, then the second factor, as staff have."""
    applicant_sign_in(page, url, ASSISTER)
    enter_second_factor(page, url, ASSISTER)
    expect(page).to_have_url(url + "/assist/")


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def test_an_assister_applies_with_a_resident_without_email_and_staff_verify(
    live_server,
    browser_db,
    demo_accounts,
    one_request_at_a_time,
    chromium_browser,
    browser_page,
    screenshot,
    tmp_path,
):
    url = live_server.url
    db = one_request_at_a_time
    page = browser_page  # the assister works from a tablet or phone at the desk

    # 1. Sign in (password and second factor) and add the client.
    assister_sign_in(page, url)
    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Martínez")
    page.get_by_label("The resident's language for messages and letters").select_option(
        "es"
    )
    screenshot(page, "new-client")
    page.get_by_role("button", name="Add the client and start").click()
    expect(page.get_by_text("Rosa Martínez is your client now.")).to_be_visible()
    expect(page.locator(".portal-assisting")).to_contain_text(
        "You are applying with Rosa Martínez"
    )

    # 2. The same wizard: address, household, qualifying programs, documents.
    page.get_by_label("Street address", exact=True).fill("300 Laporte Ave")
    page.get_by_label("City", exact=True).fill("Fairview")
    page.get_by_label("State", exact=True).fill("CO")
    page.get_by_label("ZIP code", exact=True).fill("80521")
    save_and_continue(page)
    expect(page).to_have_title(re.compile(r"Step 3 of 6"))
    assert page.locator("#id_members-0-first_name").input_value() == "Rosa"
    tick(page, "Rent")
    tick(page, "More than 3 years")
    page.locator("#id_members-0-date_of_birth").fill("1950-02-03")
    save_and_continue(page)
    tick(page, "SNAP")
    save_and_continue(page)
    expect(page).to_have_title(re.compile(r"Step 5 of 6"))
    sections = page.locator(".portal-document-item")
    sections.nth(0).locator("input[type=file]").set_input_files(
        str(write_photo(tmp_path / "rosa-id.jpg"))
    )
    sections.nth(0).get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="rosa-id.jpg")).to_be_visible()
    page.locator(".portal-document-item").nth(1).locator(
        "input[type=file]"
    ).set_input_files(str(write_pdf(tmp_path / "snap-letter.pdf")))
    page.locator(".portal-document-item").nth(1).get_by_role(
        "button", name="Upload"
    ).click()
    expect(page.get_by_role("link", name="snap-letter.pdf")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "documents")
    save_and_continue(page)

    # 3. Review: the resident ticks the box; the assister confirms it, by name.
    expect(page).to_have_title(re.compile(r"Step 6 of 6"))
    tick(page, "The resident ticks the box below themselves")
    tick(page, "I confirm that what I have told you is true")
    tick(page, "I, Ari Assister, saw the resident read the answers")
    assert_no_horizontal_scroll(page)
    screenshot(page, "review")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("The application is submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Rosa Martínez")).to_be_visible()
    expect(page.get_by_role("link", name="Application received")).to_be_visible()
    screenshot(page, "client-submitted")
    with db:
        household = Household.objects.get(user__first_name="Rosa")
        assert household.user.email is None
        assert household.review_status == Household.ReviewStatus.SUBMITTED

    # 4. A caseworker finds it under "With an assister" and verifies it.
    context = _new_context(chromium_browser, DESKTOP_VIEWPORT)
    try:
        caseworker = context.new_page()
        admin_sign_in(caseworker, url, "caseworker@example.com")
        caseworker.goto(url + QUEUE + "?assisted=yes")
        rows = caseworker.locator("table.listing tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.nth(0)).to_contain_text("Rosa Martínez")
        expect(rows.nth(0)).to_contain_text("Assisted by Ari Assister, Central Library")
        screenshot(caseworker, "queue-assisted")
        rows.nth(0).get_by_role("link", name="Inspect").click()
        expect(
            caseworker.get_by_text("Assisted by Ari Assister, Central Library")
        ).to_be_visible()
        caseworker.get_by_role("link", name="Verify", exact=True).click()
        caseworker.get_by_role("button", name="Verify", exact=True).click()
        expect(caseworker.get_by_text("Household verified.")).to_be_visible()
        screenshot(caseworker, "verified")
    finally:
        _close_context(context)

    # 5. Back at the desk: the decision letter, in Spanish, ready to print.
    page.reload()
    page.get_by_role("link", name="Household verified").click()
    letter = page.locator("article.portal-letter")
    expect(letter).to_have_attribute("lang", "es")
    expect(letter).to_contain_text("Hola, Rosa:")
    expect(letter).to_contain_text("su hogar está verificado")
    assert_no_horizontal_scroll(page)
    screenshot(page, "letter")
    page.get_by_role("button", name="Mark as printed").click()
    expect(page.get_by_text("Marked as printed.")).to_be_visible()


def test_a_resident_takes_over_the_account_by_the_invitation_link(
    live_server,
    browser_db,
    demo_accounts,
    one_request_at_a_time,
    chromium_browser,
    browser_page,
    screenshot,
):
    url = live_server.url
    db = one_request_at_a_time
    MemorySmsSender.outbox.clear()
    with db:
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from applications.models import PartnerOrganization

        user = get_user_model().objects.create_client(
            first_name="Tomás",
            last_name="Reyes",
            phone_number="+19705550123",
            contact_by_sms=True,
            contact_by_email=False,
        )
        household = make_household(user, submit=True)
        library = PartnerOrganization.objects.get(name="Central Library")
        Household.objects.filter(pk=household.pk).update(
            partner=library,
            assisted_by=get_user_model().objects.get(email=ASSISTER),
            assisted_by_organization=library.name,
            client_since=timezone.now(),
        )

    # The assister sends the invitation from the client's page.
    context = _new_context(chromium_browser, DESKTOP_VIEWPORT)
    try:
        desk = context.new_page()
        assister_sign_in(desk, url)
        desk.get_by_role("link", name="Tomás Reyes").click()
        expect(desk.get_by_text("It goes by text message")).to_be_visible()
        desk.get_by_role("button", name="Send an invitation").click()
        expect(desk.get_by_text("The invitation is ready to print")).to_be_visible()
    finally:
        _close_context(context)
    [text] = [
        m
        for m in MemorySmsSender.outbox
        if m["to"] == "+19705550123" and "/accounts/claim/" in m["body"]
    ]
    link = re.search(r"https?://\S+/accounts/claim/\S+/", text["body"])[0]

    # The resident opens it on their phone, sets an email and a password.
    phone = browser_page
    phone.goto(url + re.sub(r"^https?://[^/]+", "", link))
    expect(phone.get_by_role("heading", name="Take over your account")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "claim")
    phone.get_by_label("Email address").fill("tomas@example.com")
    phone.get_by_label("Password", exact=True).fill("a-long-new-passphrase-9")
    phone.get_by_label("Type the password again").fill("a-long-new-passphrase-9")
    phone.get_by_role("button", name="Set my password").click()
    expect(phone.get_by_text("Welcome. This is your account now.")).to_be_visible()
    expect(phone).to_have_url(url + "/dashboard/")
    expect(phone.get_by_role("heading", name="Available to you")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "claimed-dashboard")
    with db:
        household.refresh_from_db()
        assert household.claimed_at is not None
        assert household.user.email == "tomas@example.com"
