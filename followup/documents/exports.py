"""Exports of a filtered item list: CSV (UTF-8 with a BOM, so Excel reads the Korean) and
XLSX (openpyxl). The columns and their Korean headings come from the caller's template."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

Row = Sequence[object]


def to_csv(header: Sequence[str], rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    # A text cell starting with = + - @ would be read as a formula by spreadsheets.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
