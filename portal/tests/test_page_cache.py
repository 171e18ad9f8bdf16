"""Public pages from the shared cache: for anonymous visitors only, without anything
per visitor in them, and fresh again as soon as an editor changes what they show."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Page, Site

from applications.tests.conftest import make_applicant, make_household
from home.models import SiteSettings, StandardPage
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/es/",
    "/programs/",
    "/es/programs/",
    "/programs/grocery-tax-rebate/",
    "/screener/",
    "/es/screener/",
]


def program(slug, language="en"):
    return ProgramPage.objects.get(slug=slug, locale__language_code=language)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_is_rendered_once_then_served_from_the_cache(
    client, demo_content, path, django_assert_max_num_queries
):
    first = client.get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the cache read (none with LocMem)
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == first["Content-Language"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_holds_nothing_per_visitor(client, demo_content, path):
    for response in (client.get(path), client.get(path)):
        assert not response.cookies, "no session, CSRF or language cookie is set"
        assert "cookie" not in response.get("Vary", "").lower()
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert "nonce=" not in html
        control = response["Cache-Control"]
        assert "public" in control
        # FRONT_CACHE_SECONDS, or less in the last minutes of a day (test_news)
        front = int(re.search(r"s-maxage=(\d+)", control).group(1))
        assert 0 < front <= settings.FRONT_CACHE_SECONDS
        assert "max-age=0" in control  # browsers ask again; a front cache may keep it


def test_spanish_and_english_are_kept_apart(client, demo_content):
    english = client.get("/programs/")
    spanish = client.get("/es/programs/")
    assert client.get("/programs/").content == english.content
    assert client.get("/es/programs/").content == spanish.content
    assert english.content != spanish.content
    assert 'lang="es"' in spanish.content.decode()


def test_the_query_string_is_part_of_the_address(client, demo_content):
    client.get("/programs/")
    filtered = client.get("/programs/?category=food")
    assert filtered["X-Page-Cache"] == "miss"


def test_a_signed_in_person_never_gets_or_fills_the_cache(client, demo_content):
    anonymous = client.get("/programs/")
    assert "Sign in" in anonymous.content.decode()
    client.force_login(make_household(make_applicant(), submit=True).user)
    for _ in range(2):
        response = client.get("/programs/")
        assert "X-Page-Cache" not in response
        assert "Sign out" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get("/programs/").content == anonymous.content


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(client, demo_content):
    client.get("/")
    client.get("/apply/account/")  # starting the wizard may give a session
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session"
    assert "X-Page-Cache" not in client.get("/")
    del client.cookies[settings.SESSION_COOKIE_NAME]
    client.cookies["messages"] = "a-pending-message"
    assert "X-Page-Cache" not in client.get("/")


def test_screener_answers_are_never_cached(client, demo_content):
    form = client.get("/screener/")
    results = client.post("/screener/", {"zip_code": "80521", "none": "on"})
    assert results.status_code == 200
    assert "X-Page-Cache" not in results
    assert "no-store" in results["Cache-Control"]
    again = client.get("/screener/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == form.content


def test_a_restricted_page_is_never_cached(client, demo_content):
    from wagtail.models import PageViewRestriction

    page = StandardPage.objects.filter(locale__language_code="en").first()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    url = page.get_url()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(url)


def test_publishing_a_change_shows_on_the_next_request(client, demo_content):
    page = program("grocery-tax-rebate")
    client.get(page.url)
    client.get("/programs/")
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    page.title = "Grocery Rebate, renamed"
    page.save_revision().publish()

    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Grocery Rebate, renamed" in response.content.decode()
    # The catalogue that lists it is fresh too.
    assert "Grocery Rebate, renamed" in client.get("/programs/").content.decode()


def test_a_saved_draft_does_not_show_but_publishing_it_does(client, demo_content):
    page = program("grocery-tax-rebate")
    client.get(page.url)
    page.title = "Draft title"
    page.save_revision()
    assert "Draft title" not in client.get(page.url).content.decode()
    page.get_latest_revision().publish()
    assert "Draft title" in client.get(page.url).content.decode()


def test_unpublishing_moving_and_deleting_are_seen_at_once(client, demo_content):
    page = program("grocery-tax-rebate")
    url = page.url
    assert client.get(url).status_code == 200
    page.unpublish()
    assert client.get(url).status_code == 404
    assert page.title not in client.get("/programs/").content.decode()

    other = program("transit-pass")
    other_url = other.url
    client.get(other_url)
    home = other.get_parent().get_parent()
    other.move(home, pos="last-child")
    moved = client.get(other_url)  # Wagtail redirects the old address
    assert moved.status_code == 301
    assert moved["Location"] == "/transit-pass/"

    standard = StandardPage.objects.filter(locale__language_code="en").first()
    standard_url = standard.url
    assert client.get(standard_url).status_code == 200
    Page.objects.get(pk=standard.pk).delete()
    assert client.get(standard_url).status_code == 404


def test_rules_copied_to_the_translation_show_on_the_spanish_page(client, demo_content):
    english, spanish = program("transit-pass"), program("transit-pass", "es")
    spanish_page = client.get(spanish.url).content.decode()
    closed = "No se aceptan solicitudes"
    assert closed not in spanish_page
    english.is_accepting_applications = False
    english.save_revision().publish()
    assert "not accepting applications" in client.get(english.url).content.decode()
    response = client.get(spanish.url)
    assert response["X-Page-Cache"] == "miss"
    assert 'lang="es"' in response.content.decode()
    spanish.refresh_from_db()
    assert spanish.is_accepting_applications is False


def test_a_site_setting_or_snippet_change_shows_everywhere(client, demo_content):
    from programs.models import QualifyingProgram

    client.get("/")
    client.get("/programs/grocery-tax-rebate/")
    site_settings = SiteSettings.objects.get()
    site_settings.organization_name = "Town of Elsewhere"
    site_settings.save()
    assert "Town of Elsewhere" in client.get("/").content.decode()

    qualifying = QualifyingProgram.objects.first()
    before = client.get("/screener/")
    qualifying.name = "A renamed qualifying program"
    qualifying.save()
    after = client.get("/screener/")
    assert after["X-Page-Cache"] == "miss"
    assert before.content != after.content


class RecordingFrontCache(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


@override_settings(
    WAGTAILFRONTENDCACHE={
        "front": {"BACKEND": f"{__name__}.RecordingFrontCache"},
    }
)
def test_the_front_cache_is_told_to_purge_every_public_address(
    demo_content, django_capture_on_commit_callbacks
):
    RecordingFrontCache.purged.clear()
    page = program("grocery-tax-rebate")
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Renamed for the front cache"
        page.save_revision().publish()
    purged = set(RecordingFrontCache.purged)
    base = Site.objects.get(is_default_site=True).root_url
    for path in [
        "/",
        "/es/",
        "/programs/",
        "/es/programs/",
        "/programs/grocery-tax-rebate/",
        "/programs/transit-pass/",
        "/screener/",
        "/es/screener/",
    ]:
        assert base + path in purged, path


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_switched_off(client, demo_content):
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_a_new_view_restriction_takes_the_page_out_at_once(client, demo_content):
    from wagtail.models import PageViewRestriction

    page = program("grocery-tax-rebate")
    assert client.get(page.url).status_code == 200
    assert page.title in client.get("/programs/").content.decode()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="staff"
    )
    assert "X-Page-Cache" not in client.get(page.url)  # the password form
    assert page.title not in client.get("/programs/").content.decode()


def test_a_purge_in_another_process_is_seen_within_a_second(client, demo_content):
    from django.core.cache import cache

    from portal import page_cache

    client.get("/programs/")
    assert client.get("/programs/")["X-Page-Cache"] == "hit"
    # Another process publishes: the shared generation moves on, this one's copy
    # does not know yet.
    cache.set(page_cache.GENERATION_KEY, "from-another-process", None)
    page_cache.process_pages.checked_at = page_cache.time.monotonic()
    assert client.get("/programs/")["X-Page-Cache"] == "hit"  # within the second
    # A second later (this process last looked at the generation that long ago).
    page_cache.process_pages.checked_at -= page_cache.GENERATION_CHECK_SECONDS
    assert client.get("/programs/")["X-Page-Cache"] == "miss"
    assert client.get("/programs/")["X-Page-Cache"] == "hit"


def test_a_visitor_who_chose_spanish_is_sent_there_not_served_english(
    client, demo_content
):
    client.get("/programs/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/programs/")
    assert response.status_code == 302
    assert response["Location"] == "/es/programs/"
