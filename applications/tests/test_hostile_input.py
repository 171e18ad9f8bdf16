"""No page in the journey breaks on empty or absurd input, and none half-saves it.

Every form is posted nothing, then absurd values in every field (alone and as lists);
the response must be a page or a redirect (200, 302) or a bad request (400), never a
500, and a refused post must leave the database exactly as it was.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.utils.html import escape

from applications.documents.checks import MAX_UPLOAD_BYTES, check_upload
from applications.models import (
    Document,
    Household,
    HouseholdMember,
    ProgramApplication,
    QualifyingEnrollment,
    Submission,
)
from applications.tests.conftest import PASSWORD, make_household, png_upload
from applications.tests.test_uploads import SVG, image_bytes, png_bomb
from applications.wizard.services import submit
from applications.wizard.steps import STEP_NAMES
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

ALLOWED_STATUSES = (200, 302, 400)

ABSURD = {
    "10k-chars": "x" * 10_000,
    "emoji": "🏠👨‍👩‍👧‍👦🔥",
    "rtl": "\u202eأحمد\u202c",
    "nul": "Ana\x00López",
    "sql": "' OR 1=1; DROP TABLE applications_household; --",
    "html": "<script>alert(1)</script>",
    "negative": "-1",
    "huge-number": "9" * 40,
    "float-overflow": "1e309",
    "zero-date": "0000-00-00",
    "five-digit-year": "99999-01-01",
    "feb-30": "2024-02-30",
    "whitespace": " \t\r\n ",
    "arabic-digits": "٨٠٥٢١",
}

ACCOUNT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone_number",
    "preferred_language",
    "contact_by_email",
    "contact_by_sms",
    "password1",
    "password2",
]
CONTACT_FIELDS = [
    "first_name",
    "last_name",
    "phone_number",
    "preferred_language",
    "contact_by_email",
    "contact_by_sms",
]
MAILING_FIELDS = [
    "mailing_is_different",
    "mailing_street",
    "mailing_unit",
    "mailing_city",
    "mailing_state",
    "mailing_zip_code",
]
ADDRESS_FIELDS = ["street", "unit", "city", "state", "zip_code", *MAILING_FIELDS]
MANAGEMENT_FIELDS = [
    "members-TOTAL_FORMS",
    "members-INITIAL_FORMS",
    "members-MIN_NUM_FORMS",
    "members-MAX_NUM_FORMS",
]
HOUSEHOLD_FIELDS = [
    "housing-housing",
    "housing-time_at_address",
    "housing-income_amount",
    "housing-income_frequency",
    *MANAGEMENT_FIELDS,
    "members-0-id",
    "members-0-first_name",
    "members-0-last_name",
    "members-0-date_of_birth",
    "members-0-DELETE",
    "members-1-first_name",
    "members-1-last_name",
    "members-1-date_of_birth",
]


def absurd_payloads(fields, **fixed):
    """Nothing at all, then every field set to each absurd value, alone and as a list."""
    yield "nothing", dict(fixed)
    for name, value in ABSURD.items():
        yield name, {**dict.fromkeys(fields, value), **fixed}
        yield f"{name}-as-list", {**{f: [value, value] for f in fields}, **fixed}


def database_state():
    """Everything an applicant's post could change (timestamps aside)."""
    households = [
        {
            **model_to_dict(h, exclude=["service_areas"]),
            "service_areas": sorted(h.service_areas.values_list("pk", flat=True)),
        }
        for h in Household.objects.order_by("pk")
    ]
    users = list(
        get_user_model()
        .objects.order_by("pk")
        .values_list(
            "pk",
            "email",
            "first_name",
            "last_name",
            "phone_number",
            "preferred_language",
            "contact_by_email",
            "contact_by_sms",
            "password",
        )
    )
    return {
        "households": households,
        "users": users,
        "members": list(HouseholdMember.objects.order_by("pk").values()),
        "enrollments": list(QualifyingEnrollment.objects.order_by("pk").values()),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "file")),
        "applications": list(ProgramApplication.objects.order_by("pk").values()),
        "submissions": Submission.objects.count(),
    }


