"""What search engines and link previews read: a description on every page (the
editor's, else what describes the page, else a sentence about the portal), absolute
canonical and alternate addresses from the configured public address (never the Host
header), Open Graph and Twitter tags, and noindex on private pages."""

import re
from html import unescape

import pytest
from django.test import override_settings
from wagtail.models import Locale

from applications.tests.conftest import make_applicant, make_household
from home.models import HomePage, StandardPage
from home.templatetags.seo import DESCRIPTION_LENGTH, description
from programs.models import ProgramIndexPage, ProgramPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("public_address"),
]

BASE = "https://portal.example.gov"
ORGANIZATION = "City of Fairview"
DEFAULT = (
    f"Apply once for every income-qualified program {ORGANIZATION} offers, and see "
    "which ones your household may qualify for."
)


@pytest.fixture
def public_address():
    with override_settings(PORTAL_BASE_URL=BASE):
        yield


def english(model, **filters):
    return model.objects.get(locale__language_code="en", **filters)


def head(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(html, key):
    """The content of every `<meta name|property=key>`."""
    return [
        unescape(content)
        for content in re.findall(
            rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)">', html
        )
    ]


def links(html, rel):
    return re.findall(
        rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">', html
    )


def test_the_editors_search_description_comes_first(client, demo_content):
    program = english(ProgramPage, slug="grocery-tax-rebate")
    program.search_description = "Money back on groceries."
    program.save_revision().publish()

    assert meta(head(client, program.url), "description") == [
        "Money back on groceries."
    ]


def test_without_one_a_program_is_described_by_its_summary(client, demo_content):
    program = english(ProgramPage, slug="grocery-tax-rebate")

    assert meta(head(client, program.url), "description") == [program.summary]


def test_then_the_pages_hero_text_or_introduction(client, demo_content):
    assert meta(head(client, "/"), "description") == [demo_content.hero_text]
    # Rich text, as plain text.
    assert meta(head(client, "/programs/"), "description") == [
        "Programs for households with low income in Fairview."
    ]
    faq = english(StandardPage, slug="faq")
    assert meta(head(client, faq.url), "description") == [faq.intro]


def test_then_a_sentence_about_the_portal(client, demo_content):
    bare = StandardPage(title="Bare", slug="bare")
    demo_content.add_child(instance=bare)
    bare.save_revision().publish()

    assert meta(head(client, "/bare/"), "description") == [DEFAULT]
    assert meta(head(client, "/screener/"), "description") == [DEFAULT]
    client.force_login(make_household(submit=True).user)
    assert meta(head(client, "/dashboard/"), "description") == [DEFAULT]


def test_a_long_introduction_is_cut_to_what_search_results_show(demo_content):
    page = StandardPage(title="Long", intro="Words and more words. " * 30)

    text = description(page, ORGANIZATION)

    assert len(text) <= DESCRIPTION_LENGTH and text.endswith("…")


def test_a_page_lists_itself_and_its_translations_as_absolute_addresses(
    client, demo_content
):
    program = english(ProgramPage, slug="grocery-tax-rebate")
    spanish = program.get_translation(Locale.objects.get(language_code="es"))
    english_url, spanish_url = BASE + program.url, BASE + spanish.url

    for path, own in ((program.url, english_url), (spanish.url, spanish_url)):
        html = head(client, f"{path}?utm_source=newsletter")
        assert links(html, "canonical") == [("", own)]
        assert links(html, "alternate") == [
            ("en", english_url),
            ("es", spanish_url),
            ("x-default", english_url),
        ]
        assert meta(html, "og:url") == [own]


def test_a_page_not_yet_translated_has_no_spanish_alternate(client, demo_content):
    only_english = StandardPage(title="Only English", slug="only-english")
    demo_content.add_child(instance=only_english)
    only_english.save_revision().publish()

    assert links(head(client, "/only-english/"), "alternate") == [
        ("en", f"{BASE}/only-english/"),
        ("x-default", f"{BASE}/only-english/"),
    ]


