"""Program content per language: Spanish pages at /es/, rules from the English page.

The demo loads a Spanish translation (a Wagtail translation, Spanish locale) of the
home page, the program index, every program and the standard pages.
"""

import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Locale

from applications import state_machine
from applications.models import ProgramApplication
from applications.tests.conftest import make_applicant, make_household
from portal import roles
from programs.eligibility import HouseholdFacts, check_programs
from programs.models import ProgramIndexPage, ProgramPage, QualifyingProgram

pytestmark = pytest.mark.django_db


def english(slug):
    return ProgramPage.objects.canonical().get(slug=slug)


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es")).specific


def heading(response):
    return re.search(r"<h1[^>]*>([^<]*)", response.content.decode()).group(1)


def switch_target(response):
    """Where the page's language switch sends the visitor (its `next`: a link's
    query for anonymous visitors, a hidden field for signed-in ones)."""
    html = response.content.decode()
    found = re.search(r'name="next" type="hidden" value="([^"]*)"', html)
    if found:
        return found.group(1)
    link = re.search(r'href="/i18n/setlang/\?language=[a-z]+&amp;next=([^"]*)"', html)
    return unquote(link.group(1))


def publish_new_program(title, slug):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    program = ProgramPage(
        title=title,
        slug=slug,
        category="housing",
        summary="Borrow tools for home repairs.",
        income_limit_ami=60,
    )
    index.add_child(instance=program)
    program.save_revision().publish()
    return program


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [
        ("/", "en", "Apply once for the city&#x27;s income-qualified programs"),
        (
            "/es/",
            "es",
            "Solicite una sola vez los programas de la ciudad para ingresos bajos",
        ),
        ("/programs/", "en", "Programs"),
        ("/es/programs/", "es", "Programas"),
        ("/programs/transit-pass/", "en", "Reduced-Fare Transit Pass"),
        ("/es/programs/transit-pass/", "es", "Pase de transporte con tarifa reducida"),
        ("/es/privacy/", "es", "Política de privacidad"),
        ("/es/apply/", "es", "Antes de empezar"),
    ],
)
def test_each_language_has_its_own_addresses(
    client, demo_content, path, language, title
):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert heading(response) == title


def test_links_on_a_spanish_page_stay_in_spanish(client, demo_content):
    html = client.get("/es/programs/").content.decode()
    assert 'href="/es/programs/grocery-tax-rebate/"' in html
    assert 'href="/es/screener/"' in html
    assert 'href="/es/" title=' in html
    assert not re.search(r'<a [^>]*href="/programs/', html)
    base = settings.PORTAL_BASE_URL
    assert f'<link rel="alternate" hreflang="en" href="{base}/programs/">' in html


def test_spanish_catalogue_lists_every_program_once_untranslated_ones_in_english(
    client, demo_content
):
    publish_new_program("Tool Library", "tool-library")
    response = client.get("/es/programs/")
    programs = response.context["programs"]

    assert len(programs) == ProgramPage.objects.canonical().live().count()
    titles = [program.translated.title for program in programs]
    assert "Pase de transporte con tarifa reducida" in titles
    assert "Reduced-Fare Transit Pass" not in titles
    assert "Tool Library" in titles
    html = response.content.decode()
    # The one English card is marked English, for screen readers' pronunciation.
    assert html.count('<div class="usa-card__container" lang="en">') == 1
    card = html.index('<div class="usa-card__container" lang="en">')
    assert html.index("Tool Library") > card


def test_a_translation_takes_its_rules_from_the_english_page(demo_content):
    grocery = english("grocery-tax-rebate")
    copy = spanish(grocery)
    assert copy.income_limit_ami == grocery.income_limit_ami == 60

    grocery.income_limit_ami = 45
    grocery.service_areas = []
    grocery.save_revision().publish()
    copy = spanish(english("grocery-tax-rebate"))
    assert copy.income_limit_ami == 45
    assert not copy.service_areas.exists()

    copy.income_limit_ami = 99
    copy.is_accepting_applications = False
    copy.save_revision().publish()
    copy = spanish(english("grocery-tax-rebate"))
    assert copy.income_limit_ami == 45
    assert copy.is_accepting_applications is True


