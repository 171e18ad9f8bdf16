"""The demo fixtures: a restored snapshot is what loading the demo gives, and a
restore never throws away rows a test made first."""

import pytest
from django.db import connection

from demo.loader import load_demo
from demo.tests.fixtures import SNAPSHOTS, restore_or_load
from programs.models import ProgramPage, ServiceArea

pytestmark = pytest.mark.django_db


def row_counts():
    """Rows in every Django table, full-text tables included."""
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def test_the_restored_demo_has_every_row_loading_makes():
    restore_or_load("demo")
    restored = row_counts()
    SNAPSHOTS["migrated"].restore()
    assert not ProgramPage.objects.exists()
    load_demo()
    assert row_counts() == restored


def test_restored_pages_are_served_at_their_addresses(client):
    restore_or_load("demo")
    program = ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
    response = client.get(program.url)
    assert response.status_code == 200
    assert program.title in response.content.decode()


def test_rows_made_before_the_demo_are_kept():
    ServiceArea.objects.create(name="North annex", zip_codes="80999")
    restore_or_load("demo")
    assert ServiceArea.objects.filter(name="North annex").exists()
    assert ProgramPage.objects.canonical().filter(slug="grocery-tax-rebate").exists()