def test_a_public_view_has_its_address_in_each_language(client, demo_content):
    html = head(client, "/es/screener/")

    assert links(html, "canonical") == [("", f"{BASE}/es/screener/")]
    assert links(html, "alternate") == [
        ("en", f"{BASE}/screener/"),
        ("es", f"{BASE}/es/screener/"),
        ("x-default", f"{BASE}/screener/"),
    ]


def test_open_graph_and_twitter_tags_describe_the_page(client, demo_content):
    program = english(ProgramPage, slug="grocery-tax-rebate")
    spanish = program.get_translation(Locale.objects.get(language_code="es"))
    spanish.seo_title = "Reembolso de comestibles"
    spanish.save_revision().publish()

    html = head(client, spanish.url)

    assert "<title>Reembolso de comestibles | City of Fairview</title>" in html
    assert meta(html, "og:title") == ["Reembolso de comestibles"]
    assert meta(html, "og:description") == meta(html, "description")
    assert meta(html, "og:description") == [spanish.summary]
    assert meta(html, "og:url") == [BASE + spanish.url]
    assert meta(html, "og:type") == ["website"]
    assert meta(html, "og:site_name") == [ORGANIZATION]
    assert meta(html, "og:locale") == ["es_US"]
    assert meta(html, "og:locale:alternate") == ["en_US"]
    assert meta(html, "twitter:card") == ["summary"]


def test_a_view_shares_its_own_title(client, demo_content):
    html = head(client, "/screener/")

    assert meta(html, "og:title") == ["Check what you may qualify for"]
    assert "<title>Check what you may qualify for | City of Fairview</title>" in html


@override_settings(ALLOWED_HOSTS=["*"])
def test_no_address_comes_from_the_host_header(client, demo_content):
    for path in ("/", "/es/programs/grocery-tax-rebate/", "/screener/"):
        html = head(
            client,
            path,
            HTTP_HOST="attacker.example",
            HTTP_X_FORWARDED_HOST="attacker.example",
        )
        assert "attacker.example" not in html
        assert links(html, "canonical")[0][1].startswith(BASE + "/")
        assert all(url.startswith(BASE + "/") for _, url in links(html, "alternate"))


def test_private_pages_are_kept_out_of_search_results(client, demo_content):
    public = ["/", "/es/", "/programs/grocery-tax-rebate/", "/screener/", "/apply/"]
    for path in public:
        html = head(client, path)
        assert meta(html, "robots") == [], path
        assert links(html, "canonical"), path

    private = [head(client, "/accounts/login/"), head(client, "/apply/account/")]
    client.force_login(make_household(make_applicant(), submit=True).user)
    private += [head(client, "/dashboard/"), head(client, "/dashboard/settings/")]
    for path, html in zip(
        ["login", "account step", "dashboard", "settings"], private, strict=True
    ):
        assert meta(html, "robots") == ["noindex"], path
        # No canonical or alternates to contradict it; a description still.
        assert not links(html, "canonical") and not links(html, "alternate"), path
        assert meta(html, "description") == [DEFAULT], path


def test_an_editors_preview_is_kept_out_of_search_results(demo_content):
    program = english(ProgramPage, slug="grocery-tax-rebate")
    program.summary = "A draft summary."

    html = program.make_preview_request().content.decode()

    assert meta(html, "robots") == ["noindex"]
    assert meta(html, "description") == ["A draft summary."]


def test_every_page_of_the_demo_has_a_description(client, demo_content):
    pages = [
        *HomePage.objects.live(),
        *ProgramIndexPage.objects.live(),
        *ProgramPage.objects.live(),
        *StandardPage.objects.live(),
    ]
    for page in pages:
        (text,) = meta(head(client, page.url), "description")
        assert text and text != DEFAULT, page.url
