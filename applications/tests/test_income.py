"""Households declare income: the wizard, the screener, proof of income, what a
submission keeps, and staff corrections. The demo's Grocery Tax Rebate goes by
enrollment or income (HUD MTSP sample table, 60 %: $66,000 for four); its Home
Repair Grant by income alone (HUD income limits sample, 80 %)."""

import re
from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from applications.documents.checklist import missing_documents, required_documents
from applications.documents.storage import add_documents
from applications.models import Document, Household, HouseholdMember
from applications.tests.conftest import make_household, png_upload
from applications.wizard.services import submit
from programs.income_limits import IncomeFrequency, annualize

pytestmark = pytest.mark.django_db
HOUSEHOLD_STEP = "/apply/household/"
QUEUE = "/admin/applications/household/"


@pytest.mark.parametrize(
    "amount, frequency, yearly",
    [
        ("38000", IncomeFrequency.YEARLY, 38_000),
        ("1000", IncomeFrequency.MONTHLY, 12_000),
        ("1000", IncomeFrequency.TWICE_MONTHLY, 24_000),
        ("1000", IncomeFrequency.BIWEEKLY, 26_000),
        ("1000", IncomeFrequency.WEEKLY, 52_000),
        ("1013.08", IncomeFrequency.WEEKLY, 52_680),  # 52,680.16
        ("3166.67", IncomeFrequency.MONTHLY, 38_000),  # $38,000 a year, monthly
        ("1461.54", IncomeFrequency.BIWEEKLY, 38_000),  # 38,000.04
        ("1013.10", IncomeFrequency.WEEKLY, 52_681),  # 52,681.20: over
        ("0", IncomeFrequency.MONTHLY, 0),
    ],
)
def test_income_is_made_yearly_by_the_standard_factors(amount, frequency, yearly):
    assert annualize(Decimal(amount), frequency) == yearly


def household_post(household, **income):
    member = household.members.get()
    data = {
        "action": "continue",
        "housing-housing": "rent",
        "housing-time_at_address": "1_to_3",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "8",
        "members-0-id": str(member.pk),
        "members-0-first_name": member.first_name,
        "members-0-last_name": member.last_name,
        "members-0-date_of_birth": member.date_of_birth.isoformat(),
    }
    data.update({f"housing-{name}": value for name, value in income.items()})
    return data


@pytest.fixture
def draft(demo_content):
    household = make_household(steps=["account", "address"])
    return household


