"""The review state machine: every status change of a household and of a program
application, declared once as a table.

Each `Transition` names its action, the statuses it may start from, its target, the
guard that may refuse it, what else it writes, the audit action it logs and the
message it sends. The functions at the bottom (`submit`, `verify`, `enroll`, …) are the
only code that writes `Household.review_status` or `ProgramApplication.status`; the
caseworker's household page asks `available_household_actions` which buttons to show.

Every transition runs in one transaction with the row locked, so a double click or a
replayed form finds the status already changed and is refused (or, where repeating is
harmless, does nothing) instead of acting twice. Each occurrence is one audit entry,
and its message is keyed by that entry, so a message is never sent twice for it.
Each is also one `StatusChange` row (from, to, when, by whom, why), which reports
time the steps by.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.eligibility import HouseholdFacts, check_eligibility, check_programs

from . import audit
from .documents.checklist import missing_documents
from .models import (
    Announcement,
    Document,
    Household,
    InformationRequest,
    ProgramApplication,
    StatusChange,
)
from .notifications import Event, notify
from .renewals.dates import expiry_date, renewal_state

Review = Household.ReviewStatus
Status = ProgramApplication.Status


class TransitionError(ValidationError):
    """An action that is not allowed in the record's current state."""


@dataclass
class Outcome:
    """What a transition's effect wrote besides the status, for the log and message."""

    fields: list = field(default_factory=list)
    log_data: dict = field(default_factory=dict)
    notification_key: Any = None
    notification_context: dict = field(default_factory=dict)
    result: Any = None
    # Run after the transition's own log entry (entries of their own, in order).
    then: list = field(default_factory=list)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    # Why it may not run now: a list of messages, empty when it may.
    guard: Any = None
    # Writes the other fields (the record is locked and its status already set).
    effect: Any = None
    log_action: audit.AuditAction | None = None
    notification: Event | None = None
    # Said when the record is not in a source status.
    refusal: str | None = None
    # Repeating it on a record already in the target status does nothing.
    repeat_is_harmless: bool = False
    # Staff-facing button label (None for transitions staff do not start by hand).
    label: str | None = None
    destructive: bool = False


# Guards ---------------------------------------------------------------------------


def _documents_complete(household, **params):
    if missing_documents(household):
        return [_("Some documents are still missing.")]
    return []


def _ready_for_verification(household, **params):
    problems = []
    missing = missing_documents(household)
    if missing:
        problems.append(
            _("Documents are missing: %(items)s.")
            % {"items": ", ".join(str(item.label) for item in missing)}
        )
    if household.address_needs_review:
        problems.append(
            _("The address needs a manual service-area decision first (override it).")
        )
    if household.open_information_request() is not None:
        problems.append(_("A request for more information is still open."))
    return problems


def _has_message(household, message="", **params):
    return [] if message.strip() else [_("Say what the applicant needs to send.")]


def _has_reason(record, reason="", **params):
    return [] if reason.strip() else [_("Give the reason; the applicant will see it.")]


CHANGE_REASON_MAX_LENGTH = Household._meta.get_field("change_reason").max_length


def _has_change_reason(household, reason="", **params):
    if not reason.strip():
        return [_("Say in a few words what you need to change.")]
    if len(reason.strip()) > CHANGE_REASON_MAX_LENGTH:
        return [
            _("Keep the reason to %(count)s characters or fewer.")
            % {"count": CHANGE_REASON_MAX_LENGTH}
        ]
    return []


def _has_answer(household, **params):
    request = household.open_information_request()
    if request is None:
        return [_("There is no open request to answer.")]
    if not request.documents.exists():
        return [_("Upload at least one file before you send your answer.")]
    return []


def _renewal_window_open(household, **params):
    if renewal_state(household)["can_start"]:
        return []
    return [_("Renewal is not open for your household yet.")]


def renewal_under_review(household):
    """A submitted renewal staff have not decided: its enrollments stay active."""
    return household.is_renewal and household.review_status in {
        Review.SUBMITTED,
        Review.INFO_REQUESTED,
    }


