"""Who may act for which household: the one place assisted access is decided.

An assister acts for their organization's clients only (while both the account
and the organization are active); verification staff act for any client whose
resident has not withdrawn assistance. Nobody acts for a household that applied
on its own.
"""

from django.http import Http404

from ..models import Household

PERMISSION = "applications.assist_applicants"


def organization_of(user):
    """The active organization an assister acts for (None for staff and others)."""
    assister = getattr(user, "assister", None)
    if assister is None or not assister.organization.is_active:
        return None
    return assister.organization


def may_assist(user):
    if not (user.is_authenticated and user.is_active and user.has_perm(PERMISSION)):
        return False
    return organization_of(user) is not None or is_staff_assister(user)


def is_staff_assister(user):
    """Verification staff assist as the city, without an organization."""
    return user.is_staff and user.has_perm("applications.view_household")


def clients_of(user):
    """The households this person may act for (none for anyone else)."""
    if not may_assist(user):
        return Household.objects.none()
    organization = organization_of(user)
    if organization is not None:
        return Household.objects.filter(partner=organization)
    return Household.objects.filter(
        client_since__isnull=False, access_withdrawn_at__isnull=True
    )


def client_or_404(user, household_id):
    """The client household, or the same 404 a household that does not exist gives."""
    household = (
        clients_of(user)
        .select_related("user", "partner")
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise Http404
    return household


def may_open_document(user, document):
    """An assister opens what their organization uploaded for its own client."""
    organization = organization_of(user)
    if organization is None or not user.has_perm(PERMISSION):
        return False
    return (
        document.uploaded_for_id == organization.pk
        and document.household.partner_id == organization.pk
    )
