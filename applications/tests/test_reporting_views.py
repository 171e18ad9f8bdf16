"""The reporting schema's views: what columns they carry (nothing personal) and that
they count what the portal holds. PostgreSQL only, as the views are (the CI half
that sets DATABASE_URL runs these)."""

import pytest
from django.db import connection

from applications import state_machine
from applications.reports.database import SCHEMA, VIEWS
from applications.tests.conftest import make_household

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the reporting views are PostgreSQL's"
    ),
]

COLUMNS = {
    "households": [
        "case_number",
        "review_status",
        "created_at",
        "submitted_at",
        "verified_at",
        "renewed_at",
        "is_renewal",
        "address_needs_review",
        "housing",
        "assisted",
        "language",
        "household_size",
    ],
    "program_applications": [
        "application_id",
        "case_number",
        "program_id",
        "status",
        "applied_at",
        "decided_at",
        "enrolled_at",
        "updated_at",
    ],
    "programs": [
        "program_id",
        "title",
        "slug",
        "language",
        "enrollment_mode",
        "renewal_interval_months",
    ],
    "status_changes": [
        "change_id",
        "subject",
        "case_number",
        "application_id",
        "program_id",
        "action",
        "from_status",
        "to_status",
        "changed_at",
        "by_staff",
        "language",
        "assisted",
    ],
    "purges": [
        "purge_id",
        "purged_because",
        "case_number",
        "uploads_deleted",
        "household_deleted",
        "purged_at",
    ],
}
# Words no column of a reporting view may carry.
PERSONAL = [
    "name",
    "email",
    "phone",
    "street",
    "unit",
    "city",
    "zip",
    "address_line",
    "mailing",
    "birth",
    "latitude",
    "longitude",
    "reason",
    "message",
    "note",
    "file",
    "document",
    "income",
    "user",
]


def columns_of(view):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            [SCHEMA, view],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_views_are_these_and_carry_these_columns_only():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.views WHERE table_schema = %s",
            [SCHEMA],
        )
        views = sorted(row[0] for row in cursor.fetchall())

    assert views == sorted(VIEWS) == sorted(COLUMNS)
    for view, expected in COLUMNS.items():
        assert columns_of(view) == expected, view


def test_no_column_names_anything_personal():
    for view in COLUMNS:
        for column in columns_of(view):
            assert not any(word in column for word in PERSONAL), (view, column)


def test_the_views_count_what_the_portal_holds(snap, caseworker):
    household = make_household(qualifying=[snap], submit=True)
    state_machine.verify(household, caseworker)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT review_status, household_size, language, assisted "
            f"FROM {SCHEMA}.households WHERE case_number = %s",
            [household.pk],
        )
        assert cursor.fetchone() == ("verified", 1, "en", False)
        cursor.execute(
            f"SELECT action, from_status, to_status FROM {SCHEMA}.status_changes "
            f"WHERE case_number = %s AND subject = 'household' ORDER BY changed_at",
            [household.pk],
        )
        assert cursor.fetchall() == [
            ("submit", "draft", "submitted"),
            ("verify", "submitted", "verified"),
        ]
        # No value of a view holds the applicant's name, email or street.
        for view in VIEWS:
            cursor.execute(f"SELECT * FROM {SCHEMA}.{view}")
            text = repr(cursor.fetchall())
            for personal in ("López", "ana@example.com", "Laporte"):
                assert personal not in text, (view, personal)
