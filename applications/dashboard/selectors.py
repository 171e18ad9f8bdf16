"""What the applicant's dashboard shows, built in one place from the rules.

Eligibility comes from `programs.eligibility`, who may apply from the state machine,
renewal dates from `renewals.dates`; the template only displays the result.
"""

from django.utils.translation import gettext_lazy as _

from home.news import current_news
from programs.eligibility import HouseholdFacts, check_programs
from programs.models import with_translations

from ..models import Household, ProgramApplication
from ..renewals.dates import current_settings, expiry_date
from ..state_machine import REAPPLY_SOURCES, household_may_apply

Review = Household.ReviewStatus

# The review status box: its USWDS alert style and the sentence after the status.
STATUS_NOTICES = {
    Review.SUBMITTED: (
        "info",
        _(
            "City staff are checking your documents. You can apply to programs meanwhile."
        ),
    ),
    Review.VERIFIED: ("success", _("Your household is verified.")),
    Review.INFO_REQUESTED: (
        "warning",
        _("We need more information from you. See below."),
    ),
    Review.DENIED: ("warning", _("Your application was not approved.")),
}


def status_notice(household):
    """{"style", "text"} for the household's review status box."""
    style, text = STATUS_NOTICES.get(household.review_status, ("info", ""))
    return {"style": style, "text": text}


def program_groups(household, site_settings=None):
    """The dashboard's groups: Available (eligible, not applied), Pending, Enrolled,
    and the programs the household does not qualify for, each with its reason.

    Each application carries `renews_on`, its expiry date (None: it never expires),
    read with one settings lookup for the whole page.
    """
    applications = list(
        household.program_applications.select_related("program", "household")
    )
    # Each program named in the active language, one query for them all.
    with_translations(application.program for application in applications)
    applied_ids = {
        a.program_id for a in applications if a.status not in REAPPLY_SOURCES
    }
    expired_ids = {
        a.program_id
        for a in applications
        if a.status == ProgramApplication.Status.EXPIRED
    }
    settings_now = site_settings or current_settings()
    by_status = {status: [] for status in ProgramApplication.Status.values}
    for application in applications:
        application.renews_on = expiry_date(application, settings_now)
        by_status[application.status].append(application)
    may_apply = household_may_apply(household)
    results = [
        result
        for result in check_programs(HouseholdFacts.for_household(household))
        if may_apply and result.program.pk not in applied_ids
    ]
    return {
        "available": [result for result in results if result.is_eligible],
        # Why each other program is not offered: the screener's reasons, from the
        # same rule (outside the area, address awaiting review, no qualifying program).
        "unavailable": [result for result in results if not result.is_eligible],
        "pending": by_status[ProgramApplication.Status.APPLIED],
        "enrolled": by_status[ProgramApplication.Status.ENROLLED],
        "not_enrolled": by_status[ProgramApplication.Status.NOT_ENROLLED],
        "expired_program_ids": expired_ids,
    }


def dashboard_news(household, request=None, groups=None):
    """Today's news, the items about programs the household applied to or is
    enrolled in first (read from `program_groups`' lists when the page has them)."""
    if groups is not None:
        own = [
            application.program_id
            for application in (*groups["pending"], *groups["enrolled"])
        ]
    elif household is not None:
        own = household.program_applications.filter(
            status__in=[
                ProgramApplication.Status.APPLIED,
                ProgramApplication.Status.ENROLLED,
            ]
        ).values_list("program_id", flat=True)
    else:
        own = ()
    return current_news(request, programs_first=list(own))


def enrollments_ending_on_deletion(household):
    """What deleting the account ends: each enrollment or pending application, with
    the program's name in the applicant's language and the date it would have run
    to (None for a program that never expires)."""
    if household is None:
        return []
    applications = household.program_applications.filter(
        status__in=[
            ProgramApplication.Status.ENROLLED,
            ProgramApplication.Status.APPLIED,
        ]
    ).select_related("program", "household")
    site_settings = current_settings()
    language = household.user.preferred_language
    return [
        {
            "program": application.program.title_in(language),
            "enrolled": application.status == ProgramApplication.Status.ENROLLED,
            "until": expiry_date(application, site_settings),
        }
        for application in applications
    ]
