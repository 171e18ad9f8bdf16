"""Service-area boundaries: real-shaped polygons, the edge, holes, and the GeoJSON an
editor may upload."""

import json

import pytest
from django.core.exceptions import ValidationError

from programs.addresses import Address, place_address
from programs.addresses.boundaries import MAX_POSITIONS, draw, read_boundary
from programs.models import ServiceArea

pytestmark = pytest.mark.django_db

# A city of two parts, in the shape city limits take: a main part with a hole (an
# unincorporated pocket) and a detached part across a river, near 40.58 N.
MAIN_PART = [
    [-105.14, 40.52],
    [-105.02, 40.52],
    [-105.02, 40.63],
    [-105.14, 40.63],
    [-105.14, 40.52],
]
POCKET = [
    [-105.09, 40.56],
    [-105.09, 40.58],
    [-105.07, 40.58],
    [-105.07, 40.56],
    [-105.09, 40.56],
]
DETACHED = [
    [-104.99, 40.55],
    [-104.96, 40.55],
    [-104.96, 40.57],
    [-104.99, 40.57],
    [-104.99, 40.55],
]
CITY = {"type": "MultiPolygon", "coordinates": [[MAIN_PART, POCKET], [DETACHED]]}


@pytest.fixture
def city():
    return ServiceArea.objects.create(
        name="City", zip_codes="80521 80524", boundary=CITY
    )


def at(longitude, latitude, zip_code="80521"):
    return place_address(
        Address(zip_code=zip_code, longitude=longitude, latitude=latitude),
        geocode=False,
    )


def test_a_point_in_each_part_is_inside(city):
    assert at(-105.10, 40.60).area_ids == frozenset({city.pk})
    assert at(-104.975, 40.56).area_ids == frozenset({city.pk})


def test_a_point_in_the_hole_is_outside_though_its_zip_is_listed(city):
    placement = at(-105.08, 40.57)

    assert placement.area_ids == frozenset()
    assert placement.problems == ()


def test_a_point_between_the_parts_is_outside(city):
    assert at(-105.00, 40.56).area_ids == frozenset()


@pytest.mark.parametrize(
    "point",
    [
        (-105.14, 40.60),  # on the western edge
        (-105.0801, 40.58),  # on the hole's edge
        (-105.1398, 40.60),  # about 17 m inside
        (-105.1402, 40.60),  # about 17 m outside
        (-104.99, 40.5501),  # by the detached part's corner
    ],
)
def test_a_point_on_or_near_an_edge_needs_a_person(city, point):
    placement = at(*point)

    assert placement.needs_person
    assert [problem.code for problem in placement.problems] == ["near_edge"]
    assert placement.problems[0].figures["area"] == "City"
    assert placement.problems[0].figures["metres"] < 25
    assert str(placement.problems[0]) == (
        f"The address lies {placement.problems[0].figures['metres']} m from the edge "
        "of City, too close to place it automatically."
    )


def test_the_edge_distance_is_a_setting(city, settings):
    settings.ADDRESS_EDGE_METRES = 10
    assert at(-105.1398, 40.60).area_ids == frozenset({city.pk})


def test_without_a_point_a_drawn_area_is_not_decided_by_its_zip(city):
    placement = place_address(Address(zip_code="80521"), geocode=False)

    assert placement.needs_person
    assert placement.problems[0].code == "zip_only_drawn_area"


def test_without_a_point_a_zip_the_drawn_area_does_not_list_is_outside(city):
    ServiceArea.objects.create(name="County", zip_codes="80999")
    placement = place_address(Address(zip_code="80999"), geocode=False)
    assert placement.area_ids == frozenset(
        ServiceArea.objects.filter(name="County").values_list("pk", flat=True)
    )


def test_a_zip_in_no_area_is_never_a_silent_outside():
    ServiceArea.objects.create(name="City", zip_codes="80521")
    for zip_code in ("00000", "99999"):
        placement = place_address(Address(zip_code=zip_code), geocode=False)
        assert placement.needs_person
        assert str(placement.problems[0]) == (
            f"The ZIP code {zip_code} is in no service area's list."
        )


# Reading what an editor uploads ------------------------------------------------


def test_a_feature_collection_becomes_one_multipolygon():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [MAIN_PART, POCKET]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [DETACHED]},
            },
        ],
    }
    assert read_boundary(json.dumps(collection).encode()) == CITY


def test_altitudes_are_dropped():
    ring = [[*position, 1520.0] for position in MAIN_PART]
    assert read_boundary({"type": "Polygon", "coordinates": [ring]}) == {
        "type": "Polygon",
        "coordinates": [MAIN_PART],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "This is not valid JSON."),
        (b"\xff\xfe", "The file is not GeoJSON text."),
        (b"[" * 100_000 + b"]" * 100_000, "This is not valid JSON."),
        (
            {"type": "Point", "coordinates": [0, 0]},
            "Give a GeoJSON Polygon or MultiPolygon",
        ),
        ({"type": "FeatureCollection", "features": []}, "holds no Polygon"),
        ({"type": "Polygon", "coordinates": [MAIN_PART[:-1]]}, "A ring is not closed"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]},
            "at least four positions",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[40.5, -105], [40.6, -105], [40.6, -104], [40.5, -105]]
                ],
            },
            "off the globe",
        ),
        (
            {"type": "Polygon", "coordinates": [[["a", 0], [1, 0], [1, 1], ["a", 0]]]},
            "two numbers",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]],
            },
            "not a valid shape: Self-intersection",
        ),
    ],
)
def test_bad_geojson_is_refused_with_what_is_wrong(data, message):
    with pytest.raises(ValidationError) as refused:
        read_boundary(data)
    assert message in refused.value.messages[0]


def test_too_many_points_are_refused():
    step = 1 / MAX_POSITIONS
    ring = [[i * step, 0.0] for i in range(MAX_POSITIONS)] + [[1.0, 1.0], [0.0, 0.0]]
    with pytest.raises(ValidationError, match="at most"):
        read_boundary({"type": "Polygon", "coordinates": [ring]})


def test_the_model_keeps_only_a_checked_boundary():
    area = ServiceArea(
        name="City",
        boundary={
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [MAIN_PART]},
        },
    )
    area.full_clean()
    assert area.boundary == {"type": "Polygon", "coordinates": [MAIN_PART]}

    area.boundary = {"type": "Polygon", "coordinates": [MAIN_PART[:-1]]}
    with pytest.raises(ValidationError) as refused:
        area.full_clean()
    assert "boundary" in refused.value.message_dict


# Drawing ----------------------------------------------------------------------


def test_the_drawing_is_made_from_the_data_with_the_hole_and_the_point():
    svg = str(draw([CITY], (-105.10, 40.60), label="City"))

    assert (
        svg.startswith("<svg") and 'role="img"' in svg and "<title>City</title>" in svg
    )
    assert svg.count("<path") == 1 and svg.count(" Z") == 3  # two parts and the hole
    assert 'fill-rule="evenodd"' in svg
    assert "<circle" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
