"""News items: shown from their first day to their last, in the reader's language
(English where there is no Spanish yet), the applicant's own programs' news first on
the dashboard, and fresh on cached public pages at once and at midnight."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from applications import state_machine
from applications.tests.conftest import make_applicant, make_household
from home.models import NewsItem, current_news
from programs.models import ProgramPage, QualifyingProgram

pytestmark = pytest.mark.django_db


def program(slug):
    return ProgramPage.objects.get(slug=slug, locale__language_code="en")


def news(title, *, starts=0, ends=None, language="en", **fields):
    """An item shown from `starts` days from today to `ends` (None: no end)."""
    today = timezone.localdate()
    return NewsItem.objects.create(
        locale=Locale.objects.get(language_code=language),
        title=title,
        text=fields.pop("text", f"About {title}."),
        start_date=today + timedelta(days=starts),
        end_date=None if ends is None else today + timedelta(days=ends),
        **fields,
    )


def translate(item, **fields):
    spanish = item.copy_for_translation(Locale.objects.get(language_code="es"))
    for name, value in fields.items():
        setattr(spanish, name, value)
    spanish.save()
    return spanish


def titles(language="en", **kwargs):
    with translation.override(language):
        return [item.title for item in current_news(**kwargs)]


@pytest.mark.parametrize(
    "starts, ends, shown",
    [
        (1, None, False),  # before its first day
        (0, None, True),  # on its first day
        (-5, 0, True),  # on its last day
        (-5, -1, False),  # after its last day
    ],
    ids=["before-start", "on-start", "on-end", "after-end"],
)
def test_an_item_shows_from_its_first_day_to_its_last(
    client, demo_content, starts, ends, shown
):
    news("Pool opening", starts=starts, ends=ends)

    assert ("Pool opening" in titles()) is shown
    assert ("Pool opening" in client.get("/").content.decode()) is shown


def test_an_item_links_to_its_page_or_else_its_programs_page(client, demo_content):
    faq = Page.objects.get(slug="faq", locale__language_code="en")
    news("Read the FAQ", link_page=faq, program=program("grocery-tax-rebate"))
    news("Rebate", program=program("grocery-tax-rebate"))
    news("Elsewhere", link_url="https://example.com/news")

    html = client.get("/").content.decode()

    assert '<a class="usa-link" href="/faq/">Read the FAQ</a>' in html
    assert '<a class="usa-link" href="/programs/grocery-tax-rebate/">Rebate</a>' in html
    assert '<a class="usa-link" href="https://example.com/news">Elsewhere</a>' in html


def test_the_spanish_item_shows_on_spanish_pages_and_the_english_one_on_english(
    client, demo_content
):
    faq = Page.objects.get(slug="faq", locale__language_code="en")
    item = news("Pools open", link_page=faq, program=program("grocery-tax-rebate"))
    translate(item, title="Las piscinas abren", text="Desde hoy.")

    english = client.get("/").content.decode()
    spanish = client.get("/es/").content.decode()

    assert "Pools open" in english and "Las piscinas abren" not in english
    assert "Las piscinas abren" in spanish and "Pools open" not in spanish
    # Its links and its program in Spanish too (the translations of the pages).
    faq_es = faq.get_translation(Locale.objects.get(language_code="es"))
    assert f'href="{faq_es.url}">Las piscinas abren</a>' in spanish
    rebate_es = program("grocery-tax-rebate").get_translation(faq_es.locale)
    assert f"{rebate_es.title}</span>" in spanish


def test_an_item_not_yet_in_spanish_shows_in_english_marked_as_english(
    client, demo_content
):
    news("Only in English")

    spanish = client.get("/es/").content.decode()

    assert "Only in English" in spanish
    assert '<li class="usa-collection__item" lang="en">' in spanish


def test_a_spanish_translation_outside_its_window_leaves_the_english_item(
    demo_content,
):
    item = news("Library hours", starts=-3)
    spanish = translate(item, title="Horario de la biblioteca")
    assert "Horario de la biblioteca" in titles("es")

    spanish.end_date = timezone.localdate() - timedelta(days=1)
    spanish.save()

    assert "Library hours" in titles("es")
    assert "Horario de la biblioteca" not in titles("es")


def test_an_item_written_only_in_spanish_shows_only_on_spanish_pages(demo_content):
    news("Solo en español", language="es")

    assert "Solo en español" in titles("es")
    assert "Solo en español" not in titles("en")


def test_the_dashboard_shows_the_applicants_own_programs_news_first(
    client, demo_content
):
    snap = QualifyingProgram.objects.get(name="SNAP")
    household = make_household(make_applicant(), qualifying=[snap], submit=True)
    state_machine.apply(household, program("grocery-tax-rebate"))
    news("About our rebate", starts=-10, program=program("grocery-tax-rebate"))
    news("About utility bills", starts=-1, program=program("utility-bill-assistance"))
    news("About everything", starts=0)

    client.force_login(household.user)
    html = client.get("/dashboard/").content.decode()

    order = ["About our rebate", "About everything", "About utility bills"]
    assert [html.index(title) for title in order] == sorted(
        html.index(title) for title in order
    )
    # Everyone else reads the newest first.
    home = client.get("/").content.decode()
    assert home.index("About everything") < home.index("About our rebate")


def test_an_applicant_still_applying_sees_the_news_on_the_dashboard(
    client, demo_content
):
    news("Pool opening")
    client.force_login(make_applicant())

    assert "Pool opening" in client.get("/dashboard/").content.decode()


def test_publishing_editing_and_deleting_an_item_show_on_the_cached_home_page(
    client, demo_content
):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"

    item = news("Pool opening")
    published = client.get("/")
    assert published["X-Page-Cache"] == "miss"
    assert "Pool opening" in published.content.decode()

    item.title = "Pools opening"
    item.save()
    assert "Pools opening" in client.get("/").content.decode()

    item.delete()
    assert "Pools opening" not in client.get("/").content.decode()


DENVER = ZoneInfo(settings.TIME_ZONE)


def test_an_item_starting_tomorrow_shows_tomorrow_on_the_cached_home_page(
    client, demo_content
):
    with time_machine.travel(datetime(2031, 5, 1, 23, 58, tzinfo=DENVER), tick=False):
        news("Pool opening", starts=1)
        news("Last day for passes", ends=0)
        client.get("/")
        today = client.get("/")
        assert today["X-Page-Cache"] == "hit"
        assert "Pool opening" not in today.content.decode()
        assert "Last day for passes" in today.content.decode()
        # A front cache keeps it no later than midnight, two minutes away.
        assert "s-maxage=120" in today["Cache-Control"]

    with time_machine.travel(datetime(2031, 5, 2, 0, 0, 1, tzinfo=DENVER), tick=False):
        tomorrow = client.get("/")
        assert tomorrow["X-Page-Cache"] == "miss"
        assert "Pool opening" in tomorrow.content.decode()
        assert "Last day for passes" not in tomorrow.content.decode()
        assert f"s-maxage={settings.FRONT_CACHE_SECONDS}" in tomorrow["Cache-Control"]


def test_an_item_ending_before_it_starts_or_with_two_links_is_refused(demo_content):
    today = timezone.localdate()
    item = NewsItem(
        locale=Locale.get_default(),
        title="Muddled",
        text="Words.",
        start_date=today,
        end_date=today - timedelta(days=1),
        link_page=Page.objects.get(slug="faq", locale__language_code="en"),
        link_url="https://example.com/",
    )

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert set(refused.value.message_dict) == {"end_date", "link_url"}


def test_the_text_is_limited_to_300_characters(demo_content):
    item = NewsItem(locale=Locale.get_default(), title="Long", text="x" * 301)

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert "text" in refused.value.message_dict
