"""Database snapshots for the test session: build the demo once, restore it per test.

Loading the demo takes about a second (pages, revisions, translations) and most tests
need it. Instead of loading it for every test, the session loads it once and keeps
copies of the tables it changed in side tables of the same test database
(``snapshot_<name>__<table>``, which Django's flush never touches). Restoring is then
one ``DELETE`` and one ``INSERT … SELECT`` per table, inside the test's own
transaction, on SQLite and PostgreSQL alike.

A restore stands in for the loader only when it gives the same result: when the
tables it replaces still hold as many rows as migrations left there. Otherwise the
caller runs the loader itself.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction

PREFIX = "snapshot_"


def _quote(name):
    return connection.ops.quote_name(name)


def _execute(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else None


def _derived_tables():
    """SQLite's full-text tables: triggers on their source tables fill them."""
    if connection.vendor != "sqlite":
        return set()
    rows = _execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    )
    return {name for (name,) in rows}


def django_tables():
    """The tables a snapshot copies: Django's, less those triggers keep in step."""
    tables = connection.introspection.django_table_names(only_existing=True)
    return sorted(set(tables) - _derived_tables())


def _rows(table):
    return sorted(map(repr, _execute(f"SELECT * FROM {_quote(table)}")))


def _counts(tables):
    if not tables:
        return {}
    union = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {_quote(table)}"
        for index, table in enumerate(tables)
    )
    found = dict(_execute(union))
    return {table: found[index] for index, table in enumerate(tables)}


def _media_files():
    """Every file in the documents and media folders, with its bytes."""
    files = {}
    for root in {Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT)}:
        if root.exists():
            files.update(
                {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
            )
    return files


@dataclass
class Snapshot:
    """Copies of some tables' rows (and of files written with them)."""

    name: str
    tables: list
    counts: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def side_table(self, table):
        return f"{PREFIX}{self.name}__{table}"

    @classmethod
    def capture(cls, name, tables):
        """Copy the rows the tables hold now."""
        snapshot = cls(name, list(tables))
        with transaction.atomic():
            for table in snapshot.tables:
                _execute(f"DROP TABLE IF EXISTS {_quote(snapshot.side_table(table))}")
                _execute(
                    f"CREATE TABLE {_quote(snapshot.side_table(table))} AS "
                    f"SELECT * FROM {_quote(table)}"
                )
        snapshot.counts = _counts(snapshot.tables)
        return snapshot

    @classmethod
    def of_loader(cls, name, baseline, load):
        """What ``load()`` changes from ``baseline``; the tables are put back after."""
        files_before = _media_files()
        with transaction.atomic():
            load()
        changed = [
            table
            for table in baseline.tables
            if _rows(table) != _rows(baseline.side_table(table))
        ]
        snapshot = cls.capture(name, changed)
        snapshot.files = {
            path: data
            for path, data in _media_files().items()
            if path not in files_before
        }
        baseline.restore(changed)
        return snapshot

    def holds_baseline_counts(self, baseline):
        """The tables this snapshot replaces hold as many rows as the baseline's."""
        return _counts(self.tables) == {
            table: baseline.counts[table] for table in self.tables
        }

    def restore(self, tables=None):
        """Put the copied rows back, in one transaction (foreign keys are deferred)."""
        tables = self.tables if tables is None else tables
        with transaction.atomic():
            for table in tables:
                _execute(f"DELETE FROM {_quote(table)}")
            for table in tables:
                _execute(
                    f"INSERT INTO {_quote(table)} "
                    f"SELECT * FROM {_quote(self.side_table(table))}"
                )
            models = [
                model
                for model in apps.get_models(include_auto_created=True)
                if model._meta.db_table in tables
            ]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                _execute(statement)
        # A transactional test may have deleted a document's file since.
        for path, data in self.files.items():
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        # Restored rows skip the signals that clear Wagtail's cached site roots.
        for cache in caches.all():
            cache.clear()
