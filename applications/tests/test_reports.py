"""The staff reports' numbers on a known set of status changes, their scope (a
coordinator counts only their programs), the CSV download and who may see them."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from applications import state_machine
from applications.models import Household, ProgramCoordinator, StatusChange
from applications.reports import figures
from applications.tests.conftest import make_applicant, make_household
from portal import roles
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 3, 31)


def at(day, hour=9):
    return timezone.make_aware(datetime(*day, hour))


@pytest.fixture
def programs(demo_content):
    canonical = ProgramPage.objects.canonical()
    return (
        canonical.get(slug="grocery-tax-rebate"),
        canonical.get(slug="bike-share-membership"),
    )


def change(case, action, to, when, *, program=None, **fields):
    subject = "application" if program else "household"
    fields.setdefault("language", "en")
    return StatusChange.objects.create(
        subject=subject,
        case_number=case,
        program=program,
        action=action,
        to_status=to,
        changed_at=when,
        **fields,
    )


@pytest.fixture
def history(programs):
    """Six households' changes around January to March 2026."""
    grocery, bike = programs
    change(1001, "submit", "submitted", at((2026, 1, 5)))
    change(1001, "verify", "verified", at((2026, 1, 7)))
    change(1001, "apply", "applied", at((2026, 1, 8)), program=grocery)
    change(1001, "enroll", "enrolled", at((2026, 1, 10)), program=grocery)
    change(1002, "submit", "submitted", at((2026, 1, 10)), language="es")
    change(1002, "deny", "denied", at((2026, 1, 20)), reason="Lives outside the city")
    change(1003, "submit", "submitted", at((2026, 2, 1)), language="es", assisted=True)
    change(1003, "verify", "verified", at((2026, 2, 5)))
    change(1003, "apply", "applied", at((2026, 2, 6)), program=grocery)
    change(1003, "apply", "applied", at((2026, 2, 6)), program=bike)
    change(1003, "not_enroll", "not_enrolled", at((2026, 2, 10)), program=bike)
    change(1004, "submit", "submitted", at((2026, 2, 10)))
    change(1004, "deny", "denied", at((2026, 3, 2)), reason=" lives outside  THE city")
    # Submitted before the dates, decided in them: 12.5 days.
    change(1005, "submit", "submitted", at((2025, 12, 20), 0))
    change(1005, "verify", "verified", at((2026, 1, 1), 12))
    # Submitted in the dates, decided after them.
    change(1006, "submit", "submitted", at((2026, 3, 30)))
    change(1006, "deny", "denied", at((2026, 4, 2)), reason="Later")
    return programs


def everything():
    return figures.Scope(START, END)


def test_percentile_is_nearest_rank():
    assert figures.percentile([1, 2, 3, 4], 0.5) == 2
    assert figures.percentile([5, 1, 4, 2, 3], 0.9) == 5
    assert figures.percentile([], 0.5) is None


def test_applications_per_program_per_month(history):
    grocery, bike = history
    report = figures.applications_per_program(everything())

    assert [str(c) for c in report.columns] == ["Month", bike.title, grocery.title]
    assert report.rows == [["2026-01", 0, 1], ["2026-02", 1, 1], ["2026-03", 0, 0]]


def test_time_from_submission_to_decision(history):
    report = figures.time_to_decision(everything())

    assert report.rows[:3] == [
        ["2026-01", 3, 10.0, 12.5],
        ["2026-02", 1, 4.0, 4.0],
        ["2026-03", 1, 20.0, 20.0],
    ]
    assert report.rows[3][1:] == [5, 10.0, 20.0]


def test_verified_and_denied_per_month(history):
    report = figures.decisions(everything())

    assert report.rows[:3] == [["2026-01", 2, 1], ["2026-02", 1, 0], ["2026-03", 0, 1]]
    assert report.rows[3][1:] == [3, 2]


def test_denial_reasons_count_the_same_words_together(history):
    report = figures.denial_reasons(everything())

    assert report.rows == [["Lives outside the city", 2]]


def test_enrollment_decisions_by_program(history):
    grocery, bike = history
    report = figures.enrollment_decisions(everything())

    assert report.rows == [[bike.title, 0, 1], [grocery.title, 1, 0]]


