"""Staff correct what an applicant got wrong: a member's name or date of birth, a
document (by one the applicant brought in or sent by mail), the qualifying programs.

Two steps. The edit step's answers become a `Proposal`, signed into the review page,
which shows what the one eligibility rule says before and after: `rehearse` writes
the change in a savepoint that is rolled back, so `check_programs` and the documents
checklist read the household exactly as it would be. Confirming (`apply`) takes the
proposal's signed values through the same form again, with the household locked,
and only while the household is as it was reviewed (its `updated_at`): a replayed
confirm, or the applicant's or another caseworker's change in between, finds it
changed and writes and sends nothing.

Each correction is one history entry (who, why, before and after, what it did to
eligibility) and one message to the applicant, keyed by that entry. None changes a
status: the state machine says when a household may be corrected, and an
application that no longer qualifies is shown and logged for staff to decide.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from programs.eligibility import HouseholdFacts, check_programs

from .. import audit, state_machine
from ..documents.checklist import (
    RequiredDocument,
    reopen_documents_step_if_owed,
    required_documents,
)
from ..documents.checks import check_upload
from ..documents.storage import save_document
from ..models import (
    Document,
    Household,
    Notification,
    ProgramApplication,
    QualifyingEnrollment,
)
from ..notifications import Event, notify
from ..notifications.outbox import channels_for
from ..state_machine import TransitionError
from .forms import CorrectMemberForm, CorrectQualifyingProgramsForm, ReplaceDocumentForm

SALT = "applications.casework.corrections"
# How long a review may wait for its Confirm.
REVIEW_MAX_AGE_SECONDS = 60 * 60
ACTIVE_APPLICATIONS = (
    ProgramApplication.Status.APPLIED,
    ProgramApplication.Status.ENROLLED,
)
STALE = _(
    "The household changed since you reviewed this correction (the applicant or "
    "someone else changed it, or it was already saved). Nothing was saved: look at "
    "the household and make the correction again if it is still needed."
)
RECEIVED_PHRASES = {
    ReplaceDocumentForm.Received.IN_PERSON: _("given to us in person"),
    ReplaceDocumentForm.Received.BY_MAIL: _("sent to us by mail"),
}


def _text(value):
    """A value as the active language writes it."""
    if value is None or value == []:
        return str(_("none"))
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(item) for item in value)
    return str(getattr(value, "display_name", value))


def _stored(value):
    """A value as the history keeps it (JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_stored(item) for item in value]
    return str(value)


@dataclass(frozen=True)
class Change:
    """One answer before and after, phrased when read (in the reader's language)."""

    key: str  # what changed, for the history's data: `date_of_birth`, `file`, ...
    label: object
    before: object
    after: object
    note: object = ""

    @property
    def before_text(self):
        return _text(self.before)

    @property
    def after_text(self):
        return _text(self.after)

    def line(self):
        """For the history: `Date of birth, Ana López: 1 May 1990 → 1 May 1985`."""
        line = f"{self.label}: {self.before_text} → {self.after_text}"
        return f"{line} ({self.note})" if self.note else line

    def sentence(self):
        """For the applicant, in plain words."""
        sentence = format_lazy(
            _("{what}: from “{before}” to “{after}”"),
            what=self.label,
            before=self.before_text,
            after=self.after_text,
        )
        return f"{sentence} ({self.note})." if self.note else f"{sentence}."


# What the rule and the checklist say, before and after ---------------------------


@dataclass(frozen=True)
class Standing:
    """What the eligibility rule and the documents checklist say of a household."""

    results: dict  # program pk: Eligibility, in the catalogue's order
    missing: dict  # checklist key: label of a document owed and missing
    applications: dict  # program pk: an application applied for or enrolled

    @classmethod
    def of(cls, household_id):
        household = (
            Household.objects.with_answers()
            .prefetch_related(
                Prefetch(
                    "program_applications",
                    queryset=ProgramApplication.objects.filter(
                        status__in=ACTIVE_APPLICATIONS
                    ).select_related("program"),
                )
            )
            .get(pk=household_id)
        )
        results = check_programs(HouseholdFacts.for_household(household))
        return cls(
            results={result.program.pk: result for result in results},
            missing={
                item.key: item.label
                for item in required_documents(household)
                if not item.documents
            },
            applications={
                application.program_id: application
                for application in household.program_applications.all()
            },
        )


