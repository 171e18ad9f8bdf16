"""Demo fixtures for every app's tests (a pytest plugin, loaded by conftest.py).

The demo is loaded once per test session, after migrations, and restored from a
snapshot (``portal.tests.snapshots``) for each test that asks for it:

``demo_content``
    The demo page tree (both languages), programs, qualifying programs and service
    areas; returns the English home page.
``demo_accounts``
    The same with the demo staff and applicant accounts (``DEMO_ACCOUNTS_ENABLED``).

In a browser test, list them after ``browser_db``.
"""

import pytest
from django.test import override_settings

from demo.loader import load_demo
from home.models import HomePage
from portal.tests.snapshots import Snapshot, django_tables

SNAPSHOTS = {}


def _load_demo_with_accounts():
    with override_settings(DEMO_ACCOUNTS_ENABLED=True):
        load_demo()


LOADERS = {"demo": load_demo, "demo_accounts": _load_demo_with_accounts}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After migrations: keep the migrated tables, then each demo loader's result."""
    with django_db_blocker.unblock():
        migrated = SNAPSHOTS["migrated"] = Snapshot.capture("migrated", django_tables())
        for name, load in LOADERS.items():
            SNAPSHOTS[name] = Snapshot.of_loader(name, migrated, load)


def migrated_snapshot():
    """The database as migrations left it (for tests that share it with a server)."""
    return SNAPSHOTS["migrated"]


def restore_or_load(name):
    """The loader's result, restored; loaded for real when a table it fills has
    gained or lost rows since migration (a restore would throw those away)."""
    snapshot = SNAPSHOTS[name]
    if snapshot.holds_baseline_counts(SNAPSHOTS["migrated"]):
        snapshot.restore()
    else:
        LOADERS[name]()
    return HomePage.objects.get(locale__language_code="en")


def _after_browser_db(request):
    if "browser_db" in request.fixturenames:
        request.getfixturevalue("browser_db")


@pytest.fixture
def demo_content(request, db):
    """The demo page tree, programs, qualifying programs and service areas."""
    _after_browser_db(request)
    return restore_or_load("demo")


@pytest.fixture
def demo_accounts(request, db):
    """The demo content and the demo staff and applicant accounts."""
    _after_browser_db(request)
    return restore_or_load("demo_accounts")
