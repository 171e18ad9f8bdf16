"""The caseworkers' listings (wagtail-modeladmin): the verification queue and its
household page, the coordinators' enrollments with their export, and the
coordinators' program scopes. Registered in `applications.wagtail_hooks`."""

import csv
import tempfile
from datetime import datetime

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote, unquote
from django.db.models import CharField, Prefetch
from django.db.models.functions import Cast
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import Echo
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView

from programs.eligibility import HouseholdFacts, check_programs, income_decisions

from .. import state_machine
from ..documents.checklist import required_documents
from ..documents.previews import preview_pages
from ..models import (
    CaseNote,
    Document,
    Household,
    Notification,
    PlacementChange,
    ProgramApplication,
    ProgramCoordinator,
    Purge,
)
from ..models.households import mailing_address_text
from ..placement import placement_drawing
from ..wizard.changes import latest_changes
from ..wizard.steps import STEPS
from .actions import HOUSEHOLD_ACTIONS, status_actions
from .pagination import CountedOnce, FromEitherEndPaginator
from .search import ApplicationSearchHandler, TermSearchHandler
from .spreadsheets import Workbook, neutralize_formula


def column(label):
    """Name a ModelAdmin list column (short_description, as modeladmin reads it)."""

    def decorate(method):
        method.short_description = label
        return method

    return decorate


class ReadOnlyPermissionHelper(PermissionHelper):
    """Staff look and act through the review actions; nobody edits rows directly."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class QueueFilter(SimpleListFilter):
    """The verification queue's views; "new and waiting" is the default."""

    title = _("queue")
    parameter_name = "queue"
    default = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("New and waiting for verification")),
            ("awaiting_applicant", _("Awaiting applicant response")),
            ("changed", _("Changed after review")),
            ("editing", _("Being changed by the applicant")),
            ("verified", _("Verified")),
            ("denied", _("Denied")),
            ("address", _("Address needs review")),
            ("renewal", _("Renewal submissions")),
            ("all", _("All households")),
        ]

    @staticmethod
    def searching(request):
        return bool(request.GET.get("q", "").strip())

    def queryset(self, request, queryset):
        # A search looks through every household the user may see, whatever the view;
        # the list says which view each one is in.
        if self.searching(request):
            return queryset
        status = Household.ReviewStatus
        return {
            "waiting": queryset.filter(review_status=status.SUBMITTED),
            "awaiting_applicant": queryset.filter(review_status=status.INFO_REQUESTED),
            "changed": queryset.filter(answers_changed_at__isnull=False).exclude(
                review_status=status.DRAFT
            ),
            "editing": queryset.filter(review_status=status.DRAFT),
            "verified": queryset.filter(review_status=status.VERIFIED),
            "denied": queryset.filter(review_status=status.DENIED),
            "address": queryset.filter(address_needs_review=True),
            "renewal": queryset.filter(is_renewal=True),
            "all": queryset,
        }.get(
            self.value() or self.default,
            queryset.filter(review_status=status.SUBMITTED),
        )

    def choices(self, changelist):
        current = self.value() or self.default
        if self.searching(changelist.request):
            current = "all"
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }


