"""What the wizard writes: the account, each step's answers, and the submission.

Views parse the request and call one of these; each runs in one transaction, so a
step is saved whole or not at all. Status changes go through the state machine.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from programs.addresses import Address, place_address, standardize
from programs.eligibility import HouseholdFacts, check_programs, income_decisions

from .. import audit, state_machine
from ..documents.checklist import reopen_documents_step_if_owed
from ..models import Document, Household, QualifyingEnrollment, Submission
from ..notifications import Event, notify
from ..placement import place_household
from .changes import compare
from .confirmation import confirmation_url, send_account_exists_email

User = get_user_model()

MEMBER_IDENTITY_FIELDS = {"first_name", "last_name", "date_of_birth"}


@transaction.atomic
def sign_up(account_form):
    """Step 1 from a visitor: a new account, or a note to an existing one's owner.

    Returns the new user, or None when the email already has an account. The visitor
    sees the same "check your email" page either way (no account enumeration), so
    the same work is done either way too (a password hash), and the existing
    account's owner is emailed that someone tried to sign up with their address.
    """
    email = account_form.cleaned_data["email"]
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                return create_account(account_form)[0]
        except IntegrityError:  # a second tab made the same account first
            existing = User.objects.filter(email__iexact=email).first()
    make_password(account_form.cleaned_data["password1"])
    send_account_exists_email.enqueue(existing.pk)
    return None


def create_account(account_form):
    """The applicant's account, their (empty) household, and the welcome email with
    the link that signs them in to go on (their address, confirmed)."""
    user = account_form.save()
    household = Household.objects.create(user=user)
    notify(household, Event.WELCOME, confirm_url=confirmation_url(user))
    return user, household


def typed_address(address_form):
    data = address_form.cleaned_data
    return Address(**{name: data.get(name) or "" for name in ADDRESS_PARTS})


ADDRESS_PARTS = ["street", "unit", "city", "state", "zip_code"]


def suggest_address(address_form):
    """The standardized address to offer (None when it reads the same as typed, or
    could not be standardized) and the problem a failed standardization leaves."""
    typed = typed_address(address_form)
    standardized, problem = standardize(typed)
    if standardized is not None and standardized.same_as(typed):
        standardized = None
    return standardized, problem


def save_address(address_form, *, standardized=None, problem=None):
    """The addresses, with the standardized eligibility address where the applicant
    took it, placed in service areas (or flagged for a person to place).

    The geocoders are asked before the transaction opens: a slow web service never
    holds the household's row.
    """
    household = address_form.save(commit=False)
    if standardized is not None:
        for name in ADDRESS_PARTS:
            limit = Household._meta.get_field(name).max_length
            setattr(household, name, getattr(standardized, name)[:limit])
    placement = place_address(
        Address(**{name: getattr(household, name) for name in ADDRESS_PARTS}),
        problems=[problem] if problem else (),
    )
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).first()
        place_household(household, placement, standardized=standardized is not None)
    return household


def _identity(member):
    """Who a member is, for telling a replayed row from a new person."""
    return (
        member.first_name.strip().casefold(),
        member.last_name.strip().casefold(),
        member.date_of_birth,
    )


@transaction.atomic
def save_members(household, housing_form, formset):
    """Rent or own, and every member, in order; the applicant stays the first.

    A member whose name or date of birth changed needs a new photo ID. The same answers
    posted twice (a double click, a replayed form, a second tab) leave the same
    household: a new row that names a member already saved, and not listed in this
    post, is that member rather than a second one.
    """
    Household.objects.select_for_update().filter(pk=household.pk).first()
    housing_form.save()
    has_applicant = household.members.filter(is_applicant=True).exists()
    formset.save(commit=False)
    for member in formset.deleted_objects:
        member.delete()
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms
        and (form.instance.pk or form.has_changed())
    ]
    listed = {form.instance.pk for form in kept if form.instance.pk}
    unlisted = {
        _identity(member): member for member in household.members.exclude(pk__in=listed)
    }
    for position, form in enumerate(kept):
        member = form.instance
        was_saved = member.pk is not None
        if not was_saved:
            member = unlisted.pop(_identity(member), member)
        if was_saved and MEMBER_IDENTITY_FIELDS & set(form.changed_data):
            member.documents.filter(kind=Document.Kind.IDENTITY).update(
                is_current=False
            )
        member.household = household
        member.position = position
        if not has_applicant:
            member.is_applicant = has_applicant = True
        member.save()
    reopen_documents_step_if_owed(household)


@transaction.atomic
def choose_qualifying_programs(household, chosen, none_of_these):
    """The qualifying programs ticked; a dropped program's proofs go with it."""
    enrollments = household.qualifying_enrollments
    dropped = enrollments.exclude(qualifying_program__in=chosen)
    Document.objects.filter(
        household=household,
        qualifying_program__in=dropped.values("qualifying_program"),
    ).delete()
    dropped.delete()
    for program in chosen:
        QualifyingEnrollment.objects.get_or_create(
            household=household, qualifying_program=program
        )
    household.has_no_qualifying_program = none_of_these
    household.save(update_fields=["has_no_qualifying_program", "updated_at"])
    household = Household.objects.get(pk=household.pk)
    reopen_documents_step_if_owed(household)
    return household


