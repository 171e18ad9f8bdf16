"""Verification cards: what the card shows its holder, and what its public check page
says about a code (valid, expired, ended by staff, tampered), with nothing personal
beyond a first name and last initial."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from applications import state_machine
from applications.cards.cards import SALT, SIGNER, card_for
from applications.models import ProgramApplication
from applications.tests.conftest import make_applicant, make_household
from applications.tests.test_renewals import START, at
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db


def enrolled(caseworker, snap, slugs, email="ana@example.com", **names):
    """A household verified and enrolled on START in the given programs."""
    with time_machine.travel(START, tick=False):
        household = make_household(
            make_applicant(email, **names), qualifying=[snap], submit=True
        )
        state_machine.verify(household, caseworker)
        for slug in slugs:
            application, _ = ProgramApplication.objects.get_or_create(
                household=household,
                program=ProgramPage.objects.canonical().get(slug=slug),
            )
            state_machine.enroll(application, caseworker)
    household.refresh_from_db()
    return household


def check(code, client=None):
    client = client or Client()
    return client.get(reverse("applications:card_check", args=[code]))


def text(response):
    """The page's main content as words, tags dropped."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def ana(caseworker, snap):
    return enrolled(caseworker, snap, ["grocery-tax-rebate", "transit-pass"])


def test_the_card_shows_the_holder_programs_and_dates_and_a_code(client, ana):
    client.force_login(ana.user)
    with at(dt.date(2026, 2, 1)):
        response = client.get(reverse("applications:card"))
        card = card_for(ana)

    page = text(response)
    assert "Ana López" in page
    assert "Grocery Tax Rebate" in page and "Transit Pass" in page
    assert "Jan. 15, 2027" in page  # the rebate: twelve months
    assert "July 15, 2026" in page  # the transit pass: six months
    assert "<svg" in response.content.decode()  # the QR code, drawn in the page
    assert f"{settings.PORTAL_BASE_URL}/check/{card.code}/" in page


def test_the_dashboard_offers_the_card_once_enrolled(client, ana, snap):
    client.force_login(ana.user)
    assert reverse("applications:card") in client.get("/dashboard/").content.decode()

    pending = make_household(make_applicant("bo@example.com"), qualifying=[snap])
    client.force_login(pending.user)
    assert (
        reverse("applications:card") not in client.get("/dashboard/").content.decode()
    )
    response = client.get(reverse("applications:card"))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:dashboard")


def test_the_check_page_says_valid_until_for_programs_with_first_name_and_initial(
    ana,
):
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
        response = check(code)

    page = text(response)
    assert "Valid: Ana L." in page
    assert "Valid until Jan. 15, 2027 for Grocery Tax Rebate" in page
    assert "Valid until July 15, 2026 for Reduced-Fare Transit Pass" in page
    # Nothing personal beyond the first name and the last initial.
    for personal in ["López", "ana@example.com", "Laporte", "80521", "1985", "SNAP"]:
        assert personal not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # The code names enrollments and a date, never the household's case number.
    assert SIGNER.unsign_object(code).keys() == {"a", "u"}
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_program_drops_off_after_its_date_and_the_card_expires_after_the_last(ana):
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code

    with at(dt.date(2026, 7, 16)):  # the transit pass has expired
        page = text(check(code))
    assert "Valid: Ana L." in page
    assert "Transit Pass" not in page and "Grocery Tax Rebate" in page

    with at(dt.date(2027, 1, 16)):
        page = text(check(code))
    assert "Not valid" in page and "Ana" not in page


def test_a_renewed_enrollment_does_not_stretch_an_old_card(ana, caseworker):
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
    # A later enrollment would run longer; the old card still ends on its own date.
    ProgramApplication.objects.filter(household=ana).update(
        enrolled_at=dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC)
    )
    ana.verified_at = dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC)
    ana.save()
    with at(dt.date(2027, 1, 16)):
        assert "Not valid" in text(check(code))
        assert card_for(ana).valid_until == dt.date(2027, 12, 1)


def test_a_lifetime_program_is_vouched_for_until_verification_ends(caseworker, snap):
    household = enrolled(caseworker, snap, ["low-cost-internet"])
    with at(dt.date(2026, 2, 1)):
        card = card_for(household)
    assert [line.valid_until for line in card.lines] == [dt.date(2027, 1, 15)]


