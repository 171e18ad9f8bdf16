"""Outbox rows get a sender's lease and a provider marker.

The marker is unique per row, so existing rows get one each before the constraint
(the documented pattern for adding a unique UUID field to a table with rows).
"""

import uuid

from django.db import migrations, models


def give_each_row_a_marker(apps, schema_editor):
    Notification = apps.get_model("applications", "Notification")
    for notification in Notification.objects.only("pk").iterator():
        Notification.objects.filter(pk=notification.pk).update(marker=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_alter_programapplication_program_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="claimed_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="claim_token",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="notification",
            name="marker",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_row_a_marker, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="marker",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
