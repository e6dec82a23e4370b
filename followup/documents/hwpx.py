"""The report as HWPX (OWPML), written with python-hwpx from Hancom's own blank document, so
the package, its fonts (함초롬돋움, 함초롬바탕) and styles are what 한글 itself writes: landscape A4,
the title, the count line and the table, whose header row repeats on every page."""

from __future__ import annotations

from hwpx import HwpxDocument

from followup.documents.layout import COLUMN_WEIGHTS
from followup.documents.table import ReportTable


def write(table: ReportTable) -> bytes:
    document = HwpxDocument.new()
    document.page.setup(
        paper_size="A4",
        orientation="LANDSCAPE",
        margins_mm={"left": 15, "right": 15, "top": 15, "bottom": 15},
    )
    title = document.styles.ensure_run(bold=True, size=16)
    bold = document.styles.ensure_run(bold=True)
    document.paragraphs[0].text = table.title
    document.paragraphs[0].runs[0].char_pr_id_ref = title
    plain = document.add_paragraph(table.subtitle, char_pr_id_ref=0, inherit_style=False)
    document.add_paragraph(table.count_line, char_pr_id_ref=bold, inherit_style=False)
    if not table.rows:
        document.add_paragraph(
            table.empty_line, char_pr_id_ref=plain.char_pr_id_ref, inherit_style=False
        )
    grid = document.add_table(len(table.rows) + 1, len(table.headers))
    grid.element.set("repeatHeader", "1")
    grid.set_column_widths(list(COLUMN_WEIGHTS))
    lines = [list(table.headers)] + [row.cells() for row in table.rows]
    # Row by row: python-hwpx's cell(row, col) rebuilds the whole grid on every call.
    for number, (grid_row, texts) in enumerate(zip(grid.rows, lines, strict=True)):
        for cell, text in zip(grid_row.cells, texts, strict=True):
            cell.text = text
            if number == 0:
                for run in cell.paragraphs[0].runs:
                    run.char_pr_id_ref = bold
    return bytes(document.to_bytes())
