"""Geocoders: a point (longitude, latitude) for a standardized address.

`geocode(address)` returns `(longitude, latitude, score)` or raises: NotFound (no
candidate), LowScore, Ambiguous, or BackendError (timeout, HTTP error, an error
answer). The chain tries the geocoders in order and keeps the first point.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import (
    AddressBackend,
    Ambiguous,
    BackendError,
    LowScore,
    NotFound,
    arcgis_json,
    get_json,
)


class CensusGeocoder(AddressBackend):
    """The U.S. Census Bureau geocoder (`locations/address`, public, no key). It
    gives no score: one match is a match, two different places are ambiguous."""

    role = "geocode"
    label = "Census geocoder"

    def geocode(self, address):
        answer = get_json(
            settings.CENSUS_GEOCODER_URL,
            params={
                "street": address.street,
                "city": address.city,
                "state": address.state,
                "zip": address.zip5,
                "benchmark": settings.CENSUS_GEOCODER_BENCHMARK,
                "format": "json",
            },
            timeout=settings.CENSUS_GEOCODER_TIMEOUT_SECONDS,
        )
        try:
            matches = answer["result"]["addressMatches"]
            points = {
                (
                    round(float(m["coordinates"]["x"]), 6),
                    round(float(m["coordinates"]["y"]), 6),
                )
                for m in matches
            }
        except (KeyError, TypeError, ValueError) as error:
            raise BackendError(_("an answer it could not read")) from error
        if not points:
            raise NotFound()
        if len(points) > 1:
            raise Ambiguous(len(points))
        longitude, latitude = points.pop()
        return longitude, latitude, None


class ArcGISLocator(AddressBackend):
    """A city's ArcGIS geocode service (`findAddressCandidates`, points asked in
    WGS 84). The best candidate must score at least ARCGIS_LOCATOR_MIN_SCORE, and
    no other candidate as good may lie elsewhere."""

    role = "geocode"
    label = "ArcGIS locator"

    def geocode(self, address):
        params = {
            "Address": address.street,
            "Address2": address.unit,
            "City": address.city,
            "Region": address.state,
            "Postal": address.zip5,
            "outFields": "Addr_type",
            "maxLocations": 5,
            "outSR": 4326,
            "f": "json",
        }
        answer = arcgis_json(
            f"{settings.ARCGIS_LOCATOR_URL.rstrip('/')}/findAddressCandidates",
            params,
            token=settings.ARCGIS_LOCATOR_TOKEN,
            timeout=settings.ARCGIS_LOCATOR_TIMEOUT_SECONDS,
        )
        try:
            candidates = sorted(
                (
                    (
                        float(c["score"]),
                        round(float(c["location"]["x"]), 6),
                        round(float(c["location"]["y"]), 6),
                    )
                    for c in answer["candidates"]
                ),
                reverse=True,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BackendError(_("an answer it could not read")) from error
        if not candidates:
            raise NotFound()
        score, longitude, latitude = candidates[0]
        minimum = settings.ARCGIS_LOCATOR_MIN_SCORE
        if score < minimum:
            raise LowScore(score, minimum)
        best = {(x, y) for s, x, y in candidates if s == score}
        if len(best) > 1:
            raise Ambiguous(len(best))
        return longitude, latitude, score
