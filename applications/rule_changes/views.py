"""The impact preview in the admin: the page, its progress while counting, and the
households it moves (for staff who may see households; editors see counts only)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.generic import TemplateView, View

from programs.rule_changes import differences, is_approver, live_version, rule_values

from ..models import Household, RuleChange
from .impact import BUCKETS

HOUSEHOLDS_PERMISSION = "applications.view_household"


def may_see_impact(user, program):
    """Those who edit the program's page, approve rule changes or see households."""
    return (
        program.permissions_for_user(user).can_edit()
        or is_approver(user)
        or user.has_perm(HOUSEHOLDS_PERMISSION)
    )


def summary_context(change, user):
    """What the summary fragment shows (the panel, the page, the approval dialog)."""
    live = live_version(change.program.specific)
    counts = change.counts or {}
    gain, lose = counts.get("gain", {}), counts.get("lose", {})
    return {
        "change": change,
        "differences": differences(live, change.revision.as_object()),
        "rows": [
            (label, gain.get(key, 0), lose.get(key, 0))
            for key, label in BUCKETS.items()
        ],
        "gained_total": sum(gain.values()),
        "lost_total": sum(lose.values()),
        "applied_automatically": counts.get("applied_automatically"),
        "is_current": change.published_at is None
        and change.baseline == rule_values(live),
        "may_see_households": user.has_perm(HOUSEHOLDS_PERMISSION),
    }


class RuleChangeAccess:
    def dispatch(self, request, pk, *args, **kwargs):
        self.change = get_object_or_404(
            RuleChange.objects.select_related("program", "revision"), pk=pk
        )
        if not may_see_impact(request.user, self.change.program.specific):
            raise PermissionDenied
        return super().dispatch(request, pk, *args, **kwargs)


class RuleChangeView(RuleChangeAccess, TemplateView):
    template_name = "applications/admin/rule_change.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **summary_context(self.change, self.request.user), **kwargs
        )


class RuleChangeProgressView(RuleChangeAccess, View):
    """Polled while counting: how far along, and the summary once it is done."""

    def get(self, request, pk):
        change = self.change
        data = {
            "status": change.status,
            "done": change.households_done,
            "total": change.households_total,
            "percent": change.percent_done,
        }
        if change.is_finished:
            data["html"] = render_to_string(
                "applications/admin/includes/rule_change_summary.html",
                summary_context(change, request.user),
                request=request,
            )
        response = JsonResponse(data)
        response["Cache-Control"] = "private, no-store"
        return response


class RuleChangeHouseholdsView(RuleChangeAccess, TemplateView):
    """The households a preview counted, by name, for staff who may see them."""

    template_name = "applications/admin/rule_change_households.html"
    per_page = 100

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HOUSEHOLDS_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        side = "lose" if self.request.GET.get("side") == "lose" else "gain"
        rows = self.change.lost if side == "lose" else self.change.gained
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        found = Household.objects.select_related("user").in_bulk(
            [case for case, _where in page.object_list]
        )
        return super().get_context_data(
            change=self.change,
            side=side,
            page_obj=page,
            rows=[
                (case, found.get(case), BUCKETS.get(where, where))
                for case, where in page.object_list
            ],
            **kwargs,
        )
