"""Caseworkers correct what applicants got wrong: a member's name or date of birth, a
document, the qualifying programs. Each needs a reason, is reviewed with eligibility
before and after, is saved once on Confirm, logged and told to the applicant."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications import state_machine
from applications.casework import corrections
from applications.casework.corrections import drop_abandoned_replacements
from applications.documents.storage import add_documents
from applications.models import (
    Document,
    Household,
    HouseholdMember,
    Notification,
    ProgramApplication,
)
from applications.notifications.senders import MemorySmsSender, sms_segments
from applications.tests.conftest import make_applicant, make_household, png_upload
from applications.tests.test_caseworker import REFUSED, staff
from portal import roles
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db
QUEUE = "/admin/applications/household/"
REASON = "The birth certificate shows 1988."


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    MemorySmsSender.outbox.clear()
    yield
    MemorySmsSender.outbox.clear()


@pytest.fixture
def household(snap):
    """Submitted, with SNAP, in Spanish, told by email and text, and applied to the
    Grocery Tax Rebate (which SNAP makes it eligible for)."""
    user = make_applicant(
        "ana@example.com",
        preferred_language="es",
        phone_number="+19702216600",
        contact_by_sms=True,
    )
    household = make_household(user, qualifying=[snap], submit=True)
    grocery = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    ProgramApplication.objects.create(household=household, program=grocery)
    return household


def member_url(household, member=None):
    member = member or household.members.get(is_applicant=True)
    return f"/admin/households/{household.pk}/correct/member/{member.pk}/"


def document_url(household, document):
    return f"/admin/households/{household.pk}/correct/document/{document.public_id}/"


def programs_url(household):
    return f"/admin/households/{household.pk}/correct/qualifying-programs/"


def member_data(**values):
    return {
        "first_name": "Ana",
        "last_name": "López",
        "date_of_birth": "1988-04-28",
        "reason": REASON,
        "step": "review",
        **values,
    }


def confirm(client, url, review):
    return client.post(url, {"step": "confirm", "proposal": review.context["proposal"]})


def entries(household, action):
    return ModelLogEntry.objects.for_instance(household).filter(action=action.name)


def corrected_messages(household):
    return Notification.objects.filter(household=household, event="corrected")


def disguised_file():
    """A web page with a script, named as a photo."""
    return SimpleUploadedFile(
        "id.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )


# --- A member's name or date of birth --------------------------------------------


def test_a_member_correction_needs_a_reason(client, caseworker, household):
    client.force_login(caseworker)
    response = client.post(member_url(household), member_data(reason="   "))
    assert response.status_code == 200
    assert "Give the reason for the correction" in response.content.decode()
    assert "proposal" not in response.context
    member = household.members.get(is_applicant=True)
    assert member.date_of_birth == date(1985, 4, 28)
    assert not entries(household, corrections.audit.CORRECT_MEMBER).exists()


def test_a_member_correction_is_reviewed_then_saved_logged_and_told(
    client, caseworker, household
):
    client.force_login(caseworker)
    url = member_url(household)
    assert client.get(url).status_code == 200
    review = client.post(url, member_data(first_name="Anabel"))
    page = review.content.decode()
    assert review.status_code == 200
    assert "Review the change" in page
    assert "April 28, 1985" in page and "April 28, 1988" in page  # before, after
    assert "does not change eligibility" in page
    assert "Grocery Tax Rebate" in page  # each program, before and after
    assert "Spanish" in page  # the applicant is told in their language
    member = household.members.get(is_applicant=True)
    assert (member.first_name, member.date_of_birth) == ("Ana", date(1985, 4, 28))

    assert confirm(client, url, review).status_code == 302

    member.refresh_from_db()
    assert (member.first_name, member.date_of_birth) == ("Anabel", date(1988, 4, 28))
    household.user.refresh_from_db()
    assert household.user.first_name == "Anabel"  # the applicant's account too
    [entry] = entries(household, corrections.audit.CORRECT_MEMBER)
    assert entry.user == caseworker
    assert entry.data["reason"] == REASON
    assert entry.data["before"] == {"first_name": "Ana", "date_of_birth": "1985-04-28"}
    assert entry.data["after"] == {
        "first_name": "Anabel",
        "date_of_birth": "1988-04-28",
    }
    assert any("1985" in line and "1988" in line for line in entry.data["changes"])
    messages = corrected_messages(household)
    assert {m.channel for m in messages} == {"email", "sms"}
    assert {m.language for m in messages} == {"es"}
    email = messages.get(channel="email")
    assert email.context["reason"] == REASON
    assert any("Anabel" in line for line in email.context["changes"])
    history = client.get(f"/admin/households/{household.pk}/history/").content
    assert REASON in history.decode()


def test_a_birth_date_correction_shows_the_id_it_makes_the_household_owe(
    client, caseworker, household
):
    child = HouseholdMember.objects.create(
        household=household,
        first_name="Leo",
        last_name="López",
        date_of_birth=date(2015, 1, 9),
        position=1,
    )
    client.force_login(caseworker)
    url = member_url(household, child)
    review = client.post(
        url,
        member_data(first_name="Leo", date_of_birth="2001-01-09", reason="Passport."),
    )
    page = review.content.decode()
    assert "The household would then owe" in page
    assert "Photo ID for Leo López" in page
    assert confirm(client, url, review).status_code == 302
    [entry] = entries(household, corrections.audit.CORRECT_MEMBER)
    assert "now owes Photo ID for Leo López" in entry.data["effects"]
    household.refresh_from_db()
    assert household.review_status == Household.ReviewStatus.SUBMITTED  # unchanged


def test_the_date_of_birth_keeps_the_applicants_rules(client, caseworker, household):
    client.force_login(caseworker)
    response = client.post(
        member_url(household), member_data(date_of_birth="2999-01-01")
    )
    assert "The date of birth cannot be in the future." in response.content.decode()
    assert "proposal" not in response.context


# --- Qualifying programs ------------------------------------------------------------


def test_a_qualifying_programs_correction_needs_a_reason(client, caseworker, household):
    client.force_login(caseworker)
    response = client.post(
        programs_url(household), {"none": "on", "reason": "", "step": "review"}
    )
    assert "Give the reason for the correction" in response.content.decode()
    assert list(household.qualifying_programs)  # SNAP is still there


def test_removing_a_qualifying_program_shows_and_logs_what_it_does_to_eligibility(
    client, caseworker, household, snap
):
    client.force_login(caseworker)
    url = programs_url(household)
    data = {"none": "on", "reason": "The SNAP letter is from 2019.", "step": "review"}
    review = client.post(url, data)
    page = review.content.decode()
    grocery = next(
        effect
        for effect in review.context["review"].effects.programs
        if effect.program.slug == "grocery-tax-rebate"
    )
    assert (grocery.before.is_eligible, grocery.after.is_eligible) == (True, False)
    assert "This change changes eligibility" in page
    assert "Applications that would no longer qualify" in page
    assert household.qualifying_enrollments.exists()  # nothing saved yet

    assert confirm(client, url, review).status_code == 302

    assert not household.qualifying_enrollments.exists()
    proof = household.documents.get(kind=Document.Kind.PROOF)
    assert proof.is_current is False  # kept, no longer in force
    application = household.program_applications.get(program__slug="grocery-tax-rebate")
    assert application.status == ProgramApplication.Status.APPLIED  # not changed
    [entry] = entries(household, corrections.audit.CORRECT_QUALIFYING_PROGRAMS)
    assert entry.data["before"] == {"qualifying_programs": ["SNAP"]}
    assert entry.data["after"] == {"qualifying_programs": []}
    assert {
        "program": "Grocery Tax Rebate",
        "before": True,
        "after": False,
    } in entry.data["eligibility"]
    assert any("no longer qualifies" in line for line in entry.data["effects"])
    email = corrected_messages(household).get(channel="email")
    assert email.language == "es"
    # What the change does, with the program's name in the applicant's language.
    spanish_title = application.program.title_in("es")
    assert any(spanish_title in line for line in email.context["changes"])


# --- Documents ----------------------------------------------------------------------


def identity(household):
    return household.documents.get(kind=Document.Kind.IDENTITY, is_current=True)


def test_a_document_replacement_needs_a_reason_and_how_it_came(
    client, caseworker, household
):
    client.force_login(caseworker)
    old = identity(household)
    response = client.post(
        document_url(household, old),
        {"files": png_upload("scan.png"), "reason": "", "step": "review"},
    )
    page = response.content.decode()
    assert "Give the reason for the correction" in page
    assert "Say how the document was received." in page
    assert household.documents.count() == 2  # nothing stored


def test_a_replaced_document_goes_through_the_upload_checks_and_storage(
    client, caseworker, household
):
    client.force_login(caseworker)
    old = identity(household)
    url = document_url(household, old)
    review = client.post(
        url,
        {
            "files": png_upload("scan.png", color="red"),
            "received": "by_mail",
            "reason": "The first photo was blurred.",
            "step": "review",
        },
    )
    assert review.status_code == 200
    staged = Document.objects.get(original_name="scan.png")
    assert staged.is_current is False  # stored, not yet in force
    assert f"/documents/{staged.public_id}/preview/1/" in review.content.decode()

    assert confirm(client, url, review).status_code == 302

    old.refresh_from_db()
    staged.refresh_from_db()
    assert (old.is_current, staged.is_current) == (False, True)
    assert staged.uploaded_by == caseworker
    assert (staged.member_id, staged.kind) == (old.member_id, old.kind)
    assert staged.file.storage is storages["private"]
    assert identity(household) == staged
    [entry] = entries(household, corrections.audit.REPLACE_DOCUMENT)
    assert entry.data["received"] == "by_mail"
    assert entry.data["document_id"] == str(old.public_id)
    assert entry.data["new_document_id"] == str(staged.public_id)
    assert entry.data["reason"] == "The first photo was blurred."
    assert corrected_messages(household).filter(channel="email").exists()
    # The same download checks as any document.
    download = f"/documents/{staged.public_id}/"
    assert client.get(download).status_code == 200
    client.force_login(household.user)
    assert client.get(download).status_code == 200
    client.force_login(make_applicant("zoe@example.com"))
    assert client.get(download).status_code == 404


def test_a_hostile_file_is_refused_with_the_applicants_message(
    client, caseworker, household
):
    _saved, [(_name, applicants_message)] = add_documents(
        household, [disguised_file()], kind=Document.Kind.IDENTITY
    )
    client.force_login(caseworker)
    old = identity(household)
    response = client.post(
        document_url(household, old),
        {
            "files": disguised_file(),
            "received": "in_person",
            "reason": "Brought a new copy.",
            "step": "review",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [applicants_message]
    assert household.documents.count() == 2
    assert identity(household) == old


def review_replacement(client, household):
    url = document_url(household, identity(household))
    review = client.post(
        url,
        {
            "files": png_upload("scan.png"),
            "received": "by_mail",
            "reason": "Mailed a clearer copy",
            "step": "review",
        },
    )
    assert review.status_code == 200
    return url, review


def test_cancelling_a_review_drops_the_new_file(client, caseworker, household):
    client.force_login(caseworker)
    old = identity(household)
    url, review = review_replacement(client, household)
    client.post(url, {"step": "discard", "proposal": review.context["proposal"]})
    assert not Document.objects.filter(original_name="scan.png").exists()
    assert identity(household) == old


# --- Replays, tampering, concurrent changes -------------------------------------


def test_a_replayed_confirm_applies_once_and_tells_once(client, caseworker, household):
    client.force_login(caseworker)
    url = member_url(household)
    review = client.post(url, member_data())
    assert confirm(client, url, review).status_code == 302
    messages = corrected_messages(household).count()

    again = confirm(client, url, review)

    assert again.status_code == 200
    assert "The household changed since you reviewed" in again.content.decode()
    assert entries(household, corrections.audit.CORRECT_MEMBER).count() == 1
    assert corrected_messages(household).count() == messages == 2


def test_a_replayed_document_confirm_replaces_once(client, caseworker, household):
    client.force_login(caseworker)
    url, review = review_replacement(client, household)
    confirm(client, url, review)
    again = confirm(client, url, review)
    assert "The household changed since you reviewed" in again.content.decode()
    assert entries(household, corrections.audit.REPLACE_DOCUMENT).count() == 1
    assert household.documents.filter(kind="identity", is_current=True).count() == 1


def test_a_tampered_confirm_is_refused(client, caseworker, household):
    client.force_login(caseworker)
    url = member_url(household)
    review = client.post(url, member_data())
    token = review.context["proposal"]
    values = signing.loads(token, salt=corrections.SALT)
    # Another date, signed with some other key: the signature does not hold.
    values["data"]["date_of_birth"] = ["1950-01-01"]
    forged = signing.dumps(values, key="not-the-secret", salt=corrections.SALT)
    for proposal in (token[:-3] + "abc", forged, ""):
        response = client.post(url, {"step": "confirm", "proposal": proposal})
        assert response.status_code == 200
        assert "This review could not be read." in response.content.decode()
    # A review of another household's member is no review of this one.
    other = make_household(make_applicant("zoe@example.com"), submit=True)
    other_review = client.post(member_url(other), member_data())
    response = confirm(client, url, other_review)
    assert "This review could not be read." in response.content.decode()
    assert household.members.get(is_applicant=True).date_of_birth == date(1985, 4, 28)
    assert not entries(household, corrections.audit.CORRECT_MEMBER).exists()
    assert not corrected_messages(household).exists()


def test_a_signed_proposal_is_validated_again_on_confirm(client, caseworker, household):
    """Even a genuine signature does not let values past the form's rules."""
    client.force_login(caseworker)
    url = member_url(household)
    review = client.post(url, member_data())
    values = signing.loads(review.context["proposal"], salt=corrections.SALT)
    values["data"]["date_of_birth"] = ["2999-01-01"]
    resigned = signing.dumps(values, salt=corrections.SALT, compress=True)
    response = client.post(url, {"step": "confirm", "proposal": resigned})
    assert "The date of birth cannot be in the future." in response.content.decode()
    assert household.members.get(is_applicant=True).date_of_birth == date(1985, 4, 28)


