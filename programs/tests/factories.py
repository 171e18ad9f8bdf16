"""Builders for program pages and their snippets, under the demo-free page tree."""

from wagtail.models import Page, Site

from home.models import HomePage
from programs.models import (
    ProgramIndexPage,
    ProgramPage,
    QualifyingProgram,
    ServiceArea,
)


def home_page():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Home", slug="portal-home", hero_heading="Hi")
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": home},
        )
    return home


def program_index():
    index = ProgramIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=ProgramIndexPage(title="Programs", slug="programs")
        )
    return index


def make_program(title="Program", *, areas=(), **fields):
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("summary", f"{title} summary")
    fields.setdefault("category", ProgramPage.Category.FOOD)
    fields.setdefault("income_limit_ami", 60)
    program = ProgramPage(title=title, **fields)
    program.service_areas = list(areas)
    program_index().add_child(instance=program)
    program.save_revision().publish()
    return program


def make_qualifying(name="SNAP", ami=30, **fields):
    fields.setdefault("document_description", "Approval letter")
    return QualifyingProgram.objects.create(name=name, ami_percentage=ami, **fields)


def make_area(name="City", zip_codes="80521 80524", **fields):
    return ServiceArea.objects.create(name=name, zip_codes=zip_codes, **fields)
