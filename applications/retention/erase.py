"""Deleting what retention says is past its time, and an applicant's own account.

One household per transaction, checked again under its row lock, so a run that
starts twice, or a household that changed since the list was made (submitted,
reopened), deletes nothing it should not; a second run finds nothing to do.

Deleting a household deletes its account (an applicant's account exists for it),
every row that hangs from it (members, documents and their files, submissions,
messages, requests, notes, search words), its history entries and the account's
(they name the person) and the sign-in records under its email. Its status changes stay, without
their reasons, so the reports still count it; a `Purge` row says what went. Feedback
it linked loses its comment and the link, and keeps its rating.
"""

import logging

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.models import SiteSettings

from .. import audit, state_machine
from ..models import (
    Assister,
    Feedback,
    Household,
    ProgramApplication,
    Purge,
    StatusChange,
)
from .due import everything_due, feedback_comments_due

logger = logging.getLogger(__name__)

Reason = Purge.Reason


def erase_documents(household):
    """Delete the household's documents and their files (after the commit)."""
    count = household.documents.count()
    household.documents.all().delete()
    audit.record(household, audit.DOCUMENTS_PURGED, count=count)
    return Purge.objects.create(
        reason=Reason.DOCUMENTS, case_number=household.pk, documents=count
    )


def erase_household(household, reason):
    """Delete the household, its account and everything personal about it."""
    case = household.pk
    documents = household.documents.count()
    user = household.user
    StatusChange.objects.filter(case_number=case).update(reason="")
    Feedback.objects.filter(household=household).update(comment="", household=None)
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Household),
        object_id=str(case),
    ).delete()
    keeps_account = (
        user.is_staff
        or user.is_superuser
        or Assister.objects.filter(user=user).exists()
    )
    if keeps_account:
        household.delete()
    else:
        email = user.email
        # Entries about the account itself (a sign-in unlocked, a second factor
        # reset) carry the person's name as their label.
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
        ).delete()
        user.delete()
        if email:
            for model in (AccessAttempt, AccessFailureLog, AccessLog):
                model.objects.filter(username__iexact=email).delete()
    return Purge.objects.create(
        reason=reason, case_number=case, documents=documents, household_deleted=True
    )


def run(*, dry_run=False, now=None, policy=None):
    """Delete everything past its time (or, with `dry_run`, only list it); returns
    what was (or would be) deleted."""
    policy = policy or SiteSettings.current()
    now = now or timezone.now()
    due = everything_due(policy, now)
    if dry_run:
        return due
    done = []
    for item in due:
        with transaction.atomic():
            household = (
                Household.objects.select_for_update()
                .filter(pk=item.case_number)
                .first()
            )
            one = Household.objects.filter(pk=item.case_number)
            if household is None or item not in everything_due(policy, now, within=one):
                continue
            if item.deletes_household:
                erase_household(household, item.reason)
            else:
                erase_documents(household)
        done.append(item)
    comments = erase_feedback_comments(now)
    whole = sum(1 for item in done if item.deletes_household)
    logger.info(
        "Retention: %s household(s) deleted, the documents of %s deleted, "
        "%s feedback comment(s) cleared.",
        whole,
        len(done) - whole,
        comments,
    )
    return done


def erase_feedback_comments(now):
    """Clear feedback comments past their time, and their link to a household;
    returns how many."""
    return feedback_comments_due(now).update(comment="", household=None)


def delete_account(user):
    """The applicant deletes their own account: open applications and enrollments
    are withdrawn (so reports count them as such), then the household goes as
    retention would delete it. An account without a household just goes."""
    household = Household.objects.filter(user=user).first()
    if household is None:
        user.delete()
        return None
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        for application in household.program_applications.filter(
            status__in=[
                ProgramApplication.Status.APPLIED,
                ProgramApplication.Status.ENROLLED,
                ProgramApplication.Status.NOT_ENROLLED,
            ]
        ).select_related("program", "household__user"):
            state_machine.withdraw(application, user)
        return erase_household(household, Reason.ACCOUNT_DELETED)