class AssistedFilter(SimpleListFilter):
    """Applications made with an assister (or staff at a desk), or alone."""

    title = _("applied")
    parameter_name = "assisted"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("With an assister")),
            ("no", _("On their own")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(client_since__isnull=False)
        if self.value() == "no":
            return queryset.filter(client_since__isnull=True)
        return queryset


class HouseholdInspectView(InspectView):
    """Everything about one household, its documents inline, and the review actions.

    The household comes with everything the page shows, one query per table
    (`with_answers` and the page's own lists below), so the page costs the same
    for one member and one document as for eight and twenty.
    """

    def __init__(self, model_admin, instance_pk):
        # As InstanceSpecificView.__init__, with the household read once, whole.
        super(InstanceSpecificView, self).__init__(model_admin)
        self.instance_pk = unquote(instance_pk)
        self.pk_quoted = quote(self.instance_pk)
        self.instance = get_object_or_404(
            Household.objects.with_answers().prefetch_related(
                Prefetch(
                    "program_applications",
                    queryset=ProgramApplication.objects.select_related("program"),
                ),
                Prefetch("notes", queryset=CaseNote.objects.select_related("author")),
            ),
            pk=self.instance_pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.instance
        facts = HouseholdFacts.for_household(household)
        required = required_documents(household)
        results = check_programs(facts)
        requested = [
            document
            for document in household.current_documents
            if document.kind == Document.Kind.REQUESTED
        ]
        for document in [d for item in required for d in item.documents] + requested:
            document.preview_pages = preview_pages(document)
        context.update(
            household=household,
            members=household.members.all(),
            required_documents=required,
            requested_documents=requested,
            applications=household.program_applications.all(),
            income_level=facts.income_level,
            results=results,
            income_decisions=income_decisions(results),
            notes=household.notes.all(),
            information_requests=household.information_requests.all(),
            submissions=household.submissions.all(),
            history_url=reverse("applications_household_history", args=[household.pk]),
            status_actions=status_actions(household),
            note_action=HOUSEHOLD_ACTIONS["note"],
            changes=latest_changes(household),
            correction_problem=state_machine.correction_problem(household),
            address_drawing=placement_drawing(household),
            entered_by=[
                (step.title, household.entered_by[step.name])
                for step in STEPS
                if step.name in household.entered_by
            ],
            # Only a client (an assister made it) can be without email.
            letters=household.notifications.filter(channel=Notification.Channel.LETTER)
            if household.is_client
            else [],
        )
        if "verify" in {action.transition for action in context["status_actions"]}:
            context["problems"] = state_machine.verification_problems(household)
        return context


QUEUE_VIEW_OF_STATUS = {
    Household.ReviewStatus.SUBMITTED: "waiting",
    Household.ReviewStatus.INFO_REQUESTED: "awaiting_applicant",
    Household.ReviewStatus.VERIFIED: "verified",
    Household.ReviewStatus.DENIED: "denied",
    Household.ReviewStatus.DRAFT: "editing",
}


def queue_status(household):
    """The queue view the household's status puts it in, by that view's name, so a
    search across views says where each result is (the flags name the others). A
    draft in the queue is one the applicant reopened after submitting."""
    view = QUEUE_VIEW_OF_STATUS[household.review_status]
    if view == "editing" and household.is_renewal:
        return _("Renewal being prepared by the applicant")
    return dict(QueueFilter.lookups(None, None, None))[view]


class StaffListingView(IndexView):
    """A staff listing: its pages read from the nearer end, its counts made once."""

    paginator_class = FromEitherEndPaginator

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.counts = CountedOnce()

    def get_base_queryset(self, request=None):
        return self.counts.once(super().get_base_queryset(request))

    def get_queryset(self, request=None):
        return self.counts.once(super().get_queryset(request))


class HouseholdAdmin(ModelAdmin):
    model = Household
    menu_label = _("Verification queue")
    menu_icon = "group"
    menu_order = 200
    list_display = (
        "applicant_name",
        "submitted_on",
        "days_waiting",
        "status_label",
        "programs_applied",
        "flags",
    )
    list_display_add_buttons = "applicant_name"
    list_filter = (QueueFilter, AssistedFilter)
    ordering = ("submitted_at", "pk")
    list_per_page = 25
    index_view_class = StaffListingView
    inspect_view_enabled = True
    inspect_view_class = HouseholdInspectView
    inspect_template_name = "applications/admin/household_inspect.html"
    permission_helper_class = ReadOnlyPermissionHelper

    # Names, email, phone and address, by the beginning of each word (`search`).
    search_handler_class = TermSearchHandler

    def get_queryset(self, request):
        return (
            Household.objects.for_staff()
            .select_related("user", "assisted_by")
            .prefetch_related("program_applications__program")
        )

    @column(_("Applicant"))
    def applicant_name(self, household):
        return household.user.get_full_name() or household.user.email

    @column(_("Submitted"))
    def submitted_on(self, household):
        return household.submitted_at.date() if household.submitted_at else "—"

    @column(_("Days waiting"))
    def days_waiting(self, household):
        if not household.submitted_at:
            return "—"
        return (timezone.now() - household.submitted_at).days

    @column(_("Status"))
    def status_label(self, household):
        return queue_status(household)

    @column(_("Programs applied to"))
    def programs_applied(self, household):
        return ", ".join(a.program.title for a in household.program_applications.all())

    @column(_("Flags"))
    def flags(self, household):
        flags = []
        if household.address_needs_review:
            flags.append(_("Address needs review"))
        if household.is_renewal:
            flags.append(_("Renewal"))
        if household.answers_changed_at:
            flags.append(_("Changed after review"))
        if household.email_bounced_at:
            flags.append(_("Email bounced"))
        if household.sms_failed_at:
            flags.append(_("Text messages failed"))
        if household.is_client:
            flags.append(_("Assisted by %(who)s") % {"who": household.assisted_by_text})
        return ", ".join(str(flag) for flag in flags)


class CoordinatorPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_inspect_obj(self, user, obj):
        return False


# Exports read rows in chunks and keep none: memory stays flat however many rows.
EXPORT_CHUNK_ROWS = 2000


def export_rows(queryset):
    """The export's rows as plain values: one query read in chunks, no model objects
    (building four per row, phone numbers parsed, was most of an export's time).
    Each value is what the listing's column of the same name shows."""
    statuses = {value: str(label) for value, label in ProgramApplication.Status.choices}
    values = (
        queryset.annotate(phone_text=Cast("household__user__phone_number", CharField()))
        .values_list(
            "household__user__first_name",
            "household__user__last_name",
            "household__user__email",
            "phone_text",
            "program__title",
            "status",
            "applied_at",
            "enrolled_at",
            *(f"household__{field}" for field in Household.ADDRESS_FIELDS),
        )
        .iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    for (
        first,
        last,
        email,
        phone,
        program,
        status,
        applied,
        enrolled,
        *address,
    ) in values:
        address = dict(zip(Household.ADDRESS_FIELDS, address, strict=True))
        yield {
            "applicant_name": f"{first} {last}".strip(),
            "email": email,
            "phone": phone or "",
            "mailing_address": mailing_address_text(address),
            "program_title": program,
            "status_label": statuses[status],
            "applied_at": applied,
            "enrolled_at": enrolled,
        }


class EnrollmentIndexView(StaffListingView):
    """Adds the bulk-decision form around the listing. Exports stream: CSV row by
    row, XLSX a row at a time into a file that spills to disk (`.spreadsheets`),
    both from a chunked iterator (Wagtail's own export keeps every row of the
    queryset in memory); CSV cells cannot carry spreadsheet formulas."""

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for row in export_rows(queryset):
            yield self.write_csv_row(writer, row)

    def write_xlsx(self, queryset, output):
        """Dates as the coordinator's local time; text never read as a formula."""
        workbook = Workbook(output)
        fields = self.list_export
        workbook.write(
            [self.get_heading(queryset, field) for field in fields],
            (
                [
                    timezone.localtime(value) if isinstance(value, datetime) else value
                    for value in (row[field] for field in fields)
                ]
                for row in export_rows(queryset)
            ),
        )
        workbook.close()

    def write_xlsx_response(self, queryset):
        output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
            filename=f"{self.get_filename()}.xlsx",
        )

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralize_formula(value)
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_url"] = "applications_bulk_enrollment"
        return context


class ProgramApplicationAdmin(ModelAdmin):
    model = ProgramApplication
    menu_label = _("Enrollments")
    menu_icon = "tick-inverse"
    menu_order = 210
    list_display = (
        "select",
        "applicant_name",
        "contact",
        "mailing_address",
        "program_title",
        "status_label",
        "applied_at",
        "renewal",
    )
    list_display_add_buttons = "applicant_name"
    list_filter = ("status",)
    search_handler_class = ApplicationSearchHandler
    ordering = ("applied_at", "pk")
    list_per_page = 50
    list_export = (
        "applicant_name",
        "email",
        "phone",
        "mailing_address",
        "program_title",
        "status_label",
        "applied_at",
        "enrolled_at",
    )
    export_filename = "enrollments"
    permission_helper_class = CoordinatorPermissionHelper
    index_view_class = EnrollmentIndexView
    index_template_name = "applications/admin/enrollment_index.html"

    def get_queryset(self, request):
        return ProgramApplication.objects.for_coordinator(request.user).select_related(
            "household__user", "program"
        )

    @column(_("Select"))
    def select(self, application):
        label = _("Select %(name)s, %(program)s") % {
            "name": application.household.user.get_full_name(),
            "program": application.program.title,
        }
        return format_html(
            '<input type="checkbox" name="selected" value="{}" form="bulk-enrollment" '
            'aria-label="{}">',
            application.pk,
            label,
        )

    @column(_("Applicant"))
    def applicant_name(self, application):
        return application.household.user.get_full_name()

    @column(_("Contact"))
    def contact(self, application):
        user = application.household.user
        return format_html("{}<br>{}", user.email or "", user.phone_number or "")

    @column(_("Mailing address"))
    def mailing_address(self, application):
        return application.household.mailing_address_text

    @column(_("Email"))
    def email(self, application):
        return application.household.user.email or ""

    @column(_("Phone"))
    def phone(self, application):
        return str(application.household.user.phone_number or "")

    @column(_("Program"))
    def program_title(self, application):
        return application.program.title

    @column(_("Status"))
    def status_label(self, application):
        if application.review_note:
            # A rule change since it was made: the reason is in front of staff.
            return format_html(
                "{}<br><strong>{}</strong> {}",
                application.get_status_display(),
                _("Look again:"),
                application.review_note,
            )
        return application.get_status_display()

    @column(_("Renewal"))
    def renewal(self, application):
        household = application.household
        if household.is_renewal:
            return _("Renewal in review")
        if household.renewed_at:
            return _("Renewed %(date)s") % {"date": household.renewed_at.date()}
        return ""


class ProgramCoordinatorAdmin(ModelAdmin):
    """Administrators choose which programs each coordinator works on."""

    model = ProgramCoordinator
    menu_label = _("Coordinator scopes")
    menu_icon = "key"
    add_to_settings_menu = True
    list_display = ("user", "program_list")

    def program_list(self, scope):
        return ", ".join(program.title for program in scope.programs.all())

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .prefetch_related("programs")
        )


class PlacementChangeAdmin(ModelAdmin):
    """Households an edited service area moved (or would have, where a caseworker
    had placed them by hand): nobody is moved in or out unseen."""

    model = PlacementChange
    menu_label = _("Placement changes")
    menu_icon = "site"
    menu_order = 202
    list_display = (
        "household_link",
        "service_area_name",
        "areas_before",
        "areas_after",
        "outcome",
        "changed_at",
    )
    list_filter = ("service_area_name", "applied", "needs_person")
    list_per_page = 50
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("household__user")

    @column(_("Household"))
    def household_link(self, change):
        return format_html(
            '<a href="{}">{}</a>',
            reverse(
                "applications_household_modeladmin_inspect", args=[change.household_id]
            ),
            change.household.user.get_full_name() or change.household_id,
        )

    @column(_("Before"))
    def areas_before(self, change):
        return ", ".join(change.before) or _("None")

    @column(_("After"))
    def areas_after(self, change):
        if change.needs_person:
            return _("Needs a person to place it")
        return ", ".join(change.after) or _("None")

    @column(_("Outcome"))
    def outcome(self, change):
        if not change.applied:
            return _("Kept: placed by hand, check the override")
        return _("Applied")


class PurgeAdmin(ModelAdmin):
    """What retention deleted, and when (applications.retention): case numbers and
    counts, never the data itself."""

    model = Purge
    menu_label = _("Deleted data")
    menu_icon = "bin"
    menu_order = 203
    list_display = (
        "purged_at",
        "case_number",
        "reason",
        "documents",
        "household_deleted",
    )
    list_filter = ("reason", "household_deleted", "purged_at")
    list_per_page = 50
    permission_helper_class = ReadOnlyPermissionHelper
