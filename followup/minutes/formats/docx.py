"""DOCX (Word 2007 and later), opened with python-docx after the ZIP guard.

Output, in document order:

* a paragraph is one line (a soft line break inside it starts a new line), and a
  blank line follows it; a paragraph in a heading style (``Heading N``,
  ``제목 N``, ``개요 N`` or a style/paragraph outline level) becomes
  ``"#" * N + " " + text`` so the heading structure survives;
* a table row is one line, its cells joined by tabs (a cell's own paragraphs are
  joined by spaces; a vertically merged continuation cell is empty; a cell
  spanning N grid columns is followed by N - 1 empty cells), then a blank line;
* content controls and other wrappers are looked into; deleted (tracked) text,
  text boxes and drawings are left out. Headers and footers are not part of the
  body and are ignored.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from followup.minutes.formats import FormatError
from followup.minutes.formats.safety import local_name, open_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_HEADING_NAME = re.compile(r"^(?:heading|제목|개요|outline)\s*([1-9])$", re.IGNORECASE)

# Subtrees whose text is not part of the paragraph's running text.
_SKIP = frozenset(
    {
        "pPr",
        "rPr",
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "txbxContent",
        "drawing",
        "pict",
        "object",
        "AlternateContent",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
    }
)
# Elements that only wrap block content (paragraphs, tables, rows, cells).
_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"})
# Run elements that stand for one character of the running text.
_CHARACTERS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def docx_text(data: bytes, *, max_unpacked_bytes: int, max_members: int) -> str:
    """Text of a DOCX file; see the module docstring for the layout."""
    open_zip(data, "DOCX", max_unpacked_bytes=max_unpacked_bytes, max_members=max_members)
    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise FormatError("bad_xml", kind="DOCX") from exc
    except PackageNotFoundError as exc:
        raise FormatError("incomplete_package", kind="DOCX") from exc
    except KeyError as exc:
        raise FormatError("missing_part", kind="DOCX") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise FormatError("corrupt_zip") from exc
    except ValueError as exc:  # python-docx: "file ... is not a Word file, content type is ..."
        raise FormatError("not_word") from exc
    except Exception as exc:  # python-docx on a malformed package: AttributeError, TypeError...
        raise FormatError("corrupt_structure", kind="DOCX") from exc
    try:
        levels = _heading_levels(document.styles.element)
        body = document.element.body
    except Exception as exc:
        raise FormatError("corrupt_structure", kind="DOCX") from exc
    if body is None:
        raise FormatError("no_body", kind="DOCX")
    lines: list[str] = []
    _blocks(body, lines, levels)
    return "\n".join(lines)


def _val(element: etree._Element | None, child: str) -> str | None:
    if element is None:
        return None
    found = element.find(_w(child))
    if found is None:
        return None
    value = found.get(_w("val"))
    return value if isinstance(value, str) else None


def _outline(value: str | None) -> int:
    """Heading level (1-9) from a ``w:outlineLvl`` value (0-8; 9 is body text)."""
    if value is not None and value.isdigit() and int(value) < 9:
        return int(value) + 1
    return 0


def _heading_levels(styles: etree._Element) -> dict[str, int]:
    """Paragraph style id -> heading level (0 for body text), following ``basedOn``."""
    raw: dict[str, tuple[str, str | None, str | None]] = {}
    for style in styles.iterchildren(_w("style")):
        if style.get(_w("type")) not in (None, "paragraph"):
            continue
        style_id = style.get(_w("styleId"))
        if not isinstance(style_id, str):
            continue
        name = _val(style, "name") or ""
        raw[style_id] = (name, _val(style.find(_w("pPr")), "outlineLvl"), _val(style, "basedOn"))

    def level(style_id: str | None, depth: int) -> int:
        if style_id is None or style_id not in raw or depth > 16:
            return 0
        name, outline, based_on = raw[style_id]
        match = _HEADING_NAME.match(name.strip())
        if match:
            return int(match.group(1))
        return _outline(outline) or level(based_on, depth + 1)

    return {style_id: level(style_id, 0) for style_id in raw}


def _blocks(parent: etree._Element, out: list[str], levels: dict[str, int] | None) -> None:
    """Append the lines of ``parent``'s paragraphs and tables to ``out``.

    ``levels`` maps style ids to heading levels; ``None`` for plain lines (in cells).
    """
    for child in parent.iterchildren():
        name = local_name(child)
        if name == "p":
            text = _paragraph_text(child)
            if text.strip():
                ppr = child.find(_w("pPr"))
                level = 0
                if levels is not None:
                    style = _val(ppr, "pStyle") or ""
                    level = _outline(_val(ppr, "outlineLvl")) or levels.get(style, 0)
                out.append(f"{'#' * level} {text.strip()}" if level else text)
                out.append("")
        elif name == "tbl":
            rows = [row for row in _table_rows(child) if row.strip()]
            if rows:
                out.extend(rows)
                out.append("")
        elif name in _WRAPPERS:
            _blocks(child, out, levels)


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    _runs(p, parts)
    return "".join(parts)


def _runs(element: etree._Element, parts: list[str]) -> None:
    for child in element.iterchildren():
        name = local_name(child)
        if not name or name in _SKIP:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name in _CHARACTERS:
            parts.append(_CHARACTERS[name])
        else:
            _runs(child, parts)


def _children(parent: etree._Element, name: str) -> Iterable[etree._Element]:
    """Children named ``name``, looking through content-control wrappers."""
    for child in parent.iterchildren():
        local = local_name(child)
        if local == name:
            yield child
        elif local in _WRAPPERS:
            yield from _children(child, name)


def _table_rows(table: etree._Element) -> list[str]:
    rows: list[str] = []
    for tr in _children(table, "tr"):
        cells: list[str] = []
        for tc in _children(tr, "tc"):
            tcpr = tc.find(_w("tcPr"))
            vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(_w("val")) != "restart"
            cells.append("" if continued else _cell_text(tc))
            span = _val(tcpr, "gridSpan")
            if span is not None and span.isdigit():
                cells.extend([""] * max(0, min(int(span), 64) - 1))
        rows.append("\t".join(cells))
    return rows


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    _blocks(tc, lines, None)
    return " ".join(" ".join(line.split()) for line in lines if line.strip())
