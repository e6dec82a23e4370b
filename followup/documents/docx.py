"""The report as DOCX: landscape A4, a Korean font in the styles, a table whose header row
repeats on every page."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle

from followup.documents.layout import COLUMN_WEIGHTS
from followup.documents.table import ReportTable

FONT = "맑은 고딕"
MARGIN_MM = 15


def _korean_font(style: ParagraphStyle, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def write(table: ReportTable) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    styles = document.styles
    _korean_font(styles["Normal"], 9)
    _korean_font(styles["Title"], 16)
    document.core_properties.title = table.title
    document.core_properties.language = "ko-KR"

    document.add_paragraph(table.title, style="Title")
    document.add_paragraph(table.subtitle)
    document.add_paragraph(table.count_line).runs[0].bold = True
    if not table.rows:
        document.add_paragraph(table.empty_line)

    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = Mm(297 - 2 * MARGIN_MM)
    widths = [int(usable * w / sum(COLUMN_WEIGHTS)) for w in COLUMN_WEIGHTS]
    header = grid.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row.cells(), strict=True):
            cell.text = text
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and Word lay out by
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
