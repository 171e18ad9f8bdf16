"""The `reporting` schema's views without personal data (applications.reports.database).

Changing a view later: copy today's `VIEWS` here first (this migration must keep
creating the views as they were), then add a migration with the new ones.
"""

from functools import partial

from django.db import migrations

from applications.reports.database import create_views, drop_views, only

VIEWS = only("households", "program_applications", "programs", "status_changes")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0015_backfill_status_changes"),
        ("programs", "0004_qualifying_program_by_size"),
        ("portal", "0005_client_without_email"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            partial(create_views, views=VIEWS), partial(drop_views, views=VIEWS)
        )
    ]
