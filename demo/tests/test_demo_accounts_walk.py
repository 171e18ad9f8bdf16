"""Every demo applicant can do, through the pages, everything the demo invites:
save their prefilled details unchanged, finish the wizard, and renew."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from applications import state_machine
from applications.models import Household, ProgramApplication
from applications.renewals.dates import expiry_date
from applications.tests.conftest import png_upload
from demo.loader import DEMO_PASSWORD
from portal.tests.prefilled import prefilled

pytestmark = pytest.mark.django_db


def sign_in(client, email):
    assert client.login(email=email, password=DEMO_PASSWORD)
    return Household.objects.get(user__email=email)


def walk_wizard(client, url, *, extra=None):
    """Post each step's form as the page prefills it (plus `extra` for the fields the
    applicant must still answer), upload each document asked for, and submit."""
    extra = extra or {}
    for _ in range(12):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        if url.endswith("/documents/"):
            for item in page.context["items"]:
                if not item.documents:
                    client.post(
                        url,
                        {
                            "item": item.key,
                            "action": "upload",
                            f"{item.key}-files": [png_upload()],
                        },
                    )
            data = {"action": "continue"}
        elif url.endswith("/review/"):
            data = {"consent": "on"}
        else:
            data = prefilled(html, "action")
            data["action"] = ["continue"]
        data.update(extra.get(url, {}))
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[-3000:])
        url = response["Location"]
        if url.endswith("/done/"):
            return
    raise AssertionError("The wizard never finished")


def test_the_demo_applicant_saves_her_contact_details_unchanged(client, demo_accounts):
    sign_in(client, "applicant@example.com")
    page = client.get("/dashboard/settings/contact/").content.decode()
    response = client.post(
        "/dashboard/settings/contact/", prefilled(page, "phone_number")
    )
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_the_halfway_demo_applicant_finishes_the_wizard(client, demo_accounts):
    from programs.models import QualifyingProgram

    snap = QualifyingProgram.objects.get(name="SNAP")
    household = sign_in(client, "applicant2@example.com")
    url = client.get("/accounts/continue/")["Location"]
    walk_wizard(
        client,
        url,
        extra={
            "/apply/household/": {
                "housing-housing": "rent",
                "housing-time_at_address": "1_to_3",
                "members-0-date_of_birth": "1979-06-01",
            },
            "/apply/qualifying-programs/": {"programs": [str(snap.pk)]},
        },
    )
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED


def test_the_demo_applicant_renews_through_every_step(client, demo_accounts):
    household = sign_in(client, "applicant@example.com")
    caseworker = get_user_model().objects.get(email="caseworker@example.com")
    state_machine.verify(household, caseworker)
    application = ProgramApplication.objects.get(
        household=household, program__slug="grocery-tax-rebate"
    )
    state_machine.enroll(application, caseworker)
    window = expiry_date(application) - dt.timedelta(days=30)
    with time_machine.travel(dt.datetime.combine(window, dt.time(17), dt.UTC)):
        sign_in(client, "applicant@example.com")
        response = client.post("/dashboard/renew/")
        assert response.status_code == 302
        walk_wizard(client, response["Location"])
    household.refresh_from_db()
    assert household.is_renewal
    assert household.review_status == Household.ReviewStatus.SUBMITTED
