"""What every address backend shares: the address, what placing it found, why a
person must decide, and one way to ask a web service with a timeout.

No address, name or query string is ever logged or written into a problem: the
problems say what went wrong (a timeout, a low score, an edge) in words staff read.
"""

import logging
from dataclasses import dataclass, field

import requests
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("programs.addresses")


@dataclass(frozen=True)
class Address:
    street: str = ""
    unit: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    longitude: float | None = None
    latitude: float | None = None

    @property
    def zip5(self):
        zip5 = (self.zip_code or "").strip()[:5]
        return zip5 if len(zip5) == 5 and zip5.isdigit() else ""

    @property
    def point(self):
        if self.longitude is None or self.latitude is None:
            return None
        return (self.longitude, self.latitude)

    def same_as(self, other):
        """The same address, case, spacing and punctuation aside."""
        return self.comparable() == other.comparable()

    def comparable(self):
        return tuple(
            " ".join(
                "".join(c for c in value.upper() if c.isalnum() or c.isspace()).split()
            )
            for value in (self.street, self.unit, self.city, self.state, self.zip_code)
        )


# Why an address waits for a person. Each is a code, kept with the household with
# its figures, and the sentence staff read; the figures are never personal.
PROBLEMS = {
    "not_standardized": _(
        "%(backend)s could not standardize the address: it found no such street "
        "address."
    ),
    "no_match": _("No address was found at this location by %(backend)s."),
    "low_score": _(
        "%(backend)s matched the address with a score of %(score)s; "
        "%(minimum)s is needed."
    ),
    "ambiguous": _("%(backend)s found %(count)s different places for this address."),
    "failed": _("%(backend)s could not be reached or failed: %(reason)s."),
    "near_edge": _(
        "The address lies %(metres)s m from the edge of %(area)s, "
        "too close to place it automatically."
    ),
    "zip_only_drawn_area": _(
        "No map point was found, and %(area)s is drawn on a map, "
        "which its ZIP codes do not follow."
    ),
    "zip_in_no_area": _("The ZIP code %(zip)s is in no service area's list."),
    "no_zip": _("There is no map point and no valid ZIP code."),
}


@dataclass(frozen=True)
class Problem:
    code: str
    figures: dict = field(default_factory=dict)

    def as_data(self):
        return {"code": self.code, **self.figures}

    @classmethod
    def from_data(cls, data):
        data = dict(data)
        return cls(data.pop("code"), data)

    def __str__(self):
        return str(PROBLEMS.get(self.code, self.code)) % self.figures


@dataclass(frozen=True)
class Placement:
    """What placing an address found: the address used (standardized or as typed),
    its point and score where a geocoder gave one, and the service areas, or None
    with the problems when a person must decide."""

    address: Address
    area_ids: frozenset | None = None
    score: float | None = None
    geocoded_by: str = ""
    problems: tuple = ()

    @property
    def needs_person(self):
        return self.area_ids is None


class BackendError(Exception):
    """A backend could not answer (timeout, HTTP error, an answer it cannot read);
    the message says which, in words without the address."""

    code = "failed"

    def figures(self):
        return {"reason": str(self.args[0]) if self.args else ""}


class NotFound(BackendError):
    """The service answered, and has no such address."""

    code = "no_match"

    def figures(self):
        return {}


class LowScore(BackendError):
    code = "low_score"

    def __init__(self, score, minimum):
        super().__init__(score, minimum)
        self.score, self.minimum = score, minimum

    def figures(self):
        return {"score": self.score, "minimum": self.minimum}


class Ambiguous(BackendError):
    code = "ambiguous"

    def __init__(self, count):
        super().__init__(count)
        self.count = count

    def figures(self):
        return {"count": self.count}


class AddressBackend:
    """One link of the chain (`ADDRESS_BACKENDS`): a standardizer, a geocoder or a
    placer, named for staff in `label`."""

    role = ""
    label = ""


def get_json(
    url,
    *,
    params=None,
    data=None,
    headers=None,
    timeout,
    method="GET",
    not_found_statuses=(),
):
    """A web service's JSON answer, or BackendError saying what went wrong (NotFound
    for the statuses by which the service says it has no such address)."""
    try:
        response = requests.request(
            method, url, params=params, data=data, headers=headers, timeout=timeout
        )
    except requests.Timeout as error:
        raise BackendError(
            _("no answer within %(seconds)s seconds") % {"seconds": timeout}
        ) from error
    except requests.RequestException as error:
        raise BackendError(_("the connection failed")) from error
    if response.status_code in not_found_statuses:
        raise NotFound(_("no such address"))
    if response.status_code >= 400:
        raise BackendError(_("HTTP %(status)s") % {"status": response.status_code})
    try:
        return response.json()
    except ValueError as error:
        raise BackendError(_("the answer was not JSON")) from error


def arcgis_json(url, params, *, token, timeout):
    """An ArcGIS REST answer: the token added where one is set, and an error object
    (which ArcGIS answers with HTTP 200) raised as BackendError."""
    if token:
        params = {**params, "token": token}
    answer = get_json(url, params=params, timeout=timeout)
    if "error" in answer:
        code = (answer.get("error") or {}).get("code", "?")
        raise BackendError(_("error %(code)s from the service") % {"code": code})
    return answer
