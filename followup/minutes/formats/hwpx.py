"""HWPX (Hancom OWPML in a ZIP), parsed from its XML after the ZIP guard.

The body is ``Contents/section0.xml``, ``section1.xml``, ... in numeric order;
each ``hp:p`` paragraph holds runs (``hp:run``) of text (``hp:t``, which may
contain ``hp:tab``, ``hp:lineBreak`` and special spaces) and inline objects.

Output mirrors the DOCX reader: one line per paragraph followed by a blank line,
``"#" * N`` before a paragraph in an outline style (``개요 N`` / ``Outline N``, or
a paragraph shape with an OUTLINE heading), a table (``hp:tbl``) as one line per
row with cells joined by tabs (a cell's paragraphs joined by spaces; a column
covered by a merged cell is an empty field). Headers, footers, footnotes, memos,
text boxes and drawings are left out.
"""

from __future__ import annotations

import re

from lxml import etree

from followup.minutes.formats import FormatError
from followup.minutes.formats.safety import local_name, open_zip, parse_xml, read_member

_SECTION = re.compile(r"Contents/section(\d{1,6})\.xml", re.IGNORECASE)
_OUTLINE_NAME = re.compile(r"^(?:개요|outline)\s*(\d{1,2})$", re.IGNORECASE)
_MAX_LEVEL = 6
_MAX_PAD = 64
# Elements inside ``hp:t`` that stand for one character; any other adds only its tail.
_CHARACTERS = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}


class _Headings:
    """Heading levels by style id and by paragraph-shape id, from Contents/header.xml."""

    def __init__(self, header: etree._Element | None) -> None:
        self.by_style: dict[str, int] = {}
        self.by_shape: dict[str, int] = {}
        if header is None:
            return
        for element in header.iter():
            name = local_name(element)
            if name == "style":
                for attr in ("name", "engName"):
                    match = _OUTLINE_NAME.match((element.get(attr) or "").strip())
                    if match and int(match.group(1)) > 0:
                        self.by_style[element.get("id") or ""] = min(
                            int(match.group(1)), _MAX_LEVEL
                        )
                        break
            elif name == "paraPr":
                for heading in element.iter():
                    if local_name(heading) == "heading" and heading.get("type") == "OUTLINE":
                        level = heading.get("level") or ""
                        if level.isdigit():
                            self.by_shape[element.get("id") or ""] = min(int(level) + 1, _MAX_LEVEL)
                        break

    def level(self, p: etree._Element) -> int:
        return self.by_style.get(p.get("styleIDRef") or "", 0) or self.by_shape.get(
            p.get("paraPrIDRef") or "", 0
        )


def hwpx_text(data: bytes, *, max_unpacked_bytes: int, max_members: int) -> str:
    """Text of an HWPX file; see the module docstring for the layout."""
    zf = open_zip(data, "HWPX", max_unpacked_bytes=max_unpacked_bytes, max_members=max_members)
    sections: list[tuple[int, str]] = []
    header_name = None
    for name in zf.namelist():
        match = _SECTION.fullmatch(name)
        if match:
            sections.append((int(match.group(1)), name))
        elif name.lower() == "contents/header.xml":
            header_name = name
    if not sections:
        raise FormatError("hwpx_no_sections")
    header = None
    if header_name is not None:
        try:
            header = parse_xml(read_member(zf, header_name, "HWPX"), "HWPX", header_name)
        except FormatError:
            header = None  # styles only decide heading markers; the text is still readable
    headings = _Headings(header)
    lines: list[str] = []
    for _, name in sorted(sections):
        root = parse_xml(read_member(zf, name, "HWPX"), "HWPX", name)
        _blocks(root, lines, headings)
    return "\n".join(lines)


def _blocks(parent: etree._Element, out: list[str], headings: _Headings | None) -> None:
    """Append the lines of the paragraphs under ``parent`` (``None``: no heading marks)."""
    for child in parent.iterchildren():
        if local_name(child) == "p":
            _paragraph(child, out, headings)


def _paragraph(p: etree._Element, out: list[str], headings: _Headings | None) -> None:
    level = headings.level(p) if headings is not None else 0
    parts: list[str] = []
    emitted = False

    def flush() -> None:
        nonlocal level, emitted
        text = "".join(parts)
        parts.clear()
        if text.strip():
            out.append(f"{'#' * level} {text.strip()}" if level else text)
            level = 0  # only the first line carries the heading mark
            emitted = True

    for run in p.iterchildren():
        if local_name(run) != "run":
            continue
        for item in run.iterchildren():
            name = local_name(item)
            if name == "t":
                parts.append(_t_text(item))
            elif name == "tbl":
                flush()
                rows = [row for row in _table_rows(item) if row.strip()]
                out.extend(rows)
                emitted = emitted or bool(rows)
    flush()
    if emitted:
        out.append("")


def _t_text(t: etree._Element) -> str:
    parts = [t.text or ""]
    for child in t.iterchildren():
        parts.append(_CHARACTERS.get(local_name(child), ""))
        parts.append(child.tail or "")
    return "".join(parts)


def _int_attr(parent: etree._Element, child: str, attr: str, default: int) -> int:
    for element in parent.iterchildren():
        if local_name(element) == child:
            value = element.get(attr) or ""
            return int(value) if value.isdigit() else default
    return default


def _table_rows(tbl: etree._Element) -> list[str]:
    rows: list[str] = []
    for tr in tbl.iterchildren():
        if local_name(tr) != "tr":
            continue
        cells: list[tuple[int, int, str]] = []
        for index, tc in enumerate(tr.iterchildren()):
            if local_name(tc) != "tc":
                continue
            col = _int_attr(tc, "cellAddr", "colAddr", -1)
            span = _int_attr(tc, "cellSpan", "colSpan", 1)
            cells.append((col if col >= 0 else index, max(1, span), _cell_text(tc)))
        fields: list[str] = []
        for col, span, text in sorted(cells, key=lambda cell: cell[0]):
            fields.extend([""] * min(max(0, col - len(fields)), _MAX_PAD))
            fields.append(text)
            fields.extend([""] * min(span - 1, _MAX_PAD))
        rows.append("\t".join(fields))
    return rows


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for sub in tc.iterchildren():
        if local_name(sub) == "subList":
            _blocks(sub, lines, None)
    return " ".join(" ".join(line.split()) for line in lines if line.strip())
