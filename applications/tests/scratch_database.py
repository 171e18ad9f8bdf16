"""A throwaway database for tests that run the portal in other processes.

An SQLite file when DATABASE_URL is empty, or a scratch PostgreSQL database beside the
one DATABASE_URL names, so subprocess tests run on whichever database the suite does.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def scratch_database(label):
    """A database URL for this run and a function that removes it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"portal_{label}_{os.getpid()}"
        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    folder = tempfile.mkdtemp(prefix=f"portal-{label}-")
    return f"sqlite:///{Path(folder) / 'portal.sqlite3'}", lambda: None
