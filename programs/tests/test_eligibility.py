"""The eligibility rule, table-driven over its boundaries."""

import pytest

from programs.eligibility import HouseholdFacts, check_eligibility, check_programs
from programs.tests.factories import make_area, make_program, make_qualifying

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = make_area("City", "80521 80524")
    utility = make_area("Utility district", "80524 80526")
    return {
        "city": city,
        "utility": utility,
        "snap": make_qualifying("SNAP", 30),
        "medicaid": make_qualifying("Medicaid", 60),
        "meals": make_qualifying("School meals", 80),
        "retired": make_qualifying("Retired program", 10, is_active=False),
    }


# (case, program limit, required areas, accepting, enrolled in, household areas,
#  eligible, reason codes)
CASES = [
    (
        "income equal to the limit qualifies",
        60,
        [],
        True,
        ["medicaid"],
        [],
        True,
        {"income_within_limit", "no_service_area"},
    ),
    (
        "income one step above the limit does not",
        59,
        [],
        True,
        ["medicaid"],
        [],
        False,
        {"income_above_limit", "no_service_area"},
    ),
    (
        "the lowest qualifying percentage sets the income level",
        30,
        [],
        True,
        ["meals", "snap"],
        [],
        True,
        {"income_within_limit"},
    ),
    (
        "no qualifying program does not qualify",
        100,
        [],
        True,
        [],
        [],
        False,
        {"no_qualifying_program"},
    ),
    (
        "an inactive qualifying program proves nothing",
        60,
        [],
        True,
        ["retired"],
        [],
        False,
        {"no_qualifying_program"},
    ),
    (
        "no required area means anywhere",
        60,
        [],
        True,
        ["snap"],
        [],
        True,
        {"no_service_area"},
    ),
    (
        "inside the one required area qualifies",
        60,
        ["city"],
        True,
        ["snap"],
        ["city"],
        True,
        {"in_service_area"},
    ),
    (
        "outside the required area does not",
        60,
        ["city"],
        True,
        ["snap"],
        ["utility"],
        False,
        {"outside_service_area"},
    ),
    (
        "several areas must all contain the address",
        60,
        ["city", "utility"],
        True,
        ["snap"],
        ["city", "utility"],
        True,
        {"in_service_area"},
    ),
    (
        "in only one of several required areas does not",
        60,
        ["city", "utility"],
        True,
        ["snap"],
        ["city"],
        False,
        {"outside_service_area"},
    ),
    (
        "an address awaiting review does not qualify for area programs yet",
        60,
        ["city"],
        True,
        ["snap"],
        None,
        False,
        {"address_unconfirmed"},
    ),
    (
        "an address awaiting review still qualifies where no area is required",
        60,
        [],
        True,
        ["snap"],
        None,
        True,
        {"no_service_area"},
    ),
    (
        "a program not accepting applications offers nothing",
        60,
        [],
        False,
        ["snap"],
        [],
        False,
        {"not_accepting", "income_within_limit"},
    ),
    (
        "a zero percent limit admits nobody with proof above zero",
        0,
        [],
        True,
        ["snap"],
        [],
        False,
        {"income_above_limit"},
    ),
]


@pytest.mark.parametrize(
    "limit,areas,accepting,enrolled,household_areas,eligible,codes",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_eligibility_rule(
    world, limit, areas, accepting, enrolled, household_areas, eligible, codes
):
    program = make_program(
        "Rebate",
        income_limit_ami=limit,
        is_accepting_applications=accepting,
        areas=[world[name] for name in areas],
    )
    facts = HouseholdFacts(
        qualifying_programs=tuple(world[name] for name in enrolled),
        service_area_ids=None
        if household_areas is None
        else frozenset(world[name].pk for name in household_areas),
    )

    result = check_eligibility(program, facts)

    assert result.is_eligible is eligible
    assert codes <= {reason.code for reason in result.reasons}
    assert all(str(reason.message) for reason in result.reasons)


def test_income_reason_names_the_proving_program_and_limit(world):
    program = make_program("Rebate", income_limit_ami=60)
    facts = HouseholdFacts(qualifying_programs=(world["medicaid"], world["snap"]))

    summary = check_eligibility(program, facts).summary

    assert "SNAP" in summary and "30%" in summary and "60%" in summary


def test_check_programs_uses_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    for number in range(8):
        make_program(f"Program {number}", areas=[world["city"], world["utility"]])
    facts = HouseholdFacts(
        qualifying_programs=(world["snap"],),
        service_area_ids=frozenset({world["city"].pk}),
    )

    # The programs, their areas, their translations, and the income limit tables
    # with their limits: four, however many programs (a warm cache: none).
    with django_assert_max_num_queries(4):
        results = check_programs(facts)

    assert len(results) == 8
    assert not any(result.is_eligible for result in results)
