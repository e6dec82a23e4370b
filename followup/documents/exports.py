"""Exports of a filtered item list: CSV (UTF-8 with a BOM, so Excel reads the Korean) and
XLSX (openpyxl). The columns and their Korean headings come from the caller's template.

A date in a row is a date: in CSV it reads as the pages show it (2024. 5. 31.(금)); in XLSX it
is a date cell shown 2024. 5. 31., so the sheet sorts and filters by it. The XLSX header is
bold and frozen, and each column is as wide as its longest line (a Korean syllable counts
two figures), up to :data:`MAX_WIDTH`; longer text wraps."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from followup.render import korean_date
from followup.text import clean_text

Row = Sequence[object]


DATE_FORMAT = "yyyy. m. d."
MIN_WIDTH, MAX_WIDTH, DATE_WIDTH = 6, 60, 12


def to_csv(header: Sequence[str], rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_text(v) for v in row] for row in rows)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        sheet.append([_cell(v) for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = wrap
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    for index, column in enumerate(sheet.iter_cols(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(c.value for c in column)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(values: Iterable[object]) -> float:
    """A column's width in Excel's units (a figure of the default font): its longest line,
    a wide (Korean) character counting two, between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`."""
    widest = MIN_WIDTH
    for value in values:
        if isinstance(value, date):
            widest = max(widest, DATE_WIDTH)
        elif value is not None:
            for line in str(value).split("\n"):
                widest = max(widest, sum(2 if _wide(ch) else 1 for ch in line) + 2)
    return min(widest, MAX_WIDTH)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _text(value: object) -> object:
    return korean_date(value) if isinstance(value, date) else _cell(value)


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = clean_text(value)  # stored before inputs were cleaned: XLSX cannot hold it
        # A text cell starting with = + - @ would be read as a formula by spreadsheets.
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return "" if value is None else value
