"""What staff can do on a household's page: each action's form, wording and effect.

Status changes (verify, request information, deny, reopen) run through the state
machine, which also says when each is available; notes and address overrides change
no status and are always available.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from programs.income_limits import annualize

from .. import audit, state_machine
from ..models import CaseNote
from ..state_machine import HOUSEHOLD_TRANSITIONS, TransitionError
from .forms import (
    ConfirmForm,
    CorrectIncomeForm,
    MessageForm,
    NoteForm,
    OverrideAddressForm,
    ReasonForm,
)


def add_note(household, user, text):
    if not text.strip():
        raise TransitionError(_("Write the note first."))
    with transaction.atomic():
        note = CaseNote.objects.create(
            household=household, author=user, text=text.strip()
        )
        audit.record(household, audit.ADD_NOTE, user=user, note=note.pk)
    return note


@transaction.atomic
def override_service_areas(household, user, areas, reason):
    """Staff decide the service areas by hand, with a reason on the record."""
    if not reason.strip():
        raise TransitionError(_("Give the reason for the override."))
    household.service_areas.set(areas)
    household.address_needs_review = False
    household.address_override_reason = reason.strip()
    household.save(
        update_fields=["address_needs_review", "address_override_reason", "updated_at"]
    )
    audit.record(
        household,
        audit.OVERRIDE_ADDRESS,
        user=user,
        areas=sorted(area.name for area in areas),
        reason=reason.strip(),
    )


@transaction.atomic
def correct_income(household, user, amount, frequency, reason):
    """Staff put the income the documents show in place of the declared one; the
    eligibility rule reads it from then on. The history keeps who and why (the
    figures are on the household page and in each submission)."""
    if not reason.strip():
        raise TransitionError(_("Give the reason for the correction."))
    # Read again under a lock: two posts at once correct once.
    household = type(household).objects.select_for_update().get(pk=household.pk)
    if (household.income_amount, household.income_frequency) == (amount, frequency):
        # Nothing to correct (or the same form sent twice): no second history entry.
        raise TransitionError(_("That is already the household's income."))
    household.income_amount = amount
    household.income_frequency = frequency
    household.annual_income = annualize(amount, frequency)
    household.save(
        update_fields=[
            "income_amount",
            "income_frequency",
            "annual_income",
            "updated_at",
        ]
    )
    audit.record(household, audit.CORRECT_INCOME, user=user, reason=reason.strip())


@dataclass(frozen=True)
class HouseholdAction:
    slug: str
    title: str
    button: str
    form_class: type
    run: object
    done: str
    # The state machine's transition, for status actions (None: always available).
    transition: str | None = None
    primary: bool = False
    # The form's starting values from the household (None: an empty form).
    initial: object = None

    @property
    def label(self):
        """The button on the household page (the state machine's label)."""
        return HOUSEHOLD_TRANSITIONS[self.transition].label if self.transition else ""

    @property
    def destructive(self):
        return bool(
            self.transition and HOUSEHOLD_TRANSITIONS[self.transition].destructive
        )


HOUSEHOLD_ACTIONS = {
    action.slug: action
    for action in [
        HouseholdAction(
            "verify",
            _("Verify household"),
            _("Verify"),
            ConfirmForm,
            lambda household, user, data: state_machine.verify(household, user),
            _("Household verified."),
            transition="verify",
            primary=True,
        ),
        HouseholdAction(
            "request-information",
            _("Request more information"),
            _("Send request"),
            MessageForm,
            lambda household, user, data: state_machine.request_information(
                household, user, data["message"]
            ),
            _("Request sent. The household waits for the applicant."),
            transition="request_information",
        ),
        HouseholdAction(
            "deny",
            _("Deny household"),
            _("Deny"),
            ReasonForm,
            lambda household, user, data: state_machine.deny(
                household, user, data["reason"]
            ),
            _("Household denied."),
            transition="deny",
        ),
        HouseholdAction(
            "reopen",
            _("Reopen household"),
            _("Reopen"),
            ConfirmForm,
            lambda household, user, data: state_machine.reopen(household, user),
            _("Household reopened and back in the queue."),
            transition="reopen",
        ),
        HouseholdAction(
            "note",
            _("Add a note"),
            _("Add note"),
            NoteForm,
            lambda household, user, data: add_note(household, user, data["text"]),
            _("Note added."),
        ),
        HouseholdAction(
            "override-address",
            _("Override the service-area result"),
            _("Save override"),
            OverrideAddressForm,
            lambda household, user, data: override_service_areas(
                household, user, list(data["areas"]), data["reason"]
            ),
            _("Service areas updated."),
        ),
        HouseholdAction(
            "correct-income",
            _("Correct the household's income"),
            _("Save correction"),
            CorrectIncomeForm,
            lambda household, user, data: correct_income(
                household,
                user,
                data["income_amount"],
                data["income_frequency"],
                data["reason"],
            ),
            _("Income corrected; eligibility is worked out again from it."),
            initial=lambda household: {
                "income_amount": household.income_amount,
                "income_frequency": household.income_frequency,
            },
        ),
    ]
}
BY_TRANSITION = {a.transition: a for a in HOUSEHOLD_ACTIONS.values() if a.transition}


def status_actions(household):
    """The status actions the state machine allows now, in the table's order."""
    return [
        BY_TRANSITION[transition.action]
        for transition in state_machine.available_household_actions(household)
    ]