def _not_under_renewal_review(application, **params):
    if renewal_under_review(application.household):
        return [_("Enrollments stay active while a renewal is reviewed.")]
    return []


def household_may_apply(household):
    """Submitted and not denied: the household may apply to programs."""
    return household.is_submitted and not household.is_denied


# Statuses from which a program may be applied for (again).
REAPPLY_SOURCES = frozenset({Status.WITHDRAWN, Status.EXPIRED})


def apply_problem(household, program):
    """Why this household cannot apply to this program now, or None if it can."""
    if not household.is_submitted:
        return _("Submit your application first.")
    if household.is_denied:
        return _("Your application was not approved, so you cannot apply to programs.")
    if program.is_external:
        return _("Apply for this program on its provider's website.")
    if (
        household.program_applications.filter(program=program)
        .exclude(status__in=REAPPLY_SOURCES)
        .exists()
    ):
        return _("You have already applied for this program.")
    result = check_eligibility(program, HouseholdFacts.for_household(household))
    if not result.is_eligible:
        return result.summary
    return None


def _may_apply(application, **params):
    problem = apply_problem(application.household, application.program)
    return [problem] if problem else []


def _household_verified(application, **params):
    if not application.household.is_verified:
        return [_("Only verified households can be enrolled.")]
    return []


def _household_verified_with_reason(application, **params):
    return _household_verified(application) or _has_reason(application, **params)


# Effects --------------------------------------------------------------------------


def _on_submit(household, user, now, submission=None, **params):
    household.submitted_at = now
    return Outcome(fields=["submitted_at"], notification_key=submission.pk)


def _on_respond(household, user, now, **params):
    request = household.open_information_request()
    request.responded_at = now
    request.save(update_fields=["responded_at"])
    return Outcome(log_data={"request": request.pk})


def _on_request_information(household, user, now, message="", **params):
    request = InformationRequest.objects.create(
        household=household, message=message.strip(), requested_by=user
    )
    return Outcome(
        log_data={"request": request.pk},
        notification_key=request.pk,
        notification_context={"message": request.message},
        result=request,
    )


def _on_change_answers(household, user, now, reason="", **params):
    household.answers_changed_at = now
    household.change_reason = reason.strip()
    return Outcome(
        fields=["answers_changed_at", "change_reason"],
        log_data={"reason": household.change_reason},
    )


def _decided(household):
    """Staff decided: a change after review has been reviewed."""
    household.answers_changed_at = None
    household.change_reason = ""
    return ["answers_changed_at", "change_reason"]


def _on_verify(household, user, now, **params):
    household.verified_at = now
    household.denial_reason = ""
    outcome = Outcome(
        fields=["verified_at", "denial_reason", *_decided(household)],
        log_data={"income_level": HouseholdFacts.for_household(household).income_level},
    )
    if household.is_renewal:
        household.is_renewal = False
        household.renewed_at = now
        outcome.fields += ["is_renewal", "renewed_at"]
        outcome.then.append(lambda: _renew_enrollments(household, user, now))
    return outcome


def _renew_enrollments(household, user, now):
    """Verifying a renewal: extend what still qualifies, end the rest at expiry."""
    results = {
        result.program.pk: result
        for result in check_programs(HouseholdFacts.for_household(household))
    }
    applications = household.program_applications.filter(
        status__in=[Status.ENROLLED, Status.EXPIRED]
    ).select_related("program", "household")
    for application in applications:
        if not application.program.renewal_interval_months:
            continue  # lifetime enrollments are untouched
        result = results.get(application.program.pk)
        if result is not None and result.is_eligible:
            _perform(APPLICATION_TRANSITIONS["renew"], application, user, now=now)
        elif application.status == Status.ENROLLED:
            reason = (
                result.summary if result else _("The program is no longer offered.")
            )
            application.end_reason = str(reason)
            application.save(update_fields=["end_reason", "updated_at"])
    audit.record(household, audit.RENEWAL_VERIFIED, user=user)


