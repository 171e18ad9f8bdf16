"""Each address backend on recorded answers (programs/tests/address_responses), in
the formats each service documents; no test reaches the network.

- Census geocoder: "Census Geocoder REST API" (geocoding.geo.census.gov, the
  `locations/address` JSON example, and its 400 answer with an `errors` list).
- ArcGIS: "Find Address Candidates" and the geocode "response types"
  (developers.arcgis.com/rest), errors as HTTP 200 with an `error` object; the
  layer `query` operation with `distance`, `units`, `returnGeometry` and `outSR`.
- USPS: Addresses API v3 OpenAPI description (developers.usps.com/addressesv3):
  `GET /addresses/v3/address`, its 400 "Address Not Found." answer, and the OAuth
  `POST /oauth2/v3/token` client-credentials answer.
"""

import json
from pathlib import Path

import pytest
import requests
import responses
from responses import matchers

from programs.addresses import Address, place_address, standardize
from programs.addresses.base import BackendError, LowScore, NotFound
from programs.addresses.geocoders import ArcGISLocator, CensusGeocoder
from programs.addresses.placers import ArcGISLayer
from programs.addresses.standardizers import Scourgify, UspsAddresses
from programs.models import ServiceArea

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).parent / "address_responses"
CENSUS = "https://geocoding.geo.census.gov/geocoder/locations/address"
LOCATOR = "https://gis.example.gov/arcgis/rest/services/Locators/City/GeocodeServer"
LAYER = "https://gis.example.gov/arcgis/rest/services/Boundaries/FeatureServer/0"
USPS = "https://apis.usps.com"

SILVER_HILL = Address(
    street="4600 SILVER HILL RD", city="WASHINGTON", state="DC", zip_code="20233"
)
NEW_YORK_ST = Address(
    street="380 NEW YORK ST", city="REDLANDS", state="CA", zip_code="92373"
)


def recorded(name):
    return json.loads((RECORDED / name).read_text())


@pytest.fixture
def census(settings):
    settings.CENSUS_GEOCODER_URL = CENSUS
    settings.ADDRESS_BACKENDS = [
        "programs.addresses.standardizers.Scourgify",
        "programs.addresses.geocoders.CensusGeocoder",
        "programs.addresses.placers.ServiceAreaShapes",
    ]


@pytest.fixture
def locator(settings):
    settings.ARCGIS_LOCATOR_URL = LOCATOR
    settings.ARCGIS_LOCATOR_MIN_SCORE = 90


# Standardizing -------------------------------------------------------------------


def test_scourgify_writes_the_postal_form_offline():
    standardized = Scourgify().standardize(
        Address(
            street="300 laporte avenue",
            unit="apartment 2",
            city="fort collins",
            state="co",
            zip_code="80521",
        )
    )
    assert standardized == Address(
        street="300 LAPORTE AVE",
        unit="APT 2",
        city="FORT COLLINS",
        state="CO",
        zip_code="80521",
    )


def test_scourgify_cannot_read_a_nonsense_street():
    with pytest.raises(NotFound):
        Scourgify().standardize(
            Address(street="qwerty asdf", city="Fairview", state="CO", zip_code="80521")
        )


@pytest.fixture
def usps(settings):
    settings.USPS_CLIENT_ID = "portal-test-client"
    settings.USPS_CLIENT_SECRET = "secret"
    settings.USPS_API_URL = USPS


@responses.activate
def test_usps_standardizes_with_one_token_kept_until_it_expires(usps):
    token = responses.post(f"{USPS}/oauth2/v3/token", json=recorded("usps_token.json"))
    lookup = responses.get(
        f"{USPS}/addresses/v3/address",
        json=recorded("usps_address.json"),
        match=[
            matchers.header_matcher(
                {
                    "Authorization": f"Bearer {recorded('usps_token.json')['access_token']}"
                }
            ),
            matchers.query_param_matcher(
                {
                    "streetAddress": "475 L'Enfant Plaza SW",
                    "city": "Washington",
                    "state": "DC",
                    "ZIPCode": "20260",
                }
            ),
        ],
    )
    typed = Address(
        street="475 L'Enfant Plaza SW", city="Washington", state="DC", zip_code="20260"
    )

    first = UspsAddresses().standardize(typed)
    second = UspsAddresses().standardize(typed)

    assert (
        first
        == second
        == Address(
            street="475 L ENFANT PLZ SW",
            city="WASHINGTON",
            state="DC",
            zip_code="20260-0004",
        )
    )
    assert token.call_count == 1
    assert lookup.call_count == 2


