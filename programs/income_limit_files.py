"""Reading the income limit files HUD and HHS publish, for `import_income_limits`.

- HUD's income limits (Section8-FY25.xlsx): one row per county or town, the area's
  name in `hud_area_name`, its median family income in `median2025`, and a column
  per level and household size: `ELI_1`…`ELI_8` (30 %), `l50_1`…`l50_8` (50 %),
  `l80_1`…`l80_8` (80 %).
- HUD's Multifamily Tax Subsidy Project limits (MTSP-FY25.xlsx): the same rows,
  with `lim20_25p1`…`lim140_25p8` (level, two-digit year, `p`, size).
- HHS's poverty guidelines, as the table HHS prints them saved as CSV: "Persons in
  family/household" and "Poverty guideline" for 1 to 8, and the amount "for each
  additional person". Levels above 100 % are that table multiplied.

Beyond eight people, HUD adds 8 % of the four-person limit per person (rounded to
the nearest $50); HHS gives the amount. A file in any other layout is refused with
a message that says what was expected.
"""

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .income_limits import LARGEST_LISTED_SIZE, IncomeLimitTable

SOURCE = IncomeLimitTable.Source
HUD_COLUMN = {
    SOURCE.HUD_INCOME_LIMITS: re.compile(r"^(eli|l50|l80)_([1-8])$", re.I),
    SOURCE.HUD_MTSP: re.compile(r"^lim(\d{2,3})_\d{2}p([1-8])$", re.I),
}
HUD_LEVEL_OF = {"eli": 30, "l50": 50, "l80": 80}


class LayoutError(ValueError):
    """The file is not in the layout its source publishes."""


@dataclass
class ParsedTable:
    """What a file says for one area: level -> limits for 1 to 8, and per extra."""

    area: str
    limits: dict = field(default_factory=dict)  # level -> [8 ints]
    per_extra_person: dict = field(default_factory=dict)  # level -> int
    median_family_income: int | None = None


def _whole_dollars(value):
    text = re.sub(r"[\s$,]", "", str(value if value is not None else ""))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if amount < 0 or amount != amount.to_integral_value():
        return None
    return int(amount)


