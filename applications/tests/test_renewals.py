"""Renewals under a controlled clock: expiry, the window, reminders, expiry, and a
prefilled renewal that never drops an enrollment."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from applications import state_machine
from applications.documents.checklist import missing_documents
from applications.documents.storage import add_documents
from applications.models import Document, Household, Notification, ProgramApplication
from applications.renewals.daily import run_daily
from applications.renewals.dates import expiry_date, renewal_state
from applications.state_machine import TransitionError, start_renewal
from applications.tests.conftest import make_applicant, make_household, png_upload
from applications.wizard.services import submit
from home.models import SiteSettings
from programs.models import ProgramPage, QualifyingProgram

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 15, 17, 0, tzinfo=dt.UTC)


def at(day):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(17, 0), tzinfo=dt.UTC), tick=False
    )


@pytest.fixture
def staff(demo_content):
    return get_user_model().objects.create_user(
        email="casey@example.com", password="x", is_staff=True, is_superuser=True
    )


def enrolled_household(staff, slugs, qualifying=("SNAP",), email="ana@example.com"):
    """A household verified and enrolled on START in the given programs."""
    with time_machine.travel(START, tick=False):
        household = make_household(
            make_applicant(email, phone_number="+19702216600", contact_by_sms=True),
            qualifying=[QualifyingProgram.objects.get(name=n) for n in qualifying],
            submit=True,
        )
        state_machine.verify(household, staff)
        for slug in slugs:
            application, _ = ProgramApplication.objects.get_or_create(
                household=household,
                program=ProgramPage.objects.canonical().get(slug=slug),
            )
            state_machine.enroll(application, staff)
    return Household.objects.get(pk=household.pk)


def application(household, slug):
    return ProgramApplication.objects.get(household=household, program__slug=slug)


def reminders(household):
    return list(
        Notification.objects.filter(
            household=household, event="renewal_reminder", channel="email"
        )
        .order_by("pk")
        .values_list("context__expires_on", flat=True)
    )


def test_expiry_follows_the_interval_and_the_verification_period(staff):
    household = enrolled_household(
        staff, ["grocery-tax-rebate", "transit-pass", "low-cost-internet"]
    )
    assert expiry_date(application(household, "grocery-tax-rebate")) == dt.date(
        2027, 1, 15
    )
    assert expiry_date(application(household, "transit-pass")) == dt.date(2026, 7, 15)
    assert expiry_date(application(household, "low-cost-internet")) is None  # lifetime

    site_settings = SiteSettings.current()
    site_settings.verification_period_months = 3
    site_settings.save()
    assert expiry_date(application(household, "grocery-tax-rebate")) == dt.date(
        2026, 4, 15
    )
    assert expiry_date(application(household, "low-cost-internet")) is None


def test_the_renewal_window_opens_60_days_before_the_first_expiry(staff):
    household = enrolled_household(staff, ["grocery-tax-rebate", "transit-pass"])
    with at(dt.date(2026, 5, 15)):
        state = renewal_state(household)
        assert state["first_expiry"] == dt.date(2026, 7, 15)
        assert state["window_opens_on"] == dt.date(2026, 5, 16)
        assert not state["window_open"]
        with pytest.raises(TransitionError):
            start_renewal(household, household.user)
    with at(dt.date(2026, 5, 16)):
        assert renewal_state(household)["can_start"]


def test_each_reminder_is_sent_once_at_its_offset_then_the_enrollment_expires(staff):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    expires = dt.date(2027, 1, 15)
    sent = {}
    for days_before in [61, 60, 59, 31, 30, 8, 7, 1]:
        with at(expires - dt.timedelta(days=days_before)):
            run_daily()
            run_daily()  # twice in a day sends nothing new
        sent[days_before] = len(reminders(household))
    assert sent == {61: 0, 60: 1, 59: 1, 31: 1, 30: 2, 8: 2, 7: 3, 1: 3}
    assert (
        Notification.objects.filter(event="renewal_reminder").count() == 6
    )  # email + SMS

    with at(expires):
        run_daily()
        run_daily()
    grocery = application(household, "grocery-tax-rebate")
    assert grocery.status == ProgramApplication.Status.EXPIRED
    assert (
        Notification.objects.filter(event="renewal_expired", channel="email").count()
        == 1
    )


def test_lifetime_programs_are_untouched(staff):
    household = enrolled_household(staff, ["low-cost-internet"])
    with at(dt.date(2036, 1, 1)):
        run_daily()
    assert (
        application(household, "low-cost-internet").status
        == ProgramApplication.Status.ENROLLED
    )
    assert not Notification.objects.filter(event__startswith="renewal").exists()


def test_an_expired_program_is_offered_again_with_renew(staff, client):
    household = enrolled_household(staff, ["transit-pass"])
    with at(dt.date(2026, 7, 15)):
        run_daily()
        client.force_login(household.user)
        response = client.get("/dashboard/")
    assert "transit-pass" in [r.program.slug for r in response.context["available"]]
    assert ">Renew<" in response.content.decode().replace("<span", "<")


def test_renewal_is_prefilled_keeps_ids_and_asks_for_new_proof(staff, client):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    with at(dt.date(2026, 12, 1)):
        client.force_login(household.user)
        response = client.post("/dashboard/renew/")
        assert response["Location"] == "/apply/account/"
        household.refresh_from_db()
        assert household.is_renewal and household.review_status == "draft"

        address = client.get("/apply/address/")
        assert address.context["form"].initial["street"] == "300 Laporte Ave"
        for step in ["address", "household", "qualifying"]:
            household.refresh_from_db()
            household.mark_step_complete(step)
        documents = client.get("/apply/documents/")
        items = {item.key: item.documents for item in documents.context["items"]}
        identity = [key for key in items if key.startswith("identity")]
        proof = [key for key in items if key.startswith("proof")]
        assert all(items[key] for key in identity)  # IDs kept
        assert all(not items[key] for key in proof)  # proofs needed again


def test_changing_a_members_details_asks_for_their_id_again(staff, client):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    member = household.members.get()
    with at(dt.date(2026, 12, 1)):
        start_renewal(household, household.user)
        household.refresh_from_db()
        household.completed_steps = ["account", "address"]
        household.save()
        client.force_login(household.user)
        client.post(
            "/apply/household/",
            {
                "housing-housing": "rent",
                "housing-time_at_address": "1_to_3",
                "members-TOTAL_FORMS": "1",
                "members-INITIAL_FORMS": "1",
                "members-MIN_NUM_FORMS": "1",
                "members-MAX_NUM_FORMS": "20",
                "members-0-id": member.pk,
                "members-0-first_name": "Ana María",
                "members-0-last_name": member.last_name,
                "members-0-date_of_birth": member.date_of_birth.isoformat(),
                "action": "continue",
            },
        )
    household.refresh_from_db()
    missing = [item.key for item in missing_documents(household)]
    assert f"identity-{member.pk}" in missing


def renew_and_submit(household, staff, qualifying=("SNAP",)):
    """Walk the renewal: new proofs uploaded, answers confirmed, submitted."""
    start_renewal(household, household.user)
    household = Household.objects.get(pk=household.pk)
    programs = [QualifyingProgram.objects.get(name=n) for n in qualifying]
    household.qualifying_enrollments.exclude(qualifying_program__in=programs).delete()
    for program in programs:
        household.qualifying_enrollments.get_or_create(qualifying_program=program)
    household = Household.objects.get(pk=household.pk)
    for program in programs:
        add_documents(
            household, [png_upload()], kind="proof", qualifying_program=program
        )
    household.completed_steps = [
        "account",
        "address",
        "household",
        "qualifying",
        "documents",
    ]
    household.save()
    assert submit(household) is not None
    return Household.objects.get(pk=household.pk)


def test_enrollments_stay_active_during_review_and_are_extended_after(staff):
    household = enrolled_household(staff, ["grocery-tax-rebate", "low-cost-internet"])
    lifetime_enrolled_at = application(household, "low-cost-internet").enrolled_at
    with at(dt.date(2026, 12, 1)):
        household = renew_and_submit(household, staff)
        assert household.is_renewal and household.review_status == "submitted"
        assert application(household, "grocery-tax-rebate").status == "enrolled"
        run_daily()  # no reminders while the renewal waits for review
        assert reminders(household) == []
        state_machine.verify(household, staff)
    household.refresh_from_db()
    grocery = application(household, "grocery-tax-rebate")
    assert grocery.status == "enrolled"
    assert grocery.enrolled_at.date() == dt.date(2026, 12, 1)
    assert expiry_date(grocery) == dt.date(2027, 12, 1)
    assert household.renewed_at is not None and not household.is_renewal
    assert (
        application(household, "low-cost-internet").enrolled_at == lifetime_enrolled_at
    )


def test_programs_no_longer_qualified_for_end_at_expiry_with_the_reason(staff, client):
    household = enrolled_household(
        staff, ["utility-bill-assistance", "grocery-tax-rebate"]
    )
    with at(dt.date(2026, 12, 1)):
        # Now on Medicaid (60% AMI) instead of SNAP (30%): the 30% program no longer fits.
        household = renew_and_submit(household, staff, qualifying=("Medicaid",))
        state_machine.verify(household, staff)
    utility = application(household, "utility-bill-assistance")
    assert utility.status == "enrolled"
    assert "30%" in utility.end_reason
    assert application(household, "grocery-tax-rebate").end_reason == ""

    with at(dt.date(2027, 1, 15)):
        run_daily()
        client.force_login(household.user)
        dashboard = client.get("/dashboard/").content.decode()
    utility.refresh_from_db()
    assert utility.status == "expired"
    expired = Notification.objects.get(event="renewal_expired", channel="email")
    assert expired.context["reason"] == utility.end_reason
    assert "Grocery Tax Rebate" in dashboard


def test_renewed_households_are_marked_for_coordinators(staff, client):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    with at(dt.date(2026, 12, 1)):
        household = renew_and_submit(household, staff)
        state_machine.verify(household, staff)
        client.force_login(staff)
        listing = client.get("/admin/applications/programapplication/").content.decode()
    assert "Renewed" in listing
    assert not Household.objects.filter(is_renewal=True).exists()


def test_every_submission_is_kept_as_a_snapshot(staff, client):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    with at(dt.date(2026, 12, 1)):
        household = renew_and_submit(household, staff, qualifying=("Medicaid",))
    submissions = list(household.submissions.order_by("submitted_at"))
    assert [s.answers["qualifying_programs"] for s in submissions] == [
        ["SNAP"],
        ["Medicaid"],
    ]
    client.force_login(staff)
    page = client.get(f"/admin/submissions/{submissions[0].pk}/")
    assert page.status_code == 200 and "SNAP" in page.content.decode()


@pytest.mark.parametrize("asked_for_more", [False, True])
def test_a_renewal_in_review_on_its_expiry_date_keeps_its_enrollments(
    staff, asked_for_more
):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    expires = dt.date(2027, 1, 15)
    with at(dt.date(2026, 12, 1)):
        household = renew_and_submit(household, staff)
        if asked_for_more:
            state_machine.request_information(household, staff, "A new bill, please.")
    for day in [expires, expires + dt.timedelta(days=20)]:
        with at(day):
            run_daily()
    assert application(household, "grocery-tax-rebate").status == "enrolled"
    assert not Notification.objects.filter(event="renewal_expired").exists()


def test_a_renewal_left_unsubmitted_expires_on_its_date(staff):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    with at(dt.date(2026, 12, 1)):
        start_renewal(household, household.user)
    with at(dt.date(2027, 1, 15)):
        run_daily()
    assert application(household, "grocery-tax-rebate").status == "expired"


def test_a_renewal_verified_after_the_expiry_date_extends_from_the_decision(staff):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    with at(dt.date(2026, 12, 1)):
        household = renew_and_submit(household, staff)
    with at(dt.date(2027, 1, 20)):
        run_daily()
        state_machine.verify(Household.objects.get(pk=household.pk), staff)
    grocery = application(household, "grocery-tax-rebate")
    assert grocery.status == "enrolled"
    assert expiry_date(grocery) == dt.date(2028, 1, 20)


def test_a_renewal_asks_for_proof_of_income_again(staff):
    household = enrolled_household(staff, ["grocery-tax-rebate"])
    add_documents(household, [png_upload("stub.png")], kind=Document.Kind.INCOME)
    with at(dt.date(2026, 12, 1)):
        start_renewal(household, household.user)
    assert not household.documents.filter(kind=Document.Kind.INCOME, is_current=True)
    assert household.documents.filter(kind=Document.Kind.INCOME).exists()  # kept
