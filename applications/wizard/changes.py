"""What changed between two submitted snapshots (`services.snapshot`), field by field,
for the caseworker's household page and the history."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from programs.income_limits import describe_income

from ..models import Document, Household

NOTHING = "—"


@dataclass(frozen=True)
class Change:
    section: str
    field: str
    before: str
    after: str


APPLICANT_FIELDS = [
    ("first_name", _("First name")),
    ("last_name", _("Last name")),
    ("email", _("Email")),
    ("phone_number", _("Phone")),
    ("contact_by_email", _("Contact by email")),
    ("contact_by_sms", _("Contact by text message")),
    ("preferred_language", _("Language")),
]


def _text(value):
    if value in (None, "", []):
        return NOTHING
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if item) or NOTHING
    return str(value)


def _choice(choices, value):
    return str(dict(choices.choices).get(value, value)) if value else NOTHING


def _member(member):
    label = f"{member['first_name']} {member['last_name']} ({member['date_of_birth']})"
    return f"{label}, {_('applicant')}" if member.get("is_applicant") else label


def _document(document):
    kind = _choice(Document.Kind, document.get("kind"))
    return f"{document.get('name') or NOTHING} ({kind})"


def _income(income):
    if not income or income.get("amount") is None:
        return NOTHING
    return str(
        describe_income(income["amount"], income.get("frequency"), income.get("annual"))
    )


def _added_and_removed(section, field, before, after):
    """One change per item that is only in one of the two lists."""
    changes = [
        Change(section, field, item, NOTHING) for item in before if item not in after
    ]
    changes += [
        Change(section, field, NOTHING, item) for item in after if item not in before
    ]
    return changes


def compare(before, after):
    """Every difference from `before` to `after` (two submissions' answers), in the
    order of the household page: applicant, addresses, members, qualifying
    programs, documents."""
    changes = []
    applicant = str(_("Applicant"))
    for key, label in APPLICANT_FIELDS:
        old = before.get("applicant", {}).get(key)
        new = after.get("applicant", {}).get(key)
        if old != new:
            changes.append(Change(applicant, str(label), _text(old), _text(new)))
    address = str(_("Address"))
    for key, label in [
        ("eligibility_address", _("Home address")),
        ("mailing_address", _("Mailing address")),
        ("service_areas", _("Service areas")),
    ]:
        old, new = _text(before.get(key)), _text(after.get(key))
        if old != new:
            changes.append(Change(address, str(label), old, new))
    for key, label, choices in [
        ("housing", _("Housing"), Household.Housing),
        ("time_at_address", _("Time at address"), Household.TimeAtAddress),
    ]:
        old, new = before.get(key), after.get(key)
        if old != new:
            changes.append(
                Change(
                    address, str(label), _choice(choices, old), _choice(choices, new)
                )
            )
    changes += _added_and_removed(
        str(_("Household members")),
        str(_("Member")),
        [_member(m) for m in before.get("members", [])],
        [_member(m) for m in after.get("members", [])],
    )
    old, new = _income(before.get("income")), _income(after.get("income"))
    if old != new:
        changes.append(Change(str(_("Income")), str(_("Household income")), old, new))
    changes += _added_and_removed(
        str(_("Qualifying programs")),
        str(_("Program")),
        before.get("qualifying_programs", []),
        after.get("qualifying_programs", []),
    )
    old_documents = {d["id"]: d for d in before.get("documents", [])}
    new_documents = {d["id"]: d for d in after.get("documents", [])}
    # By file, not by name: a new upload named like the old one is still a change.
    documents, document = str(_("Documents")), str(_("Document"))
    changes += [
        Change(documents, document, _document(d), NOTHING)
        for key, d in old_documents.items()
        if key not in new_documents
    ]
    changes += [
        Change(documents, document, NOTHING, _document(d))
        for key, d in new_documents.items()
        if key not in old_documents
    ]
    return changes


def latest_changes(household):
    """(newer, older, changes) for the household's last two submissions, or None."""
    newer, older = (list(household.submissions.all()[:2]) + [None, None])[:2]
    if newer is None or older is None:
        return None
    return newer, older, compare(older.answers, newer.answers)