@responses.activate
def test_usps_address_not_found_is_no_match(usps):
    responses.post(f"{USPS}/oauth2/v3/token", json=recorded("usps_token.json"))
    responses.get(
        f"{USPS}/addresses/v3/address", status=400, json=recorded("usps_not_found.json")
    )
    with pytest.raises(NotFound):
        UspsAddresses().standardize(SILVER_HILL)


@responses.activate
def test_usps_down_is_a_failure_the_chain_turns_into_needs_a_person(usps, settings):
    settings.ADDRESS_BACKENDS = [
        "programs.addresses.standardizers.UspsAddresses",
        "programs.addresses.placers.ServiceAreaShapes",
    ]
    responses.post(f"{USPS}/oauth2/v3/token", status=503, body="<html>down</html>")

    standardized, problem = standardize(SILVER_HILL)

    assert standardized is None
    assert problem.code == "failed"
    assert (
        str(problem) == "USPS Addresses API could not be reached or failed: HTTP 503."
    )


# Census geocoder -----------------------------------------------------------------


@responses.activate
def test_census_match_gives_the_point(census):
    responses.get(
        CENSUS,
        json=recorded("census_match.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "street": "4600 SILVER HILL RD",
                    "city": "WASHINGTON",
                    "state": "DC",
                    "zip": "20233",
                    "benchmark": "Public_AR_Current",
                    "format": "json",
                }
            )
        ],
    )
    assert CensusGeocoder().geocode(SILVER_HILL) == (-76.927487, 38.846016, None)


@responses.activate
@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ({"json": recorded("census_no_match.json")}, "no_match"),
        ({"json": recorded("census_two_matches.json")}, "ambiguous"),
        ({"json": recorded("census_error.json"), "status": 400}, "failed"),
        ({"body": "<html>Service Unavailable</html>", "status": 503}, "failed"),
        ({"body": requests.exceptions.ReadTimeout()}, "failed"),
        ({"body": "not json"}, "failed"),
    ],
)
def test_census_answers_that_are_not_a_point_need_a_person(census, answer, code):
    responses.get(CENSUS, **answer)
    ServiceArea.objects.create(name="City", zip_codes="20233")

    placement = place_address(SILVER_HILL)

    assert placement.needs_person
    assert [problem.code for problem in placement.problems] == [code]
    assert "SILVER" not in str(placement.problems[0])


@responses.activate
def test_census_timeout_says_so_in_words(census, settings):
    settings.CENSUS_GEOCODER_TIMEOUT_SECONDS = 3
    responses.get(CENSUS, body=requests.exceptions.ConnectTimeout())

    placement = place_address(SILVER_HILL)

    assert str(placement.problems[0]) == (
        "Census geocoder could not be reached or failed: no answer within 3 seconds."
    )


# ArcGIS locator ------------------------------------------------------------------


@responses.activate
def test_arcgis_takes_the_best_candidate_with_its_score(locator):
    responses.get(
        f"{LOCATOR}/findAddressCandidates",
        json=recorded("arcgis_candidates.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "Address": "380 NEW YORK ST",
                    "Address2": "",
                    "City": "REDLANDS",
                    "Region": "CA",
                    "Postal": "92373",
                    "outFields": "Addr_type",
                    "maxLocations": "5",
                    "outSR": "4326",
                    "f": "json",
                }
            )
        ],
    )
    assert ArcGISLocator().geocode(NEW_YORK_ST) == (-117.195683, 34.056491, 100.0)


