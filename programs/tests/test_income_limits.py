"""Income by household size: the income road, "either", tables as of a date, and
editors' choices on the rules tab."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from programs.eligibility import HouseholdFacts, check_eligibility, check_programs
from programs.income_limits import IncomeLimitTableForm
from programs.models import IncomeLimitTable, ProgramPage
from programs.tests.factories import (
    SIXTY_PERCENT,
    make_income_table,
    make_program,
    make_qualifying,
)

pytestmark = pytest.mark.django_db
ROAD = ProgramPage.EligibilityRoad
ON = date(2026, 6, 1)


@pytest.fixture
def table():
    return make_income_table()


def program_on(road, table, **fields):
    fields.setdefault("income_limit_ami", 60)
    return make_program(
        f"Program {road}",
        eligibility_road=road,
        income_table=table,
        income_level=60,
        **fields,
    )


def facts(size, income, qualifying=(), on=ON):
    return HouseholdFacts(
        qualifying_programs=tuple(qualifying),
        household_size=size,
        annual_income=income,
        as_of=on,
    )


def limit_for(size):
    if size <= 8:
        return SIXTY_PERCENT[size - 1]
    return SIXTY_PERCENT[7] + (size - 8) * round(SIXTY_PERCENT[3] * 0.08)


SIZES = range(1, 11)  # 1 to 8 from the table, 9 and 10 by the amount per extra person
OFFSETS = [(0, True), (-1, True), (1, False)]  # at the limit, a dollar under, over


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("offset, eligible", OFFSETS)
def test_income_road_at_every_size_at_under_and_over_the_limit(
    table, size, offset, eligible
):
    program = program_on(ROAD.INCOME, table)
    result = check_eligibility(program, facts(size, limit_for(size) + offset))
    assert result.is_eligible is eligible
    reason = result.reasons[0]
    assert reason.code == (
        "income_within_table_limit" if eligible else "income_above_table_limit"
    )
    assert (reason.table, reason.level, reason.limit) == (table, 60, limit_for(size))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("offset, eligible", OFFSETS)
def test_either_road_by_income_alone(table, size, offset, eligible):
    """No qualifying program: income decides."""
    program = program_on(ROAD.EITHER, table)
    result = check_eligibility(program, facts(size, limit_for(size) + offset))
    assert result.is_eligible is eligible
    codes = {reason.code for reason in result.reasons}
    if eligible:
        assert "income_within_table_limit" in codes
    else:
        assert {"no_qualifying_program", "income_above_table_limit"} <= codes


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("offset", [0, -1, 1])
def test_either_road_by_enrollment_whatever_the_income(table, size, offset):
    snap = make_qualifying("SNAP", 30)
    program = program_on(ROAD.EITHER, table)
    result = check_eligibility(program, facts(size, limit_for(size) + offset, [snap]))
    assert result.is_eligible
    assert [r.code for r in result.reasons][0] == "income_within_limit"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("offset", [0, -1, 1])
def test_enrollment_road_ignores_declared_income(table, size, offset):
    program = program_on(ROAD.ENROLLMENT, table)
    result = check_eligibility(program, facts(size, limit_for(size) + offset))
    assert not result.is_eligible
    assert result.reasons[0].code == "no_qualifying_program"
    snap = make_qualifying("SNAP", 30)
    assert check_eligibility(program, facts(size, 10**7, [snap])).is_eligible


def test_enrollment_above_the_percentage_fails_that_road_but_income_can_pass(table):
    meals = make_qualifying("School meals", 80)
    program = program_on(ROAD.EITHER, table)
    passed = check_eligibility(program, facts(4, 75_240, [meals]))
    assert passed.is_eligible
    assert passed.reasons[0].code == "income_within_table_limit"
    failed = check_eligibility(program, facts(4, 75_241, [meals]))
    assert [r.code for r in failed.unmet_reasons] == [
        "income_above_limit",
        "income_above_table_limit",
    ]


def test_the_reason_gives_the_dollar_figures_in_the_applicants_language(table):
    program = program_on(ROAD.INCOME, table)
    result = check_eligibility(program, facts(4, 38_000))
    assert str(result.reasons[0].message) == (
        "Your household of 4 people reported $38,000 a year; the limit is $75,240."
    )
    one = check_eligibility(program, facts(1, 60_000))
    assert str(one.reasons[0].message) == (
        "Your household of 1 person reported $60,000 a year; "
        "the limit for this program is $52,680."
    )
    with translation.override("es"):
        spanish = str(result.reasons[0].message)
    assert "$38,000" in spanish and "$75,240" in spanish, spanish
    assert "Su hogar de 4 personas" in spanish, spanish


def test_undeclared_income_is_asked_for_not_refused_silently(table):
    program = program_on(ROAD.INCOME, table)
    result = check_eligibility(program, facts(3, None))
    assert not result.is_eligible
    assert result.reasons[0].code == "income_not_declared"
    assert "60% of area median income" in str(result.reasons[0].message)


def test_next_years_table_takes_effect_on_its_date_with_nobody_touching_it(table):
    lower = [limit - 1000 for limit in SIXTY_PERCENT]
    make_income_table(
        fiscal_year=2027, effective_on=date(2027, 5, 15), levels={60: lower}
    )
    program = program_on(ROAD.INCOME, table)  # chose the 2026 table
    household = HouseholdFacts(household_size=4, annual_income=75_000)  # today
    with time_machine.travel(date(2027, 5, 14)):
        before = check_programs(household)
    with time_machine.travel(date(2027, 5, 15)):
        after = check_programs(household)
    (before,) = [r for r in before if r.program.pk == program.pk]
    (after,) = [r for r in after if r.program.pk == program.pk]
    assert before.is_eligible and before.reasons[0].limit == 75_240
    assert before.reasons[0].table.fiscal_year == 2026
    assert not after.is_eligible and after.reasons[0].limit == 74_240
    assert after.reasons[0].table.fiscal_year == 2027


def test_a_table_of_another_area_or_source_never_takes_over(table):
    make_income_table(area="Elsewhere, CO", fiscal_year=2027, effective_on=ON)
    make_income_table(
        source=IncomeLimitTable.Source.HUD_MTSP, fiscal_year=2027, effective_on=ON
    )
    make_income_table(fiscal_year=2027, effective_on=ON, published=False)
    program = program_on(ROAD.INCOME, table)
    assert check_eligibility(program, facts(4, 1)).reasons[0].table == table


def test_a_table_not_yet_in_force_gives_no_limit(table):
    future = make_income_table(fiscal_year=2030, effective_on=date(2030, 1, 1))
    program = program_on(ROAD.INCOME, future)
    result = check_eligibility(program, facts(4, 1))
    assert not result.is_eligible
    assert result.reasons[0].code == "no_income_table"


def test_the_rules_tab_needs_a_table_and_one_of_its_levels(table):
    program = make_program("Rules")
    program.eligibility_road = ROAD.INCOME
    with pytest.raises(ValidationError) as missing:
        program.full_clean()
    assert "income_table" in missing.value.message_dict
    program.income_table, program.income_level = table, 50
    with pytest.raises(ValidationError) as wrong:
        program.full_clean()
    assert wrong.value.message_dict["income_level"] == [
        "Choose one of the levels this table has: 60%."
    ]
    program.income_level = 60
    program.full_clean()


def test_a_published_table_is_read_only(table):
    form_class = IncomeLimitTableForm
    draft = make_income_table(fiscal_year=2031, published=False)
    assert not form_class(instance=draft).instance.is_published
    data = {
        "source": table.source,
        "area": "Changed",
        "fiscal_year": table.fiscal_year,
        "effective_on": table.effective_on,
        "is_published": "on",
    }

    class Form(form_class):
        class Meta:
            model = IncomeLimitTable
            fields = ["source", "area", "fiscal_year", "effective_on", "is_published"]

    published = Form(data=data, instance=table)
    assert not published.is_valid()
    assert "is published and cannot be changed" in str(published.errors)
    unpublished = Form(data=data | {"area": "Fine"}, instance=draft)
    assert unpublished.is_valid(), unpublished.errors
