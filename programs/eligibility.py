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

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .income_limits import (
    dollars,
    median_for_size,
    poverty_line_share,
    series_in_force,
    table_in_force,
)
from .models import ProgramPage, rules, with_translations


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

    @cached_property
    def proven(self):
        """The lowest income level the active qualifying programs prove (a
        `ProvenLevel`), or None."""
        active = [q for q in self.qualifying_programs if q.is_active]
        if not active:
            return None
        tables = (
            rules()["income_tables"] if any(q.proves_by_size for q in active) else ()
        )
        on = self.as_of or timezone.localdate()
        return min(
            (proven_level(q, self.household_size, tables, on) for q in active),
            key=lambda proven: proven.percentage,
        )

    @property
    def income_proof(self):
        """The active qualifying program that proves the lowest income level."""
        return self.proven.program if self.proven else None

    @property
    def income_level(self):
        return self.proven.percentage if self.proven else None


@dataclass(frozen=True)
class ProvenLevel:
    """What enrollment in a qualifying program shows: income at or below
    `percentage` % of AMI; for a rule by household size, also which share of the
    poverty guidelines (`poverty_level`) and how many dollars (`amount`)."""

    program: object
    percentage: int
    poverty_level: int | None = None
    amount: int | None = None
    size: int | None = None


def proven_level(qualifying, size, tables, on):
    """The level a qualifying program proves for a household of `size`: its own
    rule by size against the poverty guidelines and the area median in force, or
    (no such rule, no size, no table in force) its one fixed share of AMI."""
    fixed = ProvenLevel(qualifying, qualifying.ami_percentage)
    if not (qualifying.proves_by_size and size):
        return fixed
    poverty = series_in_force(qualifying.poverty_table_id, tables, on)
    ami = series_in_force(qualifying.ami_table_id, tables, on)
    if poverty is None or ami is None or not ami.median_family_income:
        return fixed
    amount = poverty_line_share(poverty, qualifying.poverty_level, size)
    if amount is None:
        return fixed
    share = math.ceil(amount * 100 / median_for_size(ami.median_family_income, size))
    return ProvenLevel(qualifying, share, qualifying.poverty_level, amount, size)


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

    `tables` are the published income limit tables (`rules()["income_tables"]`),
    read once by `check_programs` for all programs."""
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
    proven = facts.proven
    if proven is None:
        return Reason(
            "no_qualifying_program",
            False,
            _("It needs enrollment in a qualifying program, such as SNAP or Medicaid."),
        )
    shows = proven.program.display_name
    if proven.poverty_level:
        shows = format_lazy(
            _(
                "{proof} (income at or below {poverty}% of the poverty guidelines for "
                "a household of {size}, {amount})"
            ),
            proof=proven.program.display_name,
            poverty=proven.poverty_level,
            size=proven.size,
            amount=dollars(proven.amount),
        )
    if proven.percentage <= program.income_limit_ami:
        return Reason(
            "income_within_limit",
            True,
            format_lazy(
                _(
                    "{proof} shows income at or below {level}% of area median income "
                    "(limit {limit}%)."
                ),
                proof=shows,
                level=proven.percentage,
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
            proof=shows,
            level=proven.percentage,
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
        tables = rules()["income_tables"]
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
    live = rules()
    if programs is None:
        programs = live["programs"]
    else:
        programs = list(programs.prefetch_related("service_areas"))
    programs = with_translations(programs)
    tables = live["income_tables"]
    return [check_eligibility(program, facts, tables) for program in programs]


@dataclass(frozen=True)
class IncomeDecision:
    """A program an income table decided: the figures the decision rested on."""

    program: object
    table: object
    level: int
    limit: int
    within: bool

    @property
    def limit_text(self):
        return dollars(self.limit)


def income_decisions(results):
    """The income table decisions among `check_programs` results."""
    return [
        IncomeDecision(
            result.program, reason.table, reason.level, reason.limit, reason.met
        )
        for result in results
        for reason in result.reasons
        if isinstance(reason, IncomeReason) and reason.limit is not None
    ]
