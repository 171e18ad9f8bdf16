"""The address step: the standardized address offered, never a silent "outside",
and what staff see when a person must place the address."""

import json
from pathlib import Path

import pytest
import requests
import responses

from applications.models import Household
from programs.models import ServiceArea

from .conftest import make_household

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).parents[2] / "programs" / "tests" / "address_responses"
CENSUS = "https://geocoding.geo.census.gov/geocoder/locations/address"


def address(**overrides):
    return {
        "street": "300 Laporte Ave",
        "city": "Fairview",
        "state": "CO",
        "zip_code": "80521",
        "action": "continue",
        **overrides,
    }


@pytest.fixture
def applicant(client, demo_content):
    household = make_household(steps=["account"], zip_code="")
    client.force_login(household.user)
    return household


def test_an_address_already_in_postal_form_is_saved_at_once(client, applicant):
    response = client.post("/apply/address/", address())

    assert response.status_code == 302
    household = Household.objects.get(pk=applicant.pk)
    assert household.street == "300 Laporte Ave"
    assert not household.address_needs_review
    assert household.placement_problems == []
    assert household.service_areas.exists()


def test_a_nonsense_street_with_a_good_zip_is_not_placed_by_the_zip(client, applicant):
    response = client.post("/apply/address/", address(street="Qwerty Asdf"))

    assert response.status_code == 302
    assert response["Location"] == "/apply/household/"
    household = Household.objects.get(pk=applicant.pk)
    assert household.street == "Qwerty Asdf"
    assert household.address_needs_review
    assert not household.service_areas.exists()
    assert household.placement_reasons == [
        "usaddress-scourgify could not standardize the address: it found no such "
        "street address."
    ]


def test_zip_00000_needs_a_person(client, applicant):
    client.post("/apply/address/", address(zip_code="00000"))

    household = Household.objects.get(pk=applicant.pk)
    assert household.address_needs_review
    assert household.placement_reasons == [
        "The ZIP code 00000 is in no service area's list."
    ]


def test_the_standardized_address_is_offered_before_anything_is_saved(
    client, applicant
):
    typed = address(street="300 laporte avenue", unit="apartment 2", city="fairview")

    response = client.post("/apply/address/", typed)

    assert response.status_code == 200
    assert response.templates[0].name == "applications/step_address_confirm.html"
    page = response.content.decode()
    assert "300 LAPORTE AVE, APT 2" in page and "FAIRVIEW, CO 80521" in page
    assert "300 Laporte Avenue, apartment 2" in page  # as typed, tidied
    assert Household.objects.get(pk=applicant.pk).street == "300 Laporte Ave"
    assert not Household.objects.get(pk=applicant.pk).is_step_complete("address")


def test_taking_the_suggestion_saves_it(client, applicant):
    typed = address(street="300 laporte avenue", unit="apartment 2", city="fairview")

    response = client.post(
        "/apply/address/",
        {**typed, "confirming": "1", "address_choice": "standardized"},
    )

    assert response.status_code == 302
    household = Household.objects.get(pk=applicant.pk)
    assert (household.street, household.unit, household.city) == (
        "300 LAPORTE AVE",
        "APT 2",
        "FAIRVIEW",
    )
    assert household.address_standardized
    assert household.is_step_complete("address")


def test_keeping_the_typed_address_saves_it_as_typed(client, applicant):
    typed = address(street="300 laporte avenue", city="fairview")

    client.post(
        "/apply/address/", {**typed, "confirming": "1", "address_choice": "typed"}
    )

    household = Household.objects.get(pk=applicant.pk)
    assert household.street == "300 Laporte Avenue"  # tidied as ever, not standardized
    assert household.city == "fairview"
    assert not household.address_standardized


def test_the_suggestion_is_worked_out_again_never_read_from_the_page(client, applicant):
    typed = address(street="1200 remington street")

    client.post(
        "/apply/address/",
        {
            **typed,
            "confirming": "1",
            "address_choice": "standardized",
            "standardized_street": "1 Elsewhere St",
        },
    )

    assert Household.objects.get(pk=applicant.pk).street == "1200 REMINGTON ST"