def test_the_translation_editor_shows_the_rules_but_cannot_change_them(demo_content):
    editor = make_applicant("editor@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    form_class = ProgramPage.get_edit_handler().get_form_class()
    grocery = english("grocery-tax-rebate")

    with translation.override("en"):
        english_form = form_class(instance=grocery, for_user=editor)
        spanish_form = form_class(instance=spanish(grocery), for_user=editor)

    assert not english_form.fields["income_limit_ami"].disabled
    for name in ("income_limit_ami", "service_areas", "enrollment_mode"):
        assert spanish_form.fields[name].disabled
    assert "English" in str(spanish_form.fields["income_limit_ami"].help_text)
    assert not spanish_form.fields["title"].disabled
    assert not spanish_form.fields["summary"].disabled


def test_editors_may_translate_pages(demo_content):
    editor = make_applicant("editor@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    assert editor.has_perm("simple_translation.submit_translation")


def test_check_programs_gives_each_program_once_with_its_spanish_copy(demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    facts = HouseholdFacts(qualifying_programs=(snap,), service_area_ids=frozenset())
    with translation.override("es"):
        results = check_programs(facts)
    canonical = set(ProgramPage.objects.canonical().live().values_list("pk", flat=True))
    assert {result.program.pk for result in results} == canonical
    assert len(results) == len(canonical)
    transit = next(r for r in results if r.program.slug == "transit-pass")
    assert transit.program.translated.title == "Pase de transporte con tarifa reducida"


def test_applying_from_a_spanish_page_applies_to_the_program(client, demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(qualifying=[snap], submit=True)
    client.force_login(household.user)
    grocery = english("grocery-tax-rebate")

    response = client.post(f"/es/dashboard/apply/{spanish(grocery).pk}/")

    assert response.status_code == 302
    applied = ProgramApplication.objects.filter(household=household)
    assert applied.filter(program=grocery).exists()
    assert not applied.filter(program__locale__language_code="es").exists()


def test_the_spanish_dashboard_names_programs_in_spanish(client, demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(qualifying=[snap], submit=True)
    ProgramApplication.objects.create(
        household=household, program=english("grocery-tax-rebate")
    )
    client.force_login(household.user)
    html = client.get("/es/dashboard/").content.decode()
    assert "Reembolso del impuesto sobre comestibles" in html
    assert "Grocery Tax Rebate" not in html


def test_language_switch_goes_to_the_translation_even_with_its_own_slug(
    client, demo_content
):
    copy = spanish(english("transit-pass"))
    copy.slug = "pase-de-transporte"
    copy.save_revision().publish()

    spanish_page = client.get("/es/programs/pase-de-transporte/")
    english_page = client.get("/programs/transit-pass/")

    assert spanish_page.status_code == 200
    assert switch_target(spanish_page) == "/programs/transit-pass/"
    assert switch_target(english_page) == "/es/programs/pase-de-transporte/"
    response = client.post(
        "/i18n/setlang/",
        {"language": "es", "next": "/es/programs/pase-de-transporte/"},
    )
    assert response["Location"] == "/es/programs/pase-de-transporte/"


def test_switch_on_an_untranslated_page_goes_to_its_nearest_translated_parent(
    client, demo_content
):
    publish_new_program("Tool Library", "tool-library")
    response = client.get("/programs/tool-library/")
    assert switch_target(response) == "/es/programs/"


def test_switching_from_spanish_to_english_on_an_applicant_page(client, demo_content):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/es/apply/"})
    assert response["Location"] == "/apply/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_chosen_language_moves_english_addresses_to_it(client, demo_content):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    page = client.get("/programs/?category=food")
    assert page.status_code == 302
    assert page["Location"] == "/es/programs/?category=food"
    assert client.get("/apply/")["Location"] == "/es/apply/"
    # One address only: the admin and the health check stay where they are.
    assert client.get("/healthz").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    # A form post is never redirected (it would lose the answers).
    assert client.post("/screener/", {"zip_code": "80521"}).status_code == 200

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/programs/").status_code == 200


def test_messages_name_the_program_in_the_applicants_language(demo_content):
    transit = english("transit-pass")
    assert transit.title_in("es") == "Pase de transporte con tarifa reducida"
    assert transit.title_in("en") == "Reduced-Fare Transit Pass"
    tool = publish_new_program("Tool Library", "tool-library")
    assert tool.title_in("es") == "Tool Library"


def test_a_spanish_applicant_hears_of_enrollment_in_spanish(demo_content):
    from django.core import mail

    snap = QualifyingProgram.objects.get(name="SNAP")
    user = make_applicant(preferred_language="es")
    household = make_household(user, qualifying=[snap], submit=True)
    caseworker = make_applicant("caseworker@example.com", is_staff=True)
    state_machine.verify(household, caseworker)
    application = ProgramApplication.objects.create(
        household=household, program=english("grocery-tax-rebate")
    )
    mail.outbox.clear()

    state_machine.enroll(application, caseworker)

    [email] = mail.outbox
    assert "Reembolso del impuesto sobre comestibles" in email.subject + email.body
    assert "Grocery Tax Rebate" not in email.body
    assert "De lunes a viernes" in email.body


def test_an_editor_translates_a_new_program_in_the_admin(client, demo_content):
    from django.urls import reverse

    editor = make_applicant("editor@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    tool = publish_new_program("Tool Library", "tool-library")
    client.force_login(editor)

    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[tool.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )

    assert response.status_code == 302
    copy = spanish(tool)
    assert copy.income_limit_ami == 60 and not copy.live  # a draft to rewrite
    copy.title = "Biblioteca de herramientas"
    copy.save_revision().publish()
    html = client.get("/es/programs/").content.decode()
    assert "Biblioteca de herramientas" in html
    assert html.count('<div class="usa-card__container" lang="en">') == 0


def test_qualifying_programs_and_areas_read_in_spanish_or_fall_back(demo_content):
    snap = QualifyingProgram.objects.get(name="SNAP")
    snap_es = "SNAP (cupones de alimentos)"
    with translation.override("es"):
        assert snap.display_name == snap_es
        assert snap.display_document_description.startswith("Su carta")
        snap.name_es = ""  # not translated yet: the English name
        assert snap.display_name == "SNAP"
    with translation.override("en"):
        snap.name_es = snap_es
        assert snap.display_name == "SNAP"
