"""What counts as a change of a program's rules, and who may publish one.

A program page's rule fields decide who qualifies (and whether qualifying households
are applied for), so changing one changes eligibility for every household at once.
Such a change goes live only after a member of the "Program approvers" group other
than its author approves it (the "Rule changes" workflow, `RuleChangeApprovalTask`);
a copy edit publishes as before. The effect on households is previewed and applied
by `applications.rule_changes`.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowTask

from portal.roles import PROGRAM_APPROVERS

from .models import RULE_CHANGE_WORKFLOW, ProgramPage, RuleChangeApprovalTask

# The rule fields whose change needs approval (the renewal interval, review time and
# external link are the program's own business, not who qualifies).
RULES = {
    "is_accepting_applications": _("Accepting applications"),
    "eligibility_road": _("Who qualifies"),
    "income_limit_ami": _("Income limit (% of AMI)"),
    "income_table": _("Income limit table"),
    "income_level": _("Income level (%)"),
    "service_areas": _("Required service areas"),
    "enrollment_mode": _("Enrollment"),
}


def rule_values(page):
    """The page's rules as comparable values (None: no page, so no program)."""
    if page is None:
        return None
    return {
        "is_accepting_applications": page.is_accepting_applications,
        "eligibility_road": page.eligibility_road,
        "income_limit_ami": page.income_limit_ami if page.accepts_enrollment else None,
        "income_table": page.income_table_id if page.uses_income_table else None,
        "income_level": page.income_level if page.uses_income_table else None,
        "service_areas": sorted(area.pk for area in page.service_areas.all()),
        "enrollment_mode": page.enrollment_mode,
    }


def live_version(page):
    """The published version of a program page (None when it was never published)."""
    if not page.live:
        return None
    return (
        ProgramPage.objects.prefetch_related("service_areas")
        .select_related("income_table")
        .get(pk=page.pk)
    )


def is_rule_page(page):
    """Rules are set on default-language program pages; translations copy them."""
    return isinstance(page, ProgramPage) and page.rules_source is None


def changes_rules(live, draft):
    """Whether publishing `draft` over `live` (None: never published) changes who
    qualifies or how they are enrolled."""
    return rule_values(live) != rule_values(draft)


def differences(live, draft):
    """The rules that change, as (label, before, after) in words an editor reads."""
    old, new = rule_values(live) or {}, rule_values(draft)
    before = _displayed(live) if live is not None else {}
    after = _displayed(draft)
    return [
        (label, before.get(name, "—"), after[name])
        for name, label in RULES.items()
        if old.get(name) != new[name]
    ]


def _displayed(page):
    areas = ", ".join(str(area) for area in page.service_areas.all())
    level = page.income_level if page.uses_income_table else None
    return {
        "is_accepting_applications": _("Yes")
        if page.is_accepting_applications
        else _("No"),
        "eligibility_road": page.get_eligibility_road_display(),
        "income_limit_ami": f"{page.income_limit_ami}%"
        if page.accepts_enrollment
        else "—",
        "income_table": str(page.income_table)
        if page.uses_income_table and page.income_table_id
        else "—",
        "income_level": f"{level}%" if level is not None else "—",
        "service_areas": areas or _("Anywhere"),
        "enrollment_mode": page.get_enrollment_mode_display(),
    }


def is_approver(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=PROGRAM_APPROVERS).exists()
    )


def ensure_rule_change_workflow(sender=None, **kwargs):
    """The approvers' group, its approval task and the workflow program pages use;
    after every migrate (running it again changes nothing)."""
    approvers, _created = Group.objects.get_or_create(name=PROGRAM_APPROVERS)
    # Approving publishes the page as the approver, so they may publish pages (a
    # rule change of their own still waits for another approver).
    root = Page.get_first_root_node()
    if root is not None:
        for codename in ("change_page", "publish_page"):
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=approvers, page=root, permission=permission
                )
    task = RuleChangeApprovalTask.objects.filter(name=RULE_CHANGE_WORKFLOW).first()
    if task is None:
        task = RuleChangeApprovalTask.objects.create(name=RULE_CHANGE_WORKFLOW)
    task.groups.add(approvers)
    workflow, _created = Workflow.objects.get_or_create(name=RULE_CHANGE_WORKFLOW)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    return workflow
