"""The reporting surface for a BI tool: views in PostgreSQL's `reporting` schema that
carry no personal data, which the read-only reporting role (`manage.py
database_roles`) may read and nothing else.

No names, emails, phones, addresses, birth dates, map points, free text (reasons,
notes, messages) or document references: a household is its case number, with the
facts reports count by. Created by migrations; a later migration that changes a
column a view reads calls `drop_views` first and `create_views` after. PostgreSQL
only: SQLite has no schemas and no roles (a local run has no BI tool).
"""

SCHEMA = "reporting"

VIEWS = {
    "households": """
        SELECT h.id AS case_number,
               h.review_status,
               h.created_at,
               h.submitted_at,
               h.verified_at,
               h.renewed_at,
               h.is_renewal,
               h.address_needs_review,
               h.housing,
               h.client_since IS NOT NULL AS assisted,
               u.preferred_language AS language,
               (SELECT COUNT(*) FROM applications_householdmember m
                 WHERE m.household_id = h.id) AS household_size
          FROM applications_household h
          JOIN portal_user u ON u.id = h.user_id
    """,
    "program_applications": """
        SELECT a.id AS application_id,
               a.household_id AS case_number,
               a.program_id,
               a.status,
               a.applied_at,
               a.decided_at,
               a.enrolled_at,
               a.updated_at
          FROM applications_programapplication a
    """,
    "programs": """
        SELECT p.page_ptr_id AS program_id,
               page.title,
               page.slug,
               locale.language_code AS language,
               p.enrollment_mode,
               p.renewal_interval_months
          FROM programs_programpage p
          JOIN wagtailcore_page page ON page.id = p.page_ptr_id
          JOIN wagtailcore_locale locale ON locale.id = page.locale_id
    """,
    "status_changes": """
        SELECT c.id AS change_id,
               c.subject,
               c.case_number,
               c.application_id,
               c.program_id,
               c.action,
               c.from_status,
               c.to_status,
               c.changed_at,
               c.by_staff,
               c.language,
               c.assisted
          FROM applications_statuschange c
    """,
    "purges": """
        SELECT p.id AS purge_id,
               p.reason AS purged_because,
               p.case_number,
               p.documents AS uploads_deleted,
               p.household_deleted,
               p.purged_at
          FROM applications_purge p
    """,
}


def only(*names):
    """Some of the views (a migration creates those whose tables exist by then)."""
    return {name: VIEWS[name] for name in names}


def create_views(apps, schema_editor, views=VIEWS):
    """A RunPython operation (pass `views=only(...)` with functools.partial)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    for name, query in views.items():
        schema_editor.execute(f"DROP VIEW IF EXISTS {SCHEMA}.{name}")
        schema_editor.execute(f"CREATE VIEW {SCHEMA}.{name} AS {query}")


def drop_views(apps, schema_editor, views=VIEWS):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in views:
        schema_editor.execute(f"DROP VIEW IF EXISTS {SCHEMA}.{name}")