@dataclass(frozen=True)
class ProgramEffect:
    program: object
    before: object  # Eligibility
    after: object  # Eligibility, or None when the program is gone
    application: object = None

    @property
    def changed(self):
        return self.after is not None and (
            self.before.is_eligible != self.after.is_eligible
        )

    @property
    def no_longer_qualifies(self):
        """An application in progress whose household qualified and now does not."""
        return bool(self.application and self.changed and not self.after.is_eligible)


@dataclass(frozen=True)
class Effects:
    """What a change does beyond the answer: each program's eligibility, the
    applications it affects (shown and logged; their status is not changed) and the
    documents it makes the household owe."""

    programs: list
    newly_missing: list
    no_longer_missing: list

    @classmethod
    def between(cls, before, after):
        programs = [
            ProgramEffect(
                result.program,
                result,
                after.results.get(pk),
                before.applications.get(pk),
            )
            for pk, result in before.results.items()
        ]
        return cls(
            programs=programs,
            newly_missing=[
                label
                for key, label in after.missing.items()
                if key not in before.missing
            ],
            no_longer_missing=[
                label
                for key, label in before.missing.items()
                if key not in after.missing
            ],
        )

    @property
    def changed(self):
        return [effect for effect in self.programs if effect.changed]

    @property
    def no_longer_qualifying(self):
        return [effect for effect in self.programs if effect.no_longer_qualifies]

    def lines(self):
        """For the history, in the staff's words."""
        yes, no = _("eligible"), _("not eligible")
        lines = [
            f"{effect.program.title}: {yes if effect.before.is_eligible else no}"
            f" → {yes if effect.after.is_eligible else no}"
            for effect in self.changed
        ]
        lines += [
            str(
                format_lazy(
                    _(
                        "{program} ({status}) no longer qualifies; its status is "
                        "unchanged"
                    ),
                    program=effect.program.title,
                    status=effect.application.get_status_display(),
                )
            )
            for effect in self.no_longer_qualifying
        ]
        lines += [
            str(format_lazy(_("now owes {document}"), document=label))
            for label in self.newly_missing
        ]
        return lines

    def sentences(self, language):
        """For the applicant: the programs they now qualify for, or no longer."""
        sentences = []
        for effect in self.changed:
            title = effect.program.title_in(language)
            if effect.after.is_eligible:
                sentences.append(
                    format_lazy(_("You may now qualify for {program}."), program=title)
                )
            else:
                sentences.append(
                    format_lazy(
                        _("You no longer qualify for {program}: {why}"),
                        program=title,
                        why=effect.after.summary,
                    )
                )
        return sentences


# The three corrections -------------------------------------------------------------


class Correction:
    """One kind of correction: its form, what it changes and how it is logged."""

    slug = ""
    title = ""
    audit_action = None
    form_class = None

    def __init__(self, household, target=None):
        self.household = household
        self.target = target or ""

    def form(self, data=None, files=None, *, confirming=False):
        kwargs = {} if data is not None else {"initial": self.initial()}
        return self.form_class(data, files, **kwargs)

    def initial(self):
        return {}

    def stage(self, form, user):
        """What must exist before the review (the new file): extra signed values."""
        return {}

    def discard(self, extra, user):
        """The review was cancelled: drop what `stage` made."""

    def write(self, household, cleaned, extra, user):
        """Make the change (the household locked); returns the list of `Change`."""
        raise NotImplementedError

    def log_data(self, cleaned, extra):
        return {}


