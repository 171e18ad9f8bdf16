"""Program pages and snippets: where they may live, and what editors may save."""

import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage, StandardPage
from programs.addresses import Address, place_address
from programs.models import ProgramIndexPage, ProgramPage, ServiceArea
from programs.tests.factories import make_area, make_program, program_index

pytestmark = pytest.mark.django_db


def test_program_pages_live_only_under_the_program_index():
    assert ProgramPage.allowed_parent_page_models() == [ProgramIndexPage]
    assert ProgramPage.allowed_subpage_models() == []
    assert ProgramIndexPage.allowed_parent_page_models() == [HomePage]
    assert ProgramIndexPage.allowed_subpage_models() == [ProgramPage]


def test_home_allows_the_catalogue_and_standard_pages_only():
    assert set(HomePage.allowed_subpage_models()) == {ProgramIndexPage, StandardPage}
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}


def test_only_one_program_index_can_be_created():
    index = program_index()
    assert not ProgramIndexPage.can_create_at(index.get_parent())


@pytest.mark.parametrize(
    "limit,valid", [(-1, False), (0, True), (100, True), (101, False)]
)
def test_income_limit_must_be_between_0_and_100_percent(limit, valid):
    program = ProgramPage(
        title="P", slug="p", summary="s", category="food", income_limit_ami=limit
    )
    program_index()
    if valid:
        program.full_clean(exclude=["path", "depth"])
    else:
        with pytest.raises(ValidationError) as error:
            program.full_clean(exclude=["path", "depth"])
        assert "income_limit_ami" in error.value.message_dict


def test_external_mode_requires_a_link():
    program = ProgramPage(
        title="P",
        slug="p",
        summary="s",
        category="food",
        income_limit_ami=60,
        enrollment_mode="external",
    )
    with pytest.raises(ValidationError) as error:
        program.clean()
    assert "external_application_url" in error.value.message_dict

    program.external_application_url = "https://vendor.example.com/apply"
    program.clean()


def test_service_area_rejects_malformed_zip_codes_and_geojson():
    with pytest.raises(ValidationError) as error:
        ServiceArea(name="A", zip_codes="80521, 8052, abcde").full_clean()
    assert "8052" in str(error.value) and "abcde" in str(error.value)

    with pytest.raises(ValidationError):
        ServiceArea(name="B", zip_codes="", boundary={"type": "Point"}).full_clean()


def test_service_area_contains_zip_and_polygon_point():
    square = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
    }
    area = ServiceArea(name="Square", zip_codes="80521\n80524", boundary=square)
    assert area.contains_zip("80524-1234")
    assert not area.contains_zip("80525")
    assert area.contains_point(5, 5)
    assert not area.contains_point(11, 5)


def test_address_backend_places_zip_codes_and_flags_the_undecidable(settings):
    city = make_area("City", "80521")
    assert place_address(Address(zip_code="80521")).area_ids == frozenset({city.pk})
    # A ZIP in no area's list, or none at all, is a question for a person.
    assert place_address(Address(zip_code="99999")).area_ids is None
    assert place_address(Address(zip_code="")).area_ids is None

    settings.ADDRESS_BACKENDS = ["programs.tests.test_models.BrokenBackend"]
    assert place_address(Address(zip_code="80521")).area_ids is None


class BrokenBackend:
    role = "place"
    label = "broken placer"

    def place(self, address, areas=None):
        raise ConnectionError("geocoder down")


def test_program_index_lists_live_programs_and_filters_by_category(client):
    make_program("Bus Pass", category="transportation")
    make_program("Food Rebate", category="food")
    draft = make_program("Draft Program", category="food")
    draft.unpublish()

    everything = client.get("/programs/")
    transport = client.get("/programs/?category=transportation")
    unknown = client.get("/programs/?category=<script>")

    assert everything.status_code == 200
    assert [p.title for p in everything.context["programs"]] == [
        "Bus Pass",
        "Food Rebate",
    ]
    assert [p.title for p in transport.context["programs"]] == ["Bus Pass"]
    assert unknown.status_code == 200
    assert len(unknown.context["programs"]) == 2


def test_program_page_shows_copy_and_rules_in_plain_words(client):
    make_program(
        "Bus Pass",
        renewal_interval_months=6,
        estimated_review_days=10,
        is_accepting_applications=False,
    )
    response = client.get("/programs/bus-pass/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Renew every 6 months." in content
    assert "About 10 days." in content
    assert "not accepting applications" in content