def _on_deny(household, user, now, reason="", **params):
    household.denial_reason = reason.strip()
    household.information_requests.filter(responded_at__isnull=True).update(
        responded_at=now
    )
    return Outcome(
        fields=["denial_reason", *_decided(household)],
        log_data={"reason": household.denial_reason},
        notification_context={"reason": household.denial_reason},
        then=[lambda: _close_applications_on_denial(household, user, now)],
    )


def _close_applications_on_denial(household, user, now):
    """What a denial does to each program application (the denial's own message
    tells the applicant; these write no message of their own, except an expiry):

    - applied (waiting for staff): not enrolled, with the denial's reason;
    - enrolled, on a first application or a reopened one: not enrolled, at once;
    - enrolled, on a denied renewal: what has already run out expires now, the rest
      stays active until its expiry date and then ends, with the reason; lifetime
      enrollments are untouched, as a verified renewal leaves them;
    - not enrolled, withdrawn, expired: unchanged.
    """
    applications = household.program_applications.filter(
        status__in=[Status.APPLIED, Status.ENROLLED]
    ).select_related("program", "household")
    today = timezone.localdate(now)
    for application in applications:
        if application.status == Status.ENROLLED and household.is_renewal:
            if not application.program.renewal_interval_months:
                continue
            expires = expiry_date(application)
            application.end_reason = household.denial_reason
            application.save(update_fields=["end_reason", "updated_at"])
            if expires is not None and expires <= today:
                _perform(
                    APPLICATION_TRANSITIONS["expire"],
                    application,
                    user,
                    now=now,
                    expires_on=expires,
                )
            continue
        _perform(
            APPLICATION_TRANSITIONS["close_on_denial"],
            application,
            user,
            now=now,
            reason=household.denial_reason,
        )


def _on_start_renewal(household, user, now, **params):
    household.is_renewal = True
    household.completed_steps = ["account"]
    # Proofs (of programs and of income) are sent again; the old files stay for the
    # submissions that cite them.
    household.documents.filter(
        kind__in=[Document.Kind.PROOF, Document.Kind.INCOME]
    ).update(is_current=False)
    return Outcome(fields=["is_renewal", "completed_steps"])


def _on_apply(application, user, now, acknowledged_at=None, **params):
    application.applied_at = now
    application.enrolled_at = None
    application.end_reason = ""
    application.privacy_notice_acknowledged_at = acknowledged_at
    return Outcome(
        fields=[
            "applied_at",
            "enrolled_at",
            "end_reason",
            "privacy_notice_acknowledged_at",
        ]
    )


def _on_apply_by_rule_change(application, user, now, **params):
    outcome = _on_apply(application, user, now)
    outcome.log_data = {"program": application.program.title}
    outcome.notification_context = {"program": _program_in_language(application)}
    return outcome


def _program_in_language(application):
    return application.program.title_in(application.household.user.preferred_language)


def _on_enroll(application, user, now, **params):
    application.enrolled_at = application.decided_at = now
    application.not_enrolled_reason = ""
    application.review_note = ""
    renews_on = expiry_date(application)
    return Outcome(
        fields=["enrolled_at", "decided_at", "not_enrolled_reason", "review_note"],
        log_data={"program": application.program.title},
        notification_context={
            "program": _program_in_language(application),
            "renews_on": renews_on.isoformat() if renews_on else "",
        },
    )


def _on_not_enroll(application, user, now, reason="", **params):
    application.decided_at = now
    application.enrolled_at = None
    application.not_enrolled_reason = reason.strip()
    application.review_note = ""
    return Outcome(
        fields=["decided_at", "enrolled_at", "not_enrolled_reason", "review_note"],
        log_data={"program": application.program.title, "reason": reason.strip()},
        notification_context={
            "program": _program_in_language(application),
            "reason": application.not_enrolled_reason,
        },
    )


