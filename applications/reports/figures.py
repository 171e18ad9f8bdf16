"""The staff reports' figures: each report is one table, and its chart is drawn
from that table, so what a chart shows can always be read (and downloaded) as
numbers.

Flows (applications, decisions, submissions) are counted from `StatusChange` rows
in the chosen dates, so they survive retention deleting a household; what is
waiting and what is due for renewal is counted from the current rows. A scope
limited to some programs (a coordinator's, or the program filter) counts program
applications of those programs, and households that applied to one of them.
"""

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import ProgramPage, add_months

from ..models import Household, ProgramApplication, StatusChange
from ..renewals.dates import current_settings, expiry_on

Review = Household.ReviewStatus
Subject = StatusChange.Subject

# "Waiting for" buckets, in days since the household joined the queue.
AGE_BUCKETS = [(0, 7), (8, 14), (15, 30), (31, 60), (61, None)]
RENEWAL_WINDOWS = [30, 60, 90]
# What starts the wait for a decision: a submission, or staff reopening a decided
# household (the wait is counted from the latest of these).
QUEUE_ENTRIES = ["submit", "reopen"]


@dataclass
class Report:
    slug: str
    title: str
    description: str
    columns: list
    rows: list = field(default_factory=list)
    # How the chart reads the table: which column labels the bars and which
    # columns are its series ("stacked" adds them up).
    chart: dict | None = None

    def chart_data(self):
        """Labels and series for the chart (JSON for the admin page's script)."""
        if not self.chart:
            return None
        label_column = self.chart.get("label", 0)
        series = self.chart["series"]
        # A closing "All" row is the table's total, not a bar of its own.
        rows = self.rows[:-1] if self.chart.get("skip_last") else self.rows
        return {
            "type": self.chart.get("type", "bar"),
            "stacked": self.chart.get("stacked", False),
            "labels": [str(row[label_column]) for row in rows],
            "series": [
                {
                    "label": str(self.columns[index]),
                    "values": [row[index] for row in rows],
                }
                for index in series
            ],
        }


@dataclass(frozen=True)
class Scope:
    """Which dates (both included) and programs a report covers; `programs` None
    means every program."""

    start: date
    end: date
    programs: tuple | None = None

    @property
    def since(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self):
        return timezone.make_aware(datetime.combine(self.end + timedelta(1), time.min))

    def months(self):
        first = self.start.replace(day=1)
        months = []
        while first <= self.end:
            months.append(first)
            first = (first + timedelta(32)).replace(day=1)
        return months


def month_label(value):
    return value.strftime("%Y-%m")


def _changes(scope, subject):
    changes = StatusChange.objects.filter(
        subject=subject, changed_at__gte=scope.since, changed_at__lt=scope.until
    )
    if scope.programs is None:
        return changes
    if subject == Subject.APPLICATION:
        return changes.filter(program_id__in=scope.programs)
    return changes.filter(case_number__in=_cases_in_programs(scope))


def _cases_in_programs(scope):
    """Households that applied to one of the scope's programs (from the rows, so a
    deleted household still counts where it did)."""
    return StatusChange.objects.filter(
        subject=Subject.APPLICATION, program_id__in=scope.programs
    ).values("case_number")


def _by_month(queryset, **counts):
    """{month: {name: count}} for the named Count expressions."""
    found = defaultdict(dict)
    rows = (
        queryset.annotate(month=TruncMonth("changed_at"))
        .values("month")
        .annotate(**counts)
    )
    for row in rows:
        month = (
            timezone.localtime(row["month"]).date()
            if isinstance(row["month"], datetime)
            else row["month"]
        )
        found[month.replace(day=1)] = row
    return found


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with at least `fraction` of
    the values at or below it (the median of [1, 2, 3, 4] is 2)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _days(value):
    return None if value is None else round(value, 1)


# The reports ------------------------------------------------------------------------