def post_all(url, payloads, *, user=None, reset=None):
    """Post each payload; refused ones must change nothing. Returns what went wrong."""
    client = Client(raise_request_exception=False)
    problems = []
    for name, data in payloads:
        if user is not None:
            client.force_login(user)
        before = database_state()
        response = client.post(url, data)
        if response.status_code not in ALLOWED_STATUSES:
            problems.append((name, response.status_code))
        elif response.status_code != 302 and database_state() != before:
            problems.append((name, "refused but changed the database"))
        if reset is not None:
            reset()
    return problems


@pytest.fixture
def household(demo_content, snap):
    """A draft household with every step but review done (ID and SNAP proof on file)."""
    return make_household(qualifying=[snap])


def at_step(household, step):
    """Wind the household back so that `step` is the step being answered."""
    steps = STEP_NAMES[: STEP_NAMES.index(step)]
    Household.objects.filter(pk=household.pk).update(completed_steps=steps)
    return Household.objects.get(pk=household.pk)


def restore_draft(household, steps):
    def reset():
        Household.objects.filter(pk=household.pk).update(
            review_status=Household.ReviewStatus.DRAFT, completed_steps=steps
        )
        Submission.objects.all().delete()
        ProgramApplication.objects.all().delete()

    return reset


# Every page, every absurd value


@pytest.fixture
def no_rate_limits(monkeypatch):
    """These tests flood one page from one address on purpose; the rate limits have
    tests of their own (portal/tests/test_throttling.py)."""
    monkeypatch.setattr("portal.throttling.LIMITS", [])


def test_account_step_survives_absurd_input_anonymously(demo_content, no_rate_limits):
    problems = post_all(
        "/apply/account/", absurd_payloads(ACCOUNT_FIELDS, action="continue")
    )

    assert problems == []
    assert not get_user_model().objects.exists()


def test_account_step_survives_absurd_input_signed_in(household, no_rate_limits):
    household = at_step(household, "address")

    payloads = absurd_payloads(ACCOUNT_FIELDS, action="continue")

    assert post_all("/apply/account/", payloads, user=household.user) == []


def test_address_step_survives_absurd_input(household):
    household = at_step(household, "address")

    payloads = absurd_payloads(ADDRESS_FIELDS, action="continue")

    assert post_all("/apply/address/", payloads, user=household.user) == []


@pytest.mark.parametrize(
    "action",
    ["continue", "add", "later", ABSURD["nul"]],
    ids=["continue", "add", "later", "nul"],
)
def test_household_step_survives_absurd_input(household, action):
    household = at_step(household, "household")

    payloads = absurd_payloads(HOUSEHOLD_FIELDS, action=action)

    assert post_all("/apply/household/", payloads, user=household.user) == []


