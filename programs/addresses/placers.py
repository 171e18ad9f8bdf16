"""Placers: which service areas an address lies in.

`place(address)` returns `(area_ids, problems)`; any problem means a person decides.
A point is tested against drawn areas; ZIP lists decide only areas with no drawing,
or, with no point, areas whose ZIP list cannot be wrong: ZIP codes do not follow
city limits, so a ZIP listed for a drawn area is a question for a person.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from shapely.geometry import Point

from ..models import ServiceArea
from . import boundaries
from .base import AddressBackend, BackendError, Problem, arcgis_json


class ServiceAreaShapes(AddressBackend):
    """Offline, from each ServiceArea's boundary (shapely) and ZIP list (the
    default)."""

    role = "place"
    label = "service-area maps"

    def place(self, address, areas=None):
        areas = list(ServiceArea.objects.all()) if areas is None else areas
        point = address.point
        zip5 = address.zip5
        if point is None and not zip5:
            return None, [Problem("no_zip")]
        ids, problems = set(), []
        edge = settings.ADDRESS_EDGE_METRES
        for area in areas:
            if area.boundary and point:
                if boundaries.contains(area.boundary, *point):
                    ids.add(area.pk)
                metres = boundaries.metres_from_edge(area.boundary, *point, edge)
                if metres is not None:
                    problems.append(
                        Problem(
                            "near_edge", {"area": area.name, "metres": round(metres)}
                        )
                    )
            elif area.boundary:
                if not area.zip_code_set or area.contains_zip(zip5):
                    problems.append(Problem("zip_only_drawn_area", {"area": area.name}))
            elif area.contains_zip(zip5):
                ids.add(area.pk)
        if (
            point is None
            and not ids
            and not problems
            and not any(area.contains_zip(zip5) for area in areas)
        ):
            problems.append(Problem("zip_in_no_area", {"zip": zip5}))
        return frozenset(ids), problems


class ArcGISLayer(AddressBackend):
    """For cities that keep their boundaries in ArcGIS: one `query` of a feature
    layer for the polygons within ADDRESS_EDGE_METRES of the point (in WGS 84, with
    their geometry), each feature's ARCGIS_AREAS_FIELD naming a ServiceArea; inside
    and how near the edge are then measured here as for drawn areas. With no point,
    the ZIP rules of ServiceAreaShapes apply."""

    role = "place"
    label = "ArcGIS service-area layer"

    def features(self, point):
        params = {
            "geometry": f"{point[0]},{point[1]}",
            "geometryType": "esriGeometryPoint",
            "inSR": 4326,
            "spatialRel": "esriSpatialRelIntersects",
            "distance": settings.ADDRESS_EDGE_METRES,
            "units": "esriSRUnit_Meter",
            "outFields": settings.ARCGIS_AREAS_FIELD,
            "returnGeometry": "true",
            "outSR": 4326,
            "f": "json",
        }
        answer = arcgis_json(
            f"{settings.ARCGIS_AREAS_LAYER_URL.rstrip('/')}/query",
            params,
            token=settings.ARCGIS_AREAS_TOKEN,
            timeout=settings.ARCGIS_AREAS_TIMEOUT_SECONDS,
        )
        try:
            return [
                (
                    str(feature["attributes"][settings.ARCGIS_AREAS_FIELD]),
                    boundaries.from_esri_rings(feature["geometry"]["rings"]),
                )
                for feature in answer["features"]
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise BackendError(_("an answer it could not read")) from error

    def place(self, address, areas=None):
        areas = list(ServiceArea.objects.all()) if areas is None else areas
        if address.point is None:
            return ServiceAreaShapes().place(address, areas)
        by_name = {area.name: area for area in areas}
        ids, problems = set(), []
        for name, geometry in self.features(address.point):
            if name not in by_name:
                continue
            if geometry.covers(Point(*address.point)):
                ids.add(by_name[name].pk)
            metres = boundaries.geometry_metres_from_edge(
                geometry, *address.point, settings.ADDRESS_EDGE_METRES
            )
            if metres is not None:
                problems.append(
                    Problem("near_edge", {"area": name, "metres": round(metres)})
                )
        return frozenset(ids), problems
