"""The wizard's rules: step order, finishing later, going back, and what each step
accepts, checked through the views."""

import html
import re
import unicodedata
from datetime import date, timedelta

import pytest
from django.core.files.storage import storages

from applications.models import Document, Household, HouseholdMember
from applications.tests.conftest import (
    PASSWORD,
    attach_document,
    follow_sign_up_link,
    make_applicant,
    make_household,
)
from applications.wizard.steps import STEP_NAMES, STEPS
from programs.models import QualifyingProgram

pytestmark = pytest.mark.django_db

STEP_URLS = {step.name: step.url for step in STEPS}
LATER_STEP_URLS = [step.url for step in STEPS[1:]]


class BrokenAddressBackend:
    """An address backend whose geocoder is down."""

    role = "geocode"
    label = "broken geocoder"

    def geocode(self, address):
        raise ConnectionError("geocoder unreachable")


class BrokenPlacer:
    """A placer (a city's boundary layer) that is down."""

    role = "place"
    label = "broken layer"

    def place(self, address, areas=None):
        raise ConnectionError("layer unreachable")


def sign_up(client, email="ana@example.com"):
    response = client.post(
        "/apply/account/",
        {
            "first_name": "Ana",
            "last_name": "López",
            "email": email,
            "preferred_language": "en",
            "contact_by_email": "on",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "action": "continue",
        },
    )
    assert response.status_code == 302, response.content[:500]
    follow_sign_up_link(client)
    return Household.objects.get(user__email=email)


def address_data(**overrides):
    return {
        "street": "300 Laporte Ave",
        "city": "Fairview",
        "state": "CO",
        "zip_code": "80521",
        "action": "continue",
        **overrides,
    }


def household_data(*members, action="continue", initial=0):
    """POST data for the household step; members are (first, last, born[, id])."""
    data = {
        "housing-housing": "rent",
        "housing-time_at_address": "1_to_3",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(initial),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "action": action,
    }
    for index, (first, last, born, *pk) in enumerate(members):
        data[f"members-{index}-first_name"] = first
        data[f"members-{index}-last_name"] = last
        data[f"members-{index}-date_of_birth"] = born
        if pk:
            data[f"members-{index}-id"] = str(pk[0])
    return data


def existing_members(household):
    return [
        (m.first_name, m.last_name, m.date_of_birth.isoformat(), m.pk)
        for m in household.members.all()
    ]


def is_signed_in(client):
    return "_auth_user_id" in client.session


# Step order


@pytest.mark.parametrize("url", LATER_STEP_URLS[1:])
def test_new_account_typing_a_later_step_url_is_sent_to_the_address_step(
    client, demo_content, url
):
    sign_up(client)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/apply/address/"


@pytest.mark.parametrize(
    ("done", "url", "expected"),
    [
        (["account", "address"], "/apply/documents/", "/apply/household/"),
        (["account", "address"], "/apply/review/", "/apply/household/"),
        (
            ["account", "address", "household"],
            "/apply/review/",
            "/apply/qualifying-programs/",
        ),
        (
            ["account", "address", "household", "qualifying"],
            "/apply/review/",
            "/apply/documents/",
        ),
    ],
)
def test_skipping_ahead_by_url_lands_on_the_first_incomplete_step(
    client, demo_content, done, url, expected
):
    household = make_household(steps=done)
    client.force_login(household.user)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_posting_to_a_skipped_step_saves_nothing(client, demo_content, snap):
    household = sign_up(client)

    response = client.post(
        "/apply/qualifying-programs/", {"programs": [snap.pk], "action": "continue"}
    )

    assert response["Location"] == "/apply/address/"
    assert not household.qualifying_enrollments.exists()
    assert Household.objects.get(pk=household.pk).completed_steps == ["account"]


