"""When enrollments expire and when a household's renewal window opens.

An enrollment in a program with a renewal interval expires at enrolled_at + interval,
or when the household's verification period ends, whichever comes first; programs
without an interval never expire. Reading only: the daily job (`renewals.daily`) and
the state machine act on these dates.
"""

from datetime import timedelta

from django.utils import timezone

from home.models import SiteSettings
from programs.models import add_months

from ..models import ProgramApplication


def current_settings():
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
    site_settings = site_settings or current_settings()
    return expiry_on(
        application.enrolled_at,
        application.household.verified_at,
        application.program.renewal_interval_months,
        site_settings.verification_period_months,
    )


def expiry_on(enrolled_at, verified_at, interval_months, verification_months):
    """The same rule from plain values, for reading many enrollments at once (the
    reports) without building each one's rows."""
    if enrolled_at is None or not interval_months:
        return None
    program_expiry = add_months(timezone.localdate(enrolled_at), interval_months)
    if verified_at is None:
        return program_expiry
    return min(
        program_expiry,
        add_months(timezone.localdate(verified_at), verification_months),
    )


def renewal_state(household, today=None, *, site_settings=None, enrolled=None):
    """The household's first expiry and whether its renewal window is open.

    `enrolled`: its enrolled applications when the caller has them already.
    """
    today = today or timezone.localdate()
    site_settings = site_settings or current_settings()
    if enrolled is None:
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
        "can_start": bool(opens_on and opens_on <= today and household.is_verified),
    }