class MemberCorrection(Correction):
    slug = "member"
    title = _("Correct a household member")
    audit_action = audit.CORRECT_MEMBER
    form_class = CorrectMemberForm
    FIELDS = [
        ("first_name", _("First name")),
        ("last_name", _("Last name")),
        ("date_of_birth", _("Date of birth")),
    ]

    def __init__(self, household, target=None):
        super().__init__(household, target)
        self.member = next(
            (m for m in household.members.all() if str(m.pk) == self.target), None
        )
        if self.member is None:
            raise Http404

    @property
    def subject(self):
        return str(self.member)

    def initial(self):
        return {name: getattr(self.member, name) for name, _label in self.FIELDS}

    def write(self, household, cleaned, extra, user):
        member = household.members.filter(pk=self.member.pk).first()
        if member is None:
            raise TransitionError(_("That person is no longer in the household."))
        name = str(member)
        changes, changed = [], []
        for field_name, label in self.FIELDS:
            before, after = getattr(member, field_name), cleaned[field_name]
            if before != after:
                changes.append(
                    Change(
                        field_name, format_lazy("{}, {}", label, name), before, after
                    )
                )
                changed.append(field_name)
                setattr(member, field_name, after)
        if not changed:
            return []
        member.save(update_fields=changed)
        names = {"first_name", "last_name"} & set(changed)
        if member.is_applicant and names:
            # The applicant's own name is also their account's: letters, messages
            # and the queue read it there.
            account = household.user
            for field_name in names:
                setattr(account, field_name, getattr(member, field_name))
            account.save(update_fields=sorted(names))
        reopen_documents_step_if_owed(Household.objects.get(pk=household.pk))
        return changes

    def log_data(self, cleaned, extra):
        return {"member_id": self.member.pk}


def document_label(document):
    """The document's line of the checklist (or its kind, outside the checklist)."""
    Kind = Document.Kind
    if (
        document.kind == Kind.INCOME
        or (document.kind == Kind.IDENTITY and document.member_id)
        or (document.kind == Kind.PROOF and document.qualifying_program_id)
    ):
        return RequiredDocument(
            document.kind, document.member, document.qualifying_program
        ).label
    return document.get_kind_display()


class RefusedFile(Exception):
    """The new file failed the upload's checks; `message` is what the applicant's
    upload says of it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class DocumentReplacement(Correction):
    slug = "document"
    title = _("Replace a document")
    audit_action = audit.REPLACE_DOCUMENT
    form_class = ReplaceDocumentForm

    def __init__(self, household, target=None):
        super().__init__(household, target)
        self.document = next(
            (d for d in household.documents.all() if str(d.public_id) == self.target),
            None,
        )
        if self.document is None:
            raise Http404

    @property
    def subject(self):
        return f"{self.document.original_name} ({document_label(self.document)})"

    def form(self, data=None, files=None, *, confirming=False):
        return self.form_class(data, files, confirming=confirming)

    def stage(self, form, user):
        """Check the file as an applicant's upload is checked (the same messages)
        and store it, not yet in force, so the review shows it and confirming puts
        it in the old one's place."""
        old = self.document
        if not old.is_current:
            raise TransitionError(
                _("That document was already replaced: replace the one in force.")
            )
        [uploaded] = form.cleaned_data["files"]
        try:
            checked = check_upload(uploaded)
        except ValidationError as error:
            raise RefusedFile(error.messages[0]) from None
        new = save_document(
            self.household,
            checked,
            kind=old.kind,
            member=old.member,
            qualifying_program=old.qualifying_program,
            information_request=old.information_request,
            uploaded_by=user,
            is_current=False,
            staged_at=timezone.now(),
        )
        return {"document": str(new.public_id)}

    def _staged(self, household, extra, user):
        return household.documents.filter(
            public_id=extra.get("document"),
            is_current=False,
            staged_at__isnull=False,
            uploaded_by=user,
        ).first()

    def staged_document(self, extra, user):
        return self._staged(self.household, extra, user)

    def discard(self, extra, user):
        staged = self._staged(self.household, extra, user)
        if staged is not None:
            staged.delete()  # its file goes with it (documents' post_delete)

    def write(self, household, cleaned, extra, user):
        old = household.documents.filter(pk=self.document.pk, is_current=True).first()
        new = self._staged(household, extra, user)
        if old is None or new is None:
            raise TransitionError(STALE)
        old.is_current = False
        new.is_current = True
        new.staged_at = None
        old.save(update_fields=["is_current"])
        new.save(update_fields=["is_current", "staged_at"])
        received = ReplaceDocumentForm.Received(cleaned["received"])
        return [
            Change(
                "file",
                document_label(old),
                old.original_name,
                new.original_name,
                note=RECEIVED_PHRASES[received],
            )
        ]

    def log_data(self, cleaned, extra):
        return {
            "document_id": str(self.document.public_id),
            "new_document_id": extra["document"],
            "kind": self.document.kind,
            "received": cleaned["received"],
        }


