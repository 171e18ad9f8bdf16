"""The public catalogue and the editor's publishing journey, in a real browser.

Phone width (360px) for the public pages, desktop width for the Wagtail admin. Each
test saves screenshots to test-artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD
from home.models import SiteSettings
from portal.tests.browser import assert_no_horizontal_scroll, enter_second_factor
from programs.models import ProgramIndexPage, ProgramPage

pytestmark = pytest.mark.browser

EDITOR_EMAIL = "editor@example.com"
APPROVER_EMAIL = "approver@example.com"


@pytest.fixture
def demo_site(browser_db, demo_accounts):
    """The demo pages and programs, plus the demo staff accounts."""
    return demo_accounts


def _static_failures(page):
    """Start collecting the page's /static/ requests that fail; returns the list."""
    failures = []

    def on_response(response):
        if "/static/" in response.url and not response.ok:
            failures.append(f"{response.status} {response.url}")

    def on_request_failed(request):
        if "/static/" in request.url:
            failures.append(f"{request.failure} {request.url}")

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return failures


def _card_headings(page):
    # The list is named by the heading above it: "7 programs".
    cards = page.get_by_role("list", name=re.compile(r"^\d+ programs?$"))
    return cards.get_by_role("heading", level=3)


def _card_titles(page):
    """The program cards' titles on a page that has finished loading."""
    return _card_headings(page).all_inner_texts()


def test_home_page_at_phone_width(live_server, demo_site, browser_page, screenshot):
    """Hero heading, organization name, styles, skip link, main landmark, no h-scroll."""
    page = browser_page
    failed_assets = _static_failures(page)
    organization = SiteSettings.objects.get().organization_name

    response = page.goto(live_server.url + "/")

    assert response.ok
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_site.hero_heading)
    expect(page.get_by_role("banner")).to_contain_text(organization)
    # USWDS's stylesheet (not just its markup) is in effect: its sans-serif body font.
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Source Sans" in body_font, body_font
    assert failed_assets == []
    main = page.get_by_role("main")
    expect(main).to_have_count(1)
    expect(main).to_have_attribute("id", "main-content")
    assert_no_horizontal_scroll(page)
    screenshot(page, "home")

    # The first Tab reaches the skip link; Enter moves focus into the main landmark.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    screenshot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    assert page.url.endswith("#main-content")


def test_programs_index_lists_programs_and_filters_by_category(
    live_server, demo_site, browser_page, screenshot
):
    page = browser_page
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    live_titles = sorted(
        ProgramPage.objects.child_of(index).live().values_list("title", flat=True)
    )

    page.goto(live_server.url + index.url)

    titles = _card_titles(page)
    assert len(titles) >= 6
    assert sorted(titles) == live_titles
    assert "Grocery Tax Rebate" in titles
    assert_no_horizontal_scroll(page)
    screenshot(page, "all")

    filters = page.get_by_role("navigation", name="Filter programs by category")
    filters.get_by_role("link", name="Transportation", exact=True).click()
    page.wait_for_url(re.compile(r"/programs/\?category=transportation$"))

    expect(
        filters.get_by_role("link", name="Transportation", exact=True)
    ).to_have_attribute("aria-current", "page")
    # Listed by title, and nothing but the two transportation programs.
    expect(_card_headings(page)).to_have_text(
        ["Bike Share Membership", "Reduced-Fare Transit Pass"]
    )
    expect(page.get_by_role("main")).not_to_contain_text("Grocery Tax Rebate")
    assert_no_horizontal_scroll(page)
    screenshot(page, "transportation")


def test_each_program_page_opens_from_the_index(
    live_server, demo_site, browser_page, screenshot
):
    page = browser_page
    index_url = (
        live_server.url + ProgramIndexPage.objects.get(locale__language_code="en").url
    )
    page.goto(index_url)
    titles = _card_titles(page)
    assert len(titles) >= 6
    assert len(titles) == ProgramPage.objects.canonical().live().count()

    for title in titles:
        page.goto(index_url)
        _card_headings(page).get_by_role("link", name=title, exact=True).click()

        program = ProgramPage.objects.canonical().get(title=title)
        page.wait_for_url(live_server.url + program.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        assert_no_horizontal_scroll(page)
        screenshot(page, program.slug)


def _sign_in(page, base_url, email):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, base_url, email)
    expect(page).to_have_url(base_url + "/admin/")


