"""Applying with help: an assister creates a client, fills the same wizard with
them, and the resident confirms the answers; who did what is recorded."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.models import Document, Household, Notification, Submission
from applications.notifications.outbox import sweep
from applications.tests.assisting import make_assister, new_client_data
from applications.tests.conftest import png_upload
from applications.tests.test_journey import follow_post

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def assister(demo_content):
    return make_assister("ari@library.example.org", "Central Library")


def create_client(client, assister, **changes):
    client.force_login(assister)
    response = client.post(
        "/assist/clients/new/", new_client_data(uuid.uuid4(), **changes)
    )
    assert response.status_code == 302, response.content[:400]
    return Household.objects.get(
        assisted_by=assister, user__first_name=changes.get("first_name", "Rosa")
    )


def fill_wizard(client, household, snap):
    """Every step after the account, as the assister does with the resident."""
    base = f"/assist/clients/{household.pk}/apply"
    follow_post(
        client,
        f"{base}/address/",
        {
            "street": "300 Laporte Ave",
            "city": "Fairview",
            "state": "CO",
            "zip_code": "80521",
            "action": "continue",
        },
    )
    follow_post(
        client,
        f"{base}/household/",
        {
            "housing-housing": "rent",
            "housing-time_at_address": "over_3",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "20",
            "members-0-first_name": "Rosa",
            "members-0-last_name": "Martínez",
            "members-0-date_of_birth": "1950-02-03",
            "action": "continue",
        },
    )
    response = follow_post(
        client,
        f"{base}/qualifying-programs/",
        {"programs": [snap.pk], "action": "continue"},
    )
    assert response.redirect_chain[-1][0] == f"{base}/documents/"
    for item in response.context["items"]:
        follow_post(
            client,
            f"{base}/documents/",
            {"item": item.key, "action": "upload", f"{item.key}-files": [png_upload()]},
        )
    response = follow_post(client, f"{base}/documents/", {"action": "continue"})
    assert response.redirect_chain[-1][0] == f"{base}/review/"
    return response


def submit_ticked(client, household):
    """Review: the resident ticked the box, and the assister saw it."""
    return client.post(
        f"/assist/clients/{household.pk}/apply/review/",
        {"attestation": "ticked", "consent": "on", "witnessed": "on"},
    )


def test_an_assister_creates_a_client_without_email_and_a_replay_makes_one(
    client, assister
):
    client.force_login(assister)
    token = uuid.uuid4()

    first = client.post("/assist/clients/new/", new_client_data(token))
    again = client.post("/assist/clients/new/", new_client_data(token))

    household = Household.objects.get(assisted_by=assister)
    assert (
        first["Location"]
        == again["Location"]
        == (f"/assist/clients/{household.pk}/apply/address/")
    )
    user = household.user
    assert user.email is None
    assert not user.has_usable_password()
    assert user.preferred_language == "es"
    assert household.partner.name == "Central Library"
    assert household.is_client and household.is_step_complete("account")
    entry = ModelLogEntry.objects.get(action="applications.client_created")
    assert entry.user_id == assister.pk
    assert entry.data["organization"] == "Central Library"


def test_two_clients_without_email_can_exist(client, assister):
    create_client(client, assister)
    create_client(client, assister, first_name="Tomás")

    assert User.objects.filter(email__isnull=True).count() == 2


def test_a_client_email_that_already_has_an_account_is_refused_on_the_page(
    client, assister
):
    User.objects.create_user(email="taken@example.com", password="x")
    client.force_login(assister)

    response = client.post(
        "/assist/clients/new/",
        new_client_data(uuid.uuid4(), email="Taken@Example.com"),
    )

    assert response.status_code == 200
    assert "This email address already has an account" in response.content.decode()
    assert not Household.objects.filter(assisted_by=assister).exists()


def test_the_same_wizard_with_the_same_rules_and_who_entered_each_step(
    client, assister, snap
):
    household = create_client(client, assister)
    base = f"/assist/clients/{household.pk}/apply"

    # The same validation as the resident's own wizard.
    response = client.post(f"{base}/address/", {"street": "", "action": "continue"})
    assert response.status_code == 200
    assert (
        "Enter the street address" in response.content.decode()
        or response.context["form"].errors
    )
    # A later step is not reachable before the earlier ones.
    assert client.get(f"{base}/review/")["Location"] == f"{base}/address/"

    response = fill_wizard(client, household, snap)
    page = response.content.decode()
    assert "You are applying with" in page and "Rosa Martínez" in page

    household.refresh_from_db()
    assert set(household.entered_by) == {
        "account",
        "address",
        "household",
        "qualifying",
        "documents",
    }
    assert household.entered_by["address"]["name"] == "Ari Assister"
    assert household.entered_by["address"]["organization"] == "Central Library"
    steps = ModelLogEntry.objects.filter(
        action="applications.assisted_step", user=assister
    ).values_list("data__step", flat=True)
    assert set(steps) == {"address", "household", "qualifying", "documents"}
    documents = household.documents.all()
    assert documents.count() == 2
    assert {(d.uploaded_by_id, d.uploaded_for_id) for d in documents} == {
        (assister.pk, household.partner_id)
    }


def test_at_review_the_resident_ticks_and_the_assister_confirms_by_name(
    client, assister, snap
):
    household = create_client(client, assister)
    fill_wizard(client, household, snap)
    review = f"/assist/clients/{household.pk}/apply/review/"

    page = client.get(review).content.decode()
    assert "I, Ari Assister, saw the resident read the answers" in page

    # Ticked by the resident, not confirmed by the assister: refused on the page.
    response = client.post(review, {"attestation": "ticked", "consent": "on"})
    assert response.status_code == 200
    assert (
        "Confirm that you saw the resident tick the box." in response.content.decode()
    )
    assert not Submission.objects.filter(household=household).exists()

    response = client.post(
        review, {"attestation": "ticked", "consent": "on", "witnessed": "on"}
    )
    assert response["Location"] == f"/assist/clients/{household.pk}/"
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    answers = household.submissions.get().answers
    assistance = answers["assistance"]
    assert assistance["assisted_by"] == "Ari Assister, Central Library"
    assert assistance["attestation"]["method"] == "ticked"
    assert assistance["attestation"]["confirmed_by"]["name"] == "Ari Assister"
    assert assistance["entered_by"]["household"]["name"] == "Ari Assister"
    assert {d["uploaded_by"] for d in answers["documents"]} == {"Ari Assister"}
    submitted = ModelLogEntry.objects.get(action="applications.assisted_submit")
    assert submitted.user_id == assister.pk
    assert submitted.data["attestation"] == "ticked"

    # The submitted application is the client's page now, not the wizard.
    assert client.get(review)["Location"] == f"/assist/clients/{household.pk}/"


def test_a_signed_consent_form_is_uploaded_then_the_application_submitted(
    client, assister, snap
):
    household = create_client(client, assister)
    fill_wizard(client, household, snap)
    review = f"/assist/clients/{household.pk}/apply/review/"

    response = client.post(review, {"attestation": "signed"})
    assert response.status_code == 200
    assert "Upload the signed consent form first" in response.content.decode()

    printable = client.get(f"/assist/clients/{household.pk}/consent-form/")
    # In the resident's language (Spanish), whatever the assister reads.
    assert "Firma" in printable.content.decode()

    hostile = client.post(
        review,
        {
            "action": "upload_consent",
            "consent-files": [
                __import__(
                    "django.core.files.uploadedfile", fromlist=["x"]
                ).SimpleUploadedFile(
                    "consent.png", b"<script>alert(1)</script>", "image/png"
                )
            ],
        },
    )
    assert hostile.status_code == 200
    assert not household.documents.filter(kind=Document.Kind.CONSENT).exists()

    client.post(
        review,
        {"action": "upload_consent", "consent-files": [png_upload("signed.png")]},
    )
    consent = household.documents.get(kind=Document.Kind.CONSENT)
    assert consent.uploaded_by_id == assister.pk

    response = client.post(review, {"attestation": "signed"})
    assert response.status_code == 302
    attestation = household.submissions.get().answers["assistance"]["attestation"]
    assert attestation["method"] == "signed"
    assert attestation["document"] == str(consent.public_id)


def test_a_client_without_email_gets_letters_the_outbox_never_sends(
    client, assister, snap, settings
):
    household = create_client(client, assister)
    fill_wizard(client, household, snap)
    submit_ticked(client, household)

    letter = Notification.objects.get(household=household, event="submitted")
    assert letter.channel == Notification.Channel.LETTER
    assert letter.status == Notification.Status.TO_PRINT
    assert not Notification.objects.filter(household=household).exclude(
        channel=Notification.Channel.LETTER
    )
    sweep()
    letter.refresh_from_db()
    assert letter.status == Notification.Status.TO_PRINT and letter.attempts == 0
    assert not letter.can_resend

    page = client.get(f"/assist/clients/{household.pk}/").content.decode()
    assert f"/assist/clients/{household.pk}/letters/{letter.pk}/" in page
    printed = client.get(f"/assist/clients/{household.pk}/letters/{letter.pk}/")
    text = printed.content.decode()
    # What the email would have said, in the resident's language.
    assert "Hola, Rosa" in text and "Recibimos su solicitud" in text
    assert 'lang="es"' in text
    assert "300 Laporte Ave" in text

    client.post(f"/assist/clients/{household.pk}/letters/{letter.pk}/")
    letter.refresh_from_db()
    assert letter.status == Notification.Status.PRINTED
    assert ModelLogEntry.objects.filter(
        action="applications.letter_printed", user=assister
    ).exists()


def test_the_queue_says_assisted_by_and_filters_assisted_applications(
    client, assister, snap, caseworker
):
    from applications.tests.conftest import make_applicant, make_household

    household = create_client(client, assister)
    fill_wizard(client, household, snap)
    submit_ticked(client, household)
    alone = make_household(
        make_applicant("solo@example.com", first_name="Sol"), submit=True
    )
    client.force_login(caseworker)

    assisted = client.get(
        "/admin/applications/household/?assisted=yes"
    ).content.decode()
    assert "Assisted by Ari Assister, Central Library" in assisted
    assert "Sol López" not in assisted
    on_their_own = client.get(
        "/admin/applications/household/?assisted=no"
    ).content.decode()
    assert "Sol López" in on_their_own and "Rosa Martínez" not in on_their_own
    assert alone.pk

    page = client.get(
        f"/admin/applications/household/inspect/{household.pk}/"
    ).content.decode()
    assert "Assisted by Ari Assister, Central Library" in page
    assert "Answers entered by" in page
    history = client.get(f"/admin/households/{household.pk}/history/").content.decode()
    assert "Entered or changed answers with the resident" in history
    assert "Ari Assister" in history


def test_the_assister_answers_a_request_for_information_with_the_resident(
    client, assister, snap, caseworker
):
    from applications import state_machine

    household = create_client(client, assister)
    fill_wizard(client, household, snap)
    submit_ticked(client, household)
    state_machine.request_information(household, caseworker, "A recent utility bill.")
    page = f"/assist/clients/{household.pk}/"
    assert "A recent utility bill." in client.get(page).content.decode()

    client.post(
        f"{page}information/",
        {"action": "upload", "response-files": [png_upload("bill.png")]},
    )
    client.post(f"{page}information/", {"action": "send"})

    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    bill = household.documents.get(kind=Document.Kind.REQUESTED)
    assert (bill.uploaded_by_id, bill.uploaded_for_id) == (
        assister.pk,
        household.partner_id,
    )
    answered = ModelLogEntry.objects.get(action="applications.respond_information")
    assert answered.user_id == assister.pk


def test_staff_print_a_clients_letter_from_the_household_page(
    client, assister, snap, caseworker
):
    household = create_client(client, assister)
    fill_wizard(client, household, snap)
    submit_ticked(client, household)
    letter = household.notifications.get(channel=Notification.Channel.LETTER)
    # The resident withdrew the library's access: staff still print their letters.
    Household.objects.filter(pk=household.pk).update(
        access_withdrawn_at=timezone.now(), partner=None
    )
    client.force_login(caseworker)

    page = client.get(f"/admin/applications/household/inspect/{household.pk}/")
    url = f"/assist/clients/{household.pk}/letters/{letter.pk}/"
    assert url in page.content.decode()
    printed = client.get(url)
    assert printed.status_code == 200
    assert "Recibimos su solicitud" in printed.content.decode()
    response = client.post(url)
    assert response["Location"] == (
        f"/admin/applications/household/inspect/{household.pk}/"
    )
    # The assister whose access was withdrawn cannot open it.
    client.force_login(assister)
    assert client.get(url).status_code == 404


def test_an_assisters_dashboard_link_leads_to_their_clients(client, assister):
    client.force_login(assister)

    assert client.get("/dashboard/")["Location"] == "/assist/"