def income_limits_applied(household):
    """For each program an income table decided, which table, year, level and limit
    (and whether the household was within it): the figures the decision rested on,
    kept with the submission when next year's table replaces them."""
    results = check_programs(HouseholdFacts.for_household(household))
    return [
        {
            "program": decision.program.title,
            "table": str(decision.table),
            "table_id": decision.table.pk,
            "fiscal_year": decision.table.fiscal_year,
            "level": decision.level,
            "household_size": len(household.members.all()),
            "limit": decision.limit,
            "within": decision.within,
        }
        for decision in income_decisions(results)
    ]


def snapshot(household, attestation=None):
    """The answers as they stand, frozen into a submission for staff review."""
    user = household.user
    return {
        "applicant": {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone_number": str(user.phone_number or ""),
            "contact_by_email": user.contact_by_email,
            "contact_by_sms": user.contact_by_sms,
            "preferred_language": user.preferred_language,
        },
        "eligibility_address": household.eligibility_address_lines,
        "mailing_address": household.mailing_address_lines,
        "service_areas": sorted(household.service_areas.values_list("name", flat=True)),
        "address_needs_review": household.address_needs_review,
        # How the address was placed: the point and its source, and why a person
        # had to decide (as codes and figures, read in the reader's language).
        "placement": {
            "point": household.point,
            "geocoded_by": household.geocoded_by,
            "score": household.geocode_score,
            "standardized": household.address_standardized,
            "problems": household.placement_problems,
        },
        "housing": household.housing,
        "time_at_address": household.time_at_address,
        "members": [
            {
                "first_name": m.first_name,
                "last_name": m.last_name,
                "date_of_birth": m.date_of_birth.isoformat(),
                "is_applicant": m.is_applicant,
            }
            for m in household.members.all()
        ],
        "income": {
            "amount": None
            if household.income_amount is None
            else str(household.income_amount),
            "frequency": household.income_frequency,
            "annual": household.annual_income,
        },
        "income_limits": income_limits_applied(household),
        "qualifying_programs": [q.name for q in household.qualifying_programs],
        "documents": [
            {
                "id": str(d.public_id),
                "kind": d.kind,
                "name": d.original_name,
                **(
                    {"uploaded_by": d.uploaded_by.get_full_name()}
                    if d.uploaded_by
                    else {}
                ),
            }
            for d in household.documents.filter(is_current=True).select_related(
                "uploaded_by"
            )
        ],
        **_assistance(household, attestation),
    }


def _assistance(household, attestation):
    """Who applied with the resident, who entered each step, and how the resident
    confirmed the answers (only for a client household)."""
    if not household.is_client:
        return {}
    return {
        "assistance": {
            "assisted_by": household.assisted_by_text,
            "entered_by": household.entered_by,
            "attestation": attestation,
        }
    }


@transaction.atomic
def submit(household, *, by=None, attestation=None):
    """Freeze the answers and enter the review queue; a second call does nothing.

    Returns the new Submission, or None when the household was already submitted
    (a double click, a replayed form). Programs in "automatic" mode that the
    household qualifies for are applied for at once. `by` is an assister
    submitting with the resident, and `attestation` how the resident confirmed.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.is_submitted:
        return None
    previous = locked.submissions.first()
    submission = Submission.objects.create(
        household=locked, answers=snapshot(locked, attestation)
    )
    state_machine.submit(locked, submission)
    if by is not None and by.pk != locked.user_id:
        audit.record(
            locked,
            audit.ASSISTED_SUBMIT,
            user=by,
            attestation=(attestation or {}).get("method"),
            organization=locked.assisted_by_organization,
        )
    if previous is not None and locked.answers_changed_at:
        # Which fields changed (not their values: the page shows those to staff).
        changed = compare(previous.answers, submission.answers)
        audit.record(
            locked,
            audit.RESUBMIT_CHANGED,
            user=locked.user,
            changes=sorted({f"{change.section}: {change.field}" for change in changed}),
            reason=locked.change_reason,
        )
    applied = set(locked.program_applications.values_list("program_id", flat=True))
    for result in check_programs(HouseholdFacts.for_household(locked)):
        program = result.program
        if result.is_eligible and program.applies_automatically:
            if program.pk not in applied:
                state_machine.apply(locked, program)
    household.refresh_from_db()
    return submission
