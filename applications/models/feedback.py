"""Applicants' feedback on the portal: a rating from 1 to 5 and an optional comment.

Anonymous unless the applicant links it to their application: an unlinked row holds
no user, address, session or time of day, only the day, the page it was sent from
and the language. Written by `applications.feedback`; comments are cleared after
`KEEP_COMMENTS_DAYS` (`applications.retention`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .households import Household

COMMENT_MAX_LENGTH = 1000
# A comment is free text that may name a person: after this many days it is cleared
# and the link to the household dropped; the rating stays for the report.
KEEP_COMMENTS_DAYS = 365


class Feedback(models.Model):
    """One applicant's rating of their experience, and what they wrote about it."""

    # Random, not a counter: the order rows were written in would let someone line
    # them up with the day's requests in a server log.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Rating(models.IntegerChoices):
        VERY_POOR = 1, _("Very poor")
        POOR = 2, _("Poor")
        OKAY = 3, _("Okay")
        GOOD = 4, _("Good")
        VERY_GOOD = 5, _("Very good")

        @classmethod
        def numbered(cls):
            """Each level with its number and its words ("1 – Very poor"), as the
            form, the filters and the tables show them."""
            return [
                (value, format_lazy("{} – {}", value, label))
                for value, label in cls.choices
            ]

    class Page(models.TextChoices):
        """Where the form was sent from (a name, never an address with a query)."""

        DASHBOARD = "dashboard", _("Dashboard")
        DONE = "done", _("After submitting")
        FOOTER = "footer", _("Feedback page (footer link)")

    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    page = models.CharField(_("sent from"), max_length=16, choices=Page.choices)
    language = models.CharField(_("language"), max_length=8)
    # The day only: a time would let someone match a row to a server log's line.
    created_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    # Only when the applicant ticked "link this to my application".
    household = models.ForeignKey(
        Household,
        verbose_name=_("linked application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    # The form's one-time token: the same form sent twice is one row.
    request_token = models.UUIDField(unique=True, editable=False)

    class Meta:
        ordering = ["-created_on", "id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_from_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.created_on}: {self.rating}/5"

    @property
    def is_linked(self):
        return self.household_id is not None

    @property
    def rating_text(self):
        return dict(self.Rating.numbered())[self.rating]

    @property
    def language_name(self):
        return dict(settings.LANGUAGES).get(self.language, self.language)
