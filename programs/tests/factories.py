"""Builders for program pages and their snippets, under the demo-free page tree."""

from datetime import date

from wagtail.models import Page, Site

from home.models import HomePage
from programs.income_limits import SIZE_FIELDS
from programs.models import (
    IncomeLimit,
    IncomeLimitTable,
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


# HUD-style 60 % AMI limits for 1 to 8 people (made up, in HUD's shape).
SIXTY_PERCENT = [52_680, 60_180, 67_740, 75_240, 81_300, 87_300, 93_300, 99_360]


def make_income_table(
    *,
    source=IncomeLimitTable.Source.HUD_INCOME_LIMITS,
    area="Fairview, CO MSA",
    fiscal_year=2026,
    effective_on=date(2026, 4, 1),
    levels=None,
    published=True,
):
    """A published table; `levels` maps a level to its 8 limits (60 % by default),
    with 8 % of the four-person limit for each person beyond eight, as HUD does."""
    table = IncomeLimitTable.objects.create(
        source=source,
        area=area,
        fiscal_year=fiscal_year,
        effective_on=effective_on,
        is_published=published,
    )
    for level, limits in (levels or {60: SIXTY_PERCENT}).items():
        IncomeLimit.objects.create(
            table=table,
            level=level,
            per_extra_person=round(limits[3] * 0.08),
            **dict(zip(SIZE_FIELDS, limits, strict=True)),
        )
    return table
