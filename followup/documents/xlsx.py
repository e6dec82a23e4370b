"""The report as XLSX: title, subtitle and count line, then the table with a frozen header row.

Printed, it is landscape A4, one page wide (fit to width, as many pages tall as it takes), the
header row repeated on every page (print titles), the page number (- 1 -) in the footer. The
columns are as wide as the DOCX ones (``layout``), each row as tall as its wrapped text, short
columns centred; 연번 is a number and 완료(예정)일 a date (shown 2024. 5. 31.), so the
sheet sorts and filters as a table should.
"""

from __future__ import annotations

import io
from datetime import datetime, time

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties

from followup.documents import layout
from followup.documents.table import ReportTable

FONT = "맑은 고딕"
HEADER_ROW = 4
NUMBER_COLUMN, DATE_COLUMN = 0, 7  # 연번, 완료(예정)일
# 2024. 5. 31.: without the day's name, which Excel and LibreOffice spell apart (금, 金, 金曜日).
DATE_FORMAT = "yyyy. m. d."
# Excel's column width unit: a figure of the workbook's default font, whole pixels at 96 dpi,
# plus 5 pixels of padding. The default font is 맑은 고딕 9pt (a figure of 7 pixels), which
# LibreOffice measures alike (Calibri, the usual default, it may replace by a wider face).
PX_MM = 25.4 / 96
DIGIT_PX = 7
ROW_PT_PER_LINE = 12.5  # a line of 9-point 맑은 고딕 in a wrapped cell, as Excel fits a row to it
ROW_PAD_PT = 4.0


def _width_units(mm: float) -> float:
    return round((mm / PX_MM - 5) / DIGIT_PX, 2)


def _no_day(text: str) -> str:
    """A date as the sheet shows it: 2024. 5. 31.(금) as 2024. 5. 31."""
    return text.split("(", 1)[0]


def _default_font(book: Workbook) -> None:
    """맑은 고딕 as the workbook's default font (font 0, the Normal style's): the one column
    widths are counted in. openpyxl has no public setter for it."""
    default = Font(name=FONT, size=layout.BODY_PT)
    book._fonts = IndexedList([default])
    book._named_styles["Normal"].font = default


def write(table: ReportTable) -> bytes:
    book = Workbook()
    _default_font(book)
    sheet = book.active
    assert sheet is not None
    sheet.title = "조치결과"
    book.properties.title = table.title
    book.properties.subject = table.subtitle
    book.properties.creator = book.properties.lastModifiedBy = table.author
    book.properties.language = "ko-KR"
    book.properties.created = book.properties.modified = datetime.combine(table.today, time(0))

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as tall as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    inch = layout.MARGIN_MM / 25.4
    sheet.page_margins.left = sheet.page_margins.right = inch
    sheet.page_margins.top = sheet.page_margins.bottom = inch
    sheet.page_margins.footer = layout.FOOTER_MM / 25.4
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddFooter.center.text = f"{layout.PAGE_PREFIX}&P{layout.PAGE_SUFFIX}"

    texts = [row.cells() for row in table.rows]
    shown = [[*cells[:DATE_COLUMN], _no_day(cells[DATE_COLUMN]), *cells[DATE_COLUMN + 1 :]]
             for cells in texts]  # fmt: skip
    widths = layout.column_widths(table.headers, shown)
    last = get_column_letter(len(table.headers))
    sheet["A1"] = table.title
    sheet["A1"].font = Font(name=FONT, size=layout.TITLE_PT, bold=True)
    sheet["A2"] = table.subtitle
    sheet["A2"].font = Font(name=FONT, size=layout.SUBTITLE_PT)
    sheet["A3"] = table.count_line
    sheet["A3"].font = Font(name=FONT, size=layout.BODY_PT, bold=True)
    for line in (1, 2):
        sheet.merge_cells(f"A{line}:{last}{line}")
        sheet[f"A{line}"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = layout.TITLE_PT * 1.6

    sheet.append(list(table.headers))
    for row, cells in zip(table.rows, texts, strict=True):
        values: list[object] = list(cells)
        values[NUMBER_COLUMN] = row.number
        values[DATE_COLUMN] = row.planned_on  # a date, or an empty cell
        sheet.append(values)

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor=layout.HEADER_FILL)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width_units(width)
    for cells in sheet.iter_rows(min_row=HEADER_ROW, max_row=sheet.max_row):
        header = cells[0].row == HEADER_ROW
        for cell, short in zip(cells, layout.SHORT, strict=True):
            cell.border = border
            cell.font = Font(name=FONT, size=layout.BODY_PT, bold=header)
            cell.alignment = Alignment(
                horizontal="center" if header or short else "left",
                vertical="center",
                wrap_text=True,
            )
            if header:
                cell.fill = header_fill
            if cell.column - 1 == DATE_COLUMN and not header:
                cell.number_format = DATE_FORMAT
    # A little narrower than the columns: a spreadsheet's wrapping is less tight than a word
    # processor's, and a row too short clips its text where a row too tall only wastes room.
    narrower = [width * 0.95 for width in widths]
    for offset, cells in enumerate([list(table.headers), *shown]):
        count = layout.row_lines(cells, narrower)
        sheet.row_dimensions[HEADER_ROW + offset].height = count * ROW_PT_PER_LINE + ROW_PAD_PT
    if not table.rows:
        sheet.cell(HEADER_ROW + 1, 1, table.empty_line)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_area = f"A1:{last}{sheet.max_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
