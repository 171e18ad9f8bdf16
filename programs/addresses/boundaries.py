"""Service-area boundaries: GeoJSON read and checked, as shapely shapes, drawn as SVG.

An editor uploads (or pastes) a GeoJSON Polygon, MultiPolygon, Feature or
FeatureCollection; `read_boundary` checks it and gives the Polygon or MultiPolygon
that is kept. Shapes are prepared once per boundary (an address is tested against
every area), and the drawing is made from the coordinates themselves: no tiles, no
outside server, nothing a content security policy has to allow.
"""

import json
import math
from functools import lru_cache

import shapely
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_POSITIONS = 200_000
# Metres in a degree of latitude, and of longitude at the equator (WGS 84, rounded):
# near enough for "how far from the edge" at a city's scale.
METRES_PER_DEGREE_LATITUDE = 110_574
METRES_PER_DEGREE_LONGITUDE = 111_320


def read_boundary(data):
    """The Polygon or MultiPolygon in `data` (GeoJSON text, bytes or an object), or
    ValidationError naming what is wrong with it."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("The file is not GeoJSON text.")) from error
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as error:  # nested past any GeoJSON
            raise ValidationError(_("This is not valid JSON.")) from error
    polygons = _polygons(data)
    if not polygons:
        raise ValidationError(
            _("The GeoJSON holds no Polygon or MultiPolygon to use as a boundary.")
        )
    positions = 0
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(_("A polygon has no rings of coordinates."))
        for ring in polygon:
            positions += _check_ring(ring)
    if positions > MAX_POSITIONS:
        raise ValidationError(
            _("The boundary has %(count)s points; at most %(max)s are allowed.")
            % {"count": positions, "max": MAX_POSITIONS}
        )
    polygons = [[[position[:2] for position in ring] for ring in p] for p in polygons]
    boundary = (
        {"type": "Polygon", "coordinates": polygons[0]}
        if len(polygons) == 1
        else {"type": "MultiPolygon", "coordinates": polygons}
    )
    geometry = shape(boundary)
    if not geometry.is_valid:
        raise ValidationError(
            _("The boundary is not a valid shape: %(reason)s.")
            % {"reason": explain_validity(geometry)}
        )
    return boundary


def _polygons(data):
    """The polygons (each a list of rings) in a GeoJSON object."""
    if not isinstance(data, dict):
        raise ValidationError(_("Give a GeoJSON object."))
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise ValidationError(_("The FeatureCollection has no list of features."))
        return [p for feature in features for p in _polygons(feature)]
    if kind == "Feature":
        geometry = data.get("geometry")
        return _polygons(geometry) if geometry else []
    coordinates = data.get("coordinates")
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list):
            raise ValidationError(_("The MultiPolygon has no list of polygons."))
        return coordinates
    raise ValidationError(
        _(
            "Give a GeoJSON Polygon or MultiPolygon (or a Feature holding one), not %(type)s."
        )
        % {"type": str(kind)[:40]}
    )


def _check_ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(_("Each ring needs at least four positions."))
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(
                isinstance(n, int | float)
                and not isinstance(n, bool)
                and math.isfinite(n)
                for n in position
            )
        ):
            raise ValidationError(
                _("Each position must be two numbers: longitude, then latitude.")
            )
        longitude, latitude = position[:2]
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            raise ValidationError(
                _(
                    "A position lies off the globe (longitude first, from -180 to 180; "
                    "latitude from -90 to 90)."
                )
            )
    if ring[0][:2] != ring[-1][:2]:
        raise ValidationError(
            _("A ring is not closed: its last position must repeat its first.")
        )
    return len(ring)


@lru_cache(maxsize=256)
def _prepared(boundary_json):
    geometry = shape(json.loads(boundary_json))
    shapely.prepare(geometry)
    return geometry


def boundary_shape(boundary):
    """The prepared shapely shape of a stored boundary (built once per boundary)."""
    return _prepared(json.dumps(boundary, sort_keys=True))


def metres_from_edge(boundary, longitude, latitude, within):
    """How far the point lies from the boundary's edge in metres, when less than
    `within`; None when farther (most areas are skipped by their bounding box)."""
    return geometry_metres_from_edge(
        boundary_shape(boundary), longitude, latitude, within
    )


def geometry_metres_from_edge(geometry, longitude, latitude, within):
    scale_x = METRES_PER_DEGREE_LONGITUDE * math.cos(math.radians(latitude))
    margin_x, margin_y = within / max(scale_x, 1), within / METRES_PER_DEGREE_LATITUDE
    west, south, east, north = geometry.bounds
    if not (
        west - margin_x <= longitude <= east + margin_x
        and south - margin_y <= latitude <= north + margin_y
    ):
        return None
    local = shapely.transform(
        geometry.boundary,
        lambda xy: (xy - (longitude, latitude)) * (scale_x, METRES_PER_DEGREE_LATITUDE),
    )
    metres = local.distance(Point(0, 0))
    return metres if metres < within else None


def from_esri_rings(rings):
    """A shape from an ArcGIS polygon's rings (outer rings and holes in one list):
    each ring flips what it covers, as the even-odd rule draws them."""
    geometry = shapely.Polygon()
    for ring in rings:
        geometry = geometry.symmetric_difference(shapely.Polygon(ring).buffer(0))
    return geometry


def contains(boundary, longitude, latitude):
    """Inside the boundary (a hole is outside; a point on the edge is inside)."""
    return boundary_shape(boundary).covers(Point(longitude, latitude))


def draw(boundaries, point=None, *, label, width=480):
    """An SVG drawing of the boundaries (and a point), from their coordinates.

    Longitudes are narrowed by the cosine of the middle latitude so the shape is not
    stretched; holes stay open (even-odd fill). The drawing is simplified to what a
    screen shows, so a detailed boundary does not make a heavy page.
    """
    geometries = [shape(b) for b in boundaries if b]
    if not geometries:
        return ""
    union = shapely.union_all(geometries)
    west, south, east, north = union.bounds
    if point:
        west, east = min(west, point[0]), max(east, point[0])
        south, north = min(south, point[1]), max(north, point[1])
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 1e-6)
    span_y = max(north - south, 1e-6)
    height = max(120, min(width, round(width * span_y / span_x)))
    pad = 8
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)

    def xy(longitude, latitude):
        return (
            round(pad + (longitude - west) * squeeze * scale, 1),
            round(pad + (north - latitude) * scale, 1),
        )

    tolerance = 0.5 / scale
    paths = []
    for geometry in geometries:
        simple = geometry.simplify(tolerance, preserve_topology=True)
        rings = []
        for polygon in getattr(simple, "geoms", [simple]):
            for ring in [polygon.exterior, *polygon.interiors]:
                points = [xy(x, y) for x, y in ring.coords]
                rings.append("M" + " L".join(f"{x} {y}" for x, y in points) + " Z")
        paths.append(" ".join(rings))
    marker = ""
    if point:
        x, y = xy(*point)
        marker = format_html(
            '<circle cx="{}" cy="{}" r="6" fill="#d83933" stroke="#ffffff" '
            'stroke-width="2"/>',
            x,
            y,
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="service-area-drawing" '
        'role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}">'
        "<title>{}</title>{}{}</svg>",
        label,
        width,
        height,
        width,
        height,
        label,
        format_html_join(
            "",
            '<path d="{}" fill="#73b3e7" fill-opacity="0.35" fill-rule="evenodd" '
            'stroke="#005ea2" stroke-width="1.5"/>',
            ((path,) for path in paths),
        ),
        marker,
    )
