"""The home page and standard pages as applicants see them."""

import pytest
from django.utils.html import escape

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_hero_featured_programs_and_site_settings(client, demo_content):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert escape(demo_content.hero_heading) in content
    assert "City of Fairview" in content
    assert "getyour@example.com" in content
    for program in demo_content.featured():
        assert escape(program.title) in content
    assert 'id="main-content"' in content and "usa-skipnav" in content


def test_home_page_can_only_be_created_at_the_root():
    assert [model.__name__ for model in HomePage.allowed_parent_page_models()] == [
        "Page"
    ]


def test_standard_page_renders_every_block_type(client, demo_content):
    page = StandardPage(
        title="Everything",
        slug="everything",
        body=[
            ("heading", {"text": "A heading", "level": "h3"}),
            ("paragraph", "<p>Some words.</p>"),
            (
                "callout",
                {"kind": "warning", "heading": "Careful", "text": "<p>Note</p>"},
            ),
            (
                "accordion",
                {"items": [{"question": "Why?", "answer": "<p>Because.</p>"}]},
            ),
            ("steps", {"steps": [{"title": "First step", "text": "<p>Do it.</p>"}]}),
        ],
    )
    demo_content.add_child(instance=page)
    page.save_revision().publish()

    content = client.get("/everything/").content.decode()

    for text in ["<h3>A heading</h3>", "Some words.", "Careful", "Why?", "First step"]:
        assert text in content