class QualifyingProgramsCorrection(Correction):
    slug = "qualifying-programs"
    title = _("Correct the qualifying programs")
    audit_action = audit.CORRECT_QUALIFYING_PROGRAMS
    form_class = CorrectQualifyingProgramsForm

    @property
    def subject(self):
        return ""

    def form(self, data=None, files=None, *, confirming=False):
        kwargs = {} if data is not None else {"initial": self.initial()}
        return self.form_class(data, household=self.household, **kwargs)

    def initial(self):
        return {
            "programs": [q.pk for q in self.household.qualifying_programs],
            "none": self.household.has_no_qualifying_program,
        }

    def write(self, household, cleaned, extra, user):
        enrollments = household.qualifying_enrollments.select_related(
            "qualifying_program"
        )
        before = sorted(
            (e.qualifying_program for e in enrollments), key=lambda q: q.name
        )
        after = sorted(cleaned["programs"], key=lambda q: q.name)
        if before == after and household.has_no_qualifying_program == cleaned["none"]:
            return []
        dropped = [q for q in before if q not in after]
        # A dropped program's proofs are kept, no longer in force (the wizard
        # deletes them; here they are evidence the history refers to).
        household.documents.filter(
            kind=Document.Kind.PROOF, qualifying_program__in=dropped
        ).update(is_current=False)
        enrollments.filter(qualifying_program__in=dropped).delete()
        for program in after:
            QualifyingEnrollment.objects.get_or_create(
                household=household, qualifying_program=program
            )
        household.has_no_qualifying_program = cleaned["none"]
        household.save(update_fields=["has_no_qualifying_program", "updated_at"])
        reopen_documents_step_if_owed(Household.objects.get(pk=household.pk))
        return [Change("qualifying_programs", _("Qualifying programs"), before, after)]


CORRECTIONS = {
    kind.slug: kind
    for kind in [MemberCorrection, DocumentReplacement, QualifyingProgramsCorrection]
}


# The two steps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A reviewed correction, as the review page carries it (signed): the form's
    values, what the household looked like, and what was staged for it."""

    kind: str
    household: int
    target: str
    version: str  # the household's updated_at when it was reviewed
    data: dict  # the form's values, as posted
    extra: dict = field(default_factory=dict)

    def sign(self):
        return signing.dumps(asdict(self), salt=SALT, compress=True)

    @classmethod
    def read(cls, token, correction, max_age=REVIEW_MAX_AGE_SECONDS):
        """The proposal in a review page's token, if it is intact, recent (unless
        `max_age` is None: dropping what a review staged) and for this correction
        of this household."""
        try:
            values = signing.loads(token, salt=SALT, max_age=max_age)
            proposal = cls(**values)
        except signing.SignatureExpired:
            raise TransitionError(
                _("This review is more than an hour old. Make the correction again.")
            ) from None
        except (signing.BadSignature, TypeError):
            raise TransitionError(
                _("This review could not be read. Make the correction again.")
            ) from None
        if (proposal.kind, proposal.household, proposal.target) != (
            correction.slug,
            correction.household.pk,
            correction.target,
        ):
            raise TransitionError(
                _("This review could not be read. Make the correction again.")
            )
        return proposal


@dataclass
class Review:
    """What the review page shows: each change and what it does."""

    changes: list
    effects: Effects
    proposal: Proposal
    reason: str


def _posted_values(form):
    """The bound form's values by field name (lists, as posted), files aside."""
    return {
        name: form.data.getlist(form.add_prefix(name))
        for name in form.fields
        if name != "files"
    }


def _confirming_form(correction, proposal):
    """The proposal's values through the same form (and its rules) again."""
    form = correction.form(MultiValueDict(proposal.data), confirming=True)
    if not form.is_valid():
        raise TransitionError(
            [message for errors in form.errors.values() for message in errors]
        )
    return form.cleaned_data


