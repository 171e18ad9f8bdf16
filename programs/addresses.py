"""Placing an eligibility address into service areas, through a pluggable backend.

`ADDRESS_BACKEND` names the class. The default works offline from the ZIP codes and
polygons of each ServiceArea; a production backend may call a geocoder. A backend that
fails or cannot decide returns `None` for the areas, and the household is flagged for a
person to check: never an error page, never a dead end.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from .models import ServiceArea

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Address:
    street: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    longitude: float | None = None
    latitude: float | None = None


class ServiceAreaZipBackend:
    """Offline: a ZIP code (or coordinates, where known) against every ServiceArea."""

    def service_area_ids(self, address):
        zip_code = (address.zip_code or "").strip()[:5]
        has_point = address.longitude is not None and address.latitude is not None
        if not (len(zip_code) == 5 and zip_code.isdigit()) and not has_point:
            return None
        ids = set()
        for area in ServiceArea.objects.all():
            if has_point and area.boundary:
                if area.contains_point(address.longitude, address.latitude):
                    ids.add(area.pk)
            elif area.contains_zip(zip_code):
                ids.add(area.pk)
        return frozenset(ids)


def get_address_backend():
    return import_string(settings.ADDRESS_BACKEND)()


def place_address(address):
    """Service-area ids for an address, or None when it needs a person to check it."""
    try:
        return get_address_backend().service_area_ids(address)
    except Exception:  # noqa: BLE001 - any backend failure means "ask a person"
        # The address itself is personal data and is not logged.
        logger.warning("Address backend failed; the address will be reviewed by staff.")
        return None
