"""The applicant's dashboard says why a program is not offered, as the screener does."""

import pytest

from applications.models import Household
from applications.tests.conftest import make_applicant, make_household
from programs.models import QualifyingProgram

pytestmark = pytest.mark.django_db


def dashboard(client, household):
    client.force_login(household.user)
    return client.get("/dashboard/")


def test_no_qualifying_program_is_named_as_the_reason(client, demo_content):
    household = make_household(make_applicant(), submit=True)
    page = dashboard(client, household).content.decode()
    assert "Programs you do not qualify for yet" in page
    assert (
        "It needs enrollment in a qualifying program, such as SNAP or Medicaid." in page
    )


def test_an_address_outside_the_area_is_named_as_the_reason(client, demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    household.service_areas.clear()
    response = dashboard(client, household)
    unavailable = response.context["unavailable"]
    assert unavailable and all(not result.is_eligible for result in unavailable)
    assert "It serves addresses in" in response.content.decode()


def test_an_address_awaiting_review_is_named_as_the_reason(client, demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    Household.objects.filter(pk=household.pk).update(address_needs_review=True)
    page = dashboard(client, household).content.decode()
    assert "Staff need to confirm that your address is in the service area." in page


def test_programs_offered_or_applied_for_are_not_listed_as_unavailable(
    client, demo_content
):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    context = dashboard(client, household).context
    offered = {result.program.pk for result in context["available"]}
    pending = {application.program_id for application in context["pending"]}
    unavailable = {result.program.pk for result in context["unavailable"]}
    assert not unavailable & (offered | pending)


NOTICE = "The internet provider receives your name, address and"


def test_an_external_programs_privacy_notice_shows_before_the_applicant_leaves(
    client, demo_content
):
    from programs.models import ProgramPage

    internet = ProgramPage.objects.canonical().get(slug="low-cost-internet")
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    page = dashboard(client, household).content.decode()
    leave = f"/dashboard/provider/{internet.pk}/"
    assert leave in page
    assert 'href="https://internet.example.com/apply"' not in page

    notice = client.get(leave).content.decode()
    assert NOTICE in notice
    assert notice.index(NOTICE) < notice.index(
        'href="https://internet.example.com/apply"'
    )


def test_the_program_page_shows_the_notice_beside_the_providers_link(
    client, demo_content
):
    page = client.get("/programs/low-cost-internet/").content.decode()
    assert NOTICE in page
    assert page.index(NOTICE) < page.index('href="https://internet.example.com/apply"')


def test_the_provider_page_exists_only_for_external_programs(client, demo_content):
    from programs.models import ProgramPage

    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    household = make_household(make_applicant(), submit=True)
    client.force_login(household.user)
    assert client.get(f"/dashboard/provider/{grocery.pk}/").status_code == 404
    assert client.get("/dashboard/provider/99999999999999/").status_code == 404
