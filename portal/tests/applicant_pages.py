"""Every applicant page, in each state worth auditing, for the browser audits.

Shared by test_accessibility.py (axe) and test_widths.py (320px, 200% zoom). Each
``PageState`` names a page, who is signed in to see it, and what puts it into the
state to check (a failed submit for the error states). ``applicant_data()`` builds
the accounts once per test through the ORM, and ``open_context()`` gives a browser
context in one language that can switch between those accounts by session cookie,
so one context serves every page.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

from applications import state_machine
from portal.i18n import translate_path
from portal.tests.browser import (
    DEFAULT_TIMEOUT_MS,
    _close_context,
    _open_contexts,
    watch_csp,
)

LANGUAGES = ["en", "es"]

ANONYMOUS = None
WIZARD = "wizard"  # every step but review done, nothing submitted
MISSING = "missing"  # like WIZARD, but no document uploaded yet
SUBMITTED = "submitted"  # a submitted household with a pending application
ASKED = "asked"  # a submitted household that staff asked for more information
STAFF_NEW = "staff-new"  # staff signed in with a password, no authenticator yet
STAFF = "staff"  # staff signed in with a password, authenticator set up
PASSWORD_ONLY = {STAFF_NEW, STAFF}
ASSISTER = "assister"  # a library's assister, with a client mid-application
CLAIMED = "claimed"  # a client who took the account over (submitted)
ENROLLED = "enrolled"  # a verified household enrolled in a program (has a card)


@dataclass
class ApplicantData:
    users: dict
    apply_path: str
    provider_path: str
    assist_paths: dict = field(default_factory=dict)
    check_path: str = ""


def applicant_data():
    """The demo catalogue and three applicants, made through the ORM."""
    from applications.models import Document, ProgramApplication
    from applications.tests.conftest import make_applicant, make_household
    from demo.tests.fixtures import restore_or_load
    from programs.models import ProgramPage, QualifyingProgram

    restore_or_load("demo")
    snap = QualifyingProgram.objects.get(name="SNAP")
    wizard = make_household(
        make_applicant("wizard@example.com"), qualifying=[snap]
    ).user
    missing = make_household(make_applicant("missing@example.com"), qualifying=[snap])
    Document.objects.filter(household=missing).delete()
    submitted = make_household(
        make_applicant("submitted@example.com"), qualifying=[snap], submit=True
    )
    ProgramApplication.objects.create(
        household=submitted,
        program=ProgramPage.objects.canonical().get(slug="grocery-tax-rebate"),
    )
    asked = make_household(
        make_applicant("asked@example.com"), qualifying=[snap], submit=True
    )
    caseworker = make_applicant("caseworker@example.com", is_staff=True)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff_new = make_applicant("newstaff@example.com", is_staff=True)
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    state_machine.request_information(
        asked, caseworker, "Please send this month's SNAP letter."
    )
    # One-click apply with the provider's privacy notice to acknowledge.
    bike_share = ProgramPage.objects.canonical().get(slug="bike-share-membership")
    assert state_machine.apply_problem(submitted, bike_share) is None
    # An external program with a privacy notice, shown before the applicant leaves.
    internet = ProgramPage.objects.canonical().get(slug="low-cost-internet")
    assister, claimed, assist_paths = _assisted_data(snap)
    enrolled, check_path = _enrolled_data(snap, caseworker)
    return ApplicantData(
        users={
            WIZARD: wizard,
            MISSING: missing.user,
            SUBMITTED: submitted.user,
            ASKED: asked.user,
            STAFF_NEW: staff_new,
            STAFF: caseworker,
            ASSISTER: assister,
            CLAIMED: claimed,
            ENROLLED: enrolled,
        },
        apply_path=f"/dashboard/apply/{bike_share.pk}/",
        provider_path=f"/dashboard/provider/{internet.pk}/",
        assist_paths=assist_paths,
        check_path=check_path,
    )


def _enrolled_data(snap, caseworker):
    """A verified household enrolled in the grocery rebate, and its card's check
    page."""
    from applications.cards.cards import card_for
    from applications.models import ProgramApplication
    from applications.tests.conftest import make_applicant, make_household
    from programs.models import ProgramPage

    household = make_household(
        make_applicant("enrolled@example.com"), qualifying=[snap], submit=True
    )
    state_machine.verify(household, caseworker)
    application, _ = ProgramApplication.objects.get_or_create(
        household=household,
        program=ProgramPage.objects.canonical().get(slug="grocery-tax-rebate"),
    )
    state_machine.enroll(application, caseworker)
    return household.user, f"/check/{card_for(household).code}/"


def _assisted_data(snap):
    """An assister with a client mid-application (a letter to print and an open
    invitation), and a client who has taken the account over."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from applications.assistance.services import invitation_url
    from applications.notifications import Event, notify
    from applications.tests.assisting import make_assister
    from applications.tests.conftest import make_applicant, make_household

    assister = make_assister("assister@example.com", "Central Library")
    library = assister.assister.organization
    as_client = {
        "partner": library,
        "assisted_by": assister,
        "assisted_by_organization": library.name,
        "client_since": timezone.now(),
    }
    resident = get_user_model().objects.create_client(
        first_name="Rosa", last_name="Martínez", preferred_language="es"
    )
    client = make_household(resident, qualifying=[snap])
    type(client).objects.filter(pk=client.pk).update(**as_client)
    [letter] = notify(
        client,
        Event.INVITATION,
        key="sweep",
        claim_url=invitation_url(resident),
        partner=library.name,
        days=14,
    )
    claimed = make_household(
        make_applicant("claimed@example.com"), qualifying=[snap], submit=True
    )
    type(claimed).objects.filter(pk=claimed.pk).update(
        **as_client, claimed_at=timezone.now()
    )
    base = f"/assist/clients/{client.pk}/"
    claim = invitation_url(resident).split("/accounts/claim/", 1)[1]
    return (
        assister,
        claimed.user,
        {
            "client": base,
            "review": f"{base}apply/review/",
            "address": f"{base}apply/address/",
            "letter": f"{base}letters/{letter.pk}/",
            "consent": f"{base}consent-form/",
            "claim": f"/accounts/claim/{claim}",
        },
    )


