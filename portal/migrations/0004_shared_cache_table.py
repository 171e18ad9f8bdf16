"""The database cache's table (settings.CACHES), made with the schema so that every
deployment that migrates has it; a Redis or in-memory cache makes nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_throttle_windows")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
