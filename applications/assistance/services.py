"""What assisting writes: a client household, who entered each step, the
invitation, the resident taking over, and withdrawing an organization's access.

Each runs in one transaction and is safe to repeat: a replayed form (the same
request token) makes nothing twice.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from home.models import SiteSettings
from portal.i18n import translate_path

from .. import audit
from ..models import Household, Notification
from ..notifications import Event, notify
from .access import organization_of

User = get_user_model()

INVITATION_SALT = "applications.assistance.invitation"


def acting_as(actor):
    """Who acted, as history and snapshots say it: the name and the organization."""
    organization = organization_of(actor)
    return {
        "user": actor.pk,
        "name": actor.get_full_name() or actor.email,
        "organization": organization.name
        if organization
        else str(SiteSettings.current().organization_name or "City staff"),
    }


def create_client(form, actor):
    """The resident's account (no password, perhaps no email) and household, made a
    client of the assister's organization (staff: of none). The same form sent
    again returns the household the first one made."""
    token = form.cleaned_data["request_token"]
    earlier = Household.objects.filter(client_request=token, assisted_by=actor).first()
    if earlier is not None:
        return earlier
    acting = acting_as(actor)
    try:
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_unusable_password()
            user.save()
            household = Household.objects.create(
                user=user,
                partner=organization_of(actor),
                assisted_by=actor,
                assisted_by_organization=acting["organization"],
                client_since=timezone.now(),
                client_request=token,
                completed_steps=["account"],
                entered_by={"account": acting},
            )
            audit.record(
                household,
                audit.CLIENT_CREATED,
                user=actor,
                organization=acting["organization"],
            )
    except IntegrityError:  # the same form, sent twice at once (None: not theirs)
        return Household.objects.filter(client_request=token, assisted_by=actor).first()
    return household


def record_step(household, step, actor):
    """Who saved a step of a client's application (the assister, or the resident
    once they have the account), for the history and the submission."""
    if actor.pk == household.user_id:
        if not household.is_client:
            return
        entry = {"user": actor.pk, "name": actor.get_full_name(), "applicant": True}
    else:
        entry = acting_as(actor)
        audit.record(
            household,
            audit.ASSISTED_STEP,
            user=actor,
            step=step,
            organization=entry["organization"],
        )
    household.entered_by = {**household.entered_by, step: entry}
    household.save(update_fields=["entered_by", "updated_at"])


def attestation(form, actor, consent_document=None):
    """How the resident confirmed the answers, for the submission."""
    method = form.cleaned_data["attestation"]
    return {
        "method": method,
        "confirmed_by": acting_as(actor),
        "document": str(consent_document.public_id) if consent_document else None,
    }


# Handing over -----------------------------------------------------------------------


def _account_state(user):
    """Changes when the account is taken over (a password set, a first sign-in), so
    an invitation works once."""
    value = f"{user.pk}:{user.password}:{user.last_login}"
    return salted_hmac(INVITATION_SALT, value).hexdigest()[:20]


def invitation_token(user):
    return signing.dumps(
        {"user": user.pk, "state": _account_state(user)}, salt=INVITATION_SALT
    )


def _invitation(token):
    try:
        data = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=settings.CLIENT_INVITATION_DAYS * 24 * 3600,
        )
    except signing.BadSignature:  # also expired (SignatureExpired)
        return {}
    return data if isinstance(data, dict) else {}


def invitation_account_id(token):
    """Whose invitation this is, used or not (None when forged or expired)."""
    return _invitation(token).get("user")


def invited_user(token):
    """The account an invitation is for, while it is unused and not expired."""
    data = _invitation(token)
    if not data:
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or data.get("state") != _account_state(user):
        return None
    if getattr(user, "household", None) is None or user.household.claimed_at:
        return None
    return user


def invitation_url(user):
    path = reverse("applications:claim", args=[invitation_token(user)])
    language = user.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return settings.PORTAL_BASE_URL.rstrip("/") + translate_path(path, language)


@transaction.atomic
def invite(household, actor, request_token):
    """The invitation link, by email, text message (with consent) or a printed
    letter, whichever the resident has; the same request sent twice sends once."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    organization = acting_as(actor)["organization"]
    made = notify(
        locked,
        Event.INVITATION,
        key=str(request_token),
        claim_url=invitation_url(locked.user),
        partner=organization,
        days=settings.CLIENT_INVITATION_DAYS,
    )
    if made:
        audit.record(
            locked,
            audit.INVITATION_SENT,
            user=actor,
            channels=sorted(n.get_channel_display() for n in made),
            organization=organization,
        )
    return made


@transaction.atomic
def claim(user, form):
    """The resident takes the account over: their password (and email, if it had
    none). The organization keeps acting for them until they withdraw it."""
    household = Household.objects.select_for_update().get(user=user)
    if household.claimed_at:
        return None
    if "email" in form.cleaned_data:
        user.email = form.cleaned_data["email"]
    user.set_password(form.cleaned_data["password1"])
    user.save()
    household.claimed_at = timezone.now()
    household.save(update_fields=["claimed_at", "updated_at"])
    audit.record(household, audit.ACCOUNT_CLAIMED, user=user)
    return household


@transaction.atomic
def withdraw(household, user):
    """The resident stops the organization (and staff at a desk) acting for them."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.access_withdrawn_at:
        return False
    organization = locked.partner.name if locked.partner else ""
    locked.partner = None
    locked.access_withdrawn_at = timezone.now()
    locked.save(update_fields=["partner", "access_withdrawn_at", "updated_at"])
    audit.record(
        locked, audit.ASSISTANCE_WITHDRAWN, user=user, organization=organization
    )
    return True


# Letters ----------------------------------------------------------------------------


def letters(household):
    """What the portal would have emailed a resident without email, newest first."""
    return household.notifications.filter(channel=Notification.Channel.LETTER)


@transaction.atomic
def mark_printed(notification, actor):
    updated = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.TO_PRINT
    ).update(status=Notification.Status.PRINTED, sent_at=timezone.now())
    if updated:
        audit.record(
            notification.household,
            audit.LETTER_PRINTED,
            user=actor,
            event=notification.event,
        )
    return bool(updated)