def _rows_of(path):
    """The rows of a spreadsheet (.xlsx) or a CSV file, as lists of cells."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any unreadable file, one message
            raise LayoutError(
                f"{path.name} could not be read as a spreadsheet."
            ) from error
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        return list(csv.reader(io.StringIO(text)))
    raise LayoutError(f"{path.name}: give an .xlsx or a .csv file.")


def _hud_per_extra_person(four_person):
    """HUD: 8 % of the four-person limit for each person beyond eight, to $50."""
    fifties = (Decimal(four_person) * Decimal("0.08") / 50).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(fifties * 50)


def read_hud(path, source, area):
    """HUD's income limits or MTSP limits for one area of the file."""
    rows = [
        row for row in _rows_of(path) if any(cell not in (None, "") for cell in row)
    ]
    if not rows:
        raise LayoutError(f"{Path(path).name} is empty.")
    header = [str(cell or "").strip() for cell in rows[0]]
    lower = [name.lower() for name in header]
    if "hud_area_name" not in lower:
        raise LayoutError(
            f"{Path(path).name} has no hud_area_name column: it is not in the layout "
            "of HUD's income limits file (one row per area, a column per household size)."
        )
    pattern = HUD_COLUMN[source]
    columns = {}  # column index -> (level, size)
    for index, name in enumerate(header):
        match = pattern.match(name)
        if match:
            code, size = match.groups()
            level = HUD_LEVEL_OF.get(code.lower()) or int(code)
            columns[index] = (level, int(size))
    expected = (
        "ELI_1…ELI_8, l50_1…l50_8 and l80_1…l80_8"
        if source == SOURCE.HUD_INCOME_LIMITS
        else "lim50_25p1…lim50_25p8 and the like"
    )
    levels = {level for level, _size in columns.values()}
    complete = {
        level
        for level in levels
        if {size for lv, size in columns.values() if lv == level} == set(range(1, 9))
    }
    if not complete:
        raise LayoutError(
            f"{Path(path).name} has no limit columns for 1 to 8 people ({expected})."
        )
    area_index = lower.index("hud_area_name")
    median_index = next(
        (i for i, name in enumerate(lower) if re.fullmatch(r"median\d{4}", name)), None
    )
    wanted = area.strip().casefold()
    matching = [
        row
        for row in rows[1:]
        if str(row[area_index] or "").strip().casefold() == wanted
    ]
    if not matching:
        names = sorted({str(row[area_index] or "").strip() for row in rows[1:]})
        close = difflib.get_close_matches(area.strip(), names, n=3, cutoff=0.5)
        hint = f" Did you mean: {'; '.join(close)}?" if close else ""
        raise LayoutError(f"No row of {Path(path).name} is for “{area}”.{hint}")
    parsed = ParsedTable(area=str(matching[0][area_index]).strip())
    seen = None
    for row in matching:
        limits = {}
        for index, (level, size) in columns.items():
            if level not in complete:
                continue
            amount = _whole_dollars(row[index] if index < len(row) else None)
            if amount is None:
                raise LayoutError(
                    f"{Path(path).name}: {header[index]} for {parsed.area} is not a "
                    "whole number of dollars."
                )
            limits.setdefault(level, [0] * LARGEST_LISTED_SIZE)[size - 1] = amount
        if seen is not None and limits != seen:
            raise LayoutError(
                f"{Path(path).name} gives different limits for {parsed.area} on "
                "different rows; check the file."
            )
        seen = limits
    parsed.limits = dict(sorted(seen.items()))
    parsed.per_extra_person = {
        level: _hud_per_extra_person(values[3])
        for level, values in parsed.limits.items()
    }
    if median_index is not None:
        parsed.median_family_income = _whole_dollars(matching[0][median_index])
    return parsed


def read_hhs_poverty(path, area, levels=(100, 130, 150, 200)):
    """HHS's poverty guidelines (100 %) and the levels multiplied from them."""
    rows = _rows_of(path)
    name = Path(path).name
    header_at = next(
        (
            i
            for i, row in enumerate(rows)
            if row
            and "persons in family" in str(row[0] or "").lower()
            and any("poverty guideline" in str(cell or "").lower() for cell in row[1:])
        ),
        None,
    )
    if header_at is None:
        raise LayoutError(
            f"{name} is not HHS's poverty guidelines table: expected a “Persons in "
            "family/household” column and a “Poverty guideline” column."
        )
    by_size, extra = {}, None
    for row in rows[header_at + 1 :]:
        if not row or all(str(cell or "").strip() == "" for cell in row):
            continue
        first = str(row[0] or "").strip()
        amounts = [_whole_dollars(cell) for cell in row[1:]]
        amounts += [
            _whole_dollars(match)
            for match in re.findall(r"\$[\d,]+", " ".join(map(str, row)))
        ]
        amount = next((a for a in amounts if a), None)
        if first.isdigit() and 1 <= int(first) <= LARGEST_LISTED_SIZE:
            if amount is None:
                raise LayoutError(f"{name}: no guideline for {first} persons.")
            by_size[int(first)] = amount
        elif "additional person" in first.lower() or "more than 8" in first.lower():
            extra = amount
    if set(by_size) != set(range(1, LARGEST_LISTED_SIZE + 1)) or not extra:
        raise LayoutError(
            f"{name} must give the guideline for 1 to 8 persons and the amount for "
            "each additional person."
        )
    base = [by_size[size] for size in range(1, LARGEST_LISTED_SIZE + 1)]
    parsed = ParsedTable(area=area.strip())
    for level in sorted(set(levels) | {100}):
        factor = Decimal(level) / 100
        parsed.limits[level] = [
            int((Decimal(amount) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            for amount in base
        ]
        parsed.per_extra_person[level] = int(
            (Decimal(extra) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )
    return parsed