def test_assisted_and_self_service_households(history):
    report = figures.assisted(everything())

    assert report.rows == [["2026-01", 0, 2], ["2026-02", 1, 1], ["2026-03", 0, 1]]


def test_languages(history):
    report = figures.languages(everything())

    assert report.rows == [["English", 3], ["Spanish", 2]]


def test_a_program_scope_counts_its_applications_and_households(history):
    grocery, bike = history
    scope = figures.Scope(START, END, (bike.pk,))

    assert figures.applications_per_program(scope).rows == [
        ["2026-01", 0],
        ["2026-02", 1],
        ["2026-03", 0],
    ]
    assert figures.decisions(scope).rows[3][1:] == [1, 0]  # household 1003 only
    assert figures.languages(scope).rows == [["Spanish", 1]]
    assert figures.denial_reasons(scope).rows == []


def test_households_waiting_by_age(snap):
    today = timezone.localdate()
    make_household(qualifying=[snap], submit=True)
    older = make_household(
        make_applicant("bo@example.com"), qualifying=[snap], submit=True
    )
    StatusChange.objects.filter(household=older).update(
        changed_at=timezone.now() - timedelta(days=20)
    )
    asked = make_household(
        make_applicant("cy@example.com"), qualifying=[snap], submit=True
    )
    caseworker = get_user_model().objects.create_user(
        email="staff@example.com", password="x", is_staff=True
    )
    state_machine.request_information(asked, caseworker, "A lease")
    done = make_household(
        make_applicant("di@example.com"), qualifying=[snap], submit=True
    )
    state_machine.verify(done, caseworker)

    report = figures.waiting(everything(), today=today)

    assert report.rows[0][1:] == [1, 1, 2]  # 0–7 days
    assert report.rows[2][1:] == [1, 0, 1]  # 15–30 days
    assert report.rows[-1][1:] == [2, 1, 3]


def test_renewals_due_in_30_60_90_days(snap, programs):
    grocery, _ = programs
    caseworker = get_user_model().objects.create_user(
        email="staff@example.com", password="x", is_staff=True
    )
    household = make_household(qualifying=[snap], submit=True)
    state_machine.verify(household, caseworker)
    application = state_machine.apply(household, grocery)
    state_machine.enroll(application, caseworker)
    from applications.renewals.dates import expiry_date

    application.refresh_from_db()
    expires = expiry_date(application)

    in_45 = figures.renewals_due(everything(), today=expires - timedelta(days=45))
    in_10 = figures.renewals_due(everything(), today=expires - timedelta(days=10))
    far = figures.renewals_due(everything(), today=expires - timedelta(days=120))

    assert in_45.rows == [[grocery.title, 0, 1, 0]]
    assert in_10.rows == [[grocery.title, 1, 0, 0]]
    assert far.rows == []
    # The edges: expiring today and in exactly 90 days count; in 91 days or
    # yesterday do not.
    on_the_day = figures.renewals_due(everything(), today=expires)
    in_90 = figures.renewals_due(everything(), today=expires - timedelta(days=90))
    in_91 = figures.renewals_due(everything(), today=expires - timedelta(days=91))
    gone = figures.renewals_due(everything(), today=expires + timedelta(days=1))
    assert on_the_day.rows == [[grocery.title, 1, 0, 0]]
    assert in_90.rows == [[grocery.title, 0, 0, 1]]
    assert in_91.rows == gone.rows == []


# The page ---------------------------------------------------------------------------


