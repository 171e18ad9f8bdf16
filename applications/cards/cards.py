"""What a verification card says, and what its check page says about a code.

The card lists the household's current enrollments, each valid until its expiry
(`renewals.dates`), or for a program that never expires, until the household's
verification period ends: a card never vouches for longer than the verification
behind it. Its code is signed (Django's signing, with the secret key) and names the
enrollments on the card and the last day any of them is valid, nothing else: not the
household's case number, not a name. It is readable (signed, not encrypted) but
cannot be changed or made without the key.

The check page reads the enrollments afresh on every check: one that staff ended
(not enrolled), that expired, or whose household was denied or deleted no longer
shows, and a code with none left, past its date, or not signed by the portal is
"not valid", all said the same way, so a forged or guessed code learns nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.core import signing
from django.utils import timezone

from ..models import Household, ProgramApplication
from ..renewals.dates import current_settings, expiry_date, verification_expiry

SALT = "applications.cards"
# No timestamp: the same enrollments make the same code, on the page and the PDF.
SIGNER = signing.Signer(salt=SALT)


@dataclass(frozen=True)
class CardLine:
    program: object  # programs.ProgramPage
    valid_until: date


@dataclass(frozen=True)
class Card:
    name: str
    lines: list
    code: str

    @property
    def valid_until(self):
        return max(line.valid_until for line in self.lines)


@dataclass(frozen=True)
class Check:
    """What the check page shows: nothing beyond first name and last initial."""

    is_valid: bool
    holder: str = ""
    lines: tuple = ()


NOT_VALID = Check(is_valid=False)


def _valid_until(application, site_settings):
    return expiry_date(application, site_settings) or verification_expiry(
        application.household, site_settings
    )


def _current_lines(applications, today, site_settings, until=None):
    lines = []
    for application in applications:
        valid_until = _valid_until(application, site_settings)
        if valid_until is None:
            continue
        if until is not None:
            valid_until = min(valid_until, until)
        if valid_until >= today:
            lines.append(CardLine(application.program, valid_until))
    return lines


def _enrolled(**lookup):
    return (
        ProgramApplication.objects.filter(
            status=ProgramApplication.Status.ENROLLED, **lookup
        )
        .exclude(household__review_status=Household.ReviewStatus.DENIED)
        .select_related("program", "household__user")
        .order_by("pk")
    )


def card_for(household, today=None):
    """The household's card, or None when it has no current enrollment."""
    today = today or timezone.localdate()
    applications = list(_enrolled(household=household))
    lines = _current_lines(applications, today, current_settings())
    if not lines:
        return None
    code = SIGNER.sign_object(
        {
            "a": [application.pk for application in applications],
            "u": max(line.valid_until for line in lines).isoformat(),
        },
        compress=True,
    )
    return Card(name=household.user.get_full_name(), lines=lines, code=code)


def holder_name(user):
    """First name and last initial: enough to match the card to the person holding
    it, not enough to look them up."""
    initial = user.last_name.strip()[:1].upper()
    return f"{user.first_name.strip()} {initial}." if initial else user.first_name


def check_code(code, today=None):
    """What the check page says about a code from a card."""
    today = today or timezone.localdate()
    try:
        payload = SIGNER.unsign_object(code)
        application_ids = [int(pk) for pk in payload["a"]]
        until = date.fromisoformat(payload["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return NOT_VALID
    if until < today:
        return NOT_VALID
    applications = list(_enrolled(pk__in=application_ids))
    lines = _current_lines(applications, today, current_settings(), until=until)
    if not lines:
        return NOT_VALID
    return Check(
        is_valid=True,
        holder=holder_name(applications[0].household.user),
        lines=tuple(lines),
    )
