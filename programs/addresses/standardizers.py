"""Standardizers: an address as the Postal Service writes it, before anything else.

`standardize(address)` returns the standardized Address, or raises BackendError
(which the chain turns into "needs a person"). The applicant sees the result and
takes it or keeps their own (the wizard's address step).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from scourgify import normalize_address_record
from scourgify.exceptions import AddressNormalizationError

from .base import Address, AddressBackend, BackendError, NotFound, get_json


class Scourgify(AddressBackend):
    """Offline, by `usaddress-scourgify`: USPS Publication 28 abbreviations and
    capitals, with no network and no key (the default)."""

    role = "standardize"
    label = "usaddress-scourgify"

    def standardize(self, address):
        try:
            record = normalize_address_record(
                {
                    "address_line_1": address.street,
                    "address_line_2": address.unit or None,
                    "city": address.city,
                    "state": address.state,
                    "postal_code": address.zip_code,
                }
            )
        # Its messages repeat the address: they are not kept.
        except (AddressNormalizationError, ValueError, TypeError, KeyError) as error:
            raise NotFound(_("not a street address")) from error
        return Address(
            street=record["address_line_1"] or "",
            unit=record["address_line_2"] or "",
            city=record["city"] or "",
            state=record["state"] or "",
            zip_code=record["postal_code"] or "",
        )


class UspsAddresses(AddressBackend):
    """The USPS Addresses API v3 (`GET /addresses/v3/address`), with an OAuth
    client-credentials token (`POST /oauth2/v3/token`) kept in the cache until a
    minute before it expires. Needs USPS_CLIENT_ID and USPS_CLIENT_SECRET."""

    role = "standardize"
    label = "USPS Addresses API"
    TOKEN_CACHE_KEY = "addresses:usps-token"

    def token(self):
        token = cache.get(self.TOKEN_CACHE_KEY)
        if token:
            return token
        answer = get_json(
            f"{settings.USPS_API_URL}/oauth2/v3/token",
            method="POST",
            data={
                "grant_type": "client_credentials",
                "client_id": settings.USPS_CLIENT_ID,
                "client_secret": settings.USPS_CLIENT_SECRET,
            },
            timeout=settings.USPS_TIMEOUT_SECONDS,
        )
        token = answer.get("access_token")
        if not token:
            raise BackendError(_("no token in the answer"))
        lifetime = int(answer.get("expires_in") or 0) - 60
        if lifetime > 0:
            cache.set(self.TOKEN_CACHE_KEY, token, lifetime)
        return token

    def standardize(self, address):
        params = {
            "streetAddress": address.street,
            "city": address.city,
            "state": address.state,
        }
        if address.unit:
            params["secondaryAddress"] = address.unit
        if address.zip5:
            params["ZIPCode"] = address.zip5
        answer = get_json(
            f"{settings.USPS_API_URL}/addresses/v3/address",
            params=params,
            headers={"Authorization": f"Bearer {self.token()}"},
            timeout=settings.USPS_TIMEOUT_SECONDS,
            # 400 "Address Not Found." and 404, as its documentation answers.
            not_found_statuses=(400, 404),
        )
        found = answer.get("address") or {}
        # DPV "Y": the delivery point (with its unit) is confirmed; "S" and "D": the
        # building is, the unit is not or is missing. "N" or nothing: no such address.
        confirmation = (answer.get("additionalInfo") or {}).get("DPVConfirmation")
        if not found.get("streetAddress") or confirmation not in {"Y", "S", "D"}:
            raise NotFound(_("the Postal Service does not deliver there"))
        zip_code = found.get("ZIPCode") or ""
        if found.get("ZIPPlus4"):
            zip_code = f"{zip_code}-{found['ZIPPlus4']}"
        return Address(
            street=found["streetAddress"],
            unit=found.get("secondaryAddress") or "",
            city=found.get("city") or "",
            state=found.get("state") or "",
            zip_code=zip_code,
        )
