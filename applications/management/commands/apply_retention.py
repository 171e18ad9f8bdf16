"""`manage.py apply_retention [--dry-run]`: delete applicants' files and personal data
past the time the site settings keep them (applications.retention).

Runs daily among the periodic jobs; idempotent (a second run finds nothing). The
dry run deletes nothing and lists what the real run would delete, by case number.
"""

from django.core.management.base import BaseCommand

from applications.retention import erase


class Command(BaseCommand):
    help = (
        "Delete documents and households past their retention time (--dry-run lists)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        items = erase.run(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for item in items:
            self.stdout.write(f"{verb} {item.describe()}")
        self.stdout.write(f"{verb}: {len(items)} item(s).")