@pytest.mark.parametrize("url", LATER_STEP_URLS)
def test_anonymous_step_url_redirects_to_login_with_next(client, demo_content, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", list(STEP_URLS.values()))
@pytest.mark.parametrize("method", ["get", "post"])
def test_submitted_household_is_sent_from_wizard_steps_to_the_dashboard(
    client, demo_content, url, method
):
    household = make_household(submit=True)
    client.force_login(household.user)

    response = getattr(client, method)(url, {"action": "continue", "consent": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert household.submissions.count() == 1


# Finishing later and coming back


def test_save_and_finish_later_signs_out_then_sign_in_resumes_at_next_step(
    client, demo_content
):
    household = sign_up(client)

    response = client.post("/apply/address/", address_data(action="later"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not is_signed_in(client)
    assert Household.objects.get(pk=household.pk).street == "300 Laporte Ave"

    response = client.post(
        "/accounts/login/",
        {"username": "ana@example.com", "password": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/apply/household/"
    assert response.status_code == 200


def test_finish_later_with_documents_missing_resumes_at_documents(client, demo_content):
    household = make_household(steps=["account", "address", "household", "qualifying"])
    household.documents.all().delete()
    client.force_login(household.user)

    response = client.post("/apply/documents/", {"action": "later"})

    assert response["Location"] == "/accounts/login/"
    assert not is_signed_in(client)
    response = client.post(
        "/accounts/login/",
        {"username": household.user.email, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/apply/documents/"


def test_back_to_earlier_steps_shows_the_saved_answers(client, demo_content, snap):
    sign_up(client)
    client.post("/apply/address/", address_data(unit="Apt 4"))
    client.post(
        "/apply/household/",
        household_data(("Ana", "López", "1985-04-28"), ("Luis", "López", "2015-09-01")),
    )
    client.post(
        "/apply/qualifying-programs/", {"programs": [snap.pk], "action": "continue"}
    )

    address = client.get("/apply/address/")
    members = client.get("/apply/household/")
    qualifying = client.get("/apply/qualifying-programs/")

    assert address.status_code == members.status_code == qualifying.status_code == 200
    form = address.context["form"]
    assert (form["street"].value(), form["unit"].value(), form["zip_code"].value()) == (
        "300 Laporte Ave",
        "Apt 4",
        "80521",
    )
    assert 'value="300 Laporte Ave"' in address.content.decode()
    formset = members.context["formset"]
    assert [
        (f["first_name"].value(), str(f["date_of_birth"].value())) for f in formset
    ] == [
        ("Ana", "1985-04-28"),
        ("Luis", "2015-09-01"),
    ]
    assert members.context["housing_form"]["housing"].value() == "rent"
    assert qualifying.context["form"]["programs"].value() == [snap.pk]


# The household step


@pytest.mark.parametrize(
    ("member", "message"),
    [
        (
            ("Ana", "López", (date.today() + timedelta(days=1)).isoformat()),
            "The date of birth cannot be in the future.",
        ),
        (("Ana", "López", "1899-12-31"), "Enter a date of birth after 1900."),
        (("Ana2", "López", "1985-04-28"), "Use letters only"),
        (("Ana", "L0pez", "1985-04-28"), "Use letters only"),
    ],
    ids=["born-tomorrow", "born-1899", "digit-in-first-name", "digit-in-last-name"],
)
def test_invalid_member_is_shown_on_the_page_and_nothing_is_saved(
    client, demo_content, member, message
):
    household = make_household(steps=["account", "address"])
    household.members.all().delete()
    Household.objects.filter(pk=household.pk).update(housing="", time_at_address="")
    client.force_login(household.user)

    response = client.post("/apply/household/", household_data(member))

    assert response.status_code == 200
    assert message in response.content.decode()
    household = Household.objects.get(pk=household.pk)
    assert not HouseholdMember.objects.exists()
    assert (household.housing, household.time_at_address) == ("", "")
    assert household.completed_steps == ["account", "address"]


@pytest.mark.parametrize(
    "first_name",
    ["प्रिया", "ณัฐ", unicodedata.normalize("NFD", "José"), "Nguyễn", "محمد", "O’Brien"],
    ids=["hindi", "thai", "decomposed-accent", "vietnamese", "arabic", "apostrophe"],
)
def test_names_in_any_script_are_accepted(client, demo_content, first_name):
    household = make_household(steps=["account", "address"])
    household.members.all().delete()
    client.force_login(household.user)

    response = client.post(
        "/apply/household/", household_data((first_name, "López", "1985-04-28"))
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert household.members.get().first_name == first_name


@pytest.mark.parametrize(
    "first_name",
    ["Ana😀", "\u202eAna", "\u0301Ana", "Ana_Bo", "٣Ana"],
    ids=["emoji", "bidi-override", "leading-mark", "underscore", "arabic-digit"],
)
def test_names_with_symbols_or_stray_marks_are_refused(
    client, demo_content, first_name
):
    household = make_household(steps=["account", "address"])
    household.members.all().delete()
    client.force_login(household.user)

    response = client.post(
        "/apply/household/", household_data((first_name, "López", "1985-04-28"))
    )

    assert response.status_code == 200
    assert "Use letters only" in response.content.decode()
    assert not HouseholdMember.objects.exists()


def test_one_invalid_member_among_valid_ones_saves_none_of_them(client, demo_content):
    household = make_household(steps=["account", "address"])
    household.members.all().delete()
    client.force_login(household.user)

    response = client.post(
        "/apply/household/",
        household_data(("Ana", "López", "1985-04-28"), ("Luis", "López", "2999-01-01")),
    )

    assert response.status_code == 200
    assert not HouseholdMember.objects.exists()
    assert Household.objects.get(pk=household.pk).completed_steps == [
        "account",
        "address",
    ]


def error_summary_links(response):
    """(href, text) of each link in the page's error summary."""
    page = response.content.decode()
    start = page.index('id="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    return [
        (href, html.unescape(text).strip())
        for href, text in re.findall(r'<a href="([^"]+)">([^<]*)</a>', summary)
    ]


def test_error_summary_names_the_member_and_links_to_their_field(client, demo_content):
    household = make_household(steps=["account", "address"])
    household.members.all().delete()
    client.force_login(household.user)

    response = client.post(
        "/apply/household/",
        household_data(("Ana", "López", "1985-04-28"), ("Luis", "López", "1985-02-30")),
    )

    assert response.status_code == 200
    assert error_summary_links(response) == [
        (
            "#id_members-1-date_of_birth",
            "Person 2 (Luis): Date of birth — Enter a valid date.",
        )
    ]
    assert 'id="id_members-1-date_of_birth"' in response.content.decode()
    assert not HouseholdMember.objects.exists()
    household = Household.objects.get(pk=household.pk)
    assert household.completed_steps == ["account", "address"]


def test_error_summary_leaves_out_a_name_that_is_itself_wrong(client, demo_content):
    household = make_household(steps=["account", "address"])
    client.force_login(household.user)

    response = client.post(
        "/apply/household/",
        household_data(
            *existing_members(household),
            ("Luis<b>", "López", "1985-02-30"),
            initial=1,
        ),
    )

    assert response.status_code == 200
    assert error_summary_links(response) == [
        (
            "#id_members-1-first_name",
            "Person 2: First name — Use letters only, with spaces, hyphens or "
            "apostrophes if your name has them.",
        ),
        (
            "#id_members-1-date_of_birth",
            "Person 2: Date of birth — Enter a valid date.",
        ),
    ]
    assert "Luis<b>" not in response.content.decode()
    assert list(household.members.values_list("first_name", flat=True)) == ["Ana"]


@pytest.mark.parametrize("delete", [False, True], ids=["edit", "delete"])
def test_another_households_member_cannot_be_changed_by_id(
    client, demo_content, delete
):
    other = make_household(make_applicant("ben@example.com", first_name="Ben"))
    victim = other.members.get()
    household = make_household(steps=["account", "address"])
    client.force_login(household.user)
    data = household_data(
        *existing_members(household),
        ("Eve", "Hacker", "1980-01-01", victim.pk),
        initial=2,
    )
    if delete:
        data["members-1-DELETE"] = "on"

    response = client.post("/apply/household/", data)

    assert response.status_code in (200, 302)
    victim.refresh_from_db()
    assert (victim.household_id, victim.first_name) == (other.pk, "Ben")
    assert list(other.members.values_list("first_name", flat=True)) == ["Ben"]
    assert "Ben" not in household.members.values_list("first_name", flat=True)


def test_new_adult_after_documents_reopens_the_documents_step(client, demo_content):
    household = make_household(steps=STEP_NAMES[:-1])
    client.force_login(household.user)

    response = client.post(
        "/apply/household/",
        household_data(
            *existing_members(household), ("Rosa", "López", "1960-02-10"), initial=1
        ),
    )

    assert response["Location"] == "/apply/qualifying-programs/"
    household = Household.objects.get(pk=household.pk)
    assert not household.is_step_complete("documents")
    assert client.get("/apply/review/")["Location"] == "/apply/documents/"
    rosa = household.members.get(first_name="Rosa")
    items = client.get("/apply/documents/").context["items"]
    assert f"identity-{rosa.pk}" in [item.key for item in items if not item.documents]


def test_new_child_after_documents_keeps_the_documents_step_complete(
    client, demo_content
):
    household = make_household(steps=STEP_NAMES[:-1])
    client.force_login(household.user)

    client.post(
        "/apply/household/",
        household_data(
            *existing_members(household), ("Luis", "López", "2015-09-01"), initial=1
        ),
    )

    assert Household.objects.get(pk=household.pk).is_step_complete("documents")


def test_removing_a_member_deletes_their_id_file_from_storage(
    client, demo_content, django_capture_on_commit_callbacks
):
    household = make_household(steps=STEP_NAMES[:-1])
    rosa = HouseholdMember.objects.create(
        household=household,
        first_name="Rosa",
        last_name="López",
        date_of_birth=date(1960, 2, 10),
        position=1,
    )
    stored = attach_document(household, member=rosa).file.name
    client.force_login(household.user)
    data = household_data(*existing_members(household), initial=2)
    data["members-1-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/apply/household/", data)

    assert response.status_code == 302
    assert not household.members.filter(pk=rosa.pk).exists()
    assert not Document.objects.filter(member_id=rosa.pk).exists()
    assert not storages["private"].exists(stored)


# The qualifying programs step


def test_none_of_these_continues_and_documents_ask_only_for_ids(client, demo_content):
    household = make_household(steps=["account", "address", "household"])
    HouseholdMember.objects.create(
        household=household,
        first_name="Rosa",
        last_name="López",
        date_of_birth=date(1960, 2, 10),
        position=1,
    )
    client.force_login(household.user)

    response = client.post(
        "/apply/qualifying-programs/", {"none": "on", "action": "continue"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/apply/documents/"
    household = Household.objects.get(pk=household.pk)
    assert household.has_no_qualifying_program
    assert not household.qualifying_enrollments.exists()
    items = client.get("/apply/documents/").context["items"]
    assert len(items) == 2
    assert all(item.kind == Document.Kind.IDENTITY for item in items)


def test_programs_and_none_of_these_together_are_refused(client, demo_content, snap):
    household = make_household(steps=["account", "address", "household"])
    client.force_login(household.user)

    response = client.post(
        "/apply/qualifying-programs/",
        {"programs": [snap.pk], "none": "on", "action": "continue"},
    )

    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not household.qualifying_enrollments.exists()
    assert not Household.objects.get(pk=household.pk).is_step_complete("qualifying")


def test_switching_to_none_of_these_deletes_dropped_proof_files_from_storage(
    client, demo_content, snap, django_capture_on_commit_callbacks
):
    household = make_household(qualifying=[snap])
    proof = household.documents.get(kind=Document.Kind.PROOF)
    client.force_login(household.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/apply/qualifying-programs/", {"none": "on", "action": "continue"}
        )

    assert response.status_code == 302
    assert not Document.objects.filter(pk=proof.pk).exists()
    assert not storages["private"].exists(proof.file.name)
    assert household.documents.filter(kind=Document.Kind.IDENTITY).count() == 1


def test_newly_ticked_program_reopens_the_documents_step(client, demo_content, snap):
    household = make_household(steps=STEP_NAMES[:-1])
    client.force_login(household.user)

    client.post(
        "/apply/qualifying-programs/", {"programs": [snap.pk], "action": "continue"}
    )

    assert not Household.objects.get(pk=household.pk).is_step_complete("documents")


# The address step


def test_address_backend_failure_flags_the_address_and_the_wizard_continues(
    client, demo_content, settings
):
    settings.ADDRESS_BACKENDS = [
        f"{__name__}.BrokenAddressBackend",
        "programs.addresses.placers.ServiceAreaShapes",
    ]
    household = sign_up(client)

    response = client.post("/apply/address/", address_data())

    assert response.status_code == 302
    assert response["Location"] == "/apply/household/"
    household = Household.objects.get(pk=household.pk)
    assert household.address_needs_review
    assert household.street == "300 Laporte Ave"
    assert not household.service_areas.exists()
    assert household.is_step_complete("address")


def test_address_backend_failure_on_the_screener_still_shows_results(
    client, demo_content, settings, snap
):
    settings.ADDRESS_BACKENDS = [f"{__name__}.BrokenPlacer"]

    response = client.post("/screener/", {"zip_code": "80521", "programs": [snap.pk]})

    assert response.status_code == 200
    assert response.context["screened"]


# The screener agrees with the dashboard


@pytest.mark.parametrize("zip_code", ["80521", "80528", "99999"])
@pytest.mark.parametrize(
    "qualifying",
    [
        [],
        ["SNAP"],
        ["Medicaid"],
        ["Free or reduced-price school meals"],
        ["SNAP", "LEAP"],
    ],
    ids=["none", "snap", "medicaid", "school-meals", "snap-and-leap"],
)
def test_screener_shows_the_same_eligible_programs_as_the_dashboard(
    client, demo_content, zip_code, qualifying
):
    programs = list(QualifyingProgram.objects.filter(name__in=qualifying))
    assert len(programs) == len(qualifying)
    screener_data = {"zip_code": zip_code}
    if programs:
        screener_data["programs"] = [program.pk for program in programs]
    else:
        screener_data["none"] = "on"
    screened = client.post("/screener/", screener_data)
    household = make_household(zip_code=zip_code, qualifying=programs, submit=True)
    client.force_login(household.user)

    dashboard = client.get("/dashboard/")

    assert screened.status_code == dashboard.status_code == 200
    screener_slugs = {result.program.slug for result in screened.context["eligible"]}
    dashboard_slugs = {
        result.program.slug for result in dashboard.context["available"]
    } | {application.program.slug for application in dashboard.context["pending"]}
    assert screener_slugs == dashboard_slugs


def test_screener_and_dashboard_comparison_is_not_vacuous(client, demo_content, snap):
    response = client.post("/screener/", {"zip_code": "80521", "programs": [snap.pk]})

    eligible = {result.program.slug for result in response.context["eligible"]}
    assert {"grocery-tax-rebate", "utility-bill-assistance", "transit-pass"} <= eligible
    assert "home-repair-grant" not in eligible


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_one_name_limit_from_the_account_to_the_household_step(
    client, demo_content, field
):
    from applications.wizard.forms import NAME_MAX_LENGTH

    data = {
        "first_name": "Ana",
        "last_name": "López",
        "email": "ana@example.com",
        "preferred_language": "en",
        "contact_by_email": "on",
        "password1": "correct-horse-battery-staple",
        "password2": "correct-horse-battery-staple",
        "action": "continue",
    }
    page = client.post("/apply/account/", {**data, field: "A" * (NAME_MAX_LENGTH + 1)})
    assert page.status_code == 200
    assert f"at most {NAME_MAX_LENGTH} characters" in page.content.decode()
    assert f'maxlength="{NAME_MAX_LENGTH}"' in page.content.decode()

    longest = "A" * NAME_MAX_LENGTH
    assert client.post("/apply/account/", {**data, field: longest}).status_code == 302
    follow_sign_up_link(client)
    client.post(
        "/apply/address/",
        {
            "street": "300 Laporte Ave",
            "city": "Fairview",
            "state": "CO",
            "zip_code": "80521",
            "action": "continue",
        },
    )
    # The household step, prefilled with the account's name, takes it as it is.
    from portal.tests.prefilled import prefilled

    html = client.get("/apply/household/").content.decode()
    answers = prefilled(html, "action")
    answers.update(
        {
            "housing-housing": "rent",
            "housing-time_at_address": "1_to_3",
            "members-0-date_of_birth": "1985-04-28",
            "action": "continue",
        }
    )
    assert longest in answers[f"members-0-{field}"]
    response = client.post("/apply/household/", answers)
    assert response.status_code == 302, response.content.decode()[-2000:]
