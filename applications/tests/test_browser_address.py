"""The address step in headless Chromium: an address typed long-hand is offered in
the Postal Service's form, the applicant confirms it by keyboard, and the next step
follows; a caseworker then sees where a geocoded household lies on the area's map."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Household
from applications.placement import place_household
from applications.tests.conftest import make_applicant, make_household
from portal.tests.browser import assert_no_horizontal_scroll, follow_sign_up_email
from programs.addresses import Address, place_address
from programs.models import ServiceArea

from .test_browser_caseworker import admin_sign_in

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"


def test_an_applicant_confirms_the_standardized_address(
    live_server, browser_db, demo_content, browser_page, desktop_page, screenshot
):
    page = browser_page
    url = live_server.url
    page.goto(url + "/apply/account/")
    page.locator("#id_first_name").fill("Rosa")
    page.locator("#id_last_name").fill("Núñez")
    page.locator("#id_email").fill("rosa@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Save and continue").click()
    follow_sign_up_email(page, url)
    expect(page).to_have_title(re.compile("^Step 2 of 6"))

    page.locator("#id_street").fill("300 laporte avenue")
    page.locator("#id_unit").fill("apartment 2")
    page.locator("#id_city").fill("fairview")
    page.locator("#id_state").fill("co")
    page.locator("#id_zip_code").fill("80521")
    page.get_by_role("button", name="Save and continue").click()

    # The suggestion, beside what was typed.
    expect(page.get_by_role("group", name="Check your address")).to_be_visible()
    suggested = page.locator("[data-testid=suggested-address]")
    expect(suggested).to_have_text(
        re.compile(r"300 LAPORTE AVE, APT 2\s*FAIRVIEW, CO 80521")
    )
    expect(page.get_by_text("300 Laporte Avenue, apartment 2")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "address-suggestion-phone")

    # Continue without choosing: a message on the page, nothing saved.
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile("^Error: Step 2 of 6"))
    expect(page.locator("#error-summary")).to_contain_text(
        "Choose which address to use."
    )
    assert not Household.objects.get(user__email="rosa@example.com").is_step_complete(
        "address"
    )

    # By keyboard: the first choice, then the button.
    page.get_by_role("radio", name=re.compile("Use the suggested address")).focus()
    page.keyboard.press("Space")
    expect(
        page.get_by_role("radio", name=re.compile("Use the suggested address"))
    ).to_be_checked()
    page.get_by_role("button", name="Save and continue").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Step 3 of 6"))

    household = Household.objects.get(user__email="rosa@example.com")
    assert (household.street, household.unit, household.city, household.state) == (
        "300 LAPORTE AVE",
        "APT 2",
        "FAIRVIEW",
        "CO",
    )
    assert household.address_standardized
    assert household.service_areas.exists() and not household.address_needs_review

    # The same page at desktop width.
    desktop_page.goto(url + "/accounts/login/")
    desktop_page.get_by_label("Email address").fill("rosa@example.com")
    desktop_page.get_by_label("Password").fill(PASSWORD)
    desktop_page.get_by_role("button", name="Sign in").click()
    expect(desktop_page).not_to_have_url(re.compile(r"/accounts/login/"))
    desktop_page.goto(url + "/apply/address/")
    desktop_page.locator("#id_street").fill("1200 remington street")
    desktop_page.get_by_role("button", name="Save and continue").click()
    expect(desktop_page.locator("[data-testid=suggested-address]")).to_contain_text(
        "1200 REMINGTON ST"
    )
    screenshot(desktop_page, "address-suggestion-desktop")


def test_a_caseworker_sees_the_household_on_the_area_map(
    live_server, browser_db, demo_accounts, desktop_page, screenshot
):
    area = ServiceArea.objects.create(
        name="Drawn City",
        zip_codes="80999",
        boundary={
            "type": "MultiPolygon",
            "coordinates": [
                [
                    [
                        [-105.2, 40.5],
                        [-105.0, 40.5],
                        [-105.0, 40.7],
                        [-105.2, 40.7],
                        [-105.2, 40.5],
                    ],
                    [
                        [-105.15, 40.55],
                        [-105.12, 40.55],
                        [-105.12, 40.58],
                        [-105.15, 40.58],
                        [-105.15, 40.55],
                    ],
                ],
                [
                    [
                        [-104.95, 40.6],
                        [-104.9, 40.6],
                        [-104.9, 40.65],
                        [-104.95, 40.65],
                        [-104.95, 40.6],
                    ]
                ],
            ],
        },
    )
    household = make_household(
        make_applicant("edge@example.com"), zip_code="80999", submit=True, area_ids=[]
    )
    place_household(
        household,
        place_address(
            Address(zip_code="80999", longitude=-105.0001, latitude=40.6), geocode=False
        ),
    )
    household.refresh_from_db()
    assert household.address_needs_review

    admin_sign_in(desktop_page, live_server.url, "caseworker@example.com")
    desktop_page.goto(
        f"{live_server.url}/admin/applications/household/inspect/{household.pk}/"
    )

    addresses = desktop_page.locator("section[aria-labelledby=address-heading]")
    expect(addresses).to_contain_text("too close to place it automatically")
    drawing = addresses.get_by_role("img", name=area.name)
    expect(drawing).to_be_visible()
    expect(drawing.locator("circle")).to_have_count(1)
    addresses.scroll_into_view_if_needed()
    screenshot(desktop_page, "household-on-area-map")


def test_an_editor_uploads_a_boundary_and_sees_it_drawn(
    live_server, browser_db, demo_accounts, desktop_page, screenshot, tmp_path
):
    area = ServiceArea.objects.get(name="City limits")
    boundary = tmp_path / "city-limits.geojson"
    boundary.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"NAME": "City limits"}, "geometry": {"type": "Polygon", '
        '"coordinates": [[[-105.14, 40.52], [-105.02, 40.52], [-105.03, 40.60], '
        "[-105.08, 40.64], [-105.14, 40.62], [-105.14, 40.52]], "
        "[[-105.09, 40.56], [-105.07, 40.56], [-105.07, 40.58], [-105.09, 40.56]]]}}]}"
    )
    admin_sign_in(desktop_page, live_server.url, "editor@example.com")
    edit = f"{live_server.url}/admin/snippets/programs/servicearea/edit/{area.pk}/"
    desktop_page.goto(edit)
    desktop_page.locator("input#id_boundary_file").set_input_files(boundary)
    desktop_page.get_by_role("button", name="Save").first.click()
    expect(desktop_page).to_have_url(
        re.compile(r"/admin/snippets/programs/servicearea/$")
    )

    area.refresh_from_db()
    assert area.boundary["type"] == "Polygon"
    desktop_page.goto(edit)
    drawing = desktop_page.get_by_role("img", name="City limits")
    expect(drawing).to_be_visible()
    drawing.scroll_into_view_if_needed()
    screenshot(desktop_page, "editor-area-drawing")
