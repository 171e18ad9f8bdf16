"""Spanish wizard and screener pages, read as HTML (no browser needed).

English that once showed on Spanish pages: the account step's message language and
the names of qualifying programs and service areas.
"""

import re
from html import unescape

import pytest
from pytest_django.asserts import assertInHTML

from programs.models import QualifyingProgram

pytestmark = pytest.mark.django_db


def main_text(response):
    """The text of the page's <main>, without tags, as a reader would see it."""
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    return unescape(re.sub(r"<[^>]+>", " ", main))


def test_spanish_account_step_preselects_spanish_messages(client, demo_content):
    response = client.get("/es/apply/account/")
    html = response.content.decode()
    assert re.search(r"<title>Paso 1 de 6: ", html)
    assertInHTML('<option value="es" selected>Español</option>', html)
    assertInHTML('<option value="en">Inglés</option>', html)


def test_spanish_pages_name_qualifying_programs_and_areas_in_spanish(
    client, demo_content
):
    start = client.get("/es/apply/")
    assertInHTML("<h1>Antes de empezar</h1>", start.content.decode())
    assert "Free or reduced-price school meals" not in main_text(start)
    assert "Your SNAP approval letter" not in main_text(start)

    snap = QualifyingProgram.objects.get(name="SNAP")
    results = client.post("/es/screener/", {"zip_code": "80521", "programs": [snap.pk]})
    assertInHTML(
        "<h1>Programas para los que podría calificar</h1>", results.content.decode()
    )
    assert "Free or reduced-price school meals" not in main_text(results)
    assert "City limits" not in main_text(results)
