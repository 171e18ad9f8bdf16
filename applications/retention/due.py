"""What the retention settings (the site settings' Retention panel, the "policy")
say is past its time, as of a moment.

Three kinds, each counted from when the data stopped being needed:

- **documents** of a household staff verified or denied, `keep_documents_days`
  after that decision (a renewal or a reopened case asks for them again);
- **drafts**: an account whose application was never submitted,
  `keep_drafts_days` after its last change;
- **closed households**: denied, or verified with the verification run out, with no
  enrollment or application left, `keep_closed_days` after the denial or expiry.

A household under review, being renewed or with an open request is never due.

Besides these, feedback comments are cleared (and their link to a household
dropped) `KEEP_COMMENTS_DAYS` after they were sent, whatever the settings: the
rating stays, for the report.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Feedback, Household, ProgramApplication, Purge, StatusChange
from ..models.feedback import KEEP_COMMENTS_DAYS
from ..renewals.dates import verification_expiry

Review = Household.ReviewStatus
Reason = Purge.Reason
# Applications that keep a household open.
OPEN_APPLICATIONS = [
    ProgramApplication.Status.APPLIED,
    ProgramApplication.Status.ENROLLED,
]


@dataclass(frozen=True)
class Due:
    """One household's data past its time: its documents, or the whole household."""

    reason: str
    case_number: int
    documents: int

    @property
    def deletes_household(self):
        return self.reason != Reason.DOCUMENTS

    def describe(self):
        """A line for the command's output: numbers, never personal data."""
        what = (
            "household and account"
            if self.deletes_household
            else f"{self.documents} document(s)"
        )
        return f"case {self.case_number}: {what} ({self.reason})"


def _decided_at():
    """When staff last decided a household: its latest verify or deny."""
    latest = (
        StatusChange.objects.filter(
            household=OuterRef("pk"),
            subject=StatusChange.Subject.HOUSEHOLD,
            action__in=["verify", "deny"],
        )
        .order_by()
        .values("household")
        .annotate(latest=Max("changed_at"))
        .values("latest")
    )
    return Coalesce(Subquery(latest), "verified_at", "updated_at")


def _cutoff(now, days):
    return None if days is None else now - timedelta(days=days)


def documents_due(policy, now, within=None):
    cutoff = _cutoff(now, policy.keep_documents_days)
    if cutoff is None:
        return []
    households = (
        (within or Household.objects)
        .filter(review_status__in=[Review.VERIFIED, Review.DENIED])
        .annotate(decided=_decided_at(), files=Count("documents"))
        .filter(decided__lt=cutoff, files__gt=0)
        .order_by("pk")
    )
    return [Due(Reason.DOCUMENTS, h.pk, h.files) for h in households]


def drafts_due(policy, now, within=None):
    cutoff = _cutoff(now, policy.keep_drafts_days)
    if cutoff is None:
        return []
    drafts = (
        (within or Household.objects)
        .filter(submitted_at__isnull=True, updated_at__lt=cutoff)
        .exclude(user__last_login__gte=cutoff)
        .annotate(files=Count("documents"))
        .order_by("pk")
    )
    return [Due(Reason.DRAFT, h.pk, h.files) for h in drafts]


def closed_due(policy, now, within=None):
    cutoff = _cutoff(now, policy.keep_closed_days)
    if cutoff is None:
        return []
    # A denied renewal keeps lifetime enrollments, and timed ones to their expiry.
    still_open = ProgramApplication.objects.filter(status__in=OPEN_APPLICATIONS).values(
        "household"
    )
    denied = (
        (within or Household.objects)
        .filter(review_status=Review.DENIED)
        .exclude(pk__in=still_open)
        .annotate(decided=_decided_at(), files=Count("documents"))
        .filter(decided__lt=cutoff)
    )
    due = [Due(Reason.CLOSED, h.pk, h.files) for h in denied]
    # Verified, with the verification run out at least the kept days ago and
    # nothing open (an expiry is after the verification, so `verified_at` before
    # the cutoff is a first, narrowing read).
    lapsed = (
        (within or Household.objects)
        .filter(review_status=Review.VERIFIED, verified_at__lt=cutoff)
        .exclude(pk__in=still_open)
        .annotate(files=Count("documents"))
    )
    last_day = timezone.localdate(now) - timedelta(days=policy.keep_closed_days)
    for household in lapsed:
        expires = verification_expiry(household, policy)
        if expires is not None and expires <= last_day:
            due.append(Due(Reason.CLOSED, household.pk, household.files))
    return sorted(due, key=lambda item: item.case_number)


def everything_due(policy, now=None, within=None):
    """Every household's data past its time (of the `within` queryset, to check one
    again); a household deleted whole is not also listed for its documents."""
    now = now or timezone.now()
    whole = drafts_due(policy, now, within) + closed_due(policy, now, within)
    deleted = {item.case_number for item in whole}
    documents = [
        item
        for item in documents_due(policy, now, within)
        if item.case_number not in deleted
    ]
    return whole + documents


def feedback_comments_due(now):
    """Feedback whose comment or link to a household is past its time."""
    cutoff = timezone.localdate(now) - timedelta(days=KEEP_COMMENTS_DAYS)
    return Feedback.objects.filter(created_on__lt=cutoff).exclude(
        comment="", household__isnull=True
    )