def test_the_household_step_takes_income_as_people_type_it(client, draft):
    client.force_login(draft.user)
    response = client.post(
        HOUSEHOLD_STEP,
        household_post(draft, income_amount="$3,200.50", income_frequency="monthly"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.income_amount == Decimal("3200.50")
    assert draft.income_frequency == "monthly"
    assert draft.annual_income == 38_406


def test_income_may_be_left_out_and_taken_back_out(client, draft):
    client.force_login(draft.user)
    client.post(
        HOUSEHOLD_STEP,
        household_post(draft, income_amount="500", income_frequency="weekly"),
    )
    draft.refresh_from_db()
    assert draft.annual_income == 26_000
    client.post(HOUSEHOLD_STEP, household_post(draft))
    draft.refresh_from_db()
    assert (draft.income_amount, draft.income_frequency, draft.annual_income) == (
        None,
        "",
        None,
    )


@pytest.mark.parametrize(
    "income, message",
    [
        (
            {"income_amount": "3200"},
            "Choose how often your household gets this amount.",
        ),
        (
            {"income_frequency": "monthly"},
            "Enter the amount, or leave both income questions empty.",
        ),
        (
            {"income_amount": "-5", "income_frequency": "monthly"},
            "greater than or equal to 0",
        ),
        ({"income_amount": "lots", "income_frequency": "monthly"}, "Enter a number."),
        (
            {"income_amount": "12.345", "income_frequency": "monthly"},
            "2 decimal places",
        ),
        (
            {"income_amount": "3200", "income_frequency": "daily"},
            "Select a valid choice",
        ),
    ],
)
def test_bad_income_gets_a_message_on_the_page_and_nothing_saved(
    client, draft, income, message
):
    client.force_login(draft.user)
    response = client.post(HOUSEHOLD_STEP, household_post(draft, **income))
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.annual_income is None and not draft.is_step_complete("household")


def test_declared_income_owes_a_proof_of_income(demo_content):
    household = make_household()
    assert "income" not in [item.key for item in required_documents(household)]
    household.annual_income, household.income_amount = 30_000, Decimal(30_000)
    household.income_frequency = "yearly"
    household.save()
    items = {item.key: item for item in required_documents(household)}
    assert str(items["income"].label) == "Proof of income"
    assert "income" in [item.key for item in missing_documents(household)]
    add_documents(household, [png_upload("stub.png")], kind=Document.Kind.INCOME)
    household = Household.objects.get(pk=household.pk)
    assert "income" not in [item.key for item in missing_documents(household)]


def screen(client, **answers):
    answers.setdefault("zip_code", "80521")
    answers.setdefault("none", "on")
    return client.post("/screener/", answers)


def test_the_screener_answers_by_income_and_says_by_which_road(client, demo_content):
    response = screen(
        client, household_size="4", income_amount="3000", income_frequency="monthly"
    )
    eligible = {r.program.slug: r for r in response.context["eligible"]}
    assert "grocery-tax-rebate" in eligible
    assert eligible["grocery-tax-rebate"].summary.startswith(
        "Your household of 4 people reported $36,000 a year; the limit is $66,000."
    )
    # The programs that need enrollment are not reached by income.
    assert "recreation-fee-reduction" not in eligible


def test_the_screener_without_income_reaches_no_income_program(client, demo_content):
    response = screen(client)
    grocery = next(
        r
        for r in response.context["not_eligible"]
        if r.program.slug == "grocery-tax-rebate"
    )
    assert [r.code for r in grocery.unmet_reasons] == [
        "no_qualifying_program",
        "income_not_declared",
    ]
    assert "tell us your household's income to check" in str(grocery.reasons[1].message)


def test_screener_income_over_the_limit_says_so(client, demo_content):
    response = screen(
        client, household_size="1", income_amount="46201", income_frequency="yearly"
    )
    grocery = next(
        r
        for r in response.context["not_eligible"]
        if r.program.slug == "grocery-tax-rebate"
    )
    assert "reported $46,201 a year; the limit for this program is $46,200." in str(
        [reason.message for reason in grocery.reasons]
    )


def test_screener_income_without_a_size_is_asked_for(client, demo_content):
    response = screen(client, income_amount="3000", income_frequency="monthly")
    assert "Say how many people live in your household" in response.content.decode()
    assert not response.context.get("screened")


def submitted_with_income(amount="3000", frequency="monthly", size=4):
    household = make_household()
    for position in range(1, size):
        HouseholdMember.objects.create(
            household=household,
            first_name=f"Kid{position}",
            last_name="López",
            date_of_birth="2015-01-01",
            position=position,
        )
    household.income_amount, household.income_frequency = Decimal(amount), frequency
    household.annual_income = annualize(Decimal(amount), frequency)
    household.save()
    add_documents(household, [png_upload("stub.png")], kind=Document.Kind.INCOME)
    household = Household.objects.get(pk=household.pk)
    return household, submit(household)


def test_a_submission_keeps_the_income_and_the_table_that_decided(demo_content):
    household, submission = submitted_with_income()
    assert submission.answers["income"] == {
        "amount": "3000.00",
        "frequency": "monthly",
        "annual": 36_000,
    }
    grocery = next(
        entry
        for entry in submission.answers["income_limits"]
        if entry["program"] == "Grocery Tax Rebate"
    )
    assert grocery["fiscal_year"] == 2026 and grocery["level"] == 60
    assert (grocery["household_size"], grocery["limit"], grocery["within"]) == (
        4,
        66_000,
        True,
    )
    assert "Multifamily Tax Subsidy" in grocery["table"]


def test_staff_see_the_income_and_the_limit_used(client, caseworker):
    household, _submission = submitted_with_income()
    client.force_login(caseworker)
    page = client.get(f"{QUEUE}inspect/{household.pk}/").content.decode()
    assert "$3,000.00 a month ($36,000 a year)" in page
    assert "Multifamily Tax Subsidy Project limits 2026, Fairview, CO MSA" in page
    assert "$66,000" in page


def test_staff_correct_the_income_with_a_reason_and_eligibility_follows(
    client, caseworker
):
    household, _submission = submitted_with_income()
    client.force_login(caseworker)
    url = f"/admin/households/{household.pk}/correct-income/"
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["income_amount"] == Decimal("3000.00")
    no_reason = client.post(
        url, {"income_amount": "6000", "income_frequency": "monthly", "reason": " "}
    )
    assert no_reason.status_code == 200
    data = {
        "income_amount": "6000",
        "income_frequency": "monthly",
        "reason": "Pay stubs show $6,000 a month.",
    }
    assert client.post(url, data).status_code == 302
    household.refresh_from_db()
    assert household.annual_income == 72_000
    entry = ModelLogEntry.objects.for_instance(household).get(
        action="applications.correct_income"
    )
    assert entry.user == caseworker
    assert entry.data == {"reason": "Pay stubs show $6,000 a month."}
    page = client.get(f"{QUEUE}inspect/{household.pk}/").content.decode()
    assert "$6,000.00 a month ($72,000 a year)" in page
    assert re.search(r"<td>\$66,000</td><td>No</td>", page), "no longer within"
    again = client.post(url, data)  # the same correction sent twice
    assert "That is already the household&#x27;s income." in again.content.decode()
    assert (
        ModelLogEntry.objects.for_instance(household)
        .filter(action="applications.correct_income")
        .count()
        == 1
    )


def test_the_program_page_shows_the_limits_for_each_size_in_both_languages(
    client, demo_content
):
    english = client.get("/programs/grocery-tax-rebate/").content.decode()
    assert "People in the household" in english
    for amount in ("$46,200", "$66,000", "$87,150"):
        assert amount in english
    assert "sample figures, not real limits" in english
    assert "fiscal year 2026" in english
    from wagtail.models import Locale

    from programs.models import ProgramPage

    english_page = ProgramPage.objects.get(
        slug="grocery-tax-rebate", locale__language_code="en"
    )
    spanish_page = english_page.get_translation(Locale.objects.get(language_code="es"))
    spanish = client.get(spanish_page.url).content.decode()
    assert "$66,000" in spanish
    assert "Personas en el hogar" in spanish


def test_income_is_dropped_when_no_program_asks_for_it(demo_content):
    from applications.wizard.forms import HousingForm

    household = make_household()
    household.income_amount, household.income_frequency = Decimal(900), "weekly"
    household.annual_income = 46_800
    household.save()
    form = HousingForm(
        {"housing-housing": "rent", "housing-time_at_address": "1_to_3"},
        instance=household,
        prefix="housing",
        asks_income=False,
    )
    assert form.is_valid(), form.errors
    form.save()
    household.refresh_from_db()
    assert (household.income_amount, household.annual_income) == (None, None)
    assert "income" not in [item.key for item in required_documents(household)]