def test_an_applicants_change_after_the_review_is_detected(
    client, caseworker, household
):
    client.force_login(caseworker)
    url = member_url(household)
    review = client.post(url, member_data())
    # The applicant saves an answer meanwhile (the household step saves the row).
    Household.objects.get(pk=household.pk).save()
    response = confirm(client, url, review)
    assert "The household changed since you reviewed" in response.content.decode()
    assert household.members.get(is_applicant=True).date_of_birth == date(1985, 4, 28)

    review = client.post(url, member_data())
    state_machine.change_answers(household, household.user, "A new baby.")
    response = confirm(client, url, review)
    assert "The applicant is changing their answers." in response.content.decode()
    assert not corrected_messages(household).exists()


# --- When and who ------------------------------------------------------------------


def test_no_correction_while_the_applicant_edits_or_after_a_denial(
    client, caseworker, household
):
    client.force_login(caseworker)
    state_machine.deny(household, caseworker, "No proof of address.")
    response = client.get(member_url(household))
    assert response.status_code == 302
    page = client.get(f"{QUEUE}inspect/{household.pk}/").content.decode()
    assert "Reopen the household before correcting its answers." in page
    assert "/correct/" not in page
    response = client.post(member_url(household), member_data())
    assert "Reopen the household before correcting" in response.content.decode()
    assert household.members.get(is_applicant=True).date_of_birth == date(1985, 4, 28)


