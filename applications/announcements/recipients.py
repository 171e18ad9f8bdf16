"""Who an announcement is for, and how each household is reached (the one place).

The audience's households, of active accounts only:

- applied: their application to the program is waiting (applied) or enrolled;
- eligible, not applied: submitted and not denied, qualifying for the program now by
  `programs.eligibility`, with no application to it but a withdrawn or expired one.

Each goes by the outbox's own channels for an announcement (`channels_for`: email
and text as the applicant consented, never a printed letter), in the applicant's
preferred language. A household with no channel cannot be reached; it is counted,
never written to.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from programs.eligibility import HouseholdFacts, check_eligibility
from programs.models import ProgramPage, rules

from ..models import Announcement, Household, ProgramApplication, QualifyingEnrollment
from ..notifications import Event
from ..notifications.outbox import channels_for
from ..state_machine import REAPPLY_SOURCES
from .daily_limit import DailyAllowance

# Households read at a time (with what the eligibility rule reads of each).
CHUNK_SIZE = 500


@dataclass(frozen=True)
class Recipient:
    household: Household
    language: str
    channels: tuple  # Notification.Channel values; empty: cannot be reached


def language_of(user):
    """The language the outbox writes to this applicant in (as `notify` does)."""
    return user.preferred_language or settings.LANGUAGE_CODE


def applied_households(program):
    return Household.objects.filter(
        user__is_active=True,
        program_applications__program=program,
        program_applications__status__in=[
            ProgramApplication.Status.APPLIED,
            ProgramApplication.Status.ENROLLED,
        ],
    )


def households_that_may_apply(program):
    """Submitted, not denied, and not holding an application to the program (one
    withdrawn or expired may be made again): those the rule is then asked about."""
    applications = (
        ProgramApplication.objects.filter(program=program)
        .exclude(status__in=REAPPLY_SOURCES)
        .values("household_id")
    )
    return (
        Household.objects.submitted()
        .exclude(review_status=Household.ReviewStatus.DENIED)
        .filter(user__is_active=True)
        .exclude(pk__in=applications)
        .prefetch_related(
            "members",
            "service_areas",
            Prefetch(
                "qualifying_enrollments",
                queryset=QualifyingEnrollment.objects.select_related(
                    "qualifying_program"
                ),
            ),
        )
    )


def recipients(announcement):
    """Every household in the announcement's audience, with its language and the
    channels its announcement goes by, in case-number order."""
    program = ProgramPage.objects.prefetch_related("service_areas").get(
        pk=announcement.program_id
    )
    eligible_only = announcement.audience == Announcement.Audience.ELIGIBLE
    households = (
        households_that_may_apply(program)
        if eligible_only
        else applied_households(program)
    )
    tables = rules()["income_tables"] if eligible_only else None
    for household in (
        households.select_related("user").order_by("pk").iterator(chunk_size=CHUNK_SIZE)
    ):
        if (
            eligible_only
            and not check_eligibility(
                program, HouseholdFacts.for_household(household), tables
            ).is_eligible
        ):
            continue
        user = household.user
        channels = tuple(
            channel for channel, _address in channels_for(user, Event.ANNOUNCEMENT)
        )
        yield Recipient(household, language_of(user), channels)


@dataclass
class Reach:
    """What sending an announcement now would do: households by language and
    messages by channel, those it cannot reach, and the days the limit spreads it
    over."""

    households: int = 0
    unreachable: int = 0
    by_language: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)
    days: int = 0
    per_day: int = 0

    @property
    def reached(self):
        return self.households - self.unreachable

    @property
    def messages(self):
        return sum(self.by_channel.values())


def reach(announcement):
    """Count the announcement's recipients as sending it now would write to them."""
    allowance = DailyAllowance()
    counted = Reach(per_day=allowance.per_day)
    for recipient in recipients(announcement):
        counted.households += 1
        if not recipient.channels:
            counted.unreachable += 1
            continue
        counted.by_language[recipient.language] += 1
        counted.by_channel.update(recipient.channels)
        allowance.place(len(recipient.channels))
    counted.days = allowance.days if counted.messages else 0
    return counted