def _on_close_on_denial(application, user, now, reason="", **params):
    application.decided_at = now
    application.enrolled_at = None
    application.not_enrolled_reason = reason
    return Outcome(
        fields=["decided_at", "enrolled_at", "not_enrolled_reason"],
        log_data={"program": application.program.title, "reason": reason},
    )


def _on_expire(application, user, now, expires_on=None, **params):
    return Outcome(
        log_data={"program": application.program.title},
        notification_key=f"{application.pk}:{expires_on.isoformat()}",
        notification_context={
            "program": _program_in_language(application),
            "expires_on": expires_on.isoformat(),
            "reason": application.end_reason,
        },
    )


def _on_withdraw(application, user, now, **params):
    return Outcome(log_data={"program": application.program.title})


def _on_renew(application, user, now, **params):
    application.enrolled_at = now
    application.end_reason = ""
    return Outcome(fields=["enrolled_at", "end_reason"])


# The table ------------------------------------------------------------------------

WRONG_STATUS = _("This cannot be done while the household is “%(status)s”.")
ALL_SUBMITTED = frozenset(set(Review) - {Review.DRAFT})

HOUSEHOLD_TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "submit",
            frozenset({Review.DRAFT}),
            Review.SUBMITTED,
            guard=_documents_complete,
            effect=_on_submit,
            notification=Event.SUBMITTED,
        ),
        Transition(
            "respond",
            frozenset({Review.INFO_REQUESTED}),
            Review.SUBMITTED,
            guard=_has_answer,
            effect=_on_respond,
            log_action=audit.RESPOND_INFORMATION,
            refusal=_("There is no open request to answer."),
        ),
        Transition(
            "verify",
            frozenset({Review.SUBMITTED}),
            Review.VERIFIED,
            guard=_ready_for_verification,
            effect=_on_verify,
            log_action=audit.VERIFY,
            notification=Event.VERIFIED,
            refusal=_("Only households waiting for verification can be verified."),
            label=_("Verify"),
        ),
        Transition(
            "request_information",
            frozenset({Review.SUBMITTED}),
            Review.INFO_REQUESTED,
            guard=_has_message,
            effect=_on_request_information,
            log_action=audit.REQUEST_INFORMATION,
            notification=Event.INFO_REQUESTED,
            label=_("Request more information"),
        ),
        Transition(
            "deny",
            frozenset({Review.SUBMITTED, Review.INFO_REQUESTED}),
            Review.DENIED,
            guard=_has_reason,
            effect=_on_deny,
            log_action=audit.DENY,
            notification=Event.DENIED,
            label=_("Deny"),
            destructive=True,
        ),
        Transition(
            "reopen",
            frozenset({Review.DENIED, Review.VERIFIED}),
            Review.SUBMITTED,
            log_action=audit.REOPEN,
            label=_("Reopen"),
        ),
        # The applicant changes answers: back to the wizard, then to review again.
        Transition(
            "change_answers",
            ALL_SUBMITTED,
            Review.DRAFT,
            guard=_has_change_reason,
            effect=_on_change_answers,
            log_action=audit.CHANGE_ANSWERS,
            refusal=_("Your answers are already open for changes."),
        ),
        Transition(
            "start_renewal",
            frozenset({Review.VERIFIED}),
            Review.DRAFT,
            guard=_renewal_window_open,
            effect=_on_start_renewal,
            log_action=audit.START_RENEWAL,
            refusal=_("Renewal is not open for your household yet."),
        ),
    ]
}

