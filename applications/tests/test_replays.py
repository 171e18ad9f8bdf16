"""Replayed forms and second tabs: the same answers posted twice leave the same
household."""

import pytest

from applications.models import Household
from applications.tests.conftest import (
    PASSWORD,
    attach_document,
    make_applicant,
    make_household,
)
from applications.tests.test_hostile_input import at_step

pytestmark = pytest.mark.django_db


def household_post(household, people):
    """The household step's form as the browser sends it: the saved members with
    their ids, then the new ones."""
    saved = list(household.members.all())
    data = {
        "housing-housing": "rent",
        "housing-time_at_address": "1_to_3",
        "members-TOTAL_FORMS": str(len(people)),
        "members-INITIAL_FORMS": str(len(saved)),
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "20",
        "action": "continue",
    }
    for index, (first, last, born) in enumerate(people):
        if index < len(saved):
            data[f"members-{index}-id"] = str(saved[index].pk)
        data[f"members-{index}-first_name"] = first
        data[f"members-{index}-last_name"] = last
        data[f"members-{index}-date_of_birth"] = born
    return data


@pytest.fixture
def signed_in(client, demo_content):
    household = make_household(make_applicant("ana@example.com"))
    household = at_step(household, "household")
    client.login(email="ana@example.com", password=PASSWORD)
    return household


def test_posting_the_household_step_twice_keeps_three_members(client, signed_in):
    people = [
        ("Ana", "López", "1985-04-28"),
        ("Luis", "López", "1983-02-11"),
        ("Sofía", "López", "2015-09-02"),
    ]
    form = household_post(signed_in, people)
    first = client.post("/apply/household/", form)
    luis = signed_in.members.get(first_name="Luis")
    luis_id = attach_document(signed_in, member=luis)
    replay = client.post("/apply/household/", form)  # a double click, a second tab
    assert first.status_code == 302
    assert replay.status_code == 302
    household = Household.objects.get(pk=signed_in.pk)
    names = [member.first_name for member in household.members.all()]
    assert names == ["Ana", "Luis", "Sofía"]
    # The replay changed no one: Luis's photo ID still counts.
    luis_id.refresh_from_db()
    assert luis_id.is_current
    assert luis_id.member_id == luis.pk


def test_a_new_person_with_another_birth_date_is_added(client, signed_in):
    client.post(
        "/apply/household/", household_post(signed_in, [("Ana", "López", "1985-04-28")])
    )
    people = [("Ana", "López", "1985-04-28"), ("Ana", "López", "2019-07-30")]
    client.post("/apply/household/", household_post(signed_in, people))
    household = Household.objects.get(pk=signed_in.pk)
    births = [str(member.date_of_birth) for member in household.members.all()]
    assert births == ["1985-04-28", "2019-07-30"]