def applications_per_program(scope):
    changes = _changes(scope, Subject.APPLICATION).filter(action="apply")
    counts = (
        changes.annotate(month=TruncMonth("changed_at"))
        .values("month", "program__title")
        .annotate(count=Count("id"))
    )
    table = defaultdict(Counter)
    programs = set()
    for row in counts:
        month = row["month"]
        if isinstance(month, datetime):
            month = timezone.localtime(month).date()
        title = row["program__title"] or str(_("(a program since deleted)"))
        table[month.replace(day=1)][title] += row["count"]
        programs.add(title)
    programs = sorted(programs)
    rows = [
        [month_label(month), *[table[month][title] for title in programs]]
        for month in scope.months()
    ]
    return Report(
        "applications",
        _("Applications per program per month"),
        _(
            "Program applications made in each month (first applications and "
            "applications again after an expiry)."
        ),
        [_("Month"), *programs],
        rows,
        chart={"series": list(range(1, len(programs) + 1)), "stacked": True},
    )


def waiting(scope, today=None):
    today = today or timezone.localdate()
    households = Household.objects.filter(
        review_status__in=[Review.SUBMITTED, Review.INFO_REQUESTED]
    )
    if scope.programs is not None:
        households = households.filter(pk__in=_cases_in_programs(scope))
    joined = (
        StatusChange.objects.filter(
            household=OuterRef("pk"),
            subject=Subject.HOUSEHOLD,
            to_status=Review.SUBMITTED,
        )
        .order_by()
        .values("household")
        .annotate(latest=Max("changed_at"))
        .values("latest")
    )
    counts = defaultdict(Counter)
    for status, since in households.annotate(
        since=Coalesce(Subquery(joined), "submitted_at")
    ).values_list("review_status", "since"):
        age = (today - timezone.localdate(since)).days if since else 0
        for low, high in AGE_BUCKETS:
            if age >= low and (high is None or age <= high):
                counts[(low, high)][status] += 1
                break
    rows = []
    for low, high in AGE_BUCKETS:
        label = (
            _("%(low)s–%(high)s days") % {"low": low, "high": high}
            if high is not None
            else _("over %(low)s days") % {"low": low - 1}
        )
        in_review = counts[(low, high)][Review.SUBMITTED]
        asked = counts[(low, high)][Review.INFO_REQUESTED]
        rows.append([label, in_review, asked, in_review + asked])
    rows.append(
        [
            _("All"),
            sum(r[1] for r in rows),
            sum(r[2] for r in rows),
            sum(r[3] for r in rows),
        ]
    )
    return Report(
        "waiting",
        _("Households waiting, by how long"),
        _(
            "Households waiting today for verification, by days since they last "
            "joined the queue (whatever dates are chosen)."
        ),
        [
            _("Waiting for"),
            Review.SUBMITTED.label,
            Review.INFO_REQUESTED.label,
            _("Total"),
        ],
        rows,
        chart={"series": [1, 2], "stacked": True, "skip_last": True},
    )


def time_to_decision(scope):
    decided = _changes(scope, Subject.HOUSEHOLD).filter(action__in=["verify", "deny"])
    decisions = list(decided.values_list("case_number", "changed_at"))
    cases = {case for case, _when in decisions}
    submits = defaultdict(list)
    # Every submission before the end, read by the report index and kept for the
    # decided cases. Neither an IN list (one number per household, past SQLite's
    # default limit of 32,766) nor a correlated subquery (minutes on SQLite, and on
    # PostgreSQL before its statistics) did better than this read.
    for case, when in (
        StatusChange.objects.filter(
            subject=Subject.HOUSEHOLD,
            action__in=QUEUE_ENTRIES,
            changed_at__lt=scope.until,
        )
        .order_by("changed_at")
        .values_list("case_number", "changed_at")
        .iterator(chunk_size=5000)
    ):
        if case in cases:
            submits[case].append(when)
    by_month = defaultdict(list)
    for case, decided_at in decisions:
        times = submits.get(case, [])
        index = bisect_right(times, decided_at)
        if index == 0:
            continue  # no submission on record before it
        days = (decided_at - times[index - 1]).total_seconds() / 86400
        by_month[timezone.localdate(decided_at).replace(day=1)].append(days)
    rows = [
        [
            month_label(month),
            len(by_month[month]),
            _days(percentile(by_month[month], 0.5)),
            _days(percentile(by_month[month], 0.9)),
        ]
        for month in scope.months()
    ]
    everything = [days for values in by_month.values() for days in values]
    rows.append(
        [
            _("All"),
            len(everything),
            _days(percentile(everything, 0.5)),
            _days(percentile(everything, 0.9)),
        ]
    )
    return Report(
        "decision-time",
        _("Time from submission to decision"),
        _(
            "Days from a household's latest submission (or reopening) to staff "
            "verifying or denying it, for decisions in each month (nearest-rank "
            "percentiles)."
        ),
        [_("Month"), _("Decisions"), _("Median (days)"), _("90th percentile (days)")],
        rows,
        chart={"series": [2, 3], "type": "line", "skip_last": True},
    )