APPLICATION_TRANSITIONS = {
    t.action: t
    for t in [
        # None: a new application, written by this transition.
        Transition(
            "apply",
            frozenset({None, *REAPPLY_SOURCES}),
            Status.APPLIED,
            guard=_may_apply,
            effect=_on_apply,
        ),
        # A published rule change lets a household qualify for an automatic
        # program it never applied to (applications.rule_changes).
        Transition(
            "apply_by_rule_change",
            frozenset({None}),
            Status.APPLIED,
            guard=_may_apply,
            effect=_on_apply_by_rule_change,
            log_action=audit.APPLIED_BY_RULE_CHANGE,
            notification=Event.APPLIED_BY_RULE_CHANGE,
        ),
        Transition(
            "enroll",
            frozenset({Status.APPLIED, Status.NOT_ENROLLED}),
            Status.ENROLLED,
            guard=_household_verified,
            effect=_on_enroll,
            log_action=audit.ENROLL,
            notification=Event.ENROLLED,
            refusal=_("This application was withdrawn."),
            repeat_is_harmless=True,
        ),
        Transition(
            "not_enroll",
            frozenset({Status.APPLIED, Status.NOT_ENROLLED, Status.ENROLLED}),
            Status.NOT_ENROLLED,
            guard=_household_verified_with_reason,
            effect=_on_not_enroll,
            log_action=audit.NOT_ENROLL,
            notification=Event.NOT_ENROLLED,
            refusal=_("This application was withdrawn."),
        ),
        # Part of denying a household (its message is the denial's).
        Transition(
            "close_on_denial",
            frozenset({Status.APPLIED, Status.ENROLLED}),
            Status.NOT_ENROLLED,
            effect=_on_close_on_denial,
            log_action=audit.CLOSED_BY_DENIAL,
        ),
        Transition(
            "expire",
            frozenset({Status.ENROLLED}),
            Status.EXPIRED,
            guard=_not_under_renewal_review,
            effect=_on_expire,
            log_action=audit.ENROLLMENT_EXPIRED,
            notification=Event.RENEWAL_EXPIRED,
        ),
        # The applicant deletes their account (applications.retention).
        Transition(
            "withdraw",
            frozenset({Status.APPLIED, Status.ENROLLED, Status.NOT_ENROLLED}),
            Status.WITHDRAWN,
            effect=_on_withdraw,
            log_action=audit.WITHDRAWN,
            repeat_is_harmless=True,
        ),
        # Part of verifying a renewal (logged once for the household, as such).
        Transition(
            "renew",
            frozenset({Status.ENROLLED, Status.EXPIRED}),
            Status.ENROLLED,
            effect=_on_renew,
        ),
    ]
}


# Running a transition ---------------------------------------------------------------


def _status_field(record):
    return "review_status" if isinstance(record, Household) else "status"


def _household_of(record):
    return record if isinstance(record, Household) else record.household


def _lock(record):
    """Re-read the record's status under a row lock (the caller's copy is updated)."""
    status_field = _status_field(record)
    if record.pk is None:
        return None
    current = (
        type(record)
        .objects.select_for_update()
        .filter(pk=record.pk)
        .values_list(status_field, flat=True)
        .get()
    )
    setattr(record, status_field, current)
    return current


def _source_problem(transition, record, current):
    if current in transition.sources:
        return None
    if transition.refusal:
        return transition.refusal
    return WRONG_STATUS % {"status": _household_of(record).get_review_status_display()}


def problems(transition, record, current=None, **params):
    """Everything that stops `transition` on `record` now (empty when nothing)."""
    if current is None and record.pk is not None:
        current = getattr(record, _status_field(record))
    found = []
    source_problem = _source_problem(transition, record, current)
    if source_problem:
        found.append(source_problem)
    if transition.guard:
        found += transition.guard(record, **params)
    return found


