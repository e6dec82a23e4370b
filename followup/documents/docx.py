"""The report as DOCX, as a committee's secretary tables it: landscape A4 in a Korean font, a
centred black title, and one table whose columns are fitted to what they hold (see
``layout``), whose header row is shaded and repeats on every page and whose rows never split
across a page; the page number (- 1 -) in the footer; the document's properties name the
report, the committee and its secretary team, in Korean (ko-KR)."""

from __future__ import annotations

import io
from datetime import datetime, time

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from followup.documents import layout
from followup.documents.table import ReportTable

FONT = "맑은 고딕"

LANGUAGE = "ko-KR"
TWIP_MM = 25.4 / 1440
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>followup</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _korean_font(style: ParagraphStyle, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _korean_defaults(document: Document) -> None:  # type: ignore[valid-type]
    """The defaults every style inherits: Korean as the language (spelling, line breaking,
    the language Word shows), single line spacing and no space after a paragraph."""
    defaults = document.styles.element.find(qn("w:docDefaults"))  # type: ignore[attr-defined]
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), LANGUAGE)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _properties(document: Document, table: ReportTable) -> None:  # type: ignore[valid-type]
    """Title, author and language; the template's own author, dates and thumbnail go."""
    props = document.core_properties  # type: ignore[attr-defined]
    written = datetime.combine(table.today, time(0))
    props.title = table.title
    props.subject = table.subtitle
    props.author = props.last_modified_by = table.author
    props.comments = table.count_line
    props.keywords = props.category = ""
    props.language = LANGUAGE
    props.created = props.modified = written
    props.revision = 1
    package = document.part.package  # type: ignore[attr-defined]
    for key, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[key]
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":  # the template's "Microsoft Macintosh Word"
            part._blob = APP_XML


def _page_number(paragraph: Paragraph) -> None:
    """- PAGE - : the page field between two dashes."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(layout.PAGE_PREFIX)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
    paragraph.add_run(layout.PAGE_SUFFIX)


def _set(parent: object, tag: str, **attrs: str) -> None:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    parent.append(element)  # type: ignore[attr-defined]


def _cell_margins(grid_pr: object) -> None:
    margins = OxmlElement("w:tblCellMar")
    pad = str(round(layout.CELL_PAD_MM / TWIP_MM))
    for side, value in (("top", "28"), ("left", pad), ("bottom", "28"), ("right", pad)):
        _set(margins, f"w:{side}", w=value, type="dxa")
    look = grid_pr.find(qn("w:tblLook"))  # type: ignore[attr-defined]
    if look is not None:  # the schema's order: tblCellMar comes before tblLook
        look.addprevious(margins)
    else:
        grid_pr.append(margins)  # type: ignore[attr-defined]


def write(table: ReportTable) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(layout.PAGE_MM[0]), Mm(layout.PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(layout.MARGIN_MM))
    section.footer_distance = Mm(layout.FOOTER_MM)
    styles = document.styles
    _korean_font(styles["Normal"], layout.BODY_PT)
    _korean_defaults(document)
    _properties(document, table)
    _page_number(section.footer.paragraphs[0])

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    run = title.add_run(table.title)
    run.bold, run.font.size = True, Pt(layout.TITLE_PT)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(10)
    subtitle.add_run(table.subtitle).font.size = Pt(layout.SUBTITLE_PT)
    count = document.add_paragraph()
    count.paragraph_format.space_after = Pt(4)
    count.add_run(table.count_line).bold = True
    if not table.rows:
        document.add_paragraph(table.empty_line)

    lines = [row.cells() for row in table.rows]
    total = round(layout.TEXT_MM / TWIP_MM)
    widths = layout.rounded(layout.column_widths(table.headers, lines), total, TWIP_MM)
    grid = document.add_table(rows=1 + len(lines), cols=len(table.headers))
    grid.style = styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # a fixed layout: the widths below, whatever the text
    grid_pr = grid._tbl.tblPr
    width = grid_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        grid_pr.append(width)
    width.set(qn("w:w"), str(total))
    width.set(qn("w:type"), "dxa")
    _cell_margins(grid_pr)
    for column, twips in zip(grid.columns, widths, strict=True):
        column.width = Twips(twips)  # the grid LibreOffice and Word lay out by
    rows = zip(grid.rows, [list(table.headers), *lines], strict=True)
    for number, (row, texts) in enumerate(rows):
        row_pr = row._tr.get_or_add_trPr()
        _set(row_pr, "w:cantSplit", val="true")  # a row never splits across pages
        if number == 0:
            _set(row_pr, "w:tblHeader", val="true")  # repeated at the top of every page
        for cell, text, twips, column in zip(row.cells, texts, widths, layout.COLUMNS, strict=True):
            cell.width = Twips(twips)
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.paragraph_format.line_spacing = Pt(layout.LINE_PT)
            cell_run = paragraph.add_run(text)
            if number == 0:
                cell_run.bold = True
                _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto",
                     fill=layout.HEADER_FILL)  # fmt: skip
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER  # after w:shd, as the schema orders
            if number == 0 or column.short:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
