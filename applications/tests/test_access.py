"""One applicant never reaches another household's data or files.

Documents are only ever streamed through the permission-checked download view; there
is no household id in any applicant URL, so everything is scoped to the signed-in user.
"""

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from wagtail.models import ModelLogEntry, PageViewRestriction

from applications.documents.access import may_view
from applications.models import Document, ProgramApplication
from applications.tests.conftest import make_applicant, make_household, png_upload
from portal import roles
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(demo_content, snap):
    """Applicant A: a submitted household with an ID and a SNAP proof on file."""
    return make_household(
        make_applicant("ana@example.com"), qualifying=[snap], submit=True
    )


@pytest.fixture
def ben(demo_content, snap):
    """Applicant B: another submitted household in the same ZIP code."""
    user = make_applicant("ben@example.com", first_name="Ben", last_name="Okafor")
    return make_household(user, qualifying=[snap], submit=True)


@pytest.fixture
def ana_document(ana):
    return ana.documents.get(kind=Document.Kind.IDENTITY)


def make_staff(email, group_name):
    user = make_applicant(email, first_name="Casey", last_name="Staff", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def document_url(document):
    return f"/documents/{document.public_id}/"


def comparable(response, path):
    """The page without what differs per render: its CSRF token, its CSP nonce and
    its own path."""
    content = re.sub(rb'csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
    content = re.sub(rb'nonce="[^"]*"', b"", content)
    return content.replace(path.encode(), b"<path>")


def stream(response):
    return b"".join(response.streaming_content)


# Downloads


def test_owner_downloads_own_document_with_private_no_sniff_headers(
    client, ana_document
):
    client.force_login(ana_document.household.user)

    response = client.get(document_url(ana_document))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    with ana_document.file.open("rb") as stored:
        assert stream(response) == stored.read()


def test_other_applicant_gets_404_for_a_guessed_document_url(client, ana_document, ben):
    client.force_login(ben.user)

    response = client.get(document_url(ana_document))

    assert response.status_code == 404
    assert not getattr(response, "streaming", False)
    assert not ModelLogEntry.objects.filter(
        action="applications.view_document"
    ).exists()


def test_other_applicants_404_looks_the_same_as_a_missing_document(
    client, ana_document, ben
):
    client.force_login(ben.user)

    guessed_path = document_url(ana_document)
    missing_path = f"/documents/{uuid.uuid4()}/"
    guessed = client.get(guessed_path)
    missing = client.get(missing_path)

    assert guessed.status_code == missing.status_code == 404
    assert comparable(guessed, guessed_path) == comparable(missing, missing_path)


def test_anonymous_download_redirects_to_login(client, ana_document):
    response = client.get(document_url(ana_document))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={document_url(ana_document)}"


def test_verification_staff_download_is_logged_on_the_household(client, ana_document):
    caseworker = make_staff("casey@example.com", roles.VERIFICATION_STAFF)
    client.force_login(caseworker)

    response = client.get(document_url(ana_document))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    stream(response)
    entry = ModelLogEntry.objects.get(action="applications.view_document")
    assert entry.user_id == caseworker.pk
    assert entry.object_id == str(ana_document.household.pk)
    assert entry.data["document_id"] == str(ana_document.public_id)
    assert entry.data["document"] == f"{ana_document.original_name} (Identity document)"


def test_repeated_previews_are_one_entry_and_each_download_its_own(
    client, ana_document
):
    caseworker = make_staff("casey@example.com", roles.VERIFICATION_STAFF)
    client.force_login(caseworker)

    for _ in range(3):
        stream(client.get(document_url(ana_document)))
    stream(client.get(document_url(ana_document) + "?download=1"))
    stream(client.get(document_url(ana_document) + "?download=1"))

    entries = ModelLogEntry.objects.filter(action="applications.view_document")
    previews = entries.filter(data__download=False)
    assert previews.count() == 1
    assert previews.get().data["views"] == 3
    assert entries.filter(data__download=True).count() == 2

    # Another caseworker's preview is an entry of their own.
    other = make_staff("dana@example.com", roles.VERIFICATION_STAFF)
    client.force_login(other)
    stream(client.get(document_url(ana_document)))
    assert entries.filter(data__download=False).count() == 2

    # The household's history names the document and counts the previews.
    client.force_login(caseworker)
    page = client.get(
        f"/admin/households/{ana_document.household.pk}/history/"
    ).content.decode()
    assert (
        f"Viewed a document: {ana_document.original_name} (Identity document) (3 views)"
        in page
    )


def test_a_preview_after_the_window_is_a_new_entry(client, ana_document):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    caseworker = make_staff("casey@example.com", roles.VERIFICATION_STAFF)
    client.force_login(caseworker)
    stream(client.get(document_url(ana_document)))
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        stream(client.get(document_url(ana_document)))
    assert (
        ModelLogEntry.objects.filter(action="applications.view_document").count() == 2
    )


def test_owner_viewing_own_document_is_not_logged_as_staff_access(client, ana_document):
    client.force_login(ana_document.household.user)

    stream(client.get(document_url(ana_document)))

    assert not ModelLogEntry.objects.filter(
        action="applications.view_document"
    ).exists()


@pytest.mark.parametrize(
    "group_name", [roles.CONTENT_EDITORS, roles.PROGRAM_COORDINATORS]
)
def test_staff_without_view_document_permission_gets_404(
    client, ana_document, group_name
):
    staff = make_staff("staff@example.com", group_name)
    assert not staff.has_perm("applications.view_document")
    client.force_login(staff)

    response = client.get(document_url(ana_document))

    assert response.status_code == 404
    assert not ModelLogEntry.objects.filter(
        action="applications.view_document"
    ).exists()


def test_inactive_verification_staff_cannot_download(client, ana_document):
    caseworker = make_staff("casey@example.com", roles.VERIFICATION_STAFF)
    caseworker.is_active = False
    caseworker.save()

    assert not may_view(caseworker, ana_document)


# Removing documents


def test_other_applicant_cannot_remove_a_document(client, demo_content):
    ana = make_household(make_applicant("ana@example.com"))
    document = ana.documents.get()
    mallory = make_household(make_applicant("mallory@example.com"))
    client.force_login(mallory.user)

    response = client.post(f"/apply/documents/{document.public_id}/remove/")

    assert response.status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()
    assert storages["private"].exists(document.file.name)


def test_anonymous_cannot_remove_a_document(client, demo_content):
    document = make_household().documents.get()

    response = client.post(f"/apply/documents/{document.public_id}/remove/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Document.objects.filter(pk=document.pk).exists()


# Storage


def test_private_storage_gives_documents_no_url(ana_document):
    with pytest.raises(ValueError):
        _ = ana_document.file.url


def test_stored_name_contains_nothing_of_the_uploaded_file_name(client, demo_content):
    household = make_household(steps=["account", "address", "household", "qualifying"])
    household.documents.all().delete()
    member = household.members.get()
    client.force_login(household.user)
    key = f"identity-{member.pk}"

    client.post(
        "/apply/documents/",
        {
            "item": key,
            "action": "upload",
            f"{key}-files": [png_upload("Maria-Lopez-drivers-license.png")],
        },
    )

    document = household.documents.get()
    assert document.original_name == "Maria-Lopez-drivers-license.png"
    stored = document.file.name.lower()
    for part in ["maria", "lopez", "drivers", "license"]:
        assert part not in stored
    assert storages["private"].exists(document.file.name)


# Applying and the dashboard


def test_apply_creates_an_application_only_for_the_signed_in_household(
    client, ana, ben
):
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    before = set(ProgramApplication.objects.values_list("pk", flat=True))
    client.force_login(ben.user)

    response = client.post(f"/dashboard/apply/{grocery.pk}/", {"household": ana.pk})

    assert response.status_code == 302
    created = ProgramApplication.objects.exclude(pk__in=before)
    assert [(a.household_id, a.program_id) for a in created] == [(ben.pk, grocery.pk)]
    assert not ana.program_applications.filter(program=grocery).exists()


def test_apply_is_refused_when_the_signed_in_household_is_not_submitted(
    client, demo_content, ben
):
    draft = make_household(make_applicant("dee@example.com"))
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    client.force_login(draft.user)

    response = client.post(f"/dashboard/apply/{grocery.pk}/", {"household": ben.pk})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert not ProgramApplication.objects.filter(program=grocery).exists()


def test_apply_to_a_program_id_that_does_not_exist_is_404(client, ben):
    client.force_login(ben.user)

    assert client.post("/dashboard/apply/999999/").status_code == 404
    assert client.post(f"/dashboard/apply/{10**30}/").status_code == 404


def test_apply_to_a_restricted_program_the_dashboard_hides_is_404(client, ben):
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    PageViewRestriction.objects.create(
        page=grocery, restriction_type=PageViewRestriction.PASSWORD, password="staff"
    )
    client.force_login(ben.user)
    available = client.get("/dashboard/").context["available"]
    assert "grocery-tax-rebate" not in [r.program.slug for r in available]

    response = client.post(f"/dashboard/apply/{grocery.pk}/")

    assert response.status_code == 404
    assert not ben.program_applications.filter(program=grocery).exists()


def test_dashboard_lists_only_the_signed_in_households_applications(client, ana, ben):
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    ProgramApplication.objects.create(household=ana, program=grocery)
    assert ana.program_applications.count() > ben.program_applications.count()
    client.force_login(ben.user)

    response = client.get("/dashboard/")

    listed = [
        application
        for group in ["pending", "enrolled", "not_enrolled"]
        for application in response.context[group]
    ]
    assert listed
    assert {application.household_id for application in listed} == {ben.pk}
    assert "grocery-tax-rebate" in [
        r.program.slug for r in response.context["available"]
    ]
    assert "ana@example.com" not in response.content.decode()
