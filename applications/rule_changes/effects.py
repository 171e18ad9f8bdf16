"""What publishing a program's rule change does to households.

Households that now qualify for an automatic program, have submitted and never
applied to it, are applied for and told; pending applications that no longer
qualify stay applied and go to staff with the reason; enrollments run on until they
expire (a renewal checks the new rules). Each step is the state machine's, so it is
logged and its message goes through the outbox; running it twice does nothing more.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import TaskState
from wagtail.signals import page_published

from programs.eligibility import HouseholdFacts, check_eligibility
from programs.models import ProgramPage, rules
from programs.rule_changes import is_rule_page, live_version, rule_values

from .. import state_machine
from ..models import Household, ProgramApplication, RuleChange
from .impact import CHUNK

logger = logging.getLogger(__name__)

Review = Household.ReviewStatus


def connect_signals():
    page_published.connect(
        rules_published, sender=ProgramPage, dispatch_uid="rules_published"
    )


def rules_published(sender, instance, revision=None, **kwargs):
    """A program page went live: when its rules differ from the last rules
    published, record the change and apply its effects after the commit."""
    if not is_rule_page(instance):
        return
    values = rule_values(live_version(instance))
    last = (
        RuleChange.objects.filter(program_id=instance.pk, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )
    if last is not None and last.rules == values:
        return
    change = (
        RuleChange.objects.filter(revision=revision, published_at__isnull=True)
        .order_by("-pk")
        .first()
        if revision is not None
        else None
    )
    if change is None:
        change = RuleChange(
            program_id=instance.pk,
            revision=revision or instance.get_latest_revision(),
            baseline=last.rules if last else None,
            status=RuleChange.Status.DONE,
        )
    change.rules = values
    change.published_at = timezone.now()
    change.published_by = publisher(revision)
    change.save()
    transaction.on_commit(lambda: apply_rule_change.enqueue(change.pk))


def publisher(revision):
    """Who made the revision go live: the approver who approved it, else its author
    (an administrator publishing in code)."""
    if revision is None:
        return None
    approval = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .exclude(finished_by=None)
        .order_by("-finished_at")
        .first()
    )
    return approval.finished_by if approval else revision.user


@task()
def apply_rule_change(rule_change_id):
    """Apply a published rule change to every household (idempotent)."""
    change = RuleChange.objects.get(pk=rule_change_id)
    program = live_version(change.program.specific)
    if program is None:
        return
    changed_on = timezone.localdate(change.published_at or timezone.now())
    applied, referred = apply_to_households(program, changed_on)
    RuleChange.objects.filter(pk=change.pk).update(
        applied_count=applied, referred_count=referred, effects_done_at=timezone.now()
    )


def apply_to_households(program, changed_on):
    """Returns (households applied for, applications referred to staff)."""
    tables = rules()["income_tables"]
    reasons = {}
    applied = referred = 0
    pending = dict(
        ProgramApplication.objects.filter(
            program=program, status=ProgramApplication.Status.APPLIED
        ).values_list("household_id", "pk")
    )
    has_application = set(
        ProgramApplication.objects.filter(program=program).values_list(
            "household_id", flat=True
        )
    )
    candidates = (
        Household.objects.submitted()
        .exclude(review_status=Review.DENIED)
        .select_related("user")
        .prefetch_related(
            "members", "qualifying_enrollments__qualifying_program", "service_areas"
        )
        .order_by("pk")
    )
    last = 0
    while True:
        chunk = list(candidates.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        for household in chunk:
            result = check_eligibility(
                program, HouseholdFacts.for_household(household), tables
            )
            if result.is_eligible:
                if (
                    program.applies_automatically
                    and household.pk not in has_application
                ):
                    if state_machine.apply_by_rule_change(household, program):
                        applied += 1
            elif household.pk in pending:
                application = ProgramApplication.objects.select_related(
                    "household", "program"
                ).get(pk=pending[household.pk])
                reason = reasons.setdefault(
                    result.summary,
                    _("The program's rules changed on %(date)s: %(reason)s")
                    % {
                        "date": changed_on.isoformat(),
                        "reason": result.summary,
                    },
                )
                if state_machine.refer_to_staff(application, reason):
                    referred += 1
        last = chunk[-1].pk
    return applied, referred