def test_no_choice_is_a_clear_message_on_the_page(client, applicant):
    typed = address(street="300 laporte avenue")

    response = client.post("/apply/address/", {**typed, "confirming": "1"})

    assert response.status_code == 200
    assert "Choose which address to use." in response.content.decode()
    assert not Household.objects.get(pk=applicant.pk).is_step_complete("address")


def test_change_the_address_goes_back_to_the_fields_with_what_was_typed(
    client, applicant
):
    typed = address(street="300 laporte avenue")

    response = client.post("/apply/address/", {**typed, "confirming": "1", "edit": "1"})

    assert response.templates[0].name == "applications/step_address.html"
    assert 'value="300 laporte avenue"' in response.content.decode()  # as typed


def test_the_same_confirmation_twice_leaves_one_household(client, applicant):
    data = {
        **address(street="300 laporte avenue"),
        "confirming": "1",
        "address_choice": "standardized",
    }

    client.post("/apply/address/", data)
    household = Household.objects.get(pk=applicant.pk)
    areas = sorted(household.service_areas.values_list("pk", flat=True))
    client.post("/apply/address/", data)

    assert Household.objects.filter(user=applicant.user).count() == 1
    household = Household.objects.get(pk=applicant.pk)
    assert household.street == "300 LAPORTE AVE"
    assert (
        areas and sorted(household.service_areas.values_list("pk", flat=True)) == areas
    )


@pytest.fixture
def census(settings):
    settings.CENSUS_GEOCODER_URL = CENSUS
    settings.ADDRESS_BACKENDS = [
        "programs.addresses.standardizers.Scourgify",
        "programs.addresses.geocoders.CensusGeocoder",
        "programs.addresses.placers.ServiceAreaShapes",
    ]


def drawn_area_round_silver_hill():
    return ServiceArea.objects.create(
        name="Suitland",
        zip_codes="20233",
        boundary={
            "type": "Polygon",
            "coordinates": [
                [
                    [-76.95, 38.83],
                    [-76.90, 38.83],
                    [-76.90, 38.86],
                    [-76.95, 38.86],
                    [-76.95, 38.83],
                ]
            ],
        },
    )


SILVER_HILL = {
    "street": "4600 SILVER HILL RD",
    "city": "WASHINGTON",
    "state": "DC",
    "zip_code": "20233",
    "action": "continue",
}


@responses.activate
def test_a_geocoded_point_places_the_household_by_the_map(
    client, applicant, census, caseworker
):
    responses.get(CENSUS, json=json.loads((RECORDED / "census_match.json").read_text()))
    area = drawn_area_round_silver_hill()

    client.post("/apply/address/", SILVER_HILL)

    household = Household.objects.get(pk=applicant.pk)
    assert household.point == (-76.927487, 38.846016)
    assert household.geocoded_by == "Census geocoder"
    assert list(household.service_areas.all()) == [area]
    assert not household.address_needs_review

    client.force_login(caseworker)
    page = client.get(
        f"/admin/applications/household/inspect/{household.pk}/"
    ).content.decode()
    assert "Census geocoder" in page
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" class="service-area-drawing"' in page
    )
    assert "<circle" in page


@responses.activate
def test_a_geocoder_timeout_needs_a_person_and_staff_read_why(
    client, applicant, census, caseworker
):
    responses.get(CENSUS, body=requests.exceptions.ReadTimeout())
    drawn_area_round_silver_hill()

    response = client.post("/apply/address/", SILVER_HILL)

    assert response.status_code == 302
    household = Household.objects.get(pk=applicant.pk)
    assert household.address_needs_review
    assert household.point is None
    client.force_login(caseworker)
    page = client.get(
        f"/admin/applications/household/inspect/{household.pk}/"
    ).content.decode()
    assert (
        "Census geocoder could not be reached or failed: no answer within 5.0 seconds."
        in page
    )
    assert "4600 silver hill" in page.lower()  # the address, on the household page only
