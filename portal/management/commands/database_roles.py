"""`manage.py database_roles`: the SQL that sets up least-privilege PostgreSQL roles.

Three roles, as the original platform's operators ran it:

- the **owner** owns the schema and its tables and runs `migrate` (and nothing else);
- the **application** role, which the web processes and the worker connect as, may
  only read and write rows (SELECT, INSERT, UPDATE, DELETE) and use sequences: it
  cannot create, alter or drop a table;
- the **reporting** role may only read the `reporting` schema (the views without
  personal data that reports read), never the portal's own tables.

PUBLIC loses its default rights on the database and schemas, the existing tables are
given to the owner, and default privileges make every table a later migration
creates follow the same rules. Run the printed SQL as a superuser (or pipe it to
`psql`), then set each role's password or identity as your platform does; `--apply`
runs it on the configured database instead (the connection must be a superuser's).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def roles_sql(database, owner, application, reporting):
    """The statements, in order (idempotent: run them again after each deploy)."""
    create = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f'THEN CREATE ROLE "{role}" LOGIN; END IF; END $$;'
        for role in (owner, application, reporting)
    ]
    return [
        *create,
        f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC;',
        f'ALTER DATABASE "{database}" OWNER TO "{owner}";',
        f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{owner}", "{application}";',
        f'GRANT CONNECT ON DATABASE "{database}" TO "{reporting}";',
        "REVOKE ALL ON SCHEMA public FROM PUBLIC;",
        f'ALTER SCHEMA public OWNER TO "{owner}";',
        # Tables a superuser created before (an earlier migrate) go to the owner.
        "DO $$ DECLARE item record; BEGIN "
        "FOR item IN SELECT format('ALTER TABLE %I.%I OWNER TO %I', schemaname, "
        f"tablename, '{owner}') AS statement FROM pg_tables WHERE schemaname = 'public' "
        "LOOP EXECUTE item.statement; END LOOP; "
        "FOR item IN SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', sequence_schema, "
        f"sequence_name, '{owner}') AS statement FROM information_schema.sequences "
        "WHERE sequence_schema = 'public' LOOP EXECUTE item.statement; END LOOP; "
        "FOR item IN SELECT format('ALTER VIEW %I.%I OWNER TO %I', schemaname, "
        f"viewname, '{owner}') AS statement FROM pg_views WHERE schemaname = 'public' "
        "LOOP EXECUTE item.statement; END LOOP; END $$;",
        f'GRANT USAGE ON SCHEMA public TO "{application}";',
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
        f'TO "{application}";',
        f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{application}";',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{application}";',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{application}";',
        f'CREATE SCHEMA IF NOT EXISTS reporting AUTHORIZATION "{owner}";',
        "REVOKE ALL ON SCHEMA reporting FROM PUBLIC;",
        f'GRANT USAGE ON SCHEMA reporting TO "{reporting}";',
        f'GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO "{reporting}";',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA reporting '
        f'GRANT SELECT ON TABLES TO "{reporting}";',
    ]


class Command(BaseCommand):
    help = "Print (or --apply) the SQL for the owner, application and reporting roles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", help="Database name (default: the configured one)."
        )
        parser.add_argument("--owner", default="portal_owner")
        parser.add_argument("--application", default="portal_app")
        parser.add_argument("--reporting", default="portal_reporting")
        parser.add_argument(
            "--apply", action="store_true", help="Run it, as a superuser."
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are for PostgreSQL (DATABASE_URL).")
        names = [options["owner"], options["application"], options["reporting"]]
        for name in names:
            if not name.replace("_", "").isalnum():
                raise CommandError(f"Not a plain role name: {name!r}")
        database = options["database"] or connection.settings_dict["NAME"]
        statements = roles_sql(database, *names)
        if not options["apply"]:
            self.stdout.write("\n".join(statements))
            return
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Roles set up on {database}: {', '.join(names)}.")