@contextmanager
def open_context(browser, *, language, viewport, device_scale_factor=1):
    """A browser context in ``language`` (by Django's language cookie)."""
    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=device_scale_factor,
        locale="es-US" if language == "es" else "en-US",
    )
    watch_csp(context)
    _open_contexts.add(context)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        _close_context(context)


class Visitor:
    """Drives one page of a context through every PageState, switching accounts."""

    def __init__(self, context, base_url, data, language):
        self.context = context
        self.base_url = base_url
        self.data = data
        self.language = language
        self.page = context.new_page()
        self.cookies = {}
        self.current_user = "unset"
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": base_url,
                }
            ]
        )

    def sign_in_as(self, role):
        if role == self.current_user:
            return
        self.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
        if role is not ANONYMOUS:
            if role not in self.cookies:
                client = Client()
                if role in PASSWORD_ONLY:
                    # The password alone: the admin asks for the second factor.
                    from applications.tests.conftest import PASSWORD

                    assert client.login(
                        email=self.data.users[role].email, password=PASSWORD
                    )
                else:
                    client.force_login(self.data.users[role])
                self.cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": self.cookies[role],
                        "url": self.base_url,
                    }
                ]
            )
        self.current_user = role

    def visit(self, state):
        """Open the page as its user, put it into its state; return the page."""
        self.sign_in_as(state.user)
        path = state.path(self.data) if callable(state.path) else state.path
        # Each language has its own addresses: /es/apply/ for Spanish.
        path = translate_path(path, self.language)
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{state.name}: GET {path} answered {response.status}"
        assert self.page.url == self.base_url + path, (
            f"{state.name}: {path} redirected to {self.page.url}"
        )
        if state.action:
            state.action(self.page)
        lang = self.page.evaluate("document.documentElement.lang")
        assert lang == self.language, (
            f"{state.name}: <html lang> is {lang!r}, not {self.language!r}"
        )
        if state.error:
            title = self.page.title()
            # "Error:" is the Spanish too ("Error: Paso 2 de 6: Su dirección").
            assert title.startswith("Error:"), (
                f"{state.name}: the error state's title {title!r} does not say so"
            )
        return self.page


# Actions: put a page into a state -------------------------------------------------