def decisions(scope):
    found = _by_month(
        _changes(scope, Subject.HOUSEHOLD),
        verified=Count("id", filter=Q(action="verify")),
        denied=Count("id", filter=Q(action="deny")),
    )
    rows = [
        [
            month_label(month),
            found.get(month, {}).get("verified", 0),
            found.get(month, {}).get("denied", 0),
        ]
        for month in scope.months()
    ]
    rows.append([_("All"), sum(r[1] for r in rows), sum(r[2] for r in rows)])
    return Report(
        "decisions",
        _("Households verified and denied"),
        _("Staff decisions on households in each month."),
        [_("Month"), _("Verified"), _("Denied")],
        rows,
        chart={"series": [1, 2], "skip_last": True},
    )


def denial_reasons(scope):
    reasons = Counter()
    wording = {}
    for reason in (
        _changes(scope, Subject.HOUSEHOLD)
        .filter(action="deny")
        .values_list("reason", flat=True)
    ):
        key = " ".join(reason.split()).casefold() or ""
        wording.setdefault(key, " ".join(reason.split()) or str(_("(no reason kept)")))
        reasons[key] += 1
    rows = [[wording[key], count] for key, count in reasons.most_common()]
    return Report(
        "denial-reasons",
        _("Reasons for denial"),
        _(
            "Denials in the chosen dates by the reason staff gave (the same words "
            "counted together). Reasons of households deleted under the retention "
            "policy are not kept."
        ),
        [_("Reason"), _("Households denied")],
        rows,
        chart={"series": [1]},
    )


def enrollment_decisions(scope):
    counts = (
        _changes(scope, Subject.APPLICATION)
        .filter(action__in=["enroll", "not_enroll", "close_on_denial"])
        .values("program__title")
        .annotate(
            enrolled=Count("id", filter=Q(action="enroll")),
            not_enrolled=Count("id", filter=~Q(action="enroll")),
        )
        .order_by("program__title")
    )
    rows = [
        [
            row["program__title"] or str(_("(a program since deleted)")),
            row["enrolled"],
            row["not_enrolled"],
        ]
        for row in counts
    ]
    return Report(
        "enrollment-decisions",
        _("Enrollment decisions by program"),
        _(
            "Program applications enrolled and not enrolled in the chosen dates "
            "(not enrolled includes applications closed by a household's denial)."
        ),
        [_("Program"), _("Enrolled"), _("Not enrolled")],
        rows,
        chart={"series": [1, 2]},
    )


