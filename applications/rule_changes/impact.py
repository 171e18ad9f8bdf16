"""The impact preview: each household checked by the one eligibility rule under the
live rules and under the draft, counted by where the household stands."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.signals import task_submitted

from programs.eligibility import HouseholdFacts, check_eligibility
from programs.models import rules
from programs.rule_changes import changes_rules, is_rule_page, live_version, rule_values

from ..models import Household, ProgramApplication, RuleChange

logger = logging.getLogger(__name__)

Review = Household.ReviewStatus
BUCKETS = {
    "draft": _("Drafts (not submitted)"),
    "submitted": _("Submitted, waiting for verification"),
    "verified": _("Verified, not enrolled in this program"),
    "enrolled": _("Enrolled in this program"),
}
CHUNK = 500


def households():
    """Every household the rule can move, with what its facts read, in pk order.
    Denied households are left out: they cannot apply to anything."""
    return (
        Household.objects.exclude(review_status=Review.DENIED)
        .prefetch_related(
            "members", "qualifying_enrollments__qualifying_program", "service_areas"
        )
        .order_by("pk")
    )


def bucket(household, enrolled_ids):
    """Where a household stands for this program: enrolled in it, verified,
    submitted (or asked for more), or a draft."""
    if household.pk in enrolled_ids:
        return "enrolled"
    if household.review_status == Review.VERIFIED:
        return "verified"
    if household.review_status == Review.DRAFT:
        return "draft"
    return "submitted"


def draft_of(page):
    """The page as its latest revision has it (its saved draft)."""
    revision = page.get_latest_revision()
    return revision, (revision.as_object() if revision else page)


def preview_for(page, user=None):
    """The impact preview of the page's saved draft against its live rules: the
    current one, or a new one queued (None when the draft changes no rule)."""
    if page.pk is None or not is_rule_page(page):
        return None
    revision, draft = draft_of(page)
    live = live_version(page)
    if revision is None or not changes_rules(live, draft):
        return None
    return preview_of_revision(page, revision, draft, live)


def preview_of_revision(page, revision, draft=None, live=None):
    """The preview of one revision against the rules live now; made and queued if
    there is none or the live rules changed since it was counted."""
    draft = draft or revision.as_object()
    live = live if live is not None else live_version(page)
    baseline = rule_values(live)
    current = (
        RuleChange.objects.filter(revision=revision, published_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    if current is not None and current.baseline == baseline:
        return current
    change = RuleChange.objects.create(
        program_id=page.pk,
        revision=revision,
        baseline=baseline,
        rules=rule_values(draft),
    )
    transaction.on_commit(lambda: count_impact.enqueue(change.pk))
    return change


def connect_signals():
    task_submitted.connect(count_for_approval, dispatch_uid="count_for_approval")


def count_for_approval(sender, instance, user=None, **kwargs):
    """A rule change sent for approval is counted at once, so the approver finds
    the preview ready."""
    page = instance.workflow_state.content_object.specific
    if is_rule_page(page):
        preview_of_revision(page, instance.revision)


@task()
def count_impact(rule_change_id):
    """Count a preview; safe to run twice (a finished one is left as it is)."""
    claimed = RuleChange.objects.filter(
        pk=rule_change_id, status=RuleChange.Status.QUEUED
    ).update(status=RuleChange.Status.RUNNING)
    if not claimed:
        return
    change = RuleChange.objects.select_related("revision").get(pk=rule_change_id)
    try:
        _count(change)
    except Exception:
        logger.exception("Impact preview %s failed.", change.pk)
        RuleChange.objects.filter(pk=change.pk).update(
            status=RuleChange.Status.FAILED, finished_at=timezone.now()
        )
        raise


def _count(change):
    program = change.program.specific
    live = live_version(program)
    draft = change.revision.as_object()
    tables = rules()["income_tables"]
    enrolled = set(
        ProgramApplication.objects.filter(
            program_id=program.pk, status=ProgramApplication.Status.ENROLLED
        ).values_list("household_id", flat=True)
    )
    applied = set(
        ProgramApplication.objects.filter(program_id=program.pk).values_list(
            "household_id", flat=True
        )
    )
    everyone = households()
    RuleChange.objects.filter(pk=change.pk).update(households_total=everyone.count())
    counts = {side: dict.fromkeys(BUCKETS, 0) for side in ("gain", "lose")}
    gained, lost, applied_automatically = [], [], 0
    last = 0
    while True:
        chunk = list(everyone.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        for household in chunk:
            facts = HouseholdFacts.for_household(household)
            before = live is not None and check_eligibility(live, facts, tables)
            after = check_eligibility(draft, facts, tables)
            was = bool(before and before.is_eligible)
            where = bucket(household, enrolled)
            if after.is_eligible and not was:
                counts["gain"][where] += 1
                gained.append([household.pk, where])
            elif was and not after.is_eligible:
                counts["lose"][where] += 1
                lost.append([household.pk, where])
            if (
                after.is_eligible
                and draft.applies_automatically
                and household.is_submitted
                and household.pk not in applied
            ):
                applied_automatically += 1
        last = chunk[-1].pk
        RuleChange.objects.filter(pk=change.pk).update(
            households_done=F("households_done") + len(chunk)
        )
    counts["applied_automatically"] = applied_automatically
    RuleChange.objects.filter(pk=change.pk).update(
        status=RuleChange.Status.DONE,
        counts=counts,
        gained=gained,
        lost=lost,
        finished_at=timezone.now(),
    )