def _income_limit_field(page):
    # By role: Wagtail's panel section and anchors share the field's label.
    return page.get_by_role("spinbutton", name="Income limit (% of AMI)")


def _footer_action(page, name):
    """Choose an action from the editor footer's "More actions" menu (Wagtail 8
    keeps Publish and the workflow actions there, next to Save draft)."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    action = footer.get_by_role("button", name=name, exact=True)
    expect(action).to_be_visible()
    return action


def _publish_income_limit(page, value):
    """On the open edit view: set the income limit and choose Publish."""
    page.get_by_role("tab", name="Eligibility rules").click()
    field = _income_limit_field(page)
    expect(field).to_be_visible()
    field.fill(str(value))
    publish = _footer_action(page, "Publish")
    with page.expect_navigation():
        publish.click()


def test_editor_changes_income_limit_and_an_approver_publishes_it(
    live_server, demo_site, desktop_page, browser_page, screenshot
):
    page = desktop_page
    program = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    assert program.income_limit_ami == 60
    revisions_before = program.revisions.count()
    edit_url = f"{live_server.url}/admin/pages/{program.pk}/edit/"

    _sign_in(page, live_server.url, EDITOR_EMAIL)
    page.goto(edit_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grocery Tax Rebate")

    # Out of range: the edit view shows the error and nothing is saved.
    _publish_income_limit(page, 150)
    expect(page).to_have_url(edit_url)
    expect(
        page.get_by_text("could not be saved due to validation errors")
    ).to_be_visible()
    page.get_by_role("tab", name="Eligibility rules").click()
    field_wrapper = page.locator("[data-field-wrapper]", has=_income_limit_field(page))
    expect(field_wrapper).to_contain_text("less than or equal to 100")
    screenshot(page, "validation-error")
    program.refresh_from_db()
    assert program.income_limit_ami == 60
    assert not program.has_unpublished_changes
    assert program.get_latest_revision().content["income_limit_ami"] == 60
    assert program.revisions.count() == revisions_before

    # In range: a rule change, so Publish keeps it as a draft that waits.
    _publish_income_limit(page, 50)
    expect(page).to_have_url(edit_url)
    expect(page.get_by_text("a program approver must approve them")).to_be_visible()
    program.refresh_from_db()
    assert program.income_limit_ami == 60
    assert program.get_latest_revision().content["income_limit_ami"] == 50

    # The rules tab shows what the draft changes and whom it moves, by count.
    page.get_by_role("tab", name="Eligibility rules").click()
    impact = page.locator(".portal-rule-change")
    expect(impact).to_contain_text("Income limit (% of AMI)")
    expect(impact).to_contain_text("Households that gain and lose eligibility")
    impact.scroll_into_view_if_needed()
    screenshot(page, "impact-preview")

    with page.expect_navigation():
        _footer_action(page, "Submit to Rule changes").click()
    expect(page.get_by_text("submitted for moderation")).to_be_visible()

    # The approver opens the page, sees the impact in the approval dialog and
    # approves: the change goes live.
    page.context.clear_cookies()
    _sign_in(page, live_server.url, APPROVER_EMAIL)
    page.goto(edit_url)
    # Wagtail names the last step's approval "… and Publish".
    _footer_action(page, "Approve and Publish").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Before you approve: what this changes")
    expect(dialog.locator(".portal-rule-change")).to_contain_text("60%")
    screenshot(page, "approval-dialog")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Approve").click()
    program.refresh_from_db()
    assert program.live
    assert program.income_limit_ami == 50
    assert not program.has_unpublished_changes
    assert program.live_revision.content["income_limit_ami"] == 50
    screenshot(page, "published")

    public = browser_page
    response = public.goto(live_server.url + "/programs/grocery-tax-rebate/")
    assert response.ok
    expect(public.get_by_role("heading", level=1)).to_have_text("Grocery Tax Rebate")
    screenshot(public, "public-page-after-publish")