def _perform(transition, record, user=None, now=None, **params):
    """Check, change the status, write the rest, log and notify; in the caller's
    transaction. Returns the effect's result, or False when repeating did nothing."""
    current = _lock(record)
    if transition.repeat_is_harmless and current == transition.target:
        guard_problems = transition.guard(record, **params) if transition.guard else []
        if guard_problems:
            raise TransitionError(guard_problems)
        return False
    found = problems(transition, record, current=current, **params)
    if found:
        raise TransitionError(found)
    now = now or timezone.now()
    status_field = _status_field(record)
    setattr(record, status_field, transition.target)
    outcome = (
        transition.effect(record, user, now, **params) if transition.effect else None
    ) or Outcome()
    if record.pk is None:
        record.save()
    else:
        record.save(update_fields=[status_field, *outcome.fields, "updated_at"])
    household = _household_of(record)
    _record_change(transition, record, household, current, user, now, params)
    entry = None
    if transition.log_action:
        entry = audit.record(
            household, transition.log_action, user=user, **outcome.log_data
        )
    for step in outcome.then:
        step()
    if transition.notification:
        key = outcome.notification_key
        if key is None:
            key = entry.pk if entry else now.isoformat()
        notify(
            household, transition.notification, key=key, **outcome.notification_context
        )
    return True if outcome.result is None else outcome.result


def _record_change(transition, record, household, previous, user, now, params):
    """The change as a row for reports: from, to, when, by whom and why."""
    is_application = isinstance(record, ProgramApplication)
    reason = params.get("reason") or params.get("message") or ""
    if transition.action == "expire":
        reason = record.end_reason
    StatusChange.objects.create(
        subject=StatusChange.Subject.APPLICATION
        if is_application
        else StatusChange.Subject.HOUSEHOLD,
        household=household,
        case_number=household.pk,
        application=record if is_application else None,
        program_id=record.program_id if is_application else None,
        action=transition.action,
        from_status=previous or "",
        to_status=transition.target,
        changed_at=now,
        changed_by=user,
        by_staff=bool(user and user.is_staff),
        reason=str(reason).strip(),
        language=household.user.preferred_language,
        assisted=household.is_client,
    )


def _household_transition(action, household, user=None, **params):
    with transaction.atomic():
        return _perform(HOUSEHOLD_TRANSITIONS[action], household, user, **params)


def _application_transition(action, application, user=None, **params):
    with transaction.atomic():
        return _perform(APPLICATION_TRANSITIONS[action], application, user, **params)


# What the pages ask -------------------------------------------------------------


def available_household_actions(household):
    """The staff transitions the household's status allows, for its page's buttons."""
    return [
        transition
        for transition in HOUSEHOLD_TRANSITIONS.values()
        if transition.label and household.review_status in transition.sources
    ]


def verification_problems(household):
    """What stops staff verifying this household right now (empty when nothing)."""
    return problems(HOUSEHOLD_TRANSITIONS["verify"], household)


# Staff correct answers (applications.casework.corrections) in these statuses; no
# correction changes a status. Not on a draft: the applicant is changing their
# answers and the wizard would save over it. Not on a denied household: reopen it
# first, so the corrected answers are reviewed again.
CORRECTABLE = frozenset({Review.SUBMITTED, Review.INFO_REQUESTED, Review.VERIFIED})


def correction_problem(household):
    """Why staff cannot correct the household's answers now, or None."""
    if household.review_status in CORRECTABLE:
        return None
    if household.review_status == Review.DRAFT:
        return _(
            "The applicant is changing their answers. Correct them after they "
            "submit again."
        )
    return _("Reopen the household before correcting its answers.")


# The transitions, by name ----------------------------------------------------------


def submit(household, submission):
    """The wizard's last step: into the review queue, keyed by the frozen answers."""
    return _household_transition("submit", household, submission=submission)


def request_information(household, user, message):
    """Staff ask for something more; returns the InformationRequest."""
    return _household_transition(
        "request_information", household, user, message=message
    )


def respond_to_information_request(household, user):
    """The applicant sends what was asked for; the household returns to the queue."""
    return _household_transition("respond", household, user)


def verify(household, user):
    return _household_transition("verify", household, user)


def deny(household, user, reason):
    return _household_transition("deny", household, user, reason=reason)


def reopen(household, user):
    return _household_transition("reopen", household, user)


def change_answers(household, user, reason):
    """Back to the wizard to change answers, saying why; resubmitting sends it back
    to review, where staff see what changed."""
    return _household_transition("change_answers", household, user, reason=reason)


