"""The report as HWPX (OWPML), written with python-hwpx from Hancom's own blank document, so
the package, its fonts (함초롬돋움, 함초롬바탕) and styles are what 한글 itself writes: landscape A4,
a centred title, the count line and one table laid out as the DOCX one (``layout``): its header
cells are marked as such so 한글 repeats them on every page, a row moves to the next page whole
and is never split, short columns are centred, lines are 130% apart and Korean breaks between
words; the page number (- 1 -) in the footer, the document's properties (title, the committee
and its secretary team as author) and a preview (the text 한글 and Windows show, and a picture
of the page's layout)."""

from __future__ import annotations

import io
from typing import Any

from hwpx import HwpxDocument
from PIL import Image, ImageDraw

from followup.documents import layout
from followup.documents.table import ReportTable

HWPUNIT_MM = 25.4 / 7200
LINE_PERCENT = 130  # 한글's default is 160%: a table of 9-point text reads well at 130
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
PREVIEW_TEXT = "Preview/PrvText.txt"
PREVIEW_IMAGE = "Preview/PrvImage.png"


def _paragraph_format(document: HwpxDocument, alignment: str) -> str:
    """A paragraph shape: aligned so, 130% apart, Korean broken between words (어절), not inside
    them, so that a team's name or (000위원) stays whole."""
    header = document.oxml.headers[0]
    pr_id = header.ensure_paragraph_format(
        base_para_pr_id="0", alignment=alignment, line_spacing_percent=LINE_PERCENT
    )
    for element in header.element.iter():
        if element.tag.endswith("}paraPr") and element.get("id") == pr_id:
            for child in element.iter():
                if child.tag.endswith("}breakSetting"):
                    child.set("breakNonLatinWord", "KEEP_WORD")
            header.mark_dirty()
    return pr_id


def _page_number(first: Any) -> None:
    """한글's own page numbering (쪽 번호 매기기) from the first page: at the foot, centred,
    between dashes (- 1 -), as a control in the section's first paragraph."""
    run = first.makeelement(f"{HP}run", {"charPrIDRef": "0"})
    ctrl = run.makeelement(f"{HP}ctrl", {})
    ctrl.append(
        ctrl.makeelement(
            f"{HP}pageNum", {"pos": "BOTTOM_CENTER", "formatType": "DIGIT", "sideChar": "-"}
        )
    )
    run.append(ctrl)
    first.insert(1, run)  # after the run holding the section's settings


def _cell(cell: Any) -> Any:
    return cell.element


def _preview_image(table: ReportTable, widths_mm: list[float], heights: list[int]) -> bytes:
    """The first page's layout as a picture, as 한글 keeps one: the title, the count line and the
    table's rows, without text (a Korean font need not be on the machine that writes it)."""
    scale = 2.0  # pixels a millimetre
    width, height = (round(side * scale) for side in layout.PAGE_MM)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    left = top = layout.MARGIN_MM * scale
    text_width = layout.TEXT_MM * scale
    grey = (90, 90, 90)
    draw.rectangle((left + text_width * 0.32, top, left + text_width * 0.68, top + 9), fill=grey)
    draw.rectangle((left + text_width * 0.25, top + 15, left + text_width * 0.75, top + 19), grey)
    draw.rectangle((left, top + 25, left + text_width * 0.3, top + 29), fill=grey)
    y = top + 34
    line_mm = layout.LINE_PT * 25.4 / 72
    bottom = (layout.PAGE_MM[1] - layout.MARGIN_MM) * scale
    for number, count in enumerate(heights):
        row_height = (count * line_mm + 1.0) * scale
        if y + row_height > bottom:
            break
        fill = "#" + layout.HEADER_FILL if number == 0 else "white"
        x = left
        for column in widths_mm:
            draw.rectangle((x, y, x + column * scale, y + row_height), fill=fill, outline="black")
            x += column * scale
        y += row_height
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _preview_text(table: ReportTable) -> str:
    """What 한글 keeps as the preview text: the title, the subtitle, the count line and the
    table's lines, each cell in <brackets> as 한글 writes them."""
    lines = [table.title, table.subtitle, table.count_line]
    for cells in [list(table.headers), *(row.cells() for row in table.rows)]:
        lines.append("".join(f"<{cell}>" for cell in cells))
    return "\r\n".join(lines)


