"""The admin home's overview: the verification queue and enrollments awaiting
coordinators."""

from django.db.models import Count, Min, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..models import Household, ProgramApplication


class StaffOverviewPanel(Component):
    """Admin home: the verification queue and enrollments awaiting coordinators."""

    name = "staff_overview"
    order = 50
    template_name = "applications/admin/overview_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = {"now": timezone.now()}
        if self.user.has_perm("applications.view_household"):
            queue = Household.objects.submitted().aggregate(
                waiting=Count(
                    "pk", filter=Q(review_status=Household.ReviewStatus.SUBMITTED)
                ),
                oldest=Min(
                    "submitted_at",
                    filter=Q(review_status=Household.ReviewStatus.SUBMITTED),
                ),
                awaiting_applicant=Count(
                    "pk", filter=Q(review_status=Household.ReviewStatus.INFO_REQUESTED)
                ),
            )
            context["queue"] = queue
            if queue["oldest"]:
                context["oldest_days"] = (timezone.now() - queue["oldest"]).days
        if self.user.has_perm("applications.view_programapplication"):
            context["awaiting_enrollment"] = (
                ProgramApplication.objects.for_coordinator(self.user)
                .filter(status=ProgramApplication.Status.APPLIED)
                .values("program__title")
                .annotate(count=Count("pk"))
                .order_by("program__title")
            )
        return context
