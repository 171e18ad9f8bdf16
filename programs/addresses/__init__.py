"""Placing an eligibility address in service areas, through a chain of backends.

`ADDRESS_BACKENDS` lists them in order, each a small class with a `role`:
a standardizer (scourgify offline, or the USPS Addresses API), any number of
geocoders tried in order until one gives a point (the Census geocoder, an ArcGIS
locator), and one placer (the service areas' own maps and ZIP lists, or an ArcGIS
layer). With no configuration the chain is offline: scourgify and the maps.

Nothing here ever ends in an error page or a silent "outside": an address that
cannot be standardized, matches nothing, scores low, lies near an area's edge, or
meets a failing backend is placed "needs a person" with the reasons, and the
applicant can still submit.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Address, BackendError, NotFound, Placement, Problem

__all__ = [
    "Address",
    "Placement",
    "Problem",
    "backends",
    "place_address",
    "standardize",
]

logger = logging.getLogger("programs.addresses")


def backends(role):
    """The configured backends of one role, in order."""
    found = []
    for path in settings.ADDRESS_BACKENDS:
        backend = import_string(path)
        if backend.role == role:
            found.append(backend())
    return found


def standardize(address):
    """`(standardized address, None)`, or `(None, problem)` when the standardizer
    cannot read it or fails; `(address, None)` with no standardizer configured."""
    standardizers = backends("standardize")
    if not standardizers:
        return address, None
    backend = standardizers[0]
    try:
        return backend.standardize(address), None
    except NotFound:
        return None, Problem("not_standardized", {"backend": backend.label})
    except BackendError as error:
        return None, _problem(backend, error)
    except Exception:  # noqa: BLE001 - any failure means "ask a person"
        return None, _failed(backend)


def place_address(address, *, problems=(), geocode=True, areas=None):
    """Where the address lies: a Placement with its service areas, or with the
    problems (`problems` are those found before, such as by the standardizer) and
    no areas when a person must decide.

    `geocode=False` places by what the address already holds (a point stored from
    before, or its ZIP code): the screener, and re-placing after a boundary change,
    never call a web service. `areas` are the service areas, when the caller has
    them already (re-placing many households reads them once).
    """
    placement = Placement(address=address, problems=tuple(problems))
    if geocode and address.point is None and address.street:
        placement = _geocode(placement)
    if placement.problems:
        return _needing_person(placement)
    placer = backends("place")[0]
    try:
        ids, found = placer.place(placement.address, areas)
    except BackendError as error:
        found, ids = [_problem(placer, error)], None
    except Exception:  # noqa: BLE001
        found, ids = [_failed(placer)], None
    if found:
        return _needing_person(
            Placement(
                address=placement.address,
                score=placement.score,
                geocoded_by=placement.geocoded_by,
                problems=tuple(found),
            )
        )
    return Placement(
        address=placement.address,
        area_ids=frozenset(ids),
        score=placement.score,
        geocoded_by=placement.geocoded_by,
    )


def _geocode(placement):
    """The first geocoder's point; each one that failed before it is forgotten
    once one succeeds, and all their problems kept when none does."""
    problems = []
    address = placement.address
    for backend in backends("geocode"):
        try:
            longitude, latitude, score = backend.geocode(address)
        except BackendError as error:
            problems.append(_problem(backend, error))
            continue
        except Exception:  # noqa: BLE001
            problems.append(_failed(backend))
            continue
        return Placement(
            address=Address(
                **{**address.__dict__, "longitude": longitude, "latitude": latitude}
            ),
            score=score,
            geocoded_by=backend.label,
            problems=placement.problems,
        )
    return Placement(address=address, problems=(*placement.problems, *problems))


def _needing_person(placement):
    return Placement(
        address=placement.address,
        area_ids=None,
        score=placement.score,
        geocoded_by=placement.geocoded_by,
        problems=placement.problems,
    )


def _problem(backend, error):
    if error.code == "failed":
        logger.warning("Address backend %s failed: %s", backend.label, error)
    return Problem(error.code, {"backend": backend.label, **error.figures()})


def _failed(backend):
    # The address itself is personal data and is not logged.
    logger.warning(
        "Address backend %s failed; staff will place the address.", backend.label
    )
    return Problem("failed", {"backend": backend.label, "reason": "unexpected error"})