def write(table: ReportTable) -> bytes:
    document = HwpxDocument.new()
    document.page.setup(
        paper_size="A4",
        orientation="LANDSCAPE",
        margins_mm={
            "left": layout.MARGIN_MM,
            "right": layout.MARGIN_MM,
            "top": layout.MARGIN_MM,
            "bottom": layout.MARGIN_MM - layout.FOOTER_MM,
        },
        header_margin_mm=0,
        footer_margin_mm=layout.FOOTER_MM,  # where the page number stands
    )
    # The template's author, save and dates go; the report's own are set.
    document.parts.clear_document_metadata(keep=("title", "language"))
    document.parts.set_document_metadata(
        title=table.title,
        creator=table.author,
        subject=table.subtitle,
        keyword="",
        created_date=f"{table.today.isoformat()}T00:00:00Z",
        modified_date=f"{table.today.isoformat()}T00:00:00Z",
    )
    centred = _paragraph_format(document, "CENTER")
    flush = _paragraph_format(document, "LEFT")
    title_run = document.styles.ensure_run(bold=True, size=layout.TITLE_PT)
    subtitle_run = document.styles.ensure_run(size=layout.SUBTITLE_PT)
    bold = document.styles.ensure_run(bold=True, size=layout.BODY_PT)
    body = document.styles.ensure_run(size=layout.BODY_PT)
    document.paragraphs[0].text = table.title
    document.paragraphs[0].runs[0].char_pr_id_ref = title_run
    document.paragraphs[0].para_pr_id_ref = centred
    _page_number(document.paragraphs[0].element)
    document.add_paragraph(
        table.subtitle, para_pr_id_ref=centred, char_pr_id_ref=subtitle_run, inherit_style=False
    )
    document.add_paragraph(
        table.count_line, para_pr_id_ref=flush, char_pr_id_ref=bold, inherit_style=False
    )
    if not table.rows:
        document.add_paragraph(
            table.empty_line, para_pr_id_ref=flush, char_pr_id_ref=body, inherit_style=False
        )
    lines = [list(table.headers)] + [row.cells() for row in table.rows]
    widths_mm = layout.column_widths(table.headers, lines[1:])
    total = round(layout.TEXT_MM / HWPUNIT_MM)
    grid = document.add_table(len(lines), len(table.headers), width=total, para_pr_id_ref=flush)
    grid.set_treat_as_char(False)  # a table that flows over the pages, not one character
    grid.element.set("repeatHeader", "1")
    grid.element.set("pageBreak", "TABLE")  # over a page end row by row: a row is never split
    grid.set_column_widths(layout.rounded(widths_mm, total, HWPUNIT_MM))
    pad = str(round(layout.CELL_PAD_MM / HWPUNIT_MM))
    for element in grid.element:
        if element.tag.endswith("}inMargin"):
            element.set("left", pad)
            element.set("right", pad)
    owner = grid.paragraph.section.document
    assert owner is not None
    shading = owner.ensure_shading_border_fill(
        "#" + layout.HEADER_FILL, base_border_fill_id=grid.element.get("borderFillIDRef")
    )
    # Row by row: python-hwpx's cell(row, col) rebuilds the whole grid on every call.
    for number, (grid_row, texts) in enumerate(zip(grid.rows, lines, strict=True)):
        for cell, text, short in zip(grid_row.cells, texts, layout.SHORT, strict=True):
            cell.text = text
            paragraph = cell.paragraphs[0]
            paragraph.para_pr_id_ref = centred if number == 0 or short else flush
            for run in paragraph.runs:
                run.char_pr_id_ref = bold if number == 0 else body
            if number == 0:
                _cell(cell).set("header", "1")  # a header cell: 한글 repeats its row
                _cell(cell).set("borderFillIDRef", shading)
    document.package.write(PREVIEW_TEXT, _preview_text(table).encode("utf-8"))
    heights = [layout.row_lines(cells, widths_mm) for cells in lines]
    document.package.write(PREVIEW_IMAGE, _preview_image(table, widths_mm, heights))
    return bytes(document.to_bytes())