@responses.activate
def test_arcgis_low_score_is_refused(locator):
    responses.get(
        f"{LOCATOR}/findAddressCandidates", json=recorded("arcgis_low_score.json")
    )
    with pytest.raises(LowScore) as refused:
        ArcGISLocator().geocode(NEW_YORK_ST)
    assert (refused.value.score, refused.value.minimum) == (72.35, 90)


@responses.activate
@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"json": recorded("arcgis_empty.json")}, NotFound),
        # ArcGIS answers an error with HTTP 200 and an error object.
        ({"json": recorded("arcgis_error.json")}, BackendError),
        ({"status": 500, "body": "Internal Server Error"}, BackendError),
        ({"body": requests.exceptions.ReadTimeout()}, BackendError),
    ],
)
def test_arcgis_no_candidate_error_and_timeout(locator, answer, error):
    responses.get(f"{LOCATOR}/findAddressCandidates", **answer)
    with pytest.raises(error):
        ArcGISLocator().geocode(NEW_YORK_ST)


@responses.activate
def test_the_second_geocoder_answers_when_the_first_fails(locator, settings):
    settings.CENSUS_GEOCODER_URL = CENSUS
    settings.ADDRESS_BACKENDS = [
        "programs.addresses.geocoders.CensusGeocoder",
        "programs.addresses.geocoders.ArcGISLocator",
        "programs.addresses.placers.ServiceAreaShapes",
    ]
    responses.get(CENSUS, body=requests.exceptions.ReadTimeout())
    responses.get(
        f"{LOCATOR}/findAddressCandidates", json=recorded("arcgis_candidates.json")
    )
    redlands = ServiceArea.objects.create(
        name="Redlands",
        boundary={
            "type": "Polygon",
            "coordinates": [
                [
                    [-117.21, 34.04],
                    [-117.18, 34.04],
                    [-117.18, 34.07],
                    [-117.21, 34.07],
                    [-117.21, 34.04],
                ]
            ],
        },
    )

    placement = place_address(NEW_YORK_ST)

    assert placement.area_ids == frozenset({redlands.pk})
    assert placement.problems == ()
    assert placement.geocoded_by == "ArcGIS locator"
    assert placement.score == 100.0
    assert placement.address.point == (-117.195683, 34.056491)


@responses.activate
def test_a_low_score_is_a_person_with_the_figures(locator, settings):
    settings.ADDRESS_BACKENDS = [
        "programs.addresses.geocoders.ArcGISLocator",
        "programs.addresses.placers.ServiceAreaShapes",
    ]
    responses.get(
        f"{LOCATOR}/findAddressCandidates", json=recorded("arcgis_low_score.json")
    )

    placement = place_address(NEW_YORK_ST)

    assert placement.needs_person
    assert str(placement.problems[0]) == (
        "ArcGIS locator matched the address with a score of 72.35; 90 is needed."
    )


# ArcGIS boundary layer -----------------------------------------------------------


@pytest.fixture
def layer(settings):
    settings.ARCGIS_AREAS_LAYER_URL = LAYER
    settings.ARCGIS_AREAS_FIELD = "NAME"
    settings.ADDRESS_BACKENDS = ["programs.addresses.placers.ArcGISLayer"]


@responses.activate
def test_layer_query_places_the_point_by_the_named_feature(layer):
    query = responses.get(
        f"{LAYER}/query",
        json=recorded("arcgis_layer_query.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "geometry": "-117.195683,34.056491",
                    "geometryType": "esriGeometryPoint",
                    "inSR": "4326",
                    "spatialRel": "esriSpatialRelIntersects",
                    "distance": "25.0",
                    "units": "esriSRUnit_Meter",
                    "outFields": "NAME",
                    "returnGeometry": "true",
                    "outSR": "4326",
                    "f": "json",
                }
            )
        ],
    )
    redlands = ServiceArea.objects.create(name="Redlands")
    address = Address(
        **{**NEW_YORK_ST.__dict__, "longitude": -117.195683, "latitude": 34.056491}
    )

    assert ArcGISLayer().place(address) == (frozenset({redlands.pk}), [])
    assert query.call_count == 1


