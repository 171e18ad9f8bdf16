"""The caseworker workbench's place in the Wagtail admin: its listings, its action
URLs, the audit log's actions and the overview on the admin home."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import audit
from .assistance.organizations import PartnerOrganizationViewSet
from .casework import views
from .casework.admin import (
    HouseholdAdmin,
    PlacementChangeAdmin,
    ProgramApplicationAdmin,
    ProgramCoordinatorAdmin,
    PurgeAdmin,
)
from .casework.panels import StaffOverviewPanel
from .reports import views as reports

modeladmin_register(HouseholdAdmin)
modeladmin_register(ProgramApplicationAdmin)
modeladmin_register(ProgramCoordinatorAdmin)
modeladmin_register(PlacementChangeAdmin)
modeladmin_register(PurgeAdmin)
register_snippet(PartnerOrganizationViewSet)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    for action in audit.ACTIONS:
        actions.register_action(action.name, action.label, action.message)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path(
            "households/<int:pk>/history/",
            views.HouseholdHistoryView.as_view(),
            name="applications_household_history",
        ),
        path(
            "households/<int:pk>/case-file.pdf",
            views.CaseFileView.as_view(),
            name="applications_case_file",
        ),
        path(
            "households/<int:pk>/<slug:action>/",
            views.HouseholdActionView.as_view(),
            name="applications_household_action",
        ),
        path(
            "submissions/<int:pk>/",
            views.SubmissionView.as_view(),
            name="applications_submission",
        ),
        path(
            "notifications/<int:pk>/resend/",
            views.ResendNotificationView.as_view(),
            name="applications_resend_notification",
        ),
        path(
            "enrollments/bulk/",
            views.BulkEnrollmentView.as_view(),
            name="applications_bulk_enrollment",
        ),
        path(
            "program-reports/",
            reports.ReportsView.as_view(),
            name="applications_reports",
        ),
        path(
            "program-reports/<slug:slug>.csv",
            reports.ReportCsvView.as_view(),
            name="applications_report_csv",
        ),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(reports.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_program_reports_menu_item():
    return ReportsMenuItem(
        _("Program reports"),
        reverse("applications_reports"),
        name="program-reports",
        icon_name="table",
        order=10,
    )


@hooks.register("construct_homepage_panels")
def add_staff_overview(request, panels):
    user = request.user
    if user.has_perm("applications.view_household") or user.has_perm(
        "applications.view_programapplication"
    ):
        panels.append(StaffOverviewPanel(user))
