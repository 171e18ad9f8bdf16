"""The whole journey in Spanish, in headless Chromium at phone width.

From /es/ through the screener, the six wizard steps and the one-click apply on the
dashboard, using only Spanish labels and button names; then the account keeps
Spanish as its language, and the applicant's email and text messages are Spanish.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from applications.models import Household, Notification, ProgramApplication
from applications.notifications.senders import MemorySmsSender
from portal.tests.browser import (
    assert_no_horizontal_scroll,
    follow_sign_up_email,
    tick,
    write_pdf,
    write_photo,
)
from programs.models import ProgramPage

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"
EMAIL = "ana.es@example.com"
GROCERY_ES = "Reembolso del impuesto sobre comestibles"
GROCERY_EN = "Grocery Tax Rebate"


def continue_step(page):
    page.get_by_role("button", name="Guardar y continuar").click()
    page.wait_for_load_state()


def expect_html_lang_es(page):
    expect(page.locator("html")).to_have_attribute("lang", "es")


def assert_stays_in_spanish(page, url):
    """Every link and form on the page (but the language switch) stays under /es/."""
    targets = page.evaluate(
        """() => [
            ...[...document.querySelectorAll("a[href]:not(.portal-language__button)")].map((a) => a.href),
            // getAttribute: a button named "action" shadows form.action.
            ...[...document.querySelectorAll("form:not(.portal-language)")].map(
                (form) => new URL(form.getAttribute("action") || "", location.href).href
            ),
        ]"""
    )
    local = [target for target in targets if target.startswith(url + "/")]
    assert local, f"{page.url} has no links"
    leaving = sorted({t for t in local if not t.startswith(url + "/es/")})
    assert not leaving, f"{page.url} leaves Spanish: {leaving}"


def expect_step(page, url, number, path):
    expect(page).to_have_title(re.compile(rf"^Paso {number} de 6: "))
    expect(page).to_have_url(f"{url}/es/apply/{path}/")
    expect_html_lang_es(page)
    assert_stays_in_spanish(page, url)


@pytest.fixture
def sms_outbox():
    MemorySmsSender.outbox.clear()
    yield MemorySmsSender.outbox
    MemorySmsSender.outbox.clear()


def test_whole_journey_in_spanish_with_spanish_messages(
    live_server,
    browser_db,
    demo_content,
    one_request_at_a_time,
    browser_page,
    screenshot,
    sms_outbox,
    tmp_path,
):
    page = browser_page
    url = live_server.url
    mail.outbox.clear()

    # Home page in Spanish, then the screener through its Spanish button.
    page.goto(url + "/es/")
    expect_html_lang_es(page)
    assert_stays_in_spanish(page, url)
    expect(
        page.get_by_role(
            "heading",
            name="Solicite una sola vez los programas de la ciudad para ingresos bajos",
        )
    ).to_be_visible()
    page.get_by_role("link", name="Vea para qué podría calificar").click()
    expect(page).to_have_url(url + "/es/screener/")
    expect(
        page.get_by_role("heading", name="Vea para qué programas podría calificar")
    ).to_be_visible()
    page.get_by_label("Código postal", exact=True).fill("80521")
    tick(page, "SNAP")
    page.get_by_role("button", name="Ver programas").click()
    expect(
        page.get_by_role("heading", name="Programas para los que podría calificar")
    ).to_be_visible()
    expect(page).to_have_url(re.compile("^" + re.escape(url + "/es/")))
    expect_html_lang_es(page)
    assert_stays_in_spanish(page, url)
    promised = set(page.locator(".usa-card__heading").all_inner_texts())
    assert GROCERY_ES in promised
    assert GROCERY_EN not in promised
    assert_no_horizontal_scroll(page)
    screenshot(page, "screener-results")

    # Before you start ("Antes de empezar"), then the account step.
    page.get_by_role("link", name=f"Solicitar {GROCERY_ES}").click()
    expect(page).to_have_url(url + "/es/apply/")
    expect(page.get_by_role("heading", name="Antes de empezar")).to_be_visible()
    expect_html_lang_es(page)
    assert_stays_in_spanish(page, url)
    page.get_by_role("link", name="Comenzar mi solicitud").click()
    expect_step(page, url, 1, "account")
    page.get_by_label("Nombre", exact=True).fill("Ana")
    page.get_by_label("Apellido", exact=True).fill("López")
    page.get_by_label("Correo electrónico", exact=True).fill(EMAIL)
    page.get_by_label("Número de teléfono", exact=True).fill("970-221-6600")
    # Applying in Spanish preselects Spanish messages.
    language = page.get_by_label("Idioma de los mensajes")
    expect(language).to_have_value("es")
    tick(page, "Enviarme mensajes de texto sobre mi solicitud")
    expect(
        page.get_by_label("Enviarme mensajes de texto sobre mi solicitud")
    ).to_be_checked()
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Escriba la contraseña otra vez").fill(PASSWORD)
    continue_step(page)
    follow_sign_up_email(page, url)

    # Address: a bad ZIP first, reported in Spanish with the summary focused.
    expect_step(page, url, 2, "address")
    page.get_by_label("Dirección (calle y número)", exact=True).fill("300 Laporte Ave")
    page.get_by_label("Ciudad", exact=True).fill("Fairview")
    page.get_by_label("Estado", exact=True).fill("CO")
    page.get_by_label("Código postal", exact=True).fill("805")
    continue_step(page)
    expect(page).to_have_title(re.compile(r"^Error: Paso 2 de 6: Su dirección"))
    expect(page).to_have_url(url + "/es/apply/address/")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    expect(summary).to_contain_text("Hay un problema")
    expect(summary).to_contain_text("Escriba un código postal de 5 dígitos")
    expect(summary).not_to_contain_text("There is a problem")
    expect(summary).not_to_contain_text("Enter a 5-digit")
    assert_no_horizontal_scroll(page)
    screenshot(page, "address-error")
    page.get_by_label("Código postal", exact=True).fill("80521")
    continue_step(page)

    # Household: the applicant is pre-filled.
    expect_step(page, url, 3, "household")
    assert page.locator("#id_members-0-first_name").input_value() == "Ana"
    tick(page, "Alquilada")
    tick(page, "De 1 a 3 años")
    page.locator("#id_members-0-date_of_birth").fill("1985-04-28")
    continue_step(page)

    # Qualifying programs.
    expect_step(page, url, 4, "qualifying-programs")
    expect(page.get_by_role("link", name="Volver a Su hogar")).to_be_visible()
    tick(page, "SNAP")
    continue_step(page)

    # Documents: an ID for Ana and the SNAP proof, through the file inputs.
    expect_step(page, url, 5, "documents")
    photo = write_photo(tmp_path / "mi-identificacion.jpg")
    letter = write_pdf(tmp_path / "carta-snap.pdf")
    sections = page.locator(".portal-document-item")
    expect(sections).to_have_count(2)
    expect(sections.nth(0)).to_contain_text("Identificación con foto de")
    expect(sections.nth(1)).to_contain_text("Comprobante de SNAP")
    sections.nth(0).locator("input[type=file]").set_input_files(str(photo))
    sections.nth(0).get_by_role("button", name="Subir").click()
    expect(page.get_by_role("link", name="mi-identificacion.jpg")).to_be_visible()
    expect_step(page, url, 5, "documents")
    sections = page.locator(".portal-document-item")
    sections.nth(1).locator("input[type=file]").set_input_files(str(letter))
    sections.nth(1).get_by_role("button", name="Subir").click()
    expect(page.get_by_role("link", name="carta-snap.pdf")).to_be_visible()
    expect(page.locator(".portal-document-item .usa-tag")).to_have_text(
        ["Subido", "Subido"]
    )
    continue_step(page)

    # Review and submit.
    expect_step(page, url, 6, "review")
    expect(page.get_by_text("Ana López", exact=False).first).to_be_visible()
    tick(page, "Confirmo que la información que di es verdadera")
    page.get_by_role("button", name="Enviar mi solicitud").click()
    expect(page.get_by_role("heading", name="Su solicitud fue enviada")).to_be_visible()
    expect(page).to_have_url(url + "/es/apply/done/")
    expect_html_lang_es(page)
    assert_stays_in_spanish(page, url)
    with one_request_at_a_time:  # the page's last requests may still be running
        household = Household.objects.get(user__email=EMAIL)
        user = get_user_model().objects.get(email=EMAIL)
        notifications = list(Notification.objects.filter(household=household))
    assert household.review_status == Household.ReviewStatus.SUBMITTED

    # The account keeps Spanish, and every message to the applicant is Spanish.
    assert user.preferred_language == "es"
    assert user.contact_by_sms
    assert {(n.event, n.channel) for n in notifications} == {
        ("welcome", "email"),
        ("welcome", "sms"),
        ("submitted", "email"),
        ("submitted", "sms"),
    }
    assert {n.language for n in notifications} == {"es"}
    assert {n.status for n in notifications} == {Notification.Status.SENT}

    emails = [message for message in mail.outbox if message.to == [EMAIL]]
    subjects = [message.subject for message in emails]
    assert subjects == ["Su cuenta está lista", "Recibimos su solicitud"]
    for message in emails:
        assert message.body.startswith("Hola, Ana:")
        html = message.alternatives[0][0]
        assert "Hola, Ana:" in html
    assert "Your account is ready" not in emails[0].body
    assert "We received your application" not in emails[1].body
    assert "Recibimos su solicitud" in emails[1].body

    texts = [sms["body"] for sms in sms_outbox if sms["to"] == "+19702216600"]
    assert len(texts) == 2
    assert "su cuenta fue creada" in texts[0]
    assert "recibimos su solicitud" in texts[1]
    for body in texts:
        assert "your account is ready" not in body.lower()
        assert "we received your application" not in body.lower()

    # Dashboard in Spanish: the program under its Spanish title, one-click apply.
    page.get_by_role("link", name="Ir a mi panel").click()
    expect(page).to_have_url(url + "/es/dashboard/")
    expect_html_lang_es(page)
    assert_stays_in_spanish(page, url)
    expect(page.get_by_role("heading", name="Hola, Ana")).to_be_visible()
    expect(page.get_by_role("heading", name="Disponibles para usted")).to_be_visible()
    available = page.locator("#available-heading + ul .usa-card__heading")
    pending_titles = page.locator("#pending-heading + ul strong")
    expect(available.filter(has_text=GROCERY_ES)).to_have_count(1)
    expect(available.filter(has_text=GROCERY_EN)).to_have_count(0)
    # The screener's promise holds, under the same Spanish titles.
    shown = set(available.all_inner_texts()) | set(pending_titles.all_inner_texts())
    assert shown == promised
    page.get_by_role("link", name=f"Solicitar {GROCERY_ES}").click()
    expect(page).to_have_url(re.compile("^" + re.escape(url + "/es/dashboard/apply/")))
    expect(page).to_have_title(re.compile(rf"^Solicitar {GROCERY_ES}"))
    assert_stays_in_spanish(page, url)
    page.get_by_role("button", name=f"Solicitar {GROCERY_ES}").click()
    expect(page).to_have_url(url + "/es/dashboard/")
    expect(page.locator(".usa-alert--success")).to_contain_text(
        f"Solicitó {GROCERY_ES}."
    )
    pending = page.locator("#pending-heading + ul")
    expect(page.get_by_role("heading", name="Pendientes")).to_be_visible()
    expect(pending).to_contain_text(GROCERY_ES)
    expect(pending).to_contain_text("en espera del personal")
    expect(pending).not_to_contain_text(GROCERY_EN)
    expect(available.filter(has_text=GROCERY_ES)).to_have_count(0)
    assert_no_horizontal_scroll(page)
    screenshot(page, "dashboard-pending")

    with one_request_at_a_time:
        grocery = (
            ProgramPage.objects.canonical()
            .select_related("locale")
            .get(slug="grocery-tax-rebate")
        )
        applied = ProgramApplication.objects.filter(
            household=household,
            program=grocery,
            status=ProgramApplication.Status.APPLIED,
        ).exists()
    assert grocery.locale.language_code == "en"
    assert applied


# English that once showed on Spanish pages.


def test_spanish_one_click_apply_message_names_the_program_in_spanish(
    live_server, browser_db, demo_content, browser_page
):
    from applications.tests.conftest import make_applicant, make_household
    from programs.models import QualifyingProgram

    snap = QualifyingProgram.objects.get(name="SNAP")
    make_household(
        make_applicant(EMAIL, preferred_language="es"), qualifying=[snap], submit=True
    )
    page = browser_page
    page.goto(live_server.url + "/es/accounts/login/")
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(live_server.url + "/es/dashboard/")
    page.get_by_role("link", name=f"Solicitar {GROCERY_ES}").click()
    page.get_by_role("button", name=f"Solicitar {GROCERY_ES}").click()
    expect(page.locator("#pending-heading + ul")).to_contain_text(GROCERY_ES)
    messages = page.locator(".usa-alert--success")
    expect(messages).to_contain_text(f"Solicitó {GROCERY_ES}.")
    expect(messages).not_to_contain_text(GROCERY_EN)