def _problem(household):
    problem = state_machine.correction_problem(household)
    if problem:
        raise TransitionError(problem)


def rehearse(correction, form, user):
    """The review of a valid edit form: the change written and rolled back, with
    what the rule says before and after. Raises ValidationError for a refused file
    and TransitionError when the household cannot be corrected or nothing changes."""
    household = correction.household
    _problem(household)
    version = (
        Household.objects.filter(pk=household.pk)
        .values_list("updated_at", flat=True)
        .get()
    )
    extra = correction.stage(form, user)
    proposal = Proposal(
        correction.slug,
        household.pk,
        correction.target,
        version.isoformat(),
        _posted_values(form),
        extra,
    )
    try:
        with transaction.atomic():
            before = Standing.of(household.pk)
            rehearsed = Household.objects.select_related("user").get(pk=household.pk)
            changes = correction.write(rehearsed, form.cleaned_data, extra, user)
            after = Standing.of(household.pk)
            transaction.set_rollback(True)
        if not changes:
            raise TransitionError(
                _(
                    "That is what the household has already: there is nothing to correct."
                )
            )
    except TransitionError:
        correction.discard(extra, user)
        raise
    return Review(
        changes, Effects.between(before, after), proposal, form.cleaned_data["reason"]
    )


def apply(correction, token, user):
    """Confirm a reviewed correction: validated again, applied once, logged and
    told to the applicant. Returns the `Review` of what was done."""
    proposal = Proposal.read(token, correction)
    with transaction.atomic():
        household = (
            Household.objects.select_for_update()
            .select_related("user")
            .get(pk=proposal.household)
        )
        _problem(household)
        if household.updated_at.isoformat() != proposal.version:
            raise TransitionError(STALE)
        cleaned = _confirming_form(correction, proposal)
        before = Standing.of(household.pk)
        changes = correction.write(household, cleaned, proposal.extra, user)
        if not changes:
            raise TransitionError(STALE)
        after = Standing.of(household.pk)
        effects = Effects.between(before, after)
        # The household's version moves on: the same confirm sent again is stale.
        household.save(update_fields=["updated_at"])
        reason = cleaned["reason"]
        entry = audit.record(
            household,
            correction.audit_action,
            user=user,
            reason=reason,
            changes=[change.line() for change in changes],
            before={change.key: _stored(change.before) for change in changes},
            after={change.key: _stored(change.after) for change in changes},
            effects=effects.lines(),
            eligibility=[
                {
                    "program": effect.program.title,
                    "before": effect.before.is_eligible,
                    "after": effect.after.is_eligible,
                }
                for effect in effects.changed
            ],
            **correction.log_data(cleaned, proposal.extra),
        )
        notify(
            household,
            Event.CORRECTED,
            key=entry.pk,
            reason=reason,
            changes=_applicant_lines(household.user, changes, effects),
        )
    return Review(changes, effects, proposal, reason)


def _applicant_lines(user, changes, effects):
    """What changed, in plain words in the applicant's language (a message is
    written when the change is made and read in that language)."""
    language = user.preferred_language
    with translation.override(language):
        return [str(change.sentence()) for change in changes] + [
            str(sentence) for sentence in effects.sentences(language)
        ]


def told_by(household):
    """How the applicant will be told of a correction: the channels, in words."""
    return [
        Notification.Channel(channel).label
        for channel, _recipient in channels_for(household.user, Event.CORRECTED)
    ]


def discard_staged(correction, token, user):
    """What a review staged for a correction that will not be confirmed (cancelled,
    refused, or found stale), however old the review."""
    try:
        proposal = Proposal.read(token, correction, max_age=None)
    except TransitionError:
        return
    correction.discard(proposal.extra, user)


def drop_abandoned_replacements(now=None):
    """Replacements staged for a review nobody confirmed or cancelled (the tab was
    closed): gone once the review can no longer be confirmed. A periodic job."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=REVIEW_MAX_AGE_SECONDS)
    abandoned = Document.objects.filter(staged_at__lt=cutoff, is_current=False)
    count = 0
    for document in abandoned:
        document.delete()  # its file goes with it (documents' post_delete)
        count += 1
    return count