def renewals_due(scope, today=None):
    today = today or timezone.localdate()
    enrollments = ProgramApplication.objects.filter(
        status=ProgramApplication.Status.ENROLLED,
        household__review_status=Review.VERIFIED,
        program__renewal_interval_months__gt=0,
    )
    if scope.programs is not None:
        enrollments = enrollments.filter(program_id__in=scope.programs)
    verification_months = current_settings().verification_period_months
    enrollments = enrollments.filter(
        _may_expire_within(today, RENEWAL_WINDOWS[-1], verification_months)
    )
    # Plain values, not rows: building 150,000 applications took ten seconds.
    counts = defaultdict(Counter)
    for title, interval, enrolled_at, verified_at in enrollments.values_list(
        "program__title",
        "program__renewal_interval_months",
        "enrolled_at",
        "household__verified_at",
    ).iterator(chunk_size=5000):
        expires = expiry_on(enrolled_at, verified_at, interval, verification_months)
        if expires is None or expires < today:
            continue
        days = (expires - today).days
        for window in RENEWAL_WINDOWS:
            if days <= window:
                counts[title][window] += 1
                break
    rows = [
        [title, *[counts[title][window] for window in RENEWAL_WINDOWS]]
        for title in sorted(counts)
    ]
    return Report(
        "renewals",
        _("Renewals due"),
        _(
            "Enrollments that expire in the next 30, 60 and 90 days from today "
            "(whatever dates are chosen), by program."
        ),
        [_("Program"), _("Within 30 days"), _("In 31–60 days"), _("In 61–90 days")],
        rows,
        chart={"series": [1, 2, 3], "stacked": True},
    )


def _may_expire_within(today, days, verification_months):
    """A first narrowing, in the database, to enrollments that may expire between today and
    `days` from now (an expiry is the earlier of enrollment + the program's months
    and verification + the verification's); the exact dates are then computed for
    these only. A few days' margin covers short months and time zones."""
    margin = timedelta(days=5)

    def moment(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    last = today + timedelta(days=days)
    verified_since = moment(add_months(today, -verification_months) - margin)
    verified_by = moment(add_months(last, -verification_months) + margin)
    condition = Q(pk__in=[])
    intervals = (
        ProgramPage.objects.canonical()
        .filter(renewal_interval_months__gt=0)
        .values_list("renewal_interval_months", flat=True)
        .distinct()
    )
    for interval in set(intervals):
        enrolled_since = moment(add_months(today, -interval) - margin)
        enrolled_by = moment(add_months(last, -interval) + margin)
        condition |= Q(
            Q(enrolled_at__lte=enrolled_by)
            | Q(household__verified_at__lte=verified_by),
            program__renewal_interval_months=interval,
            enrolled_at__gte=enrolled_since,
            household__verified_at__gte=verified_since,
        )
    return condition


def assisted(scope):
    found = _by_month(
        _changes(scope, Subject.HOUSEHOLD).filter(action="submit"),
        helped=Count("case_number", distinct=True, filter=Q(assisted=True)),
        alone=Count("case_number", distinct=True, filter=Q(assisted=False)),
    )
    rows = [
        [
            month_label(month),
            found.get(month, {}).get("helped", 0),
            found.get(month, {}).get("alone", 0),
        ]
        for month in scope.months()
    ]
    return Report(
        "assisted",
        _("Applied with help and on their own"),
        _(
            "Households that submitted in each month, with a partner organization "
            "or staff at a desk, or on their own."
        ),
        [_("Month"), _("With help"), _("On their own")],
        rows,
        chart={"series": [1, 2], "stacked": True},
    )


def languages(scope):
    names = dict(settings.LANGUAGES)
    counts = (
        _changes(scope, Subject.HOUSEHOLD)
        .filter(action="submit")
        .values("language")
        .annotate(households=Count("case_number", distinct=True))
        .order_by("-households", "language")
    )
    rows = [
        [
            str(names.get(row["language"], row["language"] or _("Not known"))),
            row["households"],
        ]
        for row in counts
    ]
    return Report(
        "languages",
        _("Language"),
        _(
            "Households that submitted in the chosen dates, by the language they "
            "use the portal in."
        ),
        [_("Language"), _("Households")],
        rows,
        chart={"series": [1]},
    )


# Reports that quote what staff wrote (free text that may name a person): only for
# staff who may open households, never a coordinator's program-scoped view.
FREE_TEXT_REPORTS = {"denial-reasons"}

REPORTS = {
    "applications": applications_per_program,
    "waiting": waiting,
    "decision-time": time_to_decision,
    "decisions": decisions,
    "denial-reasons": denial_reasons,
    "enrollment-decisions": enrollment_decisions,
    "renewals": renewals_due,
    "assisted": assisted,
    "languages": languages,
}
