"""The caseworker workbench's place in the Wagtail admin: its listings, its action
URLs, the audit log's actions and the overview on the admin home."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import audit
from .announcements import views as announcements
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
from .feedback.admin import FeedbackViewSet
from .reports import views as reports
from .rule_changes import views as rule_changes

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
            "households/<int:pk>/correct/<slug:kind>/",
            views.CorrectionView.as_view(),
            name="applications_household_correction",
        ),
        path(
            "households/<int:pk>/correct/<slug:kind>/<str:target>/",
            views.CorrectionView.as_view(),
            name="applications_household_correction",
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
            "rule-changes/<int:pk>/",
            rule_changes.RuleChangeView.as_view(),
            name="applications_rule_change",
        ),
        path(
            "rule-changes/<int:pk>/progress/",
            rule_changes.RuleChangeProgressView.as_view(),
            name="applications_rule_change_progress",
        ),
        path(
            "rule-changes/<int:pk>/households/",
            rule_changes.RuleChangeHouseholdsView.as_view(),
            name="applications_rule_change_households",
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


@hooks.register("register_admin_urls")
def register_announcement_urls():
    return [
        path(
            "announcements/",
            announcements.AnnouncementIndexView.as_view(),
            name="applications_announcements",
        ),
        path(
            "announcements/new/",
            announcements.AnnouncementCreateView.as_view(),
            name="applications_announcement_create",
        ),
        path(
            "announcements/<int:pk>/",
            announcements.AnnouncementView.as_view(),
            name="applications_announcement",
        ),
        path(
            "announcements/<int:pk>/edit/",
            announcements.AnnouncementEditView.as_view(),
            name="applications_announcement_edit",
        ),
        path(
            "announcements/<int:pk>/email-<str:language>.html",
            announcements.AnnouncementEmailView.as_view(),
            name="applications_announcement_email",
        ),
        path(
            "announcements/<int:pk>/send/",
            announcements.SendAnnouncementView.as_view(),
            name="applications_announcement_send",
        ),
    ]


class AnnouncementsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("applications.view_announcement")


@hooks.register("register_admin_menu_item")
def register_announcements_menu_item():
    return AnnouncementsMenuItem(
        _("Announcements"),
        reverse("applications_announcements"),
        name="announcements",
        icon_name="mail",
        order=215,
    )


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet("feedback", url_prefix="feedback")


@hooks.register("construct_homepage_panels")
def add_staff_overview(request, panels):
    user = request.user
    if user.has_perm("applications.view_household") or user.has_perm(
        "applications.view_programapplication"
    ):
        panels.append(StaffOverviewPanel(user))
