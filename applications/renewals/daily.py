"""The daily renewal job: reminders before an enrollment expires, and expiry.

`manage.py send_renewal_reminders` calls `run_daily`, which is idempotent: a second
run on the same day sends nothing new and expires nothing twice.
"""

from django.utils import timezone

from .. import state_machine
from ..models import ProgramApplication
from ..notifications import Event, notify
from .dates import current_settings, expiry_date


def run_daily(today=None):
    """Send the reminders due today and expire what has run out."""
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
            if state_machine.renewal_under_review(application.household):
                continue  # active until the review decides
            state_machine.expire(application, expires_on=expires)
            counts["expired"] += 1
            continue
        due = [offset for offset in offsets if days_left <= offset]
        renewing = application.household.is_renewal
        if due and not renewing and not application.end_reason:
            # The latest reminder due; earlier missed ones are not sent late.
            offset = min(due)
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
