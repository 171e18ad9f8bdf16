"""Who reaches an assisted household: the access matrix with assisters of two
organizations, staff, other roles, applicants and visitors."""

import uuid

import pytest
from django.contrib.auth.models import Group

from applications.documents.checks import check_upload
from applications.documents.storage import save_document
from applications.models import Document, Household
from applications.tests.assisting import make_assister, new_client_data
from applications.tests.conftest import make_applicant, make_household, png_upload
from portal import roles

pytestmark = pytest.mark.django_db


def make_staff(email, group_name):
    user = make_applicant(email, first_name="Sam", last_name="Staff", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def people(demo_content):
    return {
        "library": make_assister("ari@library.example.org", "Central Library"),
        "library_colleague": make_assister(
            "lee@library.example.org", "Central Library", first_name="Lee"
        ),
        "senior_center": make_assister(
            "sam@seniors.example.org", "Eastside Senior Center", first_name="Sam"
        ),
        "caseworker": make_staff("casey@example.com", roles.VERIFICATION_STAFF),
        "coordinator": make_staff("cory@example.com", roles.PROGRAM_COORDINATORS),
        "editor": make_staff("eddie@example.com", roles.CONTENT_EDITORS),
        "applicant": make_applicant("ben@example.com", first_name="Ben"),
    }


def new_client(client, actor, first_name):
    client.force_login(actor)
    client.post(
        "/assist/clients/new/", new_client_data(uuid.uuid4(), first_name=first_name)
    )
    household = Household.objects.get(user__first_name=first_name)
    # The rest of the answers, as the wizard would leave them before documents.
    done = make_household(
        make_applicant(f"{uuid.uuid4().hex}@example.com"),
        steps=["account", "address", "household", "qualifying"],
    )
    member = done.members.get()
    member.household = household
    member.first_name = first_name
    member.save()
    household.completed_steps = done.completed_steps
    household.save()
    return household


@pytest.fixture
def world(client, people):
    library_client = new_client(client, people["library"], "Rosa")
    member = library_client.members.get()
    uploaded = save_document(
        library_client,
        check_upload(png_upload()),
        kind=Document.Kind.IDENTITY,
        member=member,
        uploaded_by=people["library"],
        uploaded_for=library_client.partner,
    )
    own_upload = save_document(
        library_client,
        check_upload(png_upload()),
        kind=Document.Kind.IDENTITY,
        member=member,
    )
    senior_client = new_client(client, people["senior_center"], "Tomás")
    desk_client = new_client(client, people["caseworker"], "Inés")
    self_service = make_household(make_applicant("solo@example.com", first_name="Sol"))
    client.logout()
    return {
        "library_client": library_client,
        "senior_client": senior_client,
        "desk_client": desk_client,
        "self_service": self_service,
        "uploaded": uploaded,
        "own_upload": own_upload,
        "self_service_document": self_service.documents.get(),
    }


CLIENT_PAGES = [
    "",
    "consent-form/",
    "apply/account/",
    "apply/address/",
    "apply/household/",
    "apply/qualifying-programs/",
    "apply/documents/",
]

# Who may open the library's client's pages.
LIBRARY_CLIENT_ACCESS = {
    "library": True,
    "library_colleague": True,
    "senior_center": False,
    "caseworker": True,
    "coordinator": False,
    "editor": False,
    "applicant": False,
}


@pytest.mark.parametrize("who,allowed", LIBRARY_CLIENT_ACCESS.items())
@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_a_clients_pages_open_to_its_organization_and_staff_only(
    client, people, world, who, allowed, page
):
    client.force_login(people[who])

    response = client.get(f"/assist/clients/{world['library_client'].pk}/{page}")

    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("who", ["library", "senior_center", "caseworker"])
def test_nobody_acts_for_a_household_that_applied_on_its_own(
    client, people, world, who
):
    client.force_login(people[who])
    household = world["self_service"]

    for page in CLIENT_PAGES:
        assert client.get(f"/assist/clients/{household.pk}/{page}").status_code == 404
    response = client.post(
        f"/assist/clients/{household.pk}/apply/address/",
        {"street": "1 Evil St", "city": "X", "state": "CO", "zip_code": "80521"},
    )
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.street == "300 Laporte Ave"


def test_an_assister_cannot_change_another_organizations_client(client, people, world):
    client.force_login(people["senior_center"])
    household = world["library_client"]
    document = world["uploaded"]

    writes = [
        (f"/assist/clients/{household.pk}/apply/address/", {"street": "1 Evil St"}),
        (
            f"/assist/clients/{household.pk}/invite/",
            {"request_token": str(uuid.uuid4())},
        ),
        (
            f"/assist/clients/{household.pk}/apply/documents/{document.public_id}/remove/",
            {},
        ),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()
    assert not household.notifications.filter(event="invitation").exists()


def test_each_assister_lists_only_their_organizations_clients(client, people, world):
    client.force_login(people["library"])
    listed = {h.user.first_name for h in client.get("/assist/").context["page"]}
    assert listed == {"Rosa"}

    client.force_login(people["senior_center"])
    listed = {h.user.first_name for h in client.get("/assist/").context["page"]}
    assert listed == {"Tomás"}

    # Staff at a desk: every client (never a household that applied alone).
    client.force_login(people["caseworker"])
    listed = {h.user.first_name for h in client.get("/assist/").context["page"]}
    assert listed == {"Rosa", "Tomás", "Inés"}


@pytest.mark.parametrize(
    "who,document,allowed",
    [
        ("library", "uploaded", True),
        ("library_colleague", "uploaded", True),
        ("senior_center", "uploaded", False),
        ("library", "own_upload", False),
        ("library", "self_service_document", False),
        ("senior_center", "self_service_document", False),
        ("caseworker", "uploaded", True),
        ("coordinator", "uploaded", False),
        ("applicant", "uploaded", False),
    ],
)
def test_documents_an_assister_may_open(client, people, world, who, document, allowed):
    client.force_login(people[who])

    response = client.get(f"/documents/{world[document].public_id}/")

    assert response.status_code == (200 if allowed else 404)


def test_an_assister_never_reaches_the_caseworker_queue(client, people, world):
    client.force_login(people["library"])

    for url in [
        "/admin/",
        "/admin/applications/household/",
        f"/admin/applications/household/inspect/{world['library_client'].pk}/",
        f"/admin/households/{world['library_client'].pk}/history/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/login" in response["Location"], url


def test_visitors_are_sent_to_sign_in(client, world):
    response = client.get(f"/assist/clients/{world['library_client'].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/assist/")["Location"].startswith("/accounts/login/")


def test_an_assister_applies_with_residents_never_for_themselves(client, people):
    client.force_login(people["library"])

    assert client.get("/apply/address/")["Location"] == "/assist/"
    assert not Household.objects.filter(user=people["library"]).exists()


def test_an_inactive_organizations_assisters_can_no_longer_act(client, people, world):
    organization = world["library_client"].partner
    organization.is_active = False
    organization.save()
    client.force_login(people["library"])

    assert client.get("/assist/").status_code == 404
    assert (
        client.get(f"/assist/clients/{world['library_client'].pk}/").status_code == 404
    )
    assert client.get(f"/documents/{world['uploaded'].public_id}/").status_code == 404


def test_assisters_pages_and_staff_downloads_need_the_second_factor(
    client, people, world
):
    """A password alone (client.login, not the tests' verified force_login) opens
    neither an assister's pages nor a document for staff."""
    for who in ["library", "caseworker"]:
        user = people[who]
        user.set_password("a-long-test-passphrase")
        user.save()
        client.logout()
        assert client.login(email=user.email, password="a-long-test-passphrase")
        for url in [
            "/assist/",
            f"/es/assist/clients/{world['library_client'].pk}/",
            f"/documents/{world['uploaded'].public_id}/",
        ]:
            response = client.get(url)
            assert response.status_code == 302, (who, url)
            assert "/accounts/second-factor/?next=" in response["Location"], (who, url)
    # The applicant's own documents still open with email and password.
    owner = world["self_service"].user
    owner.set_password("a-long-test-passphrase")
    owner.save()
    client.logout()
    client.login(email=owner.email, password="a-long-test-passphrase")
    assert (
        client.get(
            f"/documents/{world['self_service_document'].public_id}/"
        ).status_code
        == 200
    )
