"""The demo loader: complete, idempotent, and accounts only where allowed."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Revision, Site

from demo.loader import load_demo
from home.models import SiteSettings, StandardPage
from portal import roles
from programs.models import ProgramPage, QualifyingProgram, ServiceArea

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "qualifying": QualifyingProgram.objects.count(),
        "areas": ServiceArea.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "latest": list(
            Page.objects.order_by("pk").values_list("latest_revision_id", flat=True)
        ),
    }


def test_load_demo_builds_the_catalogue(settings, client):
    settings.DEMO_ACCOUNTS_ENABLED = True
    load_demo()

    programs = ProgramPage.objects.live()
    assert programs.count() >= 6
    assert len({p.enrollment_mode for p in programs}) == 3
    assert len({p.income_limit_ami for p in programs}) >= 3
    assert {p.renewal_interval_months for p in programs} >= {None, 6, 12}
    assert QualifyingProgram.objects.count() >= 5
    assert ServiceArea.objects.count() == 2
    assert set(StandardPage.objects.values_list("slug", flat=True)) >= {
        "privacy",
        "faq",
        "household",
        "before-you-apply",
    }
    assert SiteSettings.for_site(
        Site.objects.get(is_default_site=True)
    ).organization_name
    for url in ["/", "/programs/", *[p.url for p in programs]]:
        assert client.get(url).status_code == 200, url


def test_load_demo_twice_changes_nothing(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    load_demo()
    before = snapshot()

    created = load_demo()

    assert created == 0
    assert snapshot() == before


def test_load_demo_keeps_an_editors_change(settings):
    load_demo()
    program = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    program.income_limit_ami = 45
    program.save_revision().publish()

    load_demo()

    assert (
        ProgramPage.objects.canonical().get(slug="grocery-tax-rebate").income_limit_ami
        == 45
    )


def test_demo_accounts_exist_only_where_enabled(settings):
    settings.DEMO_ACCOUNTS_ENABLED = False
    load_demo()
    assert not get_user_model().objects.exists()

    settings.DEMO_ACCOUNTS_ENABLED = True
    load_demo()
    User = get_user_model()
    editor = User.objects.get(email="editor@example.com")
    assert editor.check_password("demo-password")
    assert editor.groups.filter(name=roles.CONTENT_EDITORS).exists()
    assert User.objects.get(email="admin@example.com").is_superuser
    assert (
        User.objects.get(email="caseworker@example.com")
        .groups.filter(name=roles.VERIFICATION_STAFF)
        .exists()
    )
    assert (
        User.objects.get(email="coordinator@example.com")
        .groups.filter(name=roles.PROGRAM_COORDINATORS)
        .exists()
    )
