"""A household's case file as a PDF: what staff see on its page (answers, members,
addresses, eligibility with reasons, decision, applications, history, the list of
documents), for a file, a hearing or a resident who asks for a copy.

Rendered from an HTML template by `portal.pdf`, which fetches nothing.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from portal.pdf import render_pdf
from programs.eligibility import HouseholdFacts, check_programs

from ..models import Household, ProgramApplication, StatusChange

# Status codes as staff read them (a household's and an application's).
STATUS_LABELS = {
    **dict(Household.ReviewStatus.choices),
    **dict(ProgramApplication.Status.choices),
}


def case_file_context(household, history):
    facts = HouseholdFacts.for_household(household)
    return {
        "household": household,
        "members": household.members.all(),
        "qualifying": household.qualifying_enrollments.all(),
        "results": check_programs(facts),
        "income_level": facts.income_level,
        "applications": household.program_applications.select_related("program"),
        # A replacement still waiting on a review page was never part of the file.
        "documents": household.documents.filter(staged_at__isnull=True)
        .select_related("member", "qualifying_program")
        .order_by("uploaded_at", "pk"),
        "changes": [
            (
                change,
                STATUS_LABELS.get(change.from_status, change.from_status),
                STATUS_LABELS.get(change.to_status, change.to_status),
            )
            for change in StatusChange.objects.filter(household=household)
            .select_related("program", "changed_by")
            .order_by("changed_at", "pk")
        ],
        "history": history,
        "printed_at": timezone.now(),
    }


def case_file_pdf(household, history):
    """The PDF's bytes (`history`: the household's log entries, oldest first)."""
    html = render_to_string(
        "applications/admin/case_file.html", case_file_context(household, history)
    )
    return render_pdf(html)