def test_the_household_page_offers_each_correction(client, caseworker, household):
    client.force_login(caseworker)
    page = client.get(f"{QUEUE}inspect/{household.pk}/").content.decode()
    assert member_url(household) in page
    for document in household.documents.all():
        assert document_url(household, document) in page
    assert programs_url(household) in page


@pytest.mark.parametrize("role", ["coordinator", "editor", "applicant"])
def test_only_verification_staff_correct(client, household, role):
    user = {
        "coordinator": lambda: staff("co@example.com", roles.PROGRAM_COORDINATORS),
        "editor": lambda: staff("ed@example.com", roles.CONTENT_EDITORS),
        "applicant": lambda: household.user,
    }[role]()
    client.force_login(user)
    document = identity(household)
    for url in (
        member_url(household),
        document_url(household, document),
        programs_url(household),
    ):
        assert client.get(url).status_code in REFUSED
        response = client.post(
            url, {**member_data(), "none": "on", "received": "in_person"}
        )
        assert response.status_code in REFUSED
    assert household.members.get(is_applicant=True).date_of_birth == date(1985, 4, 28)
    assert household.qualifying_enrollments.exists()
    assert household.documents.count() == 2
    assert not corrected_messages(household).exists()


# --- The message -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_message_says_what_changed_and_fits_two_text_segments(
    client, caseworker, household, language
):
    from django.core import mail

    household.user.preferred_language = language
    household.user.save(update_fields=["preferred_language"])
    client.force_login(caseworker)
    url = member_url(household)
    confirm(client, url, client.post(url, member_data()))
    email, sms = mail.outbox[-1], MemorySmsSender.outbox[-1]
    assert email.to == ["ana@example.com"]
    assert REASON in email.body
    assert "1988" in email.body
    assert sms["body"].startswith("City of Fairview:")
    assert sms_segments(sms["body"]) <= 2


