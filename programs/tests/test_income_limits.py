"""Income by household size: the income road, "either", tables as of a date, and
editors' choices on the rules tab."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
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
LOCAL = ZoneInfo(settings.TIME_ZONE)


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
    # Noon in the portal's time zone: the day there, whatever the server's clock.
    with time_machine.travel(datetime(2027, 5, 14, 12, tzinfo=LOCAL)):
        before = check_programs(household)
    with time_machine.travel(datetime(2027, 5, 15, 12, tzinfo=LOCAL)):
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
    future = make_income_table(
        area="Newtown, CO", fiscal_year=2030, effective_on=date(2030, 1, 1)
    )
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
    Form = modelform_factory(
        IncomeLimitTable,
        form=IncomeLimitTableForm,
        fields=["source", "area", "fiscal_year", "effective_on", "is_published"],
    )
    draft = make_income_table(fiscal_year=2031, published=False)
    data = {
        "source": table.source,
        "area": "Changed",
        "fiscal_year": 2031,
        "effective_on": table.effective_on,
        "is_published": "on",
    }
    published = Form(data=data, instance=table)
    assert not published.is_valid()
    assert "is published and cannot be changed" in str(published.errors)
    table.refresh_from_db()
    assert table.area == "Fairview, CO MSA"
    unpublished = Form(data=data, instance=draft)
    assert unpublished.is_valid(), unpublished.errors


POVERTY = [16_000 + 5_600 * n for n in range(8)]  # made up, in HHS's shape


@pytest.fixture
def snap_by_size():
    """SNAP at 130 % of poverty, against an area median of $110,000 for four."""
    poverty = make_income_table(
        source=IncomeLimitTable.Source.HHS_POVERTY,
        area="48 contiguous states and DC",
        effective_on=date(2026, 1, 15),
        levels={100: POVERTY},
    )
    ami = make_income_table()
    ami.median_family_income = 110_000
    ami.save()
    return make_qualifying(
        "SNAP", 30, poverty_level=130, poverty_table=poverty, ami_table=ami
    )


# size: 130 % of poverty, its share of the median for that size (rounded up)
BY_SIZE = {
    1: (20_800, 28),  # 20,800 / 77,000 = 27.0 %
    2: (28_080, 32),  # 28,080 / 88,000 = 31.9 %
    4: (42_640, 39),  # 42,640 / 110,000 = 38.8 %
    8: (71_760, 50),  # 71,760 / 145,200 = 49.4 %
    # 100 % for ten: 55,200 + 2 × 2,624 (the table's 8 % of four per extra person)
    # = 60,448; 130 % = 78,582.4, down to 78,582; / (110,000 × 148 %) = 48.3 %.
    10: (78_582, 49),
}


@pytest.mark.parametrize("size", sorted(BY_SIZE))
def test_a_qualifying_program_proves_a_level_for_the_households_size(
    snap_by_size, size
):
    amount, share = BY_SIZE[size]
    proven = HouseholdFacts(
        qualifying_programs=(snap_by_size,), household_size=size, as_of=ON
    ).proven
    assert (proven.amount, proven.percentage, proven.poverty_level) == (
        amount,
        share,
        130,
    )


def test_the_same_snap_enrollment_qualifies_a_small_household_not_a_large_one(
    snap_by_size,
):
    program = make_program("Thirty", income_limit_ami=30)
    one = check_eligibility(
        program,
        HouseholdFacts(qualifying_programs=(snap_by_size,), household_size=1, as_of=ON),
    )
    four = check_eligibility(
        program,
        HouseholdFacts(qualifying_programs=(snap_by_size,), household_size=4, as_of=ON),
    )
    assert one.is_eligible and not four.is_eligible
    assert str(one.reasons[0].message) == (
        "SNAP (income at or below 130% of the poverty guidelines for a household of "
        "1, $20,800) shows income at or below 28% of area median income (limit 30%)."
    )
    assert "shows 39%" in str(four.reasons[0].message)


def test_without_a_size_or_a_table_the_fixed_percentage_stays(snap_by_size):
    facts = HouseholdFacts(qualifying_programs=(snap_by_size,), as_of=ON)
    assert facts.income_level == 30  # no size known: SNAP's fixed 30 % of AMI
    before_tables = HouseholdFacts(
        qualifying_programs=(snap_by_size,), household_size=4, as_of=date(2025, 1, 1)
    )
    assert before_tables.income_level == 30
    plain = make_qualifying("Medicaid", 60)
    assert (
        HouseholdFacts(qualifying_programs=(plain,), household_size=4).income_level
        == 60
    )


def test_a_rule_by_size_needs_both_tables(snap_by_size):
    snap_by_size.ami_table = None
    with pytest.raises(ValidationError, match="needs the poverty guidelines"):
        snap_by_size.full_clean()


def test_editors_list_and_open_income_tables_in_the_admin(client, demo_content):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from portal import roles

    editor = get_user_model().objects.create_user(
        email="editor@example.com", password="x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    client.force_login(editor)
    listing = client.get("/admin/snippets/programs/incomelimittable/")
    assert listing.status_code == 200
    assert "Multifamily Tax Subsidy Project limits 2026, Fairview, CO MSA" in (
        listing.content.decode()
    )
    table = IncomeLimitTable.objects.get(source=IncomeLimitTable.Source.HUD_MTSP)
    edit = client.get(f"/admin/snippets/programs/incomelimittable/edit/{table.pk}/")
    assert edit.status_code == 200
    assert "Limits by household size" in edit.content.decode()
    grocery = ProgramPage.objects.get(
        slug="grocery-tax-rebate", locale__language_code="en"
    )
    rules = client.get(f"/admin/pages/{grocery.pk}/edit/").content.decode()
    assert "Who qualifies" in rules or "who qualifies" in rules.lower()
