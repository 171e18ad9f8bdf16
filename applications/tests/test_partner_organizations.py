"""Administrators manage partner organizations and their assisters in the admin;
membership is the assisters' role."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from applications.models import Assister, PartnerOrganization
from applications.tests.conftest import make_applicant, make_household
from portal import roles

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/applications/partnerorganization/add/"


@pytest.fixture
def administrator(demo_content):
    return get_user_model().objects.create_superuser(
        email="root@example.com", password="x", first_name="Ada", last_name="Admin"
    )


def inline(user_pk):
    return {
        "assisters-TOTAL_FORMS": "1",
        "assisters-INITIAL_FORMS": "0",
        "assisters-MIN_NUM_FORMS": "0",
        "assisters-MAX_NUM_FORMS": "1000",
        "assisters-0-user": str(user_pk),
        "assisters-0-id": "",
        "assisters-0-ORDER": "1",
        "assisters-0-DELETE": "",
    }


def test_an_administrator_adds_an_organization_with_an_assister(client, administrator):
    person = get_user_model().objects.create_user(
        email="lee@library.example.org", password="x", first_name="Lee"
    )
    client.force_login(administrator)
    assert client.get(ADD).status_code == 200

    response = client.post(
        ADD,
        {
            "name": "Westside Library",
            "kind": "library",
            "phone_number": "",
            "is_active": "on",
            **inline(person.pk),
        },
    )

    assert response.status_code == 302, response.content[:600]
    organization = PartnerOrganization.objects.get(name="Westside Library")
    assert list(organization.assisters.values_list("user", flat=True)) == [person.pk]
    assert person.groups.filter(name=roles.ASSISTERS).exists()

    Assister.objects.get(user=person).delete()
    assert not person.groups.filter(name=roles.ASSISTERS).exists()


def test_an_applicant_cannot_be_made_an_assister(client, administrator):
    applicant = make_household(make_applicant("ana@example.com")).user
    client.force_login(administrator)

    response = client.post(
        ADD,
        {
            "name": "Eastside",
            "kind": "library",
            "is_active": "on",
            **inline(applicant.pk),
        },
    )

    assert response.status_code == 200
    assert not PartnerOrganization.objects.filter(name="Eastside").exists()


@pytest.mark.parametrize(
    "group_name", [roles.VERIFICATION_STAFF, roles.CONTENT_EDITORS, roles.ASSISTERS]
)
def test_only_administrators_manage_organizations(client, demo_content, group_name):
    staff = make_applicant("staff@example.com", is_staff=True)
    staff.groups.add(Group.objects.get(name=group_name))
    client.force_login(staff)

    assert client.get(ADD).status_code in (302, 403)
