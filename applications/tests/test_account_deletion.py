"""An applicant deletes their account from settings: what it does to their
enrollments is said first, the password and a tick confirm it, and then the
household, its files and the account are gone while the reports keep counting."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from applications import state_machine
from applications.models import (
    Household,
    ProgramApplication,
    Purge,
    StatusChange,
    private_storage,
)
from applications.tests.conftest import PASSWORD, make_applicant, make_household
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

DELETE = reverse("applications:delete_account")


@pytest.fixture
def enrolled(snap, caseworker):
    household = make_household(qualifying=[snap], submit=True)
    state_machine.verify(household, caseworker)
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    application = ProgramApplication.objects.filter(
        household=household, program=grocery
    ).first() or state_machine.apply(household, grocery)
    state_machine.enroll(application, caseworker)
    return household


def test_settings_offer_it_and_the_page_says_what_ends(client, enrolled):
    client.force_login(enrolled.user)

    assert DELETE in client.get(reverse("applications:settings")).content.decode()
    page = client.get(DELETE).content.decode()
    assert "Grocery Tax Rebate" in page
    assert "ends today" in page
    assert "cannot undo" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "wrong", "understood": "on"}, "That is not your password."),
        ({"password": PASSWORD}, "Tick the box to confirm."),
        ({"understood": "on"}, "Enter your password to delete your account."),
    ],
)
def test_without_the_password_and_the_tick_nothing_is_deleted(
    client, enrolled, data, message
):
    client.force_login(enrolled.user)

    response = client.post(DELETE, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Household.objects.filter(pk=enrolled.pk).exists()


def test_deleting_withdraws_enrollments_and_erases_the_household(
    client, enrolled, django_capture_on_commit_callbacks
):
    other = make_household(make_applicant("other@example.com"), submit=True)
    files = list(enrolled.documents.values_list("file", flat=True))
    user_pk = enrolled.user.pk
    client.force_login(enrolled.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("applications:account_deleted")
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not Household.objects.filter(pk=enrolled.pk).exists()
    assert files and not any(private_storage().exists(name) for name in files)
    withdrawn = StatusChange.objects.filter(case_number=enrolled.pk, action="withdraw")
    assert set(withdrawn.values_list("from_status", flat=True)) >= {"enrolled"}
    assert Purge.objects.get(case_number=enrolled.pk).reason == "account_deleted"
    # Signed out; another household untouched.
    assert client.get(reverse("applications:dashboard")).status_code == 302
    assert Household.objects.filter(pk=other.pk).exists()
    assert client.get(response["Location"]).status_code == 200


def test_staff_cannot_delete_their_account_here(client, caseworker):
    client.force_login(caseworker)

    assert client.get(DELETE).status_code == 404
    assert client.post(DELETE, {"understood": "on"}).status_code == 404
    assert get_user_model().objects.filter(pk=caseworker.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, demo_content):
    response = client.post(DELETE, {"understood": "on"})

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_guessing_the_password_is_slowed_down(client, enrolled):
    from portal.throttling import limit_named

    client.force_login(enrolled.user)
    limit = limit_named("delete-account")
    for _ in range(limit.hits):
        assert (
            client.post(DELETE, {"password": "guess", "understood": "on"}).status_code
            == 200
        )

    assert (
        client.post(DELETE, {"password": PASSWORD, "understood": "on"}).status_code
        == 429
    )
    assert Household.objects.filter(pk=enrolled.pk).exists()