_CLEAR_FORM = """(button) => {
  for (const el of button.form.elements) {
    if (["hidden", "submit", "button", "file"].includes(el.type)) continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else if (el.tagName !== "SELECT") el.value = "";
  }
}"""


def submit_empty(selector):
    """Empty every answer in the button's form, then press the button."""

    def action(page):
        button = page.locator(selector).first
        button.evaluate(_CLEAR_FORM)
        with page.expect_navigation():
            button.click()

    return action


def press(selector):
    """Press a button as it is (for example "Upload" with no file chosen)."""

    def action(page):
        with page.expect_navigation():
            page.locator(selector).first.click()

    return action


def screen_results(page):
    page.locator("#id_zip_code").fill("80521")
    page.locator("label[for=id_programs_0]").click()
    with page.expect_navigation():
        page.locator("main form.usa-form button[type=submit]").click()


def suggest_address(page):
    """The address typed long-hand: the step offers the standardized one."""
    page.locator("#id_street").fill("300 laporte avenue")
    page.locator("#id_unit").fill("apartment 2")
    with page.expect_navigation():
        page.locator(CONTINUE).click()
    page.locator("[data-testid=suggested-address]").wait_for()


def suggest_address_then_continue(page):
    suggest_address(page)
    with page.expect_navigation():
        page.locator(CONTINUE).click()


def open_menu(page):
    page.locator(".usa-menu-btn").click()
    page.locator(".usa-nav.is-visible").wait_for()
    # The menu slides in; audit and measure it once it has arrived.
    page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running')"
    )


MAIN_SUBMIT = "main form.usa-form button[type=submit]"
CONTINUE = "main button[name=action][value=continue]"


@dataclass(frozen=True)
class PageState:
    name: str
    path: str | Callable
    user: str | None = ANONYMOUS
    action: Callable | None = field(default=None, compare=False)
    error: bool = False