def test_a_replacement_that_is_never_confirmed_leaves_nothing_behind(
    client, caseworker, household
):
    """Stored for its review page only: a refused confirm, a late cancel and a
    closed tab each drop it, and the case file never lists it."""
    client.force_login(caseworker)
    before = household.documents.count()

    # Refused: the applicant changed something after the review.
    url, review = review_replacement(client, household)
    assert household.documents.count() == before + 1
    assert household.documents.filter(staged_at__isnull=False).count() == 1
    case_file = corrections_case_file_names(household)
    assert "scan.png" not in case_file
    Household.objects.filter(pk=household.pk).update(updated_at=timezone.now())
    refused = confirm(client, url, review)
    assert "The household changed since you reviewed" in refused.content.decode()
    assert household.documents.count() == before

    # Cancelled after the review's hour: still dropped.
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        url, review = review_replacement(client, household)
    client.post(url, {"step": "discard", "proposal": review.context["proposal"]})
    assert household.documents.count() == before

    # The tab was closed: the periodic job drops it once the review has expired.
    review_replacement(client, household)
    assert drop_abandoned_replacements() == 0  # its review can still be confirmed
    assert drop_abandoned_replacements(timezone.now() + timedelta(hours=2)) == 1
    assert household.documents.count() == before
    assert identity(household).is_current


def corrections_case_file_names(household):
    from applications.casework.case_file import case_file_context

    context = case_file_context(household, history=[])
    return [document.original_name for document in context["documents"]]
