"""The exports' XLSX writer: what a spreadsheet program reads back from it."""

import io
import zipfile
from datetime import date, datetime

import magic
from openpyxl import load_workbook

from applications.casework.spreadsheets import Workbook, column_letters


def written(headings, rows, **options):
    output = io.BytesIO()
    workbook = Workbook(output, **options)
    workbook.write(headings, rows)
    workbook.close()
    return output.getvalue()


def read_back(data):
    workbook = load_workbook(io.BytesIO(data))
    return workbook, [
        [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    ]


def test_text_numbers_dates_and_blanks_read_back_as_written():
    rows = [
        ["Ana Pérez", 3, 2.5, datetime(2026, 3, 4, 9, 30), date(2026, 12, 1), None],
        ["Tom & <Jerry>", 0, -1.25, None, None, "  spaced  "],
    ]
    _, (sheet,) = read_back(written(["Name", "N", "X", "At", "On", "Note"], rows))
    assert sheet[0] == ["Name", "N", "X", "At", "On", "Note"]
    assert sheet[1] == [
        "Ana Pérez",
        3,
        2.5,
        datetime(2026, 3, 4, 9, 30),
        datetime(2026, 12, 1),
        None,
    ]
    assert sheet[2] == ["Tom & <Jerry>", 0, -1.25, None, None, "  spaced  "]


def test_dates_are_shown_as_dates_and_the_heading_row_is_bold_and_kept_in_view():
    workbook, _ = read_back(
        written(["At", "On"], [[datetime(2026, 3, 4, 9, 30), date(2026, 3, 4)]])
    )
    sheet = workbook.active
    assert sheet["A2"].is_date and sheet["B2"].is_date
    assert sheet["A2"].number_format == "yyyy\\-mm\\-dd\\ hh:mm"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"


def test_text_is_never_a_formula_or_a_link():
    workbook, (sheet,) = read_back(
        written(["Name"], [['=HYPERLINK("http://x")'], ["+1"], ["@SUM(A1)"]])
    )
    for cell in workbook.active["A"][1:]:
        assert cell.data_type == "s"
    assert [row[0] for row in sheet[1:]] == ['=HYPERLINK("http://x")', "+1", "@SUM(A1)"]


def test_characters_xml_cannot_carry_are_escaped_not_a_broken_file():
    _, (sheet,) = read_back(written(["Name"], [["bell\x07 and\x1f unit"]]))
    # Excel's escape, as XlsxWriter writes it: Excel reads the character back,
    # openpyxl leaves the escape as it is.
    assert sheet[1][0] == "bell_x0007_ and_x001F_ unit"


def test_numbers_a_sheet_cannot_hold_are_written_as_text_not_a_broken_file():
    _, (sheet,) = read_back(written(["X"], [[float("nan")], [float("inf")], [1.5]]))
    assert [row[0] for row in sheet[1:]] == ["nan", "inf", 1.5]


def test_a_sheet_that_reaches_the_row_limit_goes_on_under_the_same_headings():
    rows = [[f"row {n}", n] for n in range(5)]
    workbook, sheets = read_back(written(["Name", "N"], rows, max_rows=3))
    assert workbook.sheetnames == ["Sheet", "Sheet 2", "Sheet 3"]
    assert sheets == [
        [["Name", "N"], ["row 0", 0], ["row 1", 1]],
        [["Name", "N"], ["row 2", 2], ["row 3", 3]],
        [["Name", "N"], ["row 4", 4]],
    ]


def test_no_rows_is_a_sheet_with_its_headings():
    _, sheets = read_back(written(["Name", "N"], []))
    assert sheets == [[["Name", "N"]]]


def test_the_file_is_recognised_as_a_spreadsheet():
    data = written(["Name"], [["Ana"]])
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "[Content_Types].xml"
    assert magic.from_buffer(data, mime=True) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
