"""The whole applicant journey through the Django test client."""

import pytest
from django.core import mail

from applications.models import Household, ProgramApplication, Submission
from applications.tests.conftest import PASSWORD, follow_sign_up_link, png_upload
from programs.models import ProgramPage, QualifyingProgram

pytestmark = pytest.mark.django_db


def follow_post(client, url, data, **extra):
    response = client.post(url, data, follow=True, **extra)
    assert response.status_code == 200, response.content[:500]
    return response


def test_full_journey_from_account_to_one_click_apply(client, demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")

    response = follow_post(
        client,
        "/apply/account/",
        {
            "first_name": "Ana",
            "last_name": "López",
            "email": "Ana@Example.com",
            "phone_number": "(970) 221-6600",
            "preferred_language": "en",
            "contact_by_email": "on",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "action": "continue",
        },
    )
    # The next step is in the email, whether or not the address had an account.
    assert response.redirect_chain[-1][0] == "/apply/check-email/"
    assert "We sent a message to ana@example.com." in response.content.decode()
    onwards = follow_sign_up_link(client)
    assert client.get(onwards["Location"], follow=True).redirect_chain[-1][0] == (
        "/apply/address/"
    )
    household = Household.objects.get(user__email="ana@example.com")
    assert str(household.user.phone_number) == "+19702216600"

    response = follow_post(
        client,
        "/apply/address/",
        {
            "street": "300  laporte   ave",
            "city": "Fairview",
            "state": "co",
            "zip_code": "80521",
            "action": "continue",
        },
    )
    assert response.redirect_chain[-1][0] == "/apply/household/"
    household.refresh_from_db()
    assert household.street == "300 Laporte Ave"
    assert household.state == "CO"
    assert not household.address_needs_review
    assert household.service_areas.count() == 2

    response = client.get("/apply/household/")
    assert response.context["formset"].forms[0].initial["first_name"] == "Ana"
    response = follow_post(
        client,
        "/apply/household/",
        {
            "housing-housing": "rent",
            "housing-time_at_address": "1_to_3",
            "members-TOTAL_FORMS": "2",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "20",
            "members-0-first_name": "Ana",
            "members-0-last_name": "López",
            "members-0-date_of_birth": "1985-04-28",
            "members-1-first_name": "Luis",
            "members-1-last_name": "López",
            "members-1-date_of_birth": "2015-09-01",
            "action": "continue",
        },
    )
    assert response.redirect_chain[-1][0] == "/apply/qualifying-programs/"
    assert list(household.members.values_list("first_name", "is_applicant")) == [
        ("Ana", True),
        ("Luis", False),
    ]

    response = follow_post(
        client,
        "/apply/qualifying-programs/",
        {"programs": [snap.pk], "action": "continue"},
    )
    assert response.redirect_chain[-1][0] == "/apply/documents/"

    items = response.context["items"]
    assert [item.key for item in items] == [
        f"identity-{household.members.get(first_name='Ana').pk}",
        f"proof-{snap.pk}",
    ]
    for item in items:
        follow_post(
            client,
            "/apply/documents/",
            {"item": item.key, "action": "upload", f"{item.key}-files": [png_upload()]},
        )
    response = follow_post(client, "/apply/documents/", {"action": "continue"})
    assert response.redirect_chain[-1][0] == "/apply/review/"
    assert "Luis" in response.content.decode()

    response = follow_post(client, "/apply/review/", {"consent": "on"})
    assert response.redirect_chain[-1][0] == "/apply/done/"
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    assert Submission.objects.filter(household=household).count() == 1
    assert [m.subject for m in mail.outbox] == [
        "Your account is ready",
        "We received your application",
    ]
    # Automatic-mode programs the household qualifies for are applied for on submit.
    automatic = set(
        ProgramApplication.objects.filter(household=household).values_list(
            "program__slug", flat=True
        )
    )
    assert automatic == {"recreation-fee-reduction", "transit-pass"}

    response = client.get("/dashboard/")
    available = [result.program.slug for result in response.context["available"]]
    assert "grocery-tax-rebate" in available
    assert "recreation-fee-reduction" not in available  # already pending

    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    response = client.get(f"/dashboard/apply/{grocery.pk}/")
    assert response.status_code == 200
    follow_post(client, f"/dashboard/apply/{grocery.pk}/", {})
    response = client.get("/dashboard/")
    assert "grocery-tax-rebate" in [a.program.slug for a in response.context["pending"]]


def test_double_submit_makes_one_submission(client, demo_content):
    from applications.tests.conftest import make_household

    household = make_household()
    client.force_login(household.user)

    client.post("/apply/review/", {"consent": "on"})
    second = client.post("/apply/review/", {"consent": "on"})

    assert second.status_code == 302
    assert Submission.objects.filter(household=household).count() == 1


def test_adding_a_person_does_not_report_unanswered_questions(client, demo_content):
    from applications.tests.conftest import make_applicant

    user = make_applicant()
    household = Household.objects.create(
        user=user, completed_steps=["account", "address"]
    )
    client.force_login(user)
    response = client.post(
        "/apply/household/",
        {
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "20",
            "members-0-first_name": "Ana",
            "members-0-last_name": "López",
            "action": "add",
        },
    )
    assert response.status_code == 200
    assert not response.context["housing_form"].errors
    assert len(response.context["formset"].forms) == 2
    assert 'id="error-summary"' not in response.content.decode()
    assert not household.members.exists()


def test_signing_in_applies_the_applicants_saved_language(client, demo_content):
    from applications.tests.conftest import make_applicant

    make_applicant(preferred_language="es")
    response = client.post(
        "/accounts/login/",
        {"username": "ana@example.com", "password": PASSWORD},
        follow=True,
    )
    assert client.cookies["django_language"].value == "es"
    assert response.redirect_chain[-1][0] == "/es/apply/account/"  # no household yet
    assert '<html lang="es">' in response.content.decode()


def test_the_done_page_promises_the_review_time_of_the_programs_applied_for(
    client, demo_content
):
    from applications.tests.conftest import make_applicant, make_household

    programs = ProgramPage.objects.canonical()
    programs.update(estimated_review_days=45)  # closed and unapplied programs
    programs.filter(slug__in=["recreation-fee-reduction", "transit-pass"]).update(
        estimated_review_days=10
    )
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap])
    client.force_login(household.user)
    client.post("/apply/review/", {"consent": "on"})
    assert set(
        household.program_applications.values_list("program__slug", flat=True)
    ) == {"recreation-fee-reduction", "transit-pass"}

    page = client.get("/apply/done/").content.decode()
    assert "This takes up to 10 days." in page
    assert "45 days" not in page


def test_the_done_page_makes_no_promise_before_any_program_is_applied_for(
    client, demo_content
):
    from applications.tests.conftest import make_applicant, make_household

    ProgramPage.objects.canonical().update(estimated_review_days=45)
    household = make_household(make_applicant(), zip_code="80999")  # outside areas
    client.force_login(household.user)
    client.post("/apply/review/", {"consent": "on"})
    assert not household.program_applications.exists()
    page = client.get("/apply/done/").content.decode()
    assert "This takes up to" not in page
