"""A household that qualifies by income alone, in headless Chromium at phone width,
in English and in Spanish: the screener by household size and income, the program
page's limits, the wizard's income question, proof of income, and the dashboard's
reason with the dollar figures. Grocery Tax Rebate (demo) goes by enrollment or by
income (sample MTSP table, 60 %: $52,800 for two)."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Household
from portal.tests.browser import (
    assert_no_horizontal_scroll,
    follow_sign_up_email,
    tick,
    write_pdf,
    write_photo,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"
WORDS = {
    "en": {
        "prefix": "",
        "show": "Show programs",
        "grocery": "Grocery Tax Rebate",
        "limits": "People in the household",
        "why": "Your household of 2 people reported $30,000 a year; the limit is $52,800.",
        "continue": "Save and continue",
        "month": "A month",
        "rent": "Rent",
        "years": "1 to 3 years",
        "none": "None of these",
        "income_proof": "Proof of income",
        "review_income": "$2,500.00 a month ($30,000 a year)",
        "confirm": "I confirm",
        "submit": "Submit my application",
        "dashboard": "Go to my dashboard",
        "upload": "Upload",
        "step": "Step {} of 6",
    },
    "es": {
        "prefix": "/es",
        "show": "Ver programas",
        "grocery": "Reembolso del impuesto sobre comestibles",
        "limits": "Personas en el hogar",
        "why": "Su hogar de 2 personas declaró $30,000 al año; el límite es $52,800.",
        "continue": "Guardar y continuar",
        "month": "Al mes",
        "rent": "Alquilada",
        "years": "De 1 a 3 años",
        "none": "Ninguno de estos",
        "income_proof": "Comprobante de ingresos",
        "review_income": "$2,500.00 al mes ($30,000 al año)",
        "confirm": "Confirmo que la información que di es verdadera",
        "submit": "Enviar mi solicitud",
        "dashboard": "Ir a mi panel",
        "upload": "Subir",
        "step": "Paso {} de 6",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_household_qualifies_by_income_alone(
    live_server, browser_db, demo_content, browser_page, screenshot, tmp_path, language
):
    words = WORDS[language]
    page = browser_page
    url = live_server.url
    base = url + words["prefix"]

    def continue_step():
        page.get_by_role("button", name=words["continue"]).click()
        page.wait_for_load_state()

    def expect_step(number):
        expect(page).to_have_title(re.compile("^" + words["step"].format(number)))

    # The screener: no qualifying program, two people, $2,500 a month.
    page.goto(base + "/screener/")
    page.locator("#id_zip_code").fill("80521")
    tick(page, words["none"])
    page.locator("#id_household_size").fill("2")
    page.locator("#id_income_amount").fill("$2,500")
    tick(page, words["month"])
    page.get_by_role("button", name=words["show"]).click()
    cards = page.locator(".usa-card")
    grocery = cards.filter(has_text=words["grocery"])
    expect(grocery).to_contain_text(words["why"])
    assert_no_horizontal_scroll(page)
    screenshot(page, f"screener-income-{language}")

    # The program page lists the limit for each household size.
    grocery.get_by_role("link", name=re.compile(words["grocery"])).last.click()
    limits = page.locator("table.portal-income-limits")
    expect(limits).to_contain_text(words["limits"])
    expect(limits).to_contain_text("$52,800")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"program-limits-{language}")

    # The wizard, from the start.
    page.goto(base + "/apply/account/")
    expect_step(1)
    email = f"income-{language}@example.com"
    page.locator("#id_first_name").fill("Rosa")
    page.locator("#id_last_name").fill("Núñez")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    continue_step()
    follow_sign_up_email(page, url)
    expect_step(2)
    page.locator("#id_street").fill("300 Laporte Ave")
    page.locator("#id_city").fill("Fairview")
    page.locator("#id_state").fill("CO")
    page.locator("#id_zip_code").fill("80521")
    continue_step()

    # Household: two people and the income, first without how often (an error).
    expect_step(3)
    tick(page, words["rent"])
    tick(page, words["years"])
    page.locator("#id_members-0-date_of_birth").fill("1980-02-14")
    page.get_by_role(
        "button", name=re.compile("Add another person|Agregar otra persona")
    ).click()
    page.locator("#id_members-1-first_name").fill("Leo")
    page.locator("#id_members-1-last_name").fill("Núñez")
    page.locator("#id_members-1-date_of_birth").fill("2014-06-01")
    page.locator("#id_housing-income_amount").fill("2,500")
    continue_step()
    expect(page).to_have_title(re.compile("^Error: " + words["step"].format(3)))
    expect(page.locator("#error-summary")).to_be_visible()
    tick(page, words["month"])
    assert_no_horizontal_scroll(page)
    screenshot(page, f"household-income-{language}")
    continue_step()

    # Qualifying programs: none.
    expect_step(4)
    tick(page, words["none"])
    continue_step()

    # Documents: Rosa's ID and the proof of income.
    expect_step(5)
    sections = page.locator(".portal-document-item")
    expect(sections).to_have_count(2)
    expect(sections.nth(1)).to_contain_text(words["income_proof"])
    sections.nth(0).locator("input[type=file]").set_input_files(
        str(write_photo(tmp_path / "id.jpg"))
    )
    sections.nth(0).get_by_role("button", name=words["upload"]).click()
    expect(page.get_by_role("link", name="id.jpg")).to_be_visible()
    page.locator(".portal-document-item").nth(1).locator(
        "input[type=file]"
    ).set_input_files(str(write_pdf(tmp_path / "pay-stubs.pdf")))
    page.locator(".portal-document-item").nth(1).get_by_role(
        "button", name=words["upload"]
    ).click()
    expect(page.get_by_role("link", name="pay-stubs.pdf")).to_be_visible()
    continue_step()

    # Review shows the income; submit.
    expect_step(6)
    expect(page.locator("main")).to_contain_text(words["review_income"])
    tick(page, words["confirm"])
    page.get_by_role("button", name=words["submit"]).click()
    page.get_by_role("link", name=words["dashboard"]).click()
    available = page.locator("#available-heading + ul")
    expect(
        available.locator(".usa-card").filter(has_text=words["grocery"])
    ).to_contain_text(words["why"])
    assert_no_horizontal_scroll(page)
    screenshot(page, f"dashboard-income-{language}")

    household = Household.objects.get(user__email=email)
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    assert household.annual_income == 30_000
    [decision] = [
        entry
        for entry in household.submissions.get().answers["income_limits"]
        if entry["program"] == "Grocery Tax Rebate"
    ]
    assert (decision["limit"], decision["within"], decision["household_size"]) == (
        52_800,
        True,
        2,
    )
