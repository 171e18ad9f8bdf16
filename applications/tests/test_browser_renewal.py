"""A household whose enrollment expires in 30 days renews in the browser."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from applications import state_machine
from applications.models import Household, ProgramApplication
from applications.renewals.dates import expiry_date
from applications.tests.conftest import PASSWORD, make_applicant, make_household
from portal.tests.browser import tick
from programs.models import ProgramPage, QualifyingProgram

pytestmark = pytest.mark.browser


def expect_step(page, number):
    expect(page).to_have_title(re.compile(rf"^Step {number} of 6"))


def continue_step(page):
    page.get_by_role("button", name="Save and continue").click()


def test_renewal_thirty_days_before_expiry(
    live_server, browser_db, demo_content, browser_page, screenshot, tmp_path
):
    staff = get_user_model().objects.create_user(
        email="casey@example.com", password="x", is_staff=True, is_superuser=True
    )
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(
        make_applicant("ana@example.com"), qualifying=[snap], submit=True
    )
    state_machine.verify(household, staff)
    grocery = ProgramApplication.objects.create(
        household=household,
        program=ProgramPage.objects.canonical().get(slug="grocery-tax-rebate"),
    )
    state_machine.enroll(grocery, staff)
    # Enrolled (and verified) a year ago less 30 days: the enrollment expires in 30 days.
    started = timezone.now() - dt.timedelta(days=335)
    ProgramApplication.objects.filter(pk=grocery.pk).update(enrolled_at=started)
    Household.objects.filter(pk=household.pk).update(verified_at=started)
    grocery.refresh_from_db()
    old_expiry = expiry_date(grocery)
    assert (old_expiry - timezone.localdate()).days in (29, 30, 31)

    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Time to renew")).to_be_visible()
    screenshot(page, "renewal-offered")
    page.get_by_role("button", name="Renew now").click()

    expect_step(page, 1)
    expect(page.get_by_label("First name")).to_have_value("Ana")
    continue_step(page)
    expect_step(page, 2)
    expect(page.get_by_label("Street address", exact=True)).to_have_value(
        "300 Laporte Ave"
    )
    continue_step(page)
    expect_step(page, 3)
    expect(page.locator("#id_members-0-first_name")).to_have_value("Ana")
    continue_step(page)
    expect_step(page, 4)
    continue_step(page)

    expect_step(page, 5)
    identity, proof = page.locator(".portal-document-item").all()
    expect(identity.locator(".usa-tag")).to_have_text(re.compile("Uploaded", re.I))
    expect(proof.locator(".usa-tag")).to_have_text(re.compile("Needed", re.I))
    screenshot(page, "renewal-documents")
    letter = tmp_path / "snap-2027.png"
    Image.new("RGB", (600, 800), "white").save(letter, "PNG")
    proof.locator("input[type=file]").set_input_files(str(letter))
    proof.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="snap-2027.png")).to_be_visible()
    continue_step(page)

    expect_step(page, 6)
    tick(page, "I confirm")
    page.get_by_role("button", name="Submit my application").click()
    expect(
        page.get_by_role("heading", name="Your application is submitted")
    ).to_be_visible()
    page.get_by_role("link", name="Go to my dashboard").click()
    expect(page.get_by_text("Your renewal is in review")).to_be_visible()
    expect(page.locator("#enrolled-heading + ul")).to_contain_text("Grocery Tax Rebate")
    screenshot(page, "renewal-in-review")

    household.refresh_from_db()
    assert household.is_renewal and household.review_status == "submitted"
    state_machine.verify(Household.objects.get(pk=household.pk), staff)
    grocery.refresh_from_db()
    assert grocery.status == ProgramApplication.Status.ENROLLED
    assert expiry_date(grocery) > old_expiry

    page.reload()
    expect(page.locator("#enrolled-heading + ul")).to_contain_text("Grocery Tax Rebate")
    expect(page.get_by_role("heading", name="Time to renew")).to_have_count(0)
    screenshot(page, "renewed")