@pytest.mark.parametrize("action", ["continue", "add"])
@pytest.mark.parametrize(
    "management",
    [
        {"members-TOTAL_FORMS": "10000", "members-INITIAL_FORMS": "0"},
        {"members-TOTAL_FORMS": "10000", "members-INITIAL_FORMS": "10000"},
        {"members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "10000"},
        {"members-TOTAL_FORMS": "-5", "members-INITIAL_FORMS": "-5"},
        {"members-TOTAL_FORMS": "abc", "members-INITIAL_FORMS": "0"},
        {"members-TOTAL_FORMS": "1.5", "members-INITIAL_FORMS": "0"},
        {"members-TOTAL_FORMS": "9" * 40, "members-INITIAL_FORMS": "0"},
        {"members-TOTAL_FORMS": ["1", "2"], "members-INITIAL_FORMS": "0"},
        {},
    ],
    ids=[
        "claims-10000",
        "claims-10000-existing",
        "more-existing-than-total",
        "negative",
        "not-a-number",
        "fraction",
        "huge",
        "list",
        "missing",
    ],
)
def test_household_step_survives_a_tampered_management_form(
    household, action, management
):
    household = at_step(household, "household")
    data = {
        "housing-housing": "rent",
        "housing-time_at_address": "1_to_3",
        "members-0-first_name": "Ana",
        "members-0-last_name": "López",
        "members-0-date_of_birth": "1985-04-28",
        "action": action,
        **management,
    }

    assert (
        post_all("/apply/household/", [("tampered", data)], user=household.user) == []
    )


@pytest.mark.parametrize("action", ["continue", "add"])
def test_household_step_claiming_10000_members_builds_at_most_20_forms(
    household, action
):
    household = at_step(household, "household")
    client = Client(raise_request_exception=False)
    client.force_login(household.user)

    response = client.post(
        "/apply/household/",
        {
            "members-TOTAL_FORMS": "10000",
            "members-INITIAL_FORMS": "0",
            "action": action,
        },
    )

    assert response.status_code == 200
    assert len(response.context["formset"].forms) <= 20
    assert not Household.objects.get(pk=household.pk).is_step_complete("household")


def test_household_post_with_absurd_values_creates_no_members(household):
    household = at_step(household, "household")
    household.members.all().delete()
    client = Client(raise_request_exception=False)
    client.force_login(household.user)

    for name, data in absurd_payloads(HOUSEHOLD_FIELDS, action="continue"):
        response = client.post("/apply/household/", data)

        assert response.status_code in (200, 400), name
        assert not HouseholdMember.objects.exists(), name
        assert Household.objects.get(pk=household.pk).completed_steps == STEP_NAMES[:2]


def test_qualifying_step_survives_absurd_input(household):
    household = at_step(household, "qualifying")
    ids = [["999999"], [str(10**30)], ["-1"], ["abc"], ["1\x00"], [""], ["1", "1", "1"]]
    payloads = [
        *absurd_payloads(["programs", "none"], action="continue"),
        *(
            (f"programs={value}", {"programs": value, "action": "continue"})
            for value in ids
        ),
    ]

    assert post_all("/apply/qualifying-programs/", payloads, user=household.user) == []


def test_documents_step_survives_absurd_input(household):
    household = at_step(household, "documents")
    key = f"identity-{household.members.get().pk}"
    payloads = [
        *absurd_payloads(["item", "action", f"{key}-files"]),
        *absurd_payloads(["action", f"{key}-files"], item=key),
        *absurd_payloads([f"{key}-files"], item=key, action="upload"),
        ("other-households-item", {"item": "identity-999999", "action": "upload"}),
    ]

    assert post_all("/apply/documents/", payloads, user=household.user) == []


def test_review_step_survives_absurd_input(household):
    payloads = absurd_payloads(["consent", "action"])

    problems = post_all(
        "/apply/review/",
        payloads,
        user=household.user,
        reset=restore_draft(household, STEP_NAMES[:-1]),
    )

    assert problems == []


def test_screener_survives_absurd_input(demo_content, no_rate_limits):
    payloads = [
        *absurd_payloads(["zip_code", "programs", "none"]),
        *absurd_payloads(["zip_code"], programs=str(10**30)),
        *absurd_payloads(
            ["household_size", "income_amount", "income_frequency"],
            zip_code="80521",
            none="on",
        ),
    ]

    assert post_all("/screener/", payloads) == []


def test_login_survives_absurd_input(household):
    payloads = absurd_payloads(["username", "password", "next"])

    assert post_all("/accounts/login/", payloads) == []


def test_contact_settings_survive_absurd_input(household):
    submit(household)

    payloads = absurd_payloads(CONTACT_FIELDS)

    assert post_all("/dashboard/settings/contact/", payloads, user=household.user) == []


def test_mailing_address_settings_survive_absurd_input(household):
    submit(household)

    payloads = absurd_payloads(MAILING_FIELDS)

    assert (
        post_all("/dashboard/settings/mailing-address/", payloads, user=household.user)
        == []
    )


def test_password_change_survives_absurd_input(household):
    payloads = absurd_payloads(["old_password", "new_password1", "new_password2"])

    assert post_all("/accounts/password/", payloads, user=household.user) == []


@pytest.mark.parametrize("slug", ["grocery-tax-rebate", "bike-share-membership"])
def test_apply_confirmation_survives_absurd_input(household, slug):
    submit(household)
    program = ProgramPage.objects.canonical().get(slug=slug)
    steps = Household.objects.get(pk=household.pk).completed_steps

    def reset():
        restore_draft(household, steps)()
        submit(household)

    problems = post_all(
        f"/dashboard/apply/{program.pk}/",
        absurd_payloads(["acknowledge", "household"]),
        user=household.user,
        reset=reset,
    )

    assert problems == []


def test_zip_code_in_non_ascii_digits_is_refused(household, client):
    household = at_step(household, "address")
    client.force_login(household.user)

    response = client.post(
        "/apply/address/",
        {
            "street": "300 Laporte Ave",
            "city": "Fairview",
            "state": "CO",
            "zip_code": "٨٠٥٢١",
            "action": "continue",
        },
    )
    screened = client.post("/screener/", {"zip_code": "٨٠٥٢١", "none": "on"})

    assert response.status_code == 200
    assert "Enter a 5-digit ZIP code" in response.content.decode()
    assert Household.objects.get(pk=household.pk).zip_code == "80521"
    assert screened.status_code == 200
    assert not screened.context.get("screened")


# Hostile uploads through the documents step


def svg():
    return SimpleUploadedFile("drawing.svg", SVG, content_type="image/svg+xml")


def png_renamed_pdf():
    return SimpleUploadedFile("statement.pdf", image_bytes("PNG"), "application/pdf")


def empty_file():
    return SimpleUploadedFile("id.pdf", b"", content_type="application/pdf")


def oversized_pdf():
    data = b"%PDF-1.7\n" + bytes(MAX_UPLOAD_BYTES)
    return SimpleUploadedFile("scan.pdf", data, content_type="application/pdf")


def decompression_bomb():
    return SimpleUploadedFile(
        "bomb.png", png_bomb(10_000, 10_000), content_type="image/png"
    )


def refusal_message(make_file):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(make_file())
    return excinfo.value.messages[0]


def item_section(html, key):
    """The HTML of one checklist item, from its <section> to the next."""
    match = re.search(
        rf'<section[^>]*id="item-{re.escape(key)}".*?</section>', html, flags=re.DOTALL
    )
    assert match, f"no section for {key}"
    return match.group(0)


@pytest.mark.parametrize(
    "make_file",
    [svg, png_renamed_pdf, empty_file, oversized_pdf, decompression_bomb],
    ids=["svg", "png-renamed-pdf", "empty", "over-10-mb", "decompression-bomb"],
)
def test_hostile_upload_is_refused_next_to_its_item(household, snap, make_file):
    household = at_step(household, "documents")
    household.documents.all().delete()
    client = Client(raise_request_exception=False)
    client.force_login(household.user)
    proof_key = f"proof-{snap.pk}"
    identity_key = f"identity-{household.members.get().pk}"
    message = escape(refusal_message(make_file))

    response = client.post(
        "/apply/documents/",
        {"item": proof_key, "action": "upload", f"{proof_key}-files": [make_file()]},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in item_section(html, proof_key)
    assert message not in item_section(html, identity_key)
    assert not Document.objects.exists()
    assert not Household.objects.get(pk=household.pk).is_step_complete("documents")


def test_good_file_is_kept_when_uploaded_with_a_refused_one(household, snap):
    household = at_step(household, "documents")
    household.documents.all().delete()
    client = Client(raise_request_exception=False)
    client.force_login(household.user)
    key = f"proof-{snap.pk}"

    response = client.post(
        "/apply/documents/",
        {
            "item": key,
            "action": "upload",
            f"{key}-files": [png_upload("letter.png"), svg()],
        },
    )

    assert response.status_code == 200
    assert "drawing.svg" in item_section(response.content.decode(), key)
    assert list(Document.objects.values_list("original_name", flat=True)) == [
        "letter.png"
    ]


def test_more_than_ten_files_at_once_are_refused(household, snap):
    household = at_step(household, "documents")
    household.documents.all().delete()
    client = Client(raise_request_exception=False)
    client.force_login(household.user)
    key = f"proof-{snap.pk}"
    files = [png_upload(f"page-{number}.png") for number in range(11)]

    response = client.post(
        "/apply/documents/", {"item": key, "action": "upload", f"{key}-files": files}
    )

    assert response.status_code == 200
    assert "Upload at most 10 files at a time." in item_section(
        response.content.decode(), key
    )
    assert not Document.objects.exists()


def test_sign_in_with_absurd_credentials_does_not_sign_in(household):
    client = Client(raise_request_exception=False)

    for name, data in absurd_payloads(["username", "password"]):
        response = client.post("/accounts/login/", data)

        assert response.status_code == 200, name
        assert "_auth_user_id" not in client.session, name
    response = client.post(
        "/accounts/login/", {"username": household.user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
