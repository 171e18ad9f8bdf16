"""The documents a household owes: an ID per adult, a proof per qualifying program,
and proof of income when it declared an income for a program that goes by income.

The wizard's documents step, the review step, the verification guard and the
caseworker's household page all read this one checklist.
"""

from django.utils.translation import gettext_lazy as _

from ..models import Document


class RequiredDocument:
    """One line of the documents checklist."""

    def __init__(self, kind, member=None, qualifying_program=None):
        self.kind = kind
        self.member = member
        self.qualifying_program = qualifying_program
        self.documents = []

    @property
    def label(self):
        if self.member is not None:
            return _("Photo ID for %(name)s") % {"name": self.member}
        if self.kind == Document.Kind.INCOME:
            return _("Proof of income")
        return _("Proof of %(program)s") % {
            "program": self.qualifying_program.display_name
        }

    @property
    def key(self):
        if self.member is not None:
            return f"identity-{self.member.pk}"
        if self.kind == Document.Kind.INCOME:
            return "income"
        return f"proof-{self.qualifying_program.pk}"

    def matches(self, document):
        if self.kind == Document.Kind.INCOME:
            return document.kind == Document.Kind.INCOME
        if self.member is not None:
            return (
                document.kind == Document.Kind.IDENTITY
                and document.member_id == self.member.pk
            )
        return (
            document.kind == Document.Kind.PROOF
            and document.qualifying_program_id == self.qualifying_program.pk
        )


def required_documents(household):
    """Each document the household owes, with the current files uploaded for it."""
    items = [
        RequiredDocument(Document.Kind.IDENTITY, member=member)
        for member in household.members.all()
        if member.is_adult
    ]
    items += [
        RequiredDocument(Document.Kind.PROOF, qualifying_program=program)
        for program in household.qualifying_programs
    ]
    if owes_income_proof(household):
        items.append(RequiredDocument(Document.Kind.INCOME))
    documents = household.current_documents
    for item in items:
        item.documents = [d for d in documents if item.matches(d)]
    return items


def owes_income_proof(household):
    """Income declared (the wizard asks only when a program goes by income): staff
    check the figure against pay stubs, a tax return or a benefit letter."""
    return household.annual_income is not None


def missing_documents(household):
    return [item for item in required_documents(household) if not item.documents]


def reopen_documents_step_if_owed(household):
    """A new adult or a newly ticked program reopens the wizard's documents step."""
    if missing_documents(household):
        household.mark_step_incomplete("documents")
