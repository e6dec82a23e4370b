"""Build DOCX, HWPX, HWP 5 and PDF files from Markdown-ish minutes text, for tests.

The input is the kind of text the minutes samples use: ``#``-headings, paragraphs
(each non-blank line is one paragraph), and tab-separated lines (consecutive ones
form a table, e.g. the signature table ``열람·서명자\\t빅데이터심의위원\\t성명 이은경``).
Lines are written literally (list markers and ``**`` stay), so a converted
document read back must give the same lines; :func:`comparable_lines` and
:func:`squashed` give the forms to compare.

* :func:`markdown_to_docx`: python-docx, ``Heading N`` styles, real tables;
* :func:`markdown_to_hwpx` / :func:`markdown_to_hwp`: python-hwpx, ``개요 N``
  outline styles, real tables (HWP 5 through python-hwpx's HWP writer);
* :func:`markdown_to_pdf`: reportlab with the built-in ``HYSMyeongJo-Medium`` CID
  font (no font file needed), wrapped lines, an optional running header and page
  numbers (``- N -``) on every page, optional encryption.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_REPO = Path(__file__).resolve().parent.parent


def _sample(in_repo: str) -> Path:
    """A sample minutes file: the repository's copy, else the shared one."""
    path = _REPO / "examples" / "inbox" / in_repo
    return path if path.is_file() else Path("/work/shared/minutes") / Path(in_repo).name


BIGDATA_SAMPLE = _sample("approved/seoul-bigdata-committee-2023-2.md")
COUNCIL_SAMPLE = _sample("seoul-council-ai-special-cmte-2025-10-30.txt")
CID_FONT = "HYSMyeongJo-Medium"


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or table of Markdown-ish minutes text."""

    kind: Literal["heading", "paragraph", "table"]
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def markdown_blocks(text: str) -> list[Block]:
    """Split Markdown-ish text into headings, one-line paragraphs and tab tables."""
    blocks: list[Block] = []
    table: list[tuple[str, ...]] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\t" in line and line.strip():
            table.append(tuple(cell.strip() for cell in line.split("\t")))
            continue
        if table:
            blocks.append(Block("table", rows=tuple(table)))
            table = []
        stripped = line.strip()
        if not stripped:
            continue
        match = HEADING.match(stripped)
        if match:
            blocks.append(Block("heading", match.group(2), level=len(match.group(1))))
        else:
            blocks.append(Block("paragraph", stripped))
    if table:
        blocks.append(Block("table", rows=tuple(table)))
    return blocks


def comparable_lines(text: str) -> list[str]:
    """Non-empty lines with heading marks dropped and whitespace runs made one space."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*#{1,6}\s+", "", line)
        words = line.split()
        if words:
            out.append(" ".join(words))
    return out


def squashed(text: str) -> str:
    """All text without heading marks and without any whitespace (for PDF comparison)."""
    return "".join("".join(line.split()) for line in comparable_lines(text))


# --- DOCX -----------------------------------------------------------------------


def markdown_to_docx(text: str) -> bytes:
    """A DOCX with ``Heading N`` paragraphs, body paragraphs and real tables."""
    import docx

    document = docx.Document()
    for block in markdown_blocks(text):
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 9))
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        else:
            table = document.add_table(rows=len(block.rows), cols=block.columns)
            for r, row in enumerate(block.rows):
                cells = table.rows[r].cells
                for c, value in enumerate(row):
                    cells[c].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"


