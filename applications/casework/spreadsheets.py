"""XLSX spreadsheets written as their rows are read, for the coordinators' exports.

XlsxWriter (constant-memory mode) spent about 12 µs a cell checking and dispatching
each value, so 100,000 enrollments took 16 s; a coordinator's export must take at
most 10. The workbook an export needs is one sheet of text, numbers and dates,
which is a small, fixed part of the Office Open XML format (ECMA-376 part 1): five
parts and one per sheet. Rows are turned into XML a row at a time and deflated
into the zip as they come, so memory stays flat.

Text is always an inline string (`t="inlineStr"`), which a spreadsheet never reads
as a formula or a link. Characters XML cannot carry are written in Excel's own
`_xHHHH_` escape, as XlsxWriter does.
"""

import math
import re
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import escape

# Excel's limits: rows in a sheet (the heading included) and characters in a cell.
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767
EXCEL_EPOCH = datetime(1899, 12, 30)
BATCH_ROWS = 500

# A spreadsheet reads a CSV cell starting with one of these as a formula (CSV
# injection); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
PACKAGE_RELATIONSHIPS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets>{sheets}</sheets></workbook>"""
WORKBOOK_SHEET = '<sheet name="{name}" sheetId="{number}" r:id="rId{number}"/>'
WORKBOOK_RELATIONSHIPS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
{sheets}<Relationship Id="rIdStyles" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""
SHEET_RELATIONSHIP = (
    '<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{number}.xml"/>'
)
# Style 0: plain; 1: a heading (bold); 2: a date and time; 3: a date.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" \
activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"""
SHEET_END = "</sheetData></worksheet>"


def column_letters(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def excel_escape(match):
    return f"_x{ord(match.group()):04X}_"


def text_cell(reference, value, style=""):
    if len(value) > MAX_CELL_CHARS:
        value = value[:MAX_CELL_CHARS]
    return (
        f'<c r="{reference}"{style} t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(value)}</t></is></c>"
    )


def cell(reference, value):
    """One cell's XML; None is an empty cell (written as nothing)."""
    if type(value) is str:  # most cells: checked first
        return text_cell(reference, value) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return text_cell(reference, str(value))  # a sheet has no number for these
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        days = (value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{reference}" s="2"><v>{days!r}</v></c>'
    if isinstance(value, date):
        days = (value - EXCEL_EPOCH.date()).days
        return f'<c r="{reference}" s="3"><v>{days}</v></c>'
    return text_cell(reference, str(value))


class Workbook:
    """One or more sheets of rows, written into `output` (a writable binary file).

    `write(headings, rows)` takes the headings and an iterable of rows (sequences of
    text, numbers, dates, datetimes, None); a sheet that reaches Excel's row limit is
    continued on the next one, under the same headings. Datetimes are written as
    they are given (convert them to local time first).
    """

    def __init__(self, output, sheet_name="Sheet", max_rows=MAX_ROWS):
        self.zip = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheet_name = sheet_name
        self.max_rows = max_rows
        self.sheets = 0
        # The fixed parts first, as spreadsheet programs and file sniffers expect;
        # any other .xml part is a worksheet (the content types' default), so the
        # number of sheets need not be known before the rows are read.
        self.zip.writestr("[Content_Types].xml", CONTENT_TYPES)
        self.zip.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        self.zip.writestr("xl/styles.xml", STYLES)

    def write(self, headings, rows):
        columns = [column_letters(index) for index in range(len(headings))]
        heading_row = "".join(
            text_cell(f"{letter}1", str(heading), ' s="1"')
            for letter, heading in zip(columns, headings, strict=True)
        )
        sheet = None
        number = self.max_rows
        batch = []  # rows are deflated a few hundred at a time, not one by one
        for row in rows:
            if number == self.max_rows:
                if sheet is not None:
                    self.close_sheet(sheet, batch)
                sheet = self.open_sheet()
                batch = [f'<row r="1">{heading_row}</row>']
                number = 1
            number += 1
            xml = "".join(
                cell(f"{letter}{number}", value)
                for letter, value in zip(columns, row, strict=True)
            )
            if CONTROL_CHARACTERS.search(xml):
                xml = CONTROL_CHARACTERS.sub(excel_escape, xml)
            batch.append(f'<row r="{number}">{xml}</row>')
            if len(batch) == BATCH_ROWS:
                sheet.write("".join(batch).encode())
                batch = []
        if sheet is None:  # no rows: the headings alone
            sheet = self.open_sheet()
            batch = [f'<row r="1">{heading_row}</row>']
        self.close_sheet(sheet, batch)

    def open_sheet(self):
        self.sheets += 1
        sheet = self.zip.open(
            f"xl/worksheets/sheet{self.sheets}.xml", "w", force_zip64=True
        )
        sheet.write(SHEET_START.encode())
        return sheet

    def close_sheet(self, sheet, batch):
        sheet.write(("".join(batch) + SHEET_END).encode())
        sheet.close()

    def close(self):
        numbers = range(1, self.sheets + 1)
        names = [
            escape(self.sheet_name if n == 1 else f"{self.sheet_name} {n}")
            for n in numbers
        ]
        self.zip.writestr(
            "xl/workbook.xml",
            WORKBOOK.format(
                sheets="".join(
                    WORKBOOK_SHEET.format(name=name, number=n)
                    for n, name in zip(numbers, names, strict=True)
                )
            ),
        )
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELATIONSHIPS.format(
                sheets="".join(SHEET_RELATIONSHIP.format(number=n) for n in numbers)
            ),
        )
        self.zip.close()
