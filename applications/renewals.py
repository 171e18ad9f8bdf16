"""Renewals, in one place: when enrollments expire, when the renewal window opens,
reminders, expiry, starting a prefilled renewal and what verifying one does.

An enrollment in a program with a renewal interval expires at enrolled_at + interval,
or when the household's verification period ends, whichever comes first; programs
without an interval never expire. The daily command `send_renewal_reminders` calls
`run_daily`, which is idempotent: a second run on the same day sends nothing new.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from programs.models import add_months

from .notifications import Event, notify


def current_settings():
    from home.models import SiteSettings

    return SiteSettings.current()


def verification_expiry(household, site_settings=None):
    if household.verified_at is None:
        return None
    site_settings = site_settings or current_settings()
    return add_months(
        timezone.localdate(household.verified_at),
        site_settings.verification_period_months,
    )


def expiry_date(application, site_settings=None):
    """When an enrollment expires, or None for programs that never expire."""
    if (
        application.enrolled_at is None
        or not application.program.renewal_interval_months
    ):
        return None
    program_expiry = application.program.renewal_date(
        timezone.localdate(application.enrolled_at)
    )
    household_expiry = verification_expiry(application.household, site_settings)
    return min(filter(None, [program_expiry, household_expiry]))


def renewal_state(household, today=None):
    """The household's first expiry and whether its renewal window is open."""
    from .models import ProgramApplication

    today = today or timezone.localdate()
    site_settings = current_settings()
    enrolled = household.program_applications.filter(
        status=ProgramApplication.Status.ENROLLED
    ).select_related("program", "household")
    expiries = [d for d in (expiry_date(a, site_settings) for a in enrolled) if d]
    first_expiry = min(expiries, default=None)
    opens_on = (
        first_expiry - timedelta(days=site_settings.renewal_window_days)
        if first_expiry
        else None
    )
    return {
        "first_expiry": first_expiry,
        "window_opens_on": opens_on,
        "window_open": bool(opens_on and opens_on <= today),
        "can_start": bool(
            opens_on
            and opens_on <= today
            and household.review_status == household.ReviewStatus.VERIFIED
        ),
    }


@transaction.atomic
def start_renewal(household, user):
    """Reopen the wizard prefilled with the last answers; proofs must be sent again."""
    if not renewal_state(household)["can_start"]:
        return False
    household.is_renewal = True
    household.review_status = household.ReviewStatus.DRAFT
    household.completed_steps = ["account"]
    household.save(
        update_fields=["is_renewal", "review_status", "completed_steps", "updated_at"]
    )
    household.documents.filter(kind="proof").update(is_current=False)
    log(household, "applications.start_renewal", user=user)
    return True


def member_details_changed(member):
    """A changed name or birth date means a new ID for that member."""
    member.documents.filter(kind="identity").update(is_current=False)


def apply_verified_renewal(household, user):
    """On verifying a renewal: extend what still qualifies, end the rest at expiry."""
    from .models import ProgramApplication

    now = timezone.now()
    results = {result.program.pk: result for result in household.program_results()}
    applications = household.program_applications.filter(
        status__in=[
            ProgramApplication.Status.ENROLLED,
            ProgramApplication.Status.EXPIRED,
        ]
    ).select_related("program")
    for application in applications:
        if not application.program.renewal_interval_months:
            continue  # lifetime enrollments are untouched
        result = results.get(application.program.pk)
        if result is not None and result.is_eligible:
            application.status = ProgramApplication.Status.ENROLLED
            application.enrolled_at = now
            application.end_reason = ""
            application.save(
                update_fields=["status", "enrolled_at", "end_reason", "updated_at"]
            )
        elif application.status == ProgramApplication.Status.ENROLLED:
            reason = (
                result.summary if result else _("The program is no longer offered.")
            )
            application.end_reason = str(reason)
            application.save(update_fields=["end_reason", "updated_at"])
        application.__dict__.pop("renews_on", None)
    household.is_renewal = False
    household.renewed_at = now
    household.save(update_fields=["is_renewal", "renewed_at", "updated_at"])
    log(household, "applications.renewal_verified", user=user)


def run_daily(today=None):
    """Send the reminders due today and expire what has run out. Idempotent."""
    from .models import ProgramApplication

    today = today or timezone.localdate()
    site_settings = current_settings()
    offsets = site_settings.reminder_offsets
    counts = {"reminders": 0, "expired": 0}
    enrolled = ProgramApplication.objects.filter(
        status=ProgramApplication.Status.ENROLLED,
        program__renewal_interval_months__isnull=False,
    ).select_related("program", "household__user")
    for application in enrolled:
        expires = expiry_date(application, site_settings)
        if expires is None:
            continue
        days_left = (expires - today).days
        if days_left <= 0:
            with transaction.atomic():
                application.status = ProgramApplication.Status.EXPIRED
                application.save(update_fields=["status", "updated_at"])
                notify(
                    application.household,
                    Event.RENEWAL_EXPIRED,
                    key=f"{application.pk}:{expires.isoformat()}",
                    program=application.program.title_in(
                        application.household.user.preferred_language
                    ),
                    expires_on=expires.isoformat(),
                    reason=application.end_reason,
                )
                log(
                    application.household,
                    "applications.enrollment_expired",
                    user=None,
                    data={"program": application.program.title},
                )
            counts["expired"] += 1
            continue
        due = [offset for offset in offsets if days_left <= offset]
        renewing = application.household.is_renewal
        if due and not renewing and not application.end_reason:
            offset = min(
                due
            )  # the latest reminder due; earlier missed ones are not sent late
            created = notify(
                application.household,
                Event.RENEWAL_REMINDER,
                key=f"{application.pk}:{expires.isoformat()}:{offset}",
                program=application.program.title_in(
                    application.household.user.preferred_language
                ),
                expires_on=expires.isoformat(),
            )
            counts["reminders"] += bool(created)
    return counts


__all__ = [
    "apply_verified_renewal",
    "expiry_date",
    "member_details_changed",
    "renewal_state",
    "run_daily",
    "start_renewal",
    "verification_expiry",
]