def test_ending_an_enrollment_revokes_it_on_cards_already_handed_out(ana, caseworker):
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
        rebate = ProgramApplication.objects.get(
            household=ana, program__slug="grocery-tax-rebate"
        )
        state_machine.not_enroll(rebate, caseworker, "Moved out of the city")
        page = text(check(code))
        assert "Valid: Ana L." in page and "Grocery Tax Rebate" not in page

        transit = ProgramApplication.objects.get(
            household=ana, program__slug="transit-pass"
        )
        state_machine.not_enroll(transit, caseworker, "Moved out of the city")
        assert "Not valid" in text(check(code))


def test_a_new_enrollment_is_not_on_a_card_made_before_it(ana, caseworker):
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
        internet = ProgramApplication.objects.create(
            household=ana,
            program=ProgramPage.objects.canonical().get(slug="low-cost-internet"),
        )
        state_machine.enroll(internet, caseworker)
        assert "Low-Cost Internet" not in text(check(code))
        assert "Low-Cost Internet" in [
            line.program.title for line in card_for(ana).lines
        ]


def test_tampered_forged_and_guessed_codes_all_read_not_valid_alike(
    ana, caseworker, snap
):
    other = enrolled(
        caseworker, snap, ["transit-pass"], email="bo@example.com", first_name="Bo"
    )
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
        payload = SIGNER.unsign_object(code)
        bo_enrollments = list(other.program_applications.values_list("pk", flat=True))
        # The same card pointed at another household's enrollments, signed with a
        # key the portal does not have; the right key under another purpose; a
        # flipped character.
        forged = signing.Signer(key="not the portal's", salt=SALT).sign_object(
            {**payload, "a": bo_enrollments}
        )
        other_purpose = signing.Signer().sign_object({**payload, "a": bo_enrollments})
        flipped = code[:-1] + ("A" if code[-1] != "A" else "B")
        guesses = [forged, other_purpose, flipped, "1", "x" * 500]
        pages = [text(check(guess)) for guess in guesses]
        missing = SIGNER.sign_object({**payload, "a": [999999]})
        pages.append(text(check(missing)))

    without_time = [re.sub(r"portal: .*$", "", page) for page in pages]
    assert all("Not valid" in page for page in pages)
    assert len(set(without_time)) == 1  # the same words, whatever was wrong
    assert not any("Bo" in page or "Ana" in page for page in pages)


def test_a_denied_household_s_card_is_not_valid(ana, caseworker):
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
        state_machine.reopen(ana, caseworker)
        state_machine.deny(ana, caseworker, "Documents did not match")
        assert "Not valid" in text(check(code))


def test_checks_from_one_address_are_rate_limited(ana):
    client = Client()
    with at(dt.date(2026, 2, 1)):
        code = card_for(ana).code
        codes = [check(code, client).status_code for _ in range(121)]
    assert set(codes[:120]) == {200}
    assert codes[120] == 429


def test_the_card_is_always_the_signed_in_applicant_s_own(
    client, ana, caseworker, snap
):
    bo = enrolled(
        caseworker, snap, ["transit-pass"], email="bo@example.com", first_name="Bo"
    )
    client.force_login(bo.user)
    with at(dt.date(2026, 2, 1)):
        page = text(client.get(reverse("applications:card")))
    assert "Bo López" in page and "Ana" not in page
    assert "Grocery Tax Rebate" not in page

    anonymous = Client().get(reverse("applications:card"))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert Client().get(reverse("applications:card_pdf")).status_code == 302


def test_the_pdf_holds_the_card_and_its_check_address(client, ana):
    client.force_login(ana.user)
    with at(dt.date(2026, 2, 1)):
        response = client.get(reverse("applications:card_pdf"))
        code = card_for(ana).code

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    words = "".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "AnaLópez" in words
    assert "GroceryTaxRebate" in words and "Jan.15,2027" in words
    assert f"{settings.PORTAL_BASE_URL}/check/{code}/" in words


def test_a_card_made_in_spanish_checks_in_spanish(client, ana):
    client.force_login(ana.user)
    with at(dt.date(2026, 2, 1)):
        response = client.get("/es" + reverse("applications:card"))
    assert f"{settings.PORTAL_BASE_URL}/es/check/" in response.content.decode()