@responses.activate
def test_layer_point_in_the_features_hole_is_outside(layer):
    responses.get(f"{LAYER}/query", json=recorded("arcgis_layer_query.json"))
    ServiceArea.objects.create(name="Redlands")
    in_hole = Address(zip_code="92373", longitude=-117.195, latitude=34.051)

    assert ArcGISLayer().place(in_hole) == (frozenset(), [])


@responses.activate
def test_layer_point_near_the_edge_needs_a_person(layer):
    responses.get(f"{LAYER}/query", json=recorded("arcgis_layer_query.json"))
    ServiceArea.objects.create(name="Redlands")
    # 0.0001 degrees of latitude (about 11 m) inside the northern edge.
    near_edge = Address(zip_code="92373", longitude=-117.195, latitude=34.0699)

    placement = place_address(near_edge, geocode=False)

    assert placement.needs_person
    assert placement.problems[0].code == "near_edge"
    assert placement.problems[0].figures == {"area": "Redlands", "metres": 11}


@responses.activate
def test_layer_error_answer_needs_a_person(layer):
    responses.get(f"{LAYER}/query", json=recorded("arcgis_error.json"))
    ServiceArea.objects.create(name="Redlands")

    placement = place_address(
        Address(zip_code="92373", longitude=-117.195, latitude=34.0565), geocode=False
    )

    assert placement.needs_person
    assert str(placement.problems[0]) == (
        "ArcGIS service-area layer could not be reached or failed: "
        "error 498 from the service."
    )


def test_the_offline_default_never_calls_the_network(settings):
    """No configuration: scourgify and the maps; `responses` refuses any request."""
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        ServiceArea.objects.create(name="City", zip_codes="80521")
        standardized, problem = standardize(
            Address(
                street="300 Laporte Ave", city="Fairview", state="CO", zip_code="80521"
            )
        )
        placement = place_address(standardized)
    assert problem is None
    assert placement.area_ids == frozenset(
        ServiceArea.objects.values_list("pk", flat=True)
    )


@responses.activate
@pytest.mark.parametrize(
    "answer",
    [
        {"body": requests.exceptions.ReadTimeout()},
        {"status": 502, "body": "Bad Gateway"},
        {"json": {"features": [{"attributes": {}}]}},
    ],
)
def test_layer_timeout_http_error_and_unreadable_answer_need_a_person(layer, answer):
    responses.get(f"{LAYER}/query", **answer)
    ServiceArea.objects.create(name="Redlands")

    placement = place_address(
        Address(zip_code="92373", longitude=-117.195, latitude=34.0565), geocode=False
    )

    assert placement.needs_person
    assert placement.problems[0].code == "failed"


@responses.activate
def test_layer_with_no_feature_near_is_outside(layer):
    responses.get(f"{LAYER}/query", json={"features": []})
    ServiceArea.objects.create(name="Redlands")

    placement = place_address(
        Address(zip_code="92373", longitude=-117.5, latitude=34.5), geocode=False
    )

    assert placement.area_ids == frozenset()


@responses.activate
def test_usps_timeout_is_a_failure_with_its_reason(usps, settings):
    settings.USPS_TIMEOUT_SECONDS = 2
    responses.post(f"{USPS}/oauth2/v3/token", json=recorded("usps_token.json"))
    responses.get(
        f"{USPS}/addresses/v3/address", body=requests.exceptions.ReadTimeout()
    )

    with pytest.raises(BackendError, match="no answer within 2 seconds"):
        UspsAddresses().standardize(SILVER_HILL)


def test_no_address_reaches_the_logs_even_at_debug(settings, caplog):
    """urllib3 logs each request line (with the query: the address) at DEBUG; the
    portal's logging keeps it at WARNING whatever LOG_LEVEL says."""
    import logging.config

    logging.config.dictConfig(
        {**settings.LOGGING, "root": {"handlers": ["console"], "level": "DEBUG"}}
    )
    try:
        assert not logging.getLogger("urllib3.connectionpool").isEnabledFor(
            logging.DEBUG
        )
    finally:
        logging.config.dictConfig(settings.LOGGING)