def staff(email, group, **fields):
    user = get_user_model().objects.create_user(
        email=email, password="x", is_staff=True, **fields
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(client, user):
    client.force_login(user)  # with the second factor (portal.tests.signed_in)
    return client


def test_verification_staff_see_every_program_with_charts(client, history):
    grocery, bike = history
    user = staff("casey@example.com", roles.VERIFICATION_STAFF)
    response = signed_in(client, user).get(
        reverse("applications_reports"), {"start": "2026-01-01", "end": "2026-03-31"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-report-chart="applications-data"' in page
    assert 'id="applications-data"' in page
    assert "chartjs/chart.umd.min.js" in page
    assert grocery.title in page and bike.title in page
    assert "Lives outside the city" in page


def test_a_coordinator_sees_only_their_programs(client, history):
    grocery, bike = history
    user = staff("coord@example.com", roles.PROGRAM_COORDINATORS)
    ProgramCoordinator.objects.create(user=user).programs.set([bike])
    signed_in(client, user)

    response = client.get(
        reverse("applications_reports"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lives outside the city" not in page  # households 1002, 1004: no bike
    # Asking for another program's figures gives an error, not them.
    response = client.get(
        reverse("applications_report_csv", args=["applications"]),
        {"start": "2026-01-01", "end": "2026-03-31", "program": grocery.pk},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Month", bike.title]


def test_the_csv_download_is_the_table(client, history):
    grocery, bike = history
    user = staff("casey@example.com", roles.VERIFICATION_STAFF)
    change(1007, "submit", "submitted", at((2026, 3, 3)))
    change(1007, "deny", "denied", at((2026, 3, 4)), reason="=HYPERLINK(1)")
    response = signed_in(client, user).get(
        reverse("applications_report_csv", args=["denial-reasons"]),
        {"start": "2026-01-01", "end": "2026-03-31"},
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Reason", "Households denied"],
        ["Lives outside the city", "2"],
        ["'=HYPERLINK(1)", "1"],
    ]


def test_bad_dates_are_said_on_the_page(client, history):
    user = staff("casey@example.com", roles.VERIFICATION_STAFF)
    response = signed_in(client, user).get(
        reverse("applications_reports"), {"start": "2026-03-01", "end": "2026-01-01"}
    )

    assert response.status_code == 200
    assert (
        "The end date must be on or after the start date." in response.content.decode()
    )


@pytest.mark.parametrize("group", [roles.CONTENT_EDITORS, roles.ASSISTERS])
def test_others_may_not_see_the_reports(client, demo_content, group):
    user = staff("other@example.com", group)
    signed_in(client, user)

    assert client.get(reverse("applications_reports")).status_code in {302, 403}
    response = client.get(reverse("applications_report_csv", args=["languages"]))
    assert response.status_code in {302, 403}


def test_an_applicant_may_not_see_the_reports(client, demo_content):
    household = make_household(submit=True)
    client.force_login(household.user)

    assert client.get(reverse("applications_reports")).status_code in {302, 403}
    assert Household.objects.count() == 1


def test_a_coordinator_gets_no_free_text_reasons(client, history):
    grocery, bike = history
    user = staff("coord@example.com", roles.PROGRAM_COORDINATORS)
    ProgramCoordinator.objects.create(user=user).programs.set([grocery, bike])
    signed_in(client, user)

    page = client.get(reverse("applications_reports")).content.decode()
    csv_url = reverse("applications_report_csv", args=["denial-reasons"])

    assert 'id="denial-reasons"' not in page
    assert client.get(csv_url).status_code == 404


@pytest.mark.parametrize(
    "dates",
    [
        {"end": "9999-12-31"},
        {"end": "0001-01-05"},
        {"start": "0001-01-01", "end": "2026-01-01"},
    ],
)
def test_dates_out_of_range_are_said_not_a_500(client, history, dates):
    user = staff("casey@example.com", roles.VERIFICATION_STAFF)
    signed_in(client, user)

    page = client.get(reverse("applications_reports"), dates)
    download = client.get(reverse("applications_report_csv", args=["decisions"]), dates)

    assert page.status_code == 200
    assert "Choose dates from 2000 to next year." in page.content.decode()
    assert download.status_code == 200


def test_a_reopened_household_waits_from_its_reopening(programs):
    change(2001, "submit", "submitted", at((2026, 1, 1)))
    change(2001, "verify", "verified", at((2026, 1, 3)))
    change(2001, "reopen", "submitted", at((2026, 3, 1)))
    change(2001, "verify", "verified", at((2026, 3, 5)))

    report = figures.time_to_decision(everything())

    assert report.rows[0] == ["2026-01", 1, 2.0, 2.0]
    assert report.rows[2] == ["2026-03", 1, 4.0, 4.0]
