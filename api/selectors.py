"""The rows a partner reads, each in one query however many there are."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from applications.models import HouseholdMember, ProgramApplication


def enrollments(program):
    """The program's applications from verified households, as its coordinators see
    them (withdrawn ones left out), with the household, its account and its size.

    `changed_at` is the later of the application's and the household's last change,
    so a partner syncing by `updated_since` sees a new address as well as a decision.
    """
    household_size = (
        HouseholdMember.objects.filter(household=OuterRef("household_id"))
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        ProgramApplication.objects.of_verified_households()
        .filter(program=program)
        .select_related("household__user", "program")
        .annotate(
            changed_at=Greatest("updated_at", "household__updated_at"),
            household_size=Coalesce(Subquery(household_size), 0),
        )
    )