def start_renewal(household, user):
    """Reopen the wizard prefilled with the last answers; proofs must be sent again."""
    return _household_transition("start_renewal", household, user)


def apply(household, program, acknowledged_at=None):
    """Apply to one program (again, after an expiry); returns the ProgramApplication."""
    try:
        with transaction.atomic():
            application = ProgramApplication.objects.filter(
                household=household, program=program
            ).first() or ProgramApplication(household=household, program=program)
            _perform(
                APPLICATION_TRANSITIONS["apply"],
                application,
                acknowledged_at=acknowledged_at,
            )
    except IntegrityError:
        # A concurrent request made the same application first.
        raise TransitionError(_("You have already applied for this program.")) from None
    return application


def apply_by_rule_change(household, program):
    """A published rule change made the household qualify for an automatic program:
    apply for it and tell the household; None when it has an application already
    (the effects ran twice, or the household applied meanwhile)."""
    try:
        with transaction.atomic():
            if ProgramApplication.objects.filter(
                household=household, program=program
            ).exists():
                return None
            application = ProgramApplication(household=household, program=program)
            _perform(APPLICATION_TRANSITIONS["apply_by_rule_change"], application)
    except IntegrityError:
        return None
    return application


def refer_to_staff(application, reason):
    """A pending application no longer qualifies under a program's new rules: it
    stays applied, and staff see why when they decide it. False when it already
    carries this reason (the effects ran twice)."""
    reason = str(reason)[: ProgramApplication._meta.get_field("review_note").max_length]
    with transaction.atomic():
        current = _lock(application)
        if current != Status.APPLIED:
            return False
        updated = (
            ProgramApplication.objects.filter(pk=application.pk)
            .exclude(review_note=reason)
            .update(review_note=reason, updated_at=timezone.now())
        )
        if not updated:
            return False
        application.review_note = reason
        audit.record(
            application.household,
            audit.REFERRED_BY_RULE_CHANGE,
            program=application.program.title,
            reason=reason,
        )
    return True


def enroll(application, user):
    """Mark enrolled; False when it already was (a bulk action run twice)."""
    return _application_transition("enroll", application, user)


def not_enroll(application, user, reason):
    return _application_transition("not_enroll", application, user, reason=reason)


def withdraw(application, user):
    """The applicant ends an application or enrollment (deleting their account)."""
    return _application_transition("withdraw", application, user)


def expire(application, expires_on):
    """The daily job: an enrollment that was not renewed in time ends."""
    return _application_transition("expire", application, expires_on=expires_on)


# Announcements (applications.announcements) ----------------------------------------
# Two steps, each one conditional update: a double click, a replayed form or a task
# run twice moves an announcement once. No household's status changes.

ANNOUNCEMENT_TRANSITIONS = {
    "start_sending": (Announcement.Status.DRAFT, Announcement.Status.SENDING),
    "finish_sending": (Announcement.Status.SENDING, Announcement.Status.SENT),
}


def _announcement_transition(action, announcement, **fields):
    source, target = ANNOUNCEMENT_TRANSITIONS[action]
    if not Announcement.objects.filter(pk=announcement.pk, status=source).update(
        status=target, **fields
    ):
        return False
    announcement.status = target
    for name, value in fields.items():
        setattr(announcement, name, value)
    return True


def start_sending_announcement(announcement, user):
    """Staff press Send on a draft: True the first time, False once it is not a
    draft; logged on the announcement. In the caller's transaction."""
    if not _announcement_transition("start_sending", announcement, sent_by=user):
        return False
    audit.record(
        announcement,
        audit.SEND_ANNOUNCEMENT,
        user=user,
        program=announcement.program.title,
        audience=announcement.audience,
    )
    return True


def finish_sending_announcement(announcement, recipient_count):
    """Every message is in the outbox: the announcement is sent."""
    return _announcement_transition(
        "finish_sending",
        announcement,
        sent_at=timezone.now(),
        recipient_count=recipient_count,
    )
