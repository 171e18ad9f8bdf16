"""The eligibility rule, in one place.

A household qualifies for a program when the program accepts applications, its
income is within the program's limit, and its eligibility address lies in every
service area the program requires. The program says how income is shown (its
"road"):

- enrollment: the household's income level (the lowest AMI percentage among the
  qualifying programs it is enrolled in) is at or below the program's percentage;
- income: the yearly income it declared is at or below the limit for its size in
  the program's income limit table, as in force on the day of the check;
- either of them.

The screener, the dashboard, the caseworker views, the state machine and the tests
all call `check_eligibility` (one program) or `check_programs` (every live one);
each returns the reasons, with the dollar figures where income decided, not only a
yes or no.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .income_limits import dollars, published_tables, table_in_force
from .models import ProgramPage, catalogue, with_translations


@dataclass(frozen=True)
class HouseholdFacts:
    """What the rule needs to know about a household (or a screener visitor).

    `service_area_ids` is None when the address could not be placed yet (it waits
    for a person to check it), and an empty set when it lies in no service area.
    """

    qualifying_programs: tuple = ()
    service_area_ids: frozenset | None = field(default_factory=frozenset)
    household_size: int | None = None  # people, the applicant included
    annual_income: int | None = None  # declared, whole dollars a year
    as_of: date | None = None  # the day income tables are read for (today)

    @classmethod
    def for_household(cls, household, as_of=None):
        """A household's facts: its qualifying programs, where its address lies, its
        size and the income it declared."""
        return cls(
            qualifying_programs=household.qualifying_programs,
            service_area_ids=household.placed_service_area_ids,
            household_size=len(household.members.all()) or None,
            annual_income=household.annual_income,
            as_of=as_of,
        )

    @property
    def income_proof(self):
        """The active qualifying program that proves the lowest income level."""
        active = [q for q in self.qualifying_programs if q.is_active]
        return min(active, key=lambda q: q.ami_percentage, default=None)

    @property
    def income_level(self):
        proof = self.income_proof
        return proof.ami_percentage if proof else None


@dataclass(frozen=True)
class Reason:
    code: str
    met: bool
    message: str


@dataclass(frozen=True)
class Eligibility:
    program: object
    reasons: tuple

    @property
    def is_eligible(self):
        return all(reason.met for reason in self.reasons)

    @property
    def unmet_reasons(self):
        return [reason for reason in self.reasons if not reason.met]

    @property
    def summary(self):
        """One line saying why the household qualifies (or the first reason it does not)."""
        if self.is_eligible:
            return " ".join(str(reason.message) for reason in self.reasons)
        return str(self.unmet_reasons[0].message)


def check_eligibility(program, facts, tables=None):
    """Apply the rule to one program (a ProgramPage) and one household's facts.

    `tables` are the published income limit tables (`published_tables()`), read
    once by `check_programs` for all programs."""
    reasons = []
    if not program.is_accepting_applications:
        reasons.append(
            Reason(
                "not_accepting",
                False,
                _("This program is not accepting applications right now."),
            )
        )

    reasons.extend(income_reasons(program, facts, tables))

    required_areas = list(program.service_areas.all())
    if not required_areas:
        reasons.append(
            Reason("no_service_area", True, _("Open to residents anywhere."))
        )
    elif facts.service_area_ids is None:
        reasons.append(
            Reason(
                "address_unconfirmed",
                False,
                _("Staff need to confirm that your address is in the service area."),
            )
        )
    else:
        missing = [
            area for area in required_areas if area.pk not in facts.service_area_ids
        ]
        names = ", ".join(area.display_name for area in (missing or required_areas))
        if missing:
            reasons.append(
                Reason(
                    "outside_service_area",
                    False,
                    format_lazy(_("It serves addresses in {areas} only."), areas=names),
                )
            )
        else:
            reasons.append(
                Reason(
                    "in_service_area",
                    True,
                    format_lazy(_("Your address is in {areas}."), areas=names),
                )
            )
    return Eligibility(program=program, reasons=tuple(reasons))


def enrollment_reason(program, facts):
    """The first road: a qualifying program that proves income low enough."""
    proof = facts.income_proof
    if proof is None:
        return Reason(
            "no_qualifying_program",
            False,
            _("It needs enrollment in a qualifying program, such as SNAP or Medicaid."),
        )
    if proof.ami_percentage <= program.income_limit_ami:
        return Reason(
            "income_within_limit",
            True,
            format_lazy(
                _(
                    "{proof} shows income at or below {level}% of area median income "
                    "(limit {limit}%)."
                ),
                proof=proof.display_name,
                level=proof.ami_percentage,
                limit=program.income_limit_ami,
            ),
        )
    return Reason(
        "income_above_limit",
        False,
        format_lazy(
            _(
                "It is for incomes at or below {limit}% of area median income; "
                "{proof} shows {level}%."
            ),
            proof=proof.display_name,
            level=proof.ami_percentage,
            limit=program.income_limit_ami,
        ),
    )


@dataclass(frozen=True)
class IncomeReason(Reason):
    """A reason decided by an income table: which table, year, level and limit."""

    table: object = None
    level: int | None = None
    limit: int | None = None


def income_reason(program, facts, tables):
    """The second road: declared yearly income within the table's limit for the
    household's size."""
    on = facts.as_of or timezone.localdate()
    table = table_in_force(program, tables, on)
    row = table.limit_at(program.income_level) if table else None
    if row is None:
        return Reason(
            "no_income_table",
            False,
            _("The income limits for this program are not available yet."),
        )
    if facts.annual_income is None or not facts.household_size:
        return IncomeReason(
            "income_not_declared",
            False,
            format_lazy(
                _(
                    "It is for households with income at or below {level}% {measure} "
                    "for their size; tell us your household's income to check."
                ),
                level=row.level,
                measure=table.measure,
            ),
            table=table,
            level=row.level,
        )
    limit = row.for_size(facts.household_size)
    household = format_lazy(
        ngettext_lazy(
            "Your household of {size} person reported {income} a year",
            "Your household of {size} people reported {income} a year",
            facts.household_size,
        ),
        size=facts.household_size,
        income=dollars(facts.annual_income),
    )
    if facts.annual_income <= limit:
        code, met = "income_within_table_limit", True
        message = format_lazy(
            _("{household}; the limit is {limit}."),
            household=household,
            limit=dollars(limit),
        )
    else:
        code, met = "income_above_table_limit", False
        message = format_lazy(
            _("{household}; the limit for this program is {limit}."),
            household=household,
            limit=dollars(limit),
        )
    return IncomeReason(code, met, message, table=table, level=row.level, limit=limit)


def income_reasons(program, facts, tables=None):
    """The reasons about income, by the program's road. Either road: the one that
    is met (enrollment first), or both when neither is."""
    road = program.eligibility_road
    if road == ProgramPage.EligibilityRoad.ENROLLMENT:
        return [enrollment_reason(program, facts)]
    if tables is None:
        tables = published_tables()
    by_income = income_reason(program, facts, tables)
    if road == ProgramPage.EligibilityRoad.INCOME:
        return [by_income]
    by_enrollment = enrollment_reason(program, facts)
    for reason in (by_enrollment, by_income):
        if reason.met:
            return [reason]
    return [by_enrollment, by_income]


def check_programs(facts, programs=None):
    """The verdict for every live program, in one query for programs and their areas.

    Each result's program is the default-language page (the one that holds the
    rules and that applications point at), with `.translated` set for display.
    """
    if programs is None:
        programs = catalogue()
    else:
        programs = list(programs.prefetch_related("service_areas"))
    programs = with_translations(programs)
    tables = None
    if any(program.uses_income_table for program in programs):
        tables = published_tables()
    return [check_eligibility(program, facts, tables) for program in programs]
