"""`manage.py check`: the address chain is whole before the portal starts."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def address_backends(app_configs, **kwargs):
    errors, roles = [], []
    for path in settings.ADDRESS_BACKENDS:
        try:
            backend = import_string(path)
        except ImportError:
            errors.append(
                Error(
                    f"ADDRESS_BACKENDS: {path} cannot be imported.", id="programs.E001"
                )
            )
            continue
        role = getattr(backend, "role", "")
        if role not in {"standardize", "geocode", "place"}:
            errors.append(
                Error(
                    f"ADDRESS_BACKENDS: {path} is not an address backend.",
                    id="programs.E002",
                )
            )
        roles.append(role)
        needs = {
            "programs.addresses.geocoders.ArcGISLocator": "ARCGIS_LOCATOR_URL",
            "programs.addresses.placers.ArcGISLayer": "ARCGIS_AREAS_LAYER_URL",
            "programs.addresses.standardizers.UspsAddresses": "USPS_CLIENT_SECRET",
        }.get(path)
        if needs and not getattr(settings, needs):
            errors.append(
                Error(f"ADDRESS_BACKENDS: {path} needs {needs}.", id="programs.E003")
            )
    if roles.count("place") != 1:
        errors.append(
            Error("ADDRESS_BACKENDS must name exactly one placer.", id="programs.E004")
        )
    if roles.count("standardize") > 1:
        errors.append(
            Error(
                "ADDRESS_BACKENDS may name one standardizer at most.",
                id="programs.E005",
            )
        )
    return errors
