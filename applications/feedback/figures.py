"""Ratings per month, as tables with their charts, in the staff reports' form
(`applications.reports.figures.Report`, drawn by static/js/reports.js)."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from ..models import Feedback
from ..reports.figures import Report, month_label

LEVELS = Feedback.Rating.values


def _counts_by_month(scope, page="", language=""):
    """{first of the month: [how many rated 1, ..., how many rated 5]}: one query."""
    feedback = Feedback.objects.filter(
        created_on__gte=scope.start, created_on__lte=scope.end
    )
    if page:
        feedback = feedback.filter(page=page)
    if language:
        feedback = feedback.filter(language=language)
    counts = defaultdict(lambda: [0] * len(LEVELS))
    rows = (
        feedback.annotate(month=TruncMonth("created_on"))
        .values("month", "rating")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["month"]][LEVELS.index(row["rating"])] += row["count"]
    return counts


def average(levels):
    """The mean rating of [how many rated 1, ..., 5], to two places; None for none."""
    responses = sum(levels)
    if not responses:
        return None
    return round(
        sum(n * level for n, level in zip(levels, LEVELS, strict=True)) / responses, 2
    )


def rating_reports(scope, page="", language=""):
    """The average rating and the number of responses per month, and how many
    chose each level per month; each ends with a row for the whole span."""
    counts = _counts_by_month(scope, page, language)
    months = [(month_label(month), counts[month]) for month in scope.months()]
    overall = [
        sum(column)
        for column in zip(*(levels for _label, levels in months), strict=True)
    ]
    months.append((_("All"), overall))
    averages = Report(
        "average-rating",
        _("Average rating per month"),
        _(
            "The mean of the ratings sent in each month, from 1 (very poor) to 5 "
            "(very good), and how many were sent."
        ),
        [_("Month"), _("Responses"), _("Average rating")],
        [[label, sum(levels), average(levels)] for label, levels in months],
        chart={"series": [2], "type": "line", "skip_last": True},
    )
    by_level = Report(
        "ratings-by-level",
        _("Ratings per month by level"),
        _("How many people chose each rating in each month."),
        [_("Month"), *(label for _value, label in Feedback.Rating.numbered())],
        [[label, *levels] for label, levels in months],
        chart={
            "series": list(range(1, len(LEVELS) + 1)),
            "stacked": True,
            "skip_last": True,
        },
    )
    return [averages, by_level]