PAGE_STATES = [
    PageState("home", "/"),
    PageState("home-menu-open", "/", action=open_menu),
    PageState("screener", "/screener/"),
    PageState("screener-results", "/screener/", action=screen_results),
    PageState(
        "screener-error", "/screener/", action=submit_empty(MAIN_SUBMIT), error=True
    ),
    PageState("programs", "/programs/"),
    PageState("program", "/programs/grocery-tax-rebate/"),
    PageState("apply-start", "/apply/"),
    PageState("account", "/apply/account/"),
    PageState(
        "account-error", "/apply/account/", action=submit_empty(CONTINUE), error=True
    ),
    PageState("check-email", "/apply/check-email/"),
    PageState("sign-up-link-expired", "/accounts/confirm/MQ/expired-token/"),
    PageState("login", "/accounts/login/"),
    PageState(
        "login-error", "/accounts/login/", action=submit_empty(MAIN_SUBMIT), error=True
    ),
    PageState("password-reset", "/accounts/password_reset/"),
    PageState(
        "password-reset-error",
        "/accounts/password_reset/",
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("account-signed-in", "/apply/account/", user=WIZARD),
    PageState(
        "account-signed-in-error",
        "/apply/account/",
        user=WIZARD,
        action=submit_empty(CONTINUE),
        error=True,
    ),
    PageState("address", "/apply/address/", user=WIZARD),
    PageState(
        "address-error",
        "/apply/address/",
        user=WIZARD,
        action=submit_empty(CONTINUE),
        error=True,
    ),
    PageState(
        "address-suggestion", "/apply/address/", user=WIZARD, action=suggest_address
    ),
    PageState(
        "address-suggestion-error",
        "/apply/address/",
        user=WIZARD,
        action=suggest_address_then_continue,
        error=True,
    ),
    PageState("household", "/apply/household/", user=WIZARD),
    PageState(
        "household-error",
        "/apply/household/",
        user=WIZARD,
        action=submit_empty(CONTINUE),
        error=True,
    ),
    PageState("qualifying", "/apply/qualifying-programs/", user=WIZARD),
    PageState(
        "qualifying-error",
        "/apply/qualifying-programs/",
        user=WIZARD,
        action=submit_empty(CONTINUE),
        error=True,
    ),
    PageState("documents", "/apply/documents/", user=WIZARD),
    PageState(
        "documents-upload-error",
        "/apply/documents/",
        user=WIZARD,
        action=press(".portal-document-item button[value=upload]"),
        error=True,
    ),
    PageState("documents-missing", "/apply/documents/", user=MISSING),
    PageState(
        "documents-missing-error",
        "/apply/documents/",
        user=MISSING,
        action=press(CONTINUE),
        error=True,
    ),
    PageState("review", "/apply/review/", user=WIZARD),
    PageState(
        "review-error",
        "/apply/review/",
        user=WIZARD,
        action=submit_empty("main button[name=action][value=submit]"),
        error=True,
    ),
    PageState("dashboard", "/dashboard/", user=SUBMITTED),
    PageState("dashboard-information-requested", "/dashboard/", user=ASKED),
    PageState("done", "/apply/done/", user=SUBMITTED),
    PageState("apply-confirm", lambda data: data.apply_path, user=SUBMITTED),
    PageState(
        "apply-confirm-error",
        lambda data: data.apply_path,
        user=SUBMITTED,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("provider-link", lambda data: data.provider_path, user=SUBMITTED),
    PageState("dashboard-enrolled", "/dashboard/", user=ENROLLED),
    PageState("verification-card", "/dashboard/card/", user=ENROLLED),
    PageState("card-check-valid", lambda data: data.check_path),
    PageState("card-check-not-valid", "/check/not-a-card/"),
    PageState("second-factor-enrol", "/accounts/second-factor/", user=STAFF_NEW),
    PageState(
        "second-factor-enrol-error",
        "/accounts/second-factor/",
        user=STAFF_NEW,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("second-factor-code", "/accounts/second-factor/", user=STAFF),
    PageState(
        "second-factor-code-error",
        "/accounts/second-factor/",
        user=STAFF,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("settings", "/dashboard/settings/", user=SUBMITTED),
    PageState("change-answers", "/dashboard/settings/change-answers/", user=SUBMITTED),
    PageState(
        "change-answers-error",
        "/dashboard/settings/change-answers/",
        user=SUBMITTED,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("settings-contact", "/dashboard/settings/contact/", user=SUBMITTED),
    PageState(
        "settings-contact-error",
        "/dashboard/settings/contact/",
        user=SUBMITTED,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("delete-account", "/dashboard/settings/delete-account/", user=SUBMITTED),
    PageState(
        "delete-account-error",
        "/dashboard/settings/delete-account/",
        user=SUBMITTED,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("account-deleted", "/account-deleted/"),
    PageState("feedback", "/feedback/"),
    PageState(
        "feedback-error", "/feedback/", action=submit_empty(MAIN_SUBMIT), error=True
    ),
    PageState("feedback-signed-in", "/feedback/", user=SUBMITTED),
    # Applying with help: the assister's pages, and the resident's own.
    PageState("assist-clients", "/assist/", user=ASSISTER),
    PageState("assist-new-client", "/assist/clients/new/", user=ASSISTER),
    PageState(
        "assist-new-client-error",
        "/assist/clients/new/",
        user=ASSISTER,
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("assist-client", lambda data: data.assist_paths["client"], user=ASSISTER),
    PageState(
        "assist-address", lambda data: data.assist_paths["address"], user=ASSISTER
    ),
    PageState("assist-review", lambda data: data.assist_paths["review"], user=ASSISTER),
    PageState(
        "assist-review-error",
        lambda data: data.assist_paths["review"],
        user=ASSISTER,
        action=submit_empty("main button[name=action][value=submit]"),
        error=True,
    ),
    PageState("assist-letter", lambda data: data.assist_paths["letter"], user=ASSISTER),
    PageState(
        "assist-consent-form", lambda data: data.assist_paths["consent"], user=ASSISTER
    ),
    PageState("claim", lambda data: data.assist_paths["claim"]),
    PageState(
        "claim-error",
        lambda data: data.assist_paths["claim"],
        action=submit_empty(MAIN_SUBMIT),
        error=True,
    ),
    PageState("claim-expired", "/accounts/claim/expired-token/"),
    PageState("settings-assisted", "/dashboard/settings/", user=CLAIMED),
    PageState("withdraw-assistance", "/dashboard/settings/assistance/", user=CLAIMED),
]
