"""A household's case file as a PDF: what staff see on its page (answers, members,
addresses, eligibility with reasons, decision, applications, history, the list of
documents), for a file, a hearing or a resident who asks for a copy.

Rendered by WeasyPrint from an HTML template. The renderer fetches nothing: every
URL in the HTML (an image, a stylesheet) is refused, so an applicant's answers can
never make the server request anything.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from PIL import ImageFile

from programs.eligibility import HouseholdFacts, check_programs

from ..models import Household, ProgramApplication, StatusChange

# Importing WeasyPrint turns on Pillow's loading of truncated images, for every
# caller in the process; uploads must keep refusing them (documents.checks), and the
# case file loads no image, so the setting is put back at once.
_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
from weasyprint import HTML, URLFetcher  # noqa: E402

ImageFile.LOAD_TRUNCATED_IMAGES = _truncated

# Status codes as staff read them (a household's and an application's).
STATUS_LABELS = {
    **dict(Household.ReviewStatus.choices),
    **dict(ProgramApplication.Status.choices),
}


class RefuseEveryUrl(URLFetcher):
    """WeasyPrint's fetcher, refusing every URL (an image or stylesheet is left out,
    and the PDF is still made)."""

    def fetch(self, url, headers=None):
        raise ValueError("The case file loads nothing from outside.")


def case_file_context(household, history):
    facts = HouseholdFacts.for_household(household)
    return {
        "household": household,
        "members": household.members.all(),
        "qualifying": household.qualifying_enrollments.all(),
        "results": check_programs(facts),
        "income_level": facts.income_level,
        "applications": household.program_applications.select_related("program"),
        "documents": household.documents.select_related(
            "member", "qualifying_program"
        ).order_by("uploaded_at", "pk"),
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
    return HTML(string=html, url_fetcher=RefuseEveryUrl()).write_pdf()
