"""The eligibility rule, in one place.

A household qualifies for a program when the program accepts applications, the
household's income level (the lowest AMI percentage among the qualifying programs it
is enrolled in) is at or below the program's income limit, and its eligibility address
lies in every service area the program requires. The screener, the dashboard, the
caseworker views, the state machine and the tests all call `check_eligibility`
(one program) or `check_programs` (every live one); each returns the reasons,
not only a yes or no.
"""

from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import catalogue, with_translations


@dataclass(frozen=True)
class HouseholdFacts:
    """What the rule needs to know about a household (or a screener visitor).

    `service_area_ids` is None when the address could not be placed yet (it waits
    for a person to check it), and an empty set when it lies in no service area.
    """

    qualifying_programs: tuple = ()
    service_area_ids: frozenset | None = field(default_factory=frozenset)

    @classmethod
    def for_household(cls, household):
        """A household's facts: its qualifying programs and where its address lies."""
        return cls(
            qualifying_programs=household.qualifying_programs,
            service_area_ids=household.placed_service_area_ids,
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


def check_eligibility(program, facts):
    """Apply the rule to one program (a ProgramPage) and one household's facts."""
    reasons = []
    if not program.is_accepting_applications:
        reasons.append(
            Reason(
                "not_accepting",
                False,
                _("This program is not accepting applications right now."),
            )
        )

    proof = facts.income_proof
    if proof is None:
        reasons.append(
            Reason(
                "no_qualifying_program",
                False,
                _(
                    "It needs enrollment in a qualifying program, such as SNAP or Medicaid."
                ),
            )
        )
    elif proof.ami_percentage <= program.income_limit_ami:
        reasons.append(
            Reason(
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
        )
    else:
        reasons.append(
            Reason(
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
        )

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
    return [check_eligibility(program, facts) for program in programs]