def replace_members(container: bytes, replacements: dict[str, bytes | None]) -> bytes:
    """``container`` (a ZIP) with members replaced, added or (``None``) removed."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(container)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in replacements:
                target.writestr(info, source.read(info))
        for name, data in replacements.items():
            if data is not None:
                target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_with_body(body_xml: str) -> bytes:
    """A DOCX (python-docx's default styles, e.g. ``Heading2``) whose body is ``body_xml``.

    Prefixes ``w:`` (WordprocessingML) and ``v:`` (VML) are declared.
    """
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:v="{V_NS}"><w:body>{body_xml}</w:body></w:document>'
    )
    return replace_members(markdown_to_docx("x"), {"word/document.xml": document.encode()})


# --- HWPX and HWP 5 -------------------------------------------------------------------


def _hwpx_document(text: str) -> Any:
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    for block in markdown_blocks(text):
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 10))
        elif block.kind == "paragraph":
            document.add_paragraph(block.text, inherit_style=False)
        else:
            table = document.add_table(len(block.rows), block.columns)
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    if value:
                        table.cell(r, c).text = value
    return document


def markdown_to_hwpx(text: str) -> bytes:
    """An HWPX with ``개요 N`` headings, body paragraphs and real tables."""
    data: bytes = _hwpx_document(text).to_bytes()
    return data


HS_NS = "http://www.hancom.co.kr/hwpml/2011/section"
HP_NS = "http://www.hancom.co.kr/hwpml/2011/paragraph"


def hwpx_with_sections(sections: dict[str, str]) -> bytes:
    """An HWPX (python-hwpx's skeleton header, so style 3 is ``개요 2``) whose body sections
    are replaced by ``sections`` (member name -> the XML inside ``hs:sec``, with ``hp:``)."""
    import zipfile

    base = markdown_to_hwpx("x")
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        old = [name for name in zf.namelist() if re.fullmatch(r"Contents/section\d+\.xml", name)]
    replacements: dict[str, bytes | None] = dict.fromkeys(old)
    for name, inner in sections.items():
        replacements[name] = (
            f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<hs:sec xmlns:hs="{HS_NS}" xmlns:hp="{HP_NS}">{inner}</hs:sec>'
        ).encode()
    return replace_members(base, replacements)


def markdown_to_hwp(text: str) -> bytes:
    """The same document as :func:`markdown_to_hwpx`, saved as HWP 5 (OLE) by python-hwpx."""
    data: bytes = _hwpx_document(text).to_bytes(format="hwp")
    return data


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams`` (paths like ``BodyText/Section0``)."""
    from hwpx.hwp5.cfb import build_compound_file

    data: bytes = build_compound_file(list(streams.items()))
    return data


def hwp5_file_header(flags: int = 0x1, version: tuple[int, int, int, int] = (5, 1, 0, 0)) -> bytes:
    """A 256-byte HWP 5 ``FileHeader`` stream with the given property flags."""
    import struct

    word = version[0] << 24 | version[1] << 16 | version[2] << 8 | version[3]
    return struct.pack("<32sII", b"HWP Document File", word, flags).ljust(256, b"\0")


# --- PDF ------------------------------------------------------------------------------


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap by measured width, breaking at spaces when possible, else anywhere."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    rest = text
    while rest:
        if stringWidth(rest, CID_FONT, size) <= width:
            lines.append(rest)
            break
        cut = 1
        while cut < len(rest) and stringWidth(rest[: cut + 1], CID_FONT, size) <= width:
            cut += 1
        space = rest.rfind(" ", 0, cut + 1)
        if space > cut // 2:
            cut = space
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines or [""]


def markdown_to_pdf(
    text: str,
    *,
    header: str | None = "회의록",
    page_numbers: bool = True,
    encrypt: Any = None,
) -> bytes:
    """A text PDF of ``text`` (A4, CID font), one visual line per wrapped line.

    Every page gets ``header`` at the top and ``- N -`` at the bottom unless
    switched off; paragraphs are separated by extra space; table cells are drawn
    in columns. ``encrypt`` is reportlab's: a user password (the file cannot be
    opened without it) or a ``StandardEncryption``.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    width, height = A4
    left, right, top, bottom = 60.0, 60.0, 80.0, 80.0
    usable = width - left - right
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    page = 1
    y = height - top

    def furniture() -> None:
        pdf.setFont(CID_FONT, 8)
        if header:
            pdf.drawString(left, height - 40, header)
        if page_numbers:
            pdf.drawCentredString(width / 2, 36, f"- {page} -")

    def need(space: float) -> None:
        nonlocal y, page
        if y - space < bottom:
            furniture()
            pdf.showPage()
            page += 1
            y = height - top

    def draw(line: str, size: float, x: float = left) -> None:
        nonlocal y
        need(size * 1.45)
        y -= size * 1.45
        pdf.setFont(CID_FONT, size)
        pdf.drawString(x, y, line)

    for block in markdown_blocks(text):
        if block.kind == "table":
            column = usable / max(1, block.columns)
            for row in block.rows:
                wrapped = [_wrap(cell, column - 6, 9.5) for cell in row]
                depth = max(len(lines) for lines in wrapped)
                need(depth * 9.5 * 1.45)
                base = y
                for c, lines in enumerate(wrapped):
                    y = base
                    for line in lines:
                        draw(line, 9.5, left + c * column)
                y = base - depth * 9.5 * 1.45
        else:
            size = 10.5 if block.kind == "paragraph" else 13.5 - min(block.level, 4) * 0.5
            for line in _wrap(block.text, usable, size):
                draw(line, size)
        y -= 9  # paragraph spacing
    furniture()
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """A PDF with shapes and an embedded bitmap but no text at all (a scan, in effect)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = A4
    # A tiny 2x2 grey PNG-free bitmap via a PIL-less route: draw an inline image from bytes.
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        for i in range(40):
            pdf.rect(60, height - 80 - i * 18, width - 120 - (i * 37) % 200, 9, fill=1, stroke=0)
        try:
            image = ImageReader(io.BytesIO(_tiny_png()))
            pdf.drawImage(image, 60, 60, 100, 100)
        except Exception:  # reportlab without PIL cannot decode PNG: shapes alone suffice
            pass
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + bytes([(x * 60 + y * 30) % 256 for x in range(4)]) for y in range(4))
    ihdr = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# --- reading a text back through a document ----------------------------------------------


def read_back(text: str, suffix: str, folder: Path) -> str:
    """``text`` saved as a DOCX, HWPX, HWP or PDF document in ``folder`` and read back."""
    from followup.minutes.read import read_minutes_text

    writers = {
        "docx": markdown_to_docx,
        "hwpx": markdown_to_hwpx,
        "hwp": markdown_to_hwp,
        "pdf": markdown_to_pdf,
    }
    path = folder / f"minutes.{suffix}"
    path.write_bytes(writers[suffix](text))
    return read_minutes_text(path)


def item_readings(items: list[Any]) -> list[tuple[object, ...]]:
    """What a team is sent of each extracted item, without line numbers (a document drops
    blank lines): kind, speaker, agenda, team, due date and the words."""
    return [
        (i.kind, i.speaker, i.agenda, i.team, i.stated_due, "".join(i.source_text.split()))
        for i in items
    ]
