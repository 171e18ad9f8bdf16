"""The reports page in the Wagtail admin and each report's CSV download.

Staff with the `view_reports` permission see them; verification staff count every
program, a coordinator only the programs they coordinate (and may narrow to one).
"""

import csv
from datetime import date, timedelta

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from programs.models import ProgramPage

from ..casework.spreadsheets import neutralize_formula
from ..models import ProgramCoordinator
from .figures import FREE_TEXT_REPORTS, REPORTS, Scope

PERMISSION = "applications.view_reports"
# The longest span one page counts (its monthly tables stay readable), and the
# earliest day it may start (nothing the portal holds is older).
MAX_DAYS = 5 * 366
EARLIEST = date(2000, 1, 1)


def permitted_programs(user):
    """None for every program (verification staff, administrators), or the ids of
    the programs this coordinator works on."""
    if user.is_superuser or user.has_perm("applications.view_household"):
        return None
    scope = ProgramCoordinator.objects.filter(user=user).first()
    if scope is None:
        return ()
    return tuple(scope.programs.values_list("pk", flat=True))


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=ProgramPage.objects.none(),
        required=False,
        empty_label=_("All programs"),
    )

    def __init__(self, *args, permitted=None, **kwargs):
        super().__init__(*args, **kwargs)
        programs = ProgramPage.objects.canonical().order_by("title")
        if permitted is not None:
            programs = programs.filter(pk__in=permitted)
            self.fields["program"].empty_label = _("All my programs")
        self.fields["program"].queryset = programs
        self.permitted = permitted

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        latest = today + timedelta(days=366)
        out_of_range = _("Choose dates from 2000 to next year.")
        end = cleaned.get("end") or today
        if not EARLIEST <= end <= latest:
            self.add_error("end", out_of_range)
            return cleaned
        start = cleaned.get("start") or (end - timedelta(days=365)).replace(day=1)
        if not EARLIEST <= start <= latest:
            self.add_error("start", out_of_range)
        elif start > end:
            self.add_error("end", _("The end date must be on or after the start date."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("start", _("Choose at most five years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def scope(self):
        """The scope the filters ask for, within what this user may see."""
        data = self.cleaned_data if self.is_valid() else self.default_data()
        programs = self.permitted
        if data.get("program"):
            programs = (data["program"].pk,)
        return Scope(data["start"], data["end"], programs)

    @staticmethod
    def default_data():
        """The last twelve months: from the first of the month a year ago to today."""
        today = timezone.localdate()
        return {"start": (today - timedelta(days=365)).replace(day=1), "end": today}


class ReportAccess(PermissionRequiredMixin):
    permission_required = PERMISSION
    raise_exception = True

    def reports(self):
        """The reports this user may read (by slug)."""
        if permitted_programs(self.request.user) is None:
            return REPORTS
        return {
            slug: report
            for slug, report in REPORTS.items()
            if slug not in FREE_TEXT_REPORTS
        }

    def filter_form(self):
        return ReportFilterForm(
            self.request.GET or None,
            permitted=permitted_programs(self.request.user),
            initial=ReportFilterForm.default_data(),
        )


class ReportsView(ReportAccess, TemplateView):
    template_name = "applications/admin/reports.html"

    def get_context_data(self, **kwargs):
        form = self.filter_form()
        scope = form.scope()
        reports = [report(scope) for report in self.reports().values()]
        return super().get_context_data(
            form=form,
            scope=scope,
            reports=[(report, report.chart_data()) for report in reports],
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ReportCsvView(ReportAccess, View):
    """One report's table as CSV (cells never read as spreadsheet formulas)."""

    def get(self, request, slug):
        reports = self.reports()
        if slug not in reports:
            raise Http404
        form = self.filter_form()
        scope = form.scope()
        report = reports[slug](scope)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{slug}-{scope.start}-{scope.end}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow([_cell(column) for column in report.columns])
        for row in report.rows:
            writer.writerow([_cell(value) for value in row])
        return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return neutralize_formula(str(value))
