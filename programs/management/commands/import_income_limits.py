"""`manage.py import_income_limits FILE --source hud_il --area "…" --year 2026`

Reads a file HUD or HHS publishes (`programs.income_limit_files`), shows what changes
against the table of that source and area in force, and saves it as a new table
once confirmed (or at once with `--yes`). The table takes effect on
`--effective-on` (HUD's tables usually on April 1 or later, HHS's in January);
`--publish` makes it one programs can use. A table already saved for that source,
area, year and date is never overwritten.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programs.income_limit_files import LayoutError, read_hhs_poverty, read_hud
from programs.income_limits import SIZE_FIELDS, IncomeLimit, IncomeLimitTable

SOURCE = IncomeLimitTable.Source


def _day(text):
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"--effective-on: give a date as YYYY-MM-DD, not {text!r}."
        ) from error


def _levels(text):
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise CommandError("--levels: give percentages such as 100,130,200.") from error


class Command(BaseCommand):
    help = "Import an income limit table from a file HUD or HHS publishes."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", choices=SOURCE.values, required=True)
        parser.add_argument(
            "--area", required=True, help="As the file names it (hud_area_name)."
        )
        parser.add_argument("--year", type=int, required=True, help="Fiscal year.")
        parser.add_argument(
            "--effective-on", type=_day, help="YYYY-MM-DD (default: April 1 of --year)."
        )
        parser.add_argument(
            "--levels",
            type=_levels,
            default=(100, 130, 150, 200),
            help="HHS only: the levels to make from the guidelines (% of poverty).",
        )
        parser.add_argument("--sample", action="store_true", help="Made-up figures.")
        parser.add_argument("--publish", action="store_true")
        parser.add_argument("--yes", action="store_true", help="Save without asking.")

    def handle(self, *args, file, source, area, year, effective_on, levels, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year: a fiscal year such as 2026.")
        effective_on = effective_on or date(year, 4, 1)
        try:
            if source == SOURCE.HHS_POVERTY:
                parsed = read_hhs_poverty(file, area, levels)
            else:
                parsed = read_hud(file, source, area)
        except (LayoutError, OSError) as error:
            raise CommandError(str(error)) from error

        if IncomeLimitTable.objects.filter(
            source=source, area=parsed.area, fiscal_year=year, effective_on=effective_on
        ).exists():
            raise CommandError(
                f"A {year} table for {parsed.area} taking effect on {effective_on} "
                "is already saved; tables are never overwritten."
            )
        in_force = IncomeLimitTable.objects.in_force(source, parsed.area, effective_on)
        self.show_changes(parsed, in_force)
        if not options["yes"] and not self.confirmed():
            self.stdout.write("Nothing saved.")
            return
        table = self.save(parsed, source, year, effective_on, options)
        state = "published" if table.is_published else "saved as a draft (not used yet)"
        self.stdout.write(self.style.SUCCESS(f"{table}: {state}."))

    def confirmed(self):
        try:
            return input("Save this table? [y/N] ").strip().lower() == "y"
        except EOFError:  # no one to answer (a script): --yes says save
            return False

    def show_changes(self, parsed, in_force):
        if in_force is None:
            self.stdout.write(
                f"No table in force for {parsed.area}: all limits are new."
            )
        else:
            self.stdout.write(
                f"Compared with {in_force} (from {in_force.effective_on}):"
            )
        for level, limits in parsed.limits.items():
            old = in_force.limit_at(level) if in_force else None
            before = old.by_size + [old.per_extra_person] if old else [None] * 9
            after = limits + [parsed.per_extra_person[level]]
            labels = [str(size) for size in range(1, 9)] + ["each extra"]
            cells = [
                f"{label}: ${now:,}"
                if was is None
                else f"{label}: ${now:,} (unchanged)"
                if was == now
                else f"{label}: ${was:,} → ${now:,} ({now - was:+,})"
                for label, was, now in zip(labels, before, after, strict=True)
            ]
            self.stdout.write(f"  {level}%  " + "; ".join(cells))

    @transaction.atomic
    def save(self, parsed, source, year, effective_on, options):
        table = IncomeLimitTable.objects.create(
            source=source,
            area=parsed.area,
            fiscal_year=year,
            effective_on=effective_on,
            median_family_income=parsed.median_family_income,
            is_sample=options["sample"],
            is_published=options["publish"],
        )
        IncomeLimit.objects.bulk_create(
            IncomeLimit(
                table=table,
                level=level,
                sort_order=position,
                per_extra_person=parsed.per_extra_person[level],
                **dict(zip(SIZE_FIELDS, limits, strict=True)),
            )
            for position, (level, limits) in enumerate(parsed.limits.items())
        )
        return table
