"""The report as XLSX: title, count line, then the table with a frozen header row."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from followup.documents.layout import COLUMN_WEIGHTS
from followup.documents.table import ReportTable

FONT = "맑은 고딕"
HEADER_ROW = 4


def write(table: ReportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "조치결과"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet["A1"] = table.title
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet["A2"] = table.subtitle
    sheet["A3"] = table.count_line
    sheet["A2"].font = Font(name=FONT)
    sheet["A3"].font = Font(name=FONT, bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(list(table.headers))
    for row in table.rows:
        sheet.append(row.cells())
    for number, weight in enumerate(COLUMN_WEIGHTS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = weight * 1.6
    for cells in sheet.iter_rows(min_row=HEADER_ROW, max_row=sheet.max_row):
        for cell in cells:
            cell.border, cell.alignment = border, wrap
            cell.font = Font(name=FONT, bold=cell.row == HEADER_ROW)
            if cell.row == HEADER_ROW:
                cell.fill = PatternFill("solid", fgColor="DDE4EE")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
