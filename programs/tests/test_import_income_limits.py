"""`manage.py import_income_limits` on files in HUD's and HHS's layouts, and on
files that are not."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from programs.models import IncomeLimitTable

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "demo" / "income_limits"
SOURCE = IncomeLimitTable.Source


def run(path, **options):
    options.setdefault("year", 2026)
    options.setdefault("yes", True)
    out = io.StringIO()
    call_command("import_income_limits", str(path), stdout=out, **options)
    return out.getvalue()


def hud_rows(area="Fairview, CO MSA", four=55_000, counties=("A County", "B County")):
    header = ["stusps", "hud_area_code", "County_Name", "HUD_Area_Name", "median2026"]
    for code in ("l50", "ELI", "l80"):
        header += [f"{code}_{size}" for size in range(1, 9)]
    rows = [header]
    for county in counties:
        row = ["CO", "METRO1", county, area, 110_000]
        for share in (1.0, 0.6, 1.6):  # 50 %, 30 %, 80 % of the 50 % four-person
            row += [
                round(four * share * f)
                for f in (0.7, 0.8, 0.9, 1, 1.08, 1.16, 1.24, 1.32)
            ]
        rows.append(row)
    return rows


def write_xlsx(path, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_hud_income_limits_spreadsheet(tmp_path):
    path = write_xlsx(tmp_path / "Section8-FY26.xlsx", hud_rows())
    out = run(
        path, source=SOURCE.HUD_INCOME_LIMITS, area="fairview, co msa", publish=True
    )
    table = IncomeLimitTable.objects.get()
    assert (table.area, table.fiscal_year, table.effective_on) == (
        "Fairview, CO MSA",
        2026,
        date(2026, 4, 1),
    )
    assert table.is_published and not table.is_sample
    assert table.median_family_income == 110_000
    assert [row.level for row in table.limits.all()] == [30, 50, 80]
    fifty = table.limit_at(50)
    assert fifty.by_size == [
        38_500,
        44_000,
        49_500,
        55_000,
        59_400,
        63_800,
        68_200,
        72_600,
    ]
    assert fifty.per_extra_person == 4_400  # 8 % of $55,000, to the nearest $50
    assert fifty.for_size(10) == 72_600 + 2 * 4_400
    assert "all limits are new" in out and "published" in out


def test_the_demo_samples_load_in_each_layout():
    run(
        SAMPLES / "SAMPLE-Section8-FY26.csv",
        source=SOURCE.HUD_INCOME_LIMITS,
        area="Fairview, CO MSA",
        sample=True,
    )
    run(
        SAMPLES / "SAMPLE-MTSP-FY26.csv",
        source=SOURCE.HUD_MTSP,
        area="Fairview, CO MSA",
        sample=True,
    )
    run(
        SAMPLES / "SAMPLE-HHS-poverty-guidelines-2026.csv",
        source=SOURCE.HHS_POVERTY,
        area="48 contiguous states and DC",
        year=2026,
        effective_on=date(2026, 1, 15),
    )
    mtsp = IncomeLimitTable.objects.get(source=SOURCE.HUD_MTSP)
    assert [row.level for row in mtsp.limits.all()] == [20, 30, 40, 50, 60, 70, 80]
    assert mtsp.is_sample
    poverty = IncomeLimitTable.objects.get(source=SOURCE.HHS_POVERTY)
    assert poverty.limit_at(100).by_size == [16_000 + 5_600 * n for n in range(8)]
    assert poverty.limit_at(100).per_extra_person == 5_600
    assert poverty.limit_at(130).size_4 == round(32_800 * 1.3)
    assert poverty.limit_at(200).per_extra_person == 11_200


def test_what_changes_is_shown_before_saving(tmp_path, monkeypatch):
    answers = iter(["", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    first = write_xlsx(tmp_path / "fy26.xlsx", hud_rows())
    run(first, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA", publish=True)
    second = write_xlsx(tmp_path / "fy27.xlsx", hud_rows(four=57_000))
    out = run(
        second,
        source=SOURCE.HUD_INCOME_LIMITS,
        area="Fairview, CO MSA",
        year=2027,
        yes=False,
    )
    assert "Compared with HUD income limits (Section 8) 2026, Fairview, CO MSA" in out
    assert "4: $55,000 → $57,000 (+2,000)" in out
    assert "Nothing saved." in out  # the question was not answered yes
    assert IncomeLimitTable.objects.count() == 1
    out = run(
        second,
        source=SOURCE.HUD_INCOME_LIMITS,
        area="Fairview, CO MSA",
        year=2027,
        yes=False,
    )
    assert "saved as a draft (not used yet)" in out
    assert IncomeLimitTable.objects.get(fiscal_year=2027).limit_at(50).size_4 == 57_000


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["name", "value"], ["a", 1]], "no hud_area_name column"),
        (
            [["hud_area_name", "l50_1", "l50_2"], ["Fairview, CO MSA", 1, 2]],
            "no limit columns for 1 to 8 people",
        ),
        ([], "is empty"),
    ],
)
def test_a_file_not_in_hud_layout_is_refused(tmp_path, rows, message):
    path = write_xlsx(tmp_path / "other.xlsx", rows)
    with pytest.raises(CommandError, match=message):
        run(path, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA")
    assert not IncomeLimitTable.objects.exists()


def test_an_area_not_in_the_file_is_refused_with_the_nearest_names(tmp_path):
    path = write_xlsx(tmp_path / "s8.xlsx", hud_rows())
    with pytest.raises(CommandError, match="Did you mean: Fairview, CO MSA"):
        run(path, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview CO")


def test_rows_of_one_area_that_disagree_are_refused(tmp_path):
    rows = hud_rows() + hud_rows(four=60_000, counties=("C County",))[1:]
    path = write_xlsx(tmp_path / "s8.xlsx", rows)
    with pytest.raises(CommandError, match="different limits"):
        run(path, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA")


def test_a_limit_that_is_not_a_number_is_refused(tmp_path):
    rows = hud_rows(counties=("A County",))
    rows[1][7] = "n/a"
    path = write_xlsx(tmp_path / "s8.xlsx", rows)
    with pytest.raises(CommandError, match="is not a whole number of dollars"):
        run(path, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA")


def test_not_a_spreadsheet_and_not_the_poverty_table_are_refused(tmp_path):
    fake = tmp_path / "limits.xlsx"
    fake.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(CommandError, match="could not be read as a spreadsheet"):
        run(fake, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA")
    other = tmp_path / "other.csv"
    with other.open("w", newline="") as handle:
        csv.writer(handle).writerows([["size", "amount"], [1, 100]])
    with pytest.raises(CommandError, match="not HHS's poverty guidelines table"):
        run(other, source=SOURCE.HHS_POVERTY, area="48 contiguous states and DC")
    with pytest.raises(CommandError, match="give an .xlsx or a .csv file"):
        run(tmp_path / "limits.pdf", source=SOURCE.HUD_MTSP, area="Fairview, CO MSA")


def test_a_saved_table_is_never_overwritten(tmp_path):
    path = write_xlsx(tmp_path / "s8.xlsx", hud_rows())
    run(path, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA")
    with pytest.raises(CommandError, match="never overwritten"):
        run(path, source=SOURCE.HUD_INCOME_LIMITS, area="Fairview, CO MSA")
