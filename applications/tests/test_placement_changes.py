"""When an editor changes a service area's boundary or ZIP list, households are
placed again and staff see who moved; and editors manage areas as maps."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from applications.models import Household, PlacementChange
from applications.placement import address_of, place_household
from portal import roles
from programs.addresses import Address, place_address, standardize
from programs.models import ServiceArea

from .conftest import make_applicant, make_household

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-105.2, 40.5], [-105.0, 40.5], [-105.0, 40.7], [-105.2, 40.7], [-105.2, 40.5]]
    ],
}
SMALLER = {
    "type": "Polygon",
    "coordinates": [
        [[-105.2, 40.5], [-105.1, 40.5], [-105.1, 40.7], [-105.2, 40.7], [-105.2, 40.5]]
    ],
}


def household_at(email, longitude, latitude, zip_code="80999"):
    household = make_household(make_applicant(email), zip_code=zip_code, area_ids=[])
    place_household(
        household,
        place_address(
            Address(zip_code=zip_code, longitude=longitude, latitude=latitude),
            geocode=False,
        ),
    )
    return household


def areas_of(household):
    return sorted(
        Household.objects.get(pk=household.pk).service_areas.values_list(
            "name", flat=True
        )
    )


@pytest.fixture
def drawn(demo_content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ServiceArea.objects.create(name="Drawn City", boundary=SQUARE)


def save(area, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        area.save()


def test_a_smaller_boundary_moves_out_the_households_it_no_longer_holds(
    drawn, django_capture_on_commit_callbacks
):
    west = household_at("west@example.com", -105.15, 40.6)
    east = household_at("east@example.com", -105.05, 40.6)
    assert areas_of(west) == areas_of(east) == ["Drawn City"]

    drawn.boundary = SMALLER
    save(drawn, django_capture_on_commit_callbacks)

    assert areas_of(west) == ["Drawn City"]
    assert areas_of(east) == []
    change = PlacementChange.objects.get()
    assert (change.household_id, change.before, change.after, change.applied) == (
        east.pk,
        ["Drawn City"],
        [],
        True,
    )
    entry = ModelLogEntry.objects.get(action="applications.placed_again")
    assert entry.object_id == str(east.pk)


def test_a_household_now_on_the_new_edge_goes_to_a_person(
    drawn, django_capture_on_commit_callbacks
):
    on_new_edge = household_at("edge@example.com", -105.1001, 40.6)

    drawn.boundary = SMALLER
    save(drawn, django_capture_on_commit_callbacks)

    household = Household.objects.get(pk=on_new_edge.pk)
    assert household.address_needs_review
    assert household.placement_problems[0]["code"] == "near_edge"
    assert PlacementChange.objects.get().needs_person


def test_a_zip_added_to_a_list_brings_its_households_in(
    demo_content, django_capture_on_commit_callbacks
):
    county = ServiceArea.objects.create(name="County", zip_codes="80521")
    outside = make_household(
        make_applicant("far@example.com"), zip_code="80999", area_ids=[]
    )
    place_household(outside, place_address(Address(zip_code="80999"), geocode=False))
    assert Household.objects.get(pk=outside.pk).address_needs_review  # in no list yet

    county.zip_codes = "80521 80999"
    save(county, django_capture_on_commit_callbacks)

    assert areas_of(outside) == ["County"]
    assert not Household.objects.get(pk=outside.pk).address_needs_review
    assert PlacementChange.objects.get().after == ["County"]


def test_an_address_that_could_not_be_standardized_keeps_waiting_for_a_person(
    demo_content, django_capture_on_commit_callbacks
):
    county = ServiceArea.objects.create(name="County", zip_codes="80521")
    household = make_household(
        make_applicant("odd@example.com"), zip_code="80999", area_ids=[]
    )
    household.street = "Qwerty Asdf"
    standardized, problem = standardize(address_of(household))
    assert standardized is None
    place_household(household, place_address(address_of(household), problems=[problem]))

    county.zip_codes = "80521 80999"
    save(county, django_capture_on_commit_callbacks)

    household = Household.objects.get(pk=household.pk)
    assert household.address_needs_review
    assert [p["code"] for p in household.placement_problems] == ["not_standardized"]
    assert not PlacementChange.objects.exists()


def test_a_household_placed_by_hand_keeps_its_placement_and_is_listed(
    drawn, django_capture_on_commit_callbacks
):
    east = household_at("east@example.com", -105.05, 40.6)
    Household.objects.filter(pk=east.pk).update(
        address_override_reason="Confirmed with the assessor"
    )

    drawn.boundary = SMALLER
    save(drawn, django_capture_on_commit_callbacks)

    assert areas_of(east) == ["Drawn City"]
    assert PlacementChange.objects.get().applied is False


def test_a_change_that_moves_nobody_lists_nobody_and_a_renamed_area_is_not_replaced(
    drawn, django_capture_on_commit_callbacks
):
    household_at("west@example.com", -105.15, 40.6)

    drawn.name_es = "Ciudad dibujada"
    save(drawn, django_capture_on_commit_callbacks)
    drawn.zip_codes = "80888"
    save(drawn, django_capture_on_commit_callbacks)

    assert not PlacementChange.objects.exists()


# Staff see the changes; nobody else does ----------------------------------------

CHANGES = "/admin/applications/placementchange/"


def test_verification_staff_see_who_moved(
    client, caseworker, drawn, django_capture_on_commit_callbacks
):
    east = household_at("east@example.com", -105.05, 40.6)
    drawn.boundary = SMALLER
    save(drawn, django_capture_on_commit_callbacks)

    client.force_login(caseworker)
    page = client.get(CHANGES)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Drawn City" in text and east.user.get_full_name() in text
    assert f"/admin/applications/household/inspect/{east.pk}/" in text


@pytest.mark.parametrize(
    "role", [roles.PROGRAM_COORDINATORS, roles.CONTENT_EDITORS, None]
)
def test_others_cannot_see_placement_changes(client, demo_content, role):
    user = get_user_model().objects.create_user(
        email="other@example.com", password="x", is_staff=role is not None
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)

    response = client.get(CHANGES)

    assert response.status_code in (302, 403)


# Editors manage areas as maps ---------------------------------------------------


@pytest.fixture
def editor(client, demo_content):
    user = get_user_model().objects.create_user(
        email="editor@example.com", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    client.force_login(user)
    return user


ADD = "/admin/snippets/programs/servicearea/add/"


def form_data(**extra):
    return {
        "name": "Uploaded City",
        "name_es": "",
        "zip_codes": "80521",
        "boundary": "null",
        **extra,
    }


def test_an_editor_uploads_geojson_and_sees_it_drawn(client, editor):
    upload = SimpleUploadedFile(
        "city.geojson",
        json.dumps(
            {"type": "Feature", "properties": {"NAME": "City"}, "geometry": SQUARE}
        ).encode(),
        content_type="application/geo+json",
    )

    response = client.post(ADD, {**form_data(), "boundary_file": upload})

    assert response.status_code == 302, response.content.decode()[:2000]
    area = ServiceArea.objects.get(name="Uploaded City")
    assert area.boundary == SQUARE
    page = client.get(
        f"/admin/snippets/programs/servicearea/edit/{area.pk}/"
    ).content.decode()
    assert 'class="service-area-drawing"' in page and "<path" in page
    assert "80521" in page


def test_a_bad_upload_is_a_message_on_the_page_and_nothing_is_saved(client, editor):
    upload = SimpleUploadedFile(
        "city.geojson",
        json.dumps(
            {"type": "Polygon", "coordinates": [SQUARE["coordinates"][0][:-1]]}
        ).encode(),
    )

    response = client.post(ADD, {**form_data(), "boundary_file": upload})

    assert response.status_code == 200
    assert (
        "A ring is not closed: its last position must repeat its first."
        in response.content.decode()
    )
    assert not ServiceArea.objects.filter(name="Uploaded City").exists()


def test_a_pasted_boundary_nested_past_reason_is_a_message(client, editor):
    response = client.post(ADD, form_data(boundary="[" * 50_000 + "]" * 50_000))

    assert response.status_code == 200
    assert "valid JSON" in response.content.decode()


def test_re_placing_reads_the_areas_once_not_once_per_household(drawn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.placement import replace_households

    for number in range(5):
        household_at(f"h{number}@example.com", -105.05, 40.6)

    with CaptureQueriesContext(connection) as queries:
        replace_households.call(drawn.pk, [])

    area_reads = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "programs_servicearea"' in q["sql"]
        and "applications_household_service_areas" not in q["sql"]  # its own areas
    ]
    assert len(area_reads) == 2  # the changed area, then every area once
