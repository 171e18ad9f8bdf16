"""Least-privilege PostgreSQL roles: migrate as the owner, run as the application role
(which cannot create, alter or drop a table), read only `reporting` as the reporting
role. PostgreSQL only (the CI half that sets DATABASE_URL)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from portal.management.commands.database_roles import roles_sql
from portal.periodic import JOBS

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not URL.startswith("postgres"), reason="database roles are PostgreSQL's"
)


def as_role(url, role, database):
    parts = urlsplit(url)
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=f"{role}@{host}", path=f"/{database}"))


def run(*args, url):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "settings.test",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def roles_database():
    import psycopg

    suffix = os.getpid()
    database = f"portal_roles_{suffix}"
    names = [
        f"portal_owner_{suffix}",
        f"portal_app_{suffix}",
        f"portal_reporting_{suffix}",
    ]
    admin = urlunsplit(urlsplit(URL)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    try:
        with psycopg.connect(
            urlunsplit(urlsplit(URL)._replace(path=f"/{database}")), autocommit=True
        ) as connection:
            for statement in roles_sql(database, *names):
                connection.execute(statement)
        yield database, names
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for name in names:
                connection.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_the_application_role_runs_the_portal_but_cannot_change_its_tables(
    roles_database,
):
    database, (owner, application, reporting) = roles_database
    migrated = run(
        "manage.py", "migrate", "--noinput", url=as_role(URL, owner, database)
    )
    assert migrated.returncode == 0, migrated.stderr[-2000:]

    smoke = run(
        str(ROOT / "portal/tests/app_role_smoke.py"),
        url=as_role(URL, application, database),
    )
    assert smoke.returncode == 0, smoke.stderr[-3000:]
    result = json.loads(smoke.stdout.strip().splitlines()[-1])
    assert result["review"] == 302 and result["dashboard"] == 200
    assert result["submitted"] == "submitted"
    assert result["jobs"] == len(JOBS)
    assert result["create"] == result["drop"] == result["alter"] == "ProgrammingError"


def test_after_migrate_the_reporting_role_reads_the_reporting_views_only(
    roles_database,
):
    import psycopg

    database, (owner, _application, reporting) = roles_database
    migrated = run(
        "manage.py", "migrate", "--noinput", url=as_role(URL, owner, database)
    )
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    with psycopg.connect(
        as_role(URL, reporting, database), autocommit=True
    ) as connection:
        for view in (
            "households",
            "program_applications",
            "programs",
            "status_changes",
        ):
            connection.execute(f"SELECT * FROM reporting.{view}").fetchall()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("SELECT * FROM public.applications_household")


def test_the_reporting_role_cannot_read_the_portals_tables(roles_database):
    import psycopg

    database, (owner, _application, reporting) = roles_database
    with psycopg.connect(as_role(URL, owner, database), autocommit=True) as connection:
        connection.execute("CREATE TABLE public.households_count (n integer)")
        connection.execute("CREATE VIEW reporting.counts AS SELECT 1 AS n")
    with psycopg.connect(
        as_role(URL, reporting, database), autocommit=True
    ) as connection:
        assert connection.execute("SELECT n FROM reporting.counts").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("SELECT * FROM public.households_count")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("CREATE TABLE reporting.intruder (id integer)")


def test_the_command_prints_the_sql(capsys):
    from django.core.management import call_command

    call_command("database_roles", "--database", "portal")
    sql = capsys.readouterr().out
    assert "REVOKE ALL ON SCHEMA public FROM PUBLIC;" in sql
    assert 'ALTER DEFAULT PRIVILEGES FOR ROLE "portal_owner"' in sql
