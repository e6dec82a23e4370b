"""HWP 5 binary (an OLE compound file), read with olefile and zlib.

The ``FileHeader`` stream starts with ``HWP Document File`` and holds property
flags (bit 0: streams are compressed with raw deflate; bit 1: password; bit 2:
distribution document, whose body is encrypted). The body is in
``BodyText/Section0``, ``Section1``, ...: a sequence of records, each a 32-bit
header (tag: 10 bits, level: 10 bits, size: 12 bits, or 0xFFF and a 32-bit size).
``PARA_HEADER`` (0x42) starts a paragraph and names its style; ``PARA_TEXT``
(0x43) holds its text as UTF-16LE, in which code units below 32 are controls:
some are one unit (line break, hyphen, special spaces), others occupy 8 units
(16 bytes: the code, 12 bytes of parameters, the code again) and are skipped,
tab (9) becoming a tab. A table is a ``CTRL_HEADER`` with id ``tbl `` whose
children are ``LIST_HEADER`` records (one per cell, with its column and row
address) each followed by the cell's paragraphs.

Output mirrors the DOCX and HWPX readers: one line per paragraph and a blank
line, ``#`` marks for outline styles (``개요 N`` in ``DocInfo``), table rows as
tab-joined cells. Headers, footers, footnotes and drawings are left out.
"""

from __future__ import annotations

import io
import re
import struct
import sys
from array import array
from dataclasses import dataclass, field

import olefile

from followup.minutes.formats import FormatError
from followup.minutes.formats.safety import Budget, inflate

SIGNATURE = b"HWP Document File"
_FLAG_COMPRESSED = 0x1
_FLAG_PASSWORD = 0x2
_FLAG_DISTRIBUTION = 0x4

_BEGIN = 0x10
TAG_STYLE = _BEGIN + 10
TAG_PARA_HEADER = _BEGIN + 50
TAG_PARA_TEXT = _BEGIN + 51
TAG_CTRL_HEADER = _BEGIN + 55
TAG_LIST_HEADER = _BEGIN + 56

_CTRL_TABLE = "tbl "
_EIGHT_UNIT_CONTROLS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16, 17, 18})
_EIGHT_UNIT_CONTROLS |= frozenset({19, 20, 21, 22, 23})
_MAX_LEVEL = 6
_MAX_DEPTH = 200
_MAX_PAD = 64
_OUTLINE_NAME = re.compile(r"^(?:개요|outline)\s*(\d{1,2})$", re.IGNORECASE)
_SECTION = re.compile(r"Section(\d{1,6})")


@dataclass
class _Record:
    tag: int
    level: int
    payload: bytes
    children: list[_Record] = field(default_factory=list)


def hwp5_text(data: bytes, *, max_unpacked_bytes: int) -> str:
    """Text of an HWP 5 file; see the module docstring for the layout."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError, ...
        raise FormatError("ole_corrupt") from exc
    with ole:
        return _read(ole, max_unpacked_bytes)


def _stream(ole: olefile.OleFileIO, path: str) -> bytes:
    try:
        with ole.openstream(path) as stream:
            data: bytes = stream.read()
            return data
    except Exception as exc:
        raise FormatError("hwp_corrupt_stream", stream=path) from exc


def _read(ole: olefile.OleFileIO, max_unpacked_bytes: int) -> str:
    if not ole.exists("FileHeader"):
        if ole.exists("WordDocument"):
            raise FormatError("word_doc_unsupported")
        raise FormatError("not_hwp5")
    header = _stream(ole, "FileHeader")
    if not header.startswith(SIGNATURE) or len(header) < 40:
        raise FormatError("not_hwp5")
    (flags,) = struct.unpack_from("<I", header, 36)
    if flags & _FLAG_PASSWORD:
        raise FormatError("hwp_password")
    if flags & _FLAG_DISTRIBUTION:
        raise FormatError("hwp_distribution")
    compressed = bool(flags & _FLAG_COMPRESSED)
    sections: list[tuple[int, str]] = []
    for entry in ole.listdir(streams=True, storages=False):
        if len(entry) == 2 and entry[0] == "BodyText":
            match = _SECTION.fullmatch(entry[1])
            if match:
                sections.append((int(match.group(1)), "/".join(entry)))
    if not sections:
        raise FormatError("hwp_no_body")
    budget = Budget(max_unpacked_bytes, "HWP 5", "decompression_bomb")

    def unpack(path: str) -> bytes:
        raw = _stream(ole, path)
        if not compressed:
            budget.spend(len(raw))
            return raw
        return inflate(
            raw, budget, raw=True, corrupt=FormatError("hwp_corrupt_stream", stream=path)
        )

    styles: dict[int, int] = {}
    if ole.exists("DocInfo"):
        try:
            styles = _outline_styles(_records(unpack("DocInfo")))
        except FormatError:
            styles = {}  # styles only decide heading marks
    lines: list[str] = []
    for _, path in sorted(sections):
        for node in _tree(_records(unpack(path))):
            if node.tag == TAG_PARA_HEADER:
                _paragraph(node, lines, styles, 0)
    return "\n".join(lines)


def _records(buf: bytes) -> list[_Record]:
    records: list[_Record] = []
    pos = 0
    end = len(buf)
    while pos < end:
        if pos + 4 > end:
            if buf[pos:].strip(b"\0"):
                raise FormatError("hwp_truncated_record")
            break
        (head,) = struct.unpack_from("<I", buf, pos)
        pos += 4
        size = head >> 20
        if size == 0xFFF:
            if pos + 4 > end:
                raise FormatError("hwp_truncated_record")
            (size,) = struct.unpack_from("<I", buf, pos)
            pos += 4
        if pos + size > end:
            raise FormatError("hwp_record_overrun")
        records.append(_Record(head & 0x3FF, (head >> 10) & 0x3FF, buf[pos : pos + size]))
        pos += size
    return records


def _tree(records: list[_Record]) -> list[_Record]:
    """Nest records by level: a record's children follow it with deeper levels."""
    roots: list[_Record] = []
    stack: list[_Record] = []
    for record in records:
        if record.level > _MAX_DEPTH:
            raise FormatError("hwp_nested_records")
        while stack and stack[-1].level >= record.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(record)
        stack.append(record)
    return roots


def _wstr(payload: bytes, pos: int) -> tuple[str, int]:
    (count,) = struct.unpack_from("<H", payload, pos)
    pos += 2
    raw = payload[pos : pos + 2 * count]
    return raw.decode("utf-16-le", errors="replace"), pos + 2 * count


def _outline_styles(records: list[_Record]) -> dict[int, int]:
    """Style index -> heading level for ``개요 N`` / ``Outline N`` styles in DocInfo."""
    levels: dict[int, int] = {}
    index = 0
    for record in records:
        if record.tag != TAG_STYLE:
            continue
        try:
            name, pos = _wstr(record.payload, 0)
            eng, _ = _wstr(record.payload, pos)
        except struct.error:
            name = eng = ""
        for candidate in (name, eng):
            match = _OUTLINE_NAME.match(candidate.strip())
            if match and int(match.group(1)) > 0:
                levels[index] = min(int(match.group(1)), _MAX_LEVEL)
                break
        index += 1
    return levels


def para_text(payload: bytes) -> str:
    """Decode a ``PARA_TEXT`` payload, dropping inline and extended controls."""
    units = array("H")
    units.frombytes(payload[: len(payload) // 2 * 2])
    if sys.byteorder == "big":
        units.byteswap()
    out: list[int] = []
    i = 0
    n = len(units)
    while i < n:
        unit = units[i]
        if unit >= 32:
            out.append(unit)
            i += 1
        elif unit in _EIGHT_UNIT_CONTROLS:
            if unit == 9:
                out.append(0x09)
            i += 8
        else:
            if unit == 10:
                out.append(0x0A)
            elif unit == 13:
                break  # end of paragraph
            elif unit == 24:
                out.append(0x2D)  # hyphen
            elif unit in (30, 31):
                out.append(0x20)  # non-breaking / fixed-width space
            i += 1
    return (
        array("H", out)
        .tobytes()
        .decode("utf-16-le" if sys.byteorder == "little" else "utf-16-be", errors="replace")
    )


def _ctrl_id(payload: bytes) -> str:
    if len(payload) < 4:
        return ""
    return payload[:4][::-1].decode("latin-1")


def _paragraph(node: _Record, out: list[str], styles: dict[int, int], depth: int) -> None:
    level = styles.get(node.payload[10], 0) if len(node.payload) > 10 else 0
    emitted = False
    for child in node.children:
        if child.tag == TAG_PARA_TEXT:
            text = para_text(child.payload)
            if text.strip():
                out.append(f"{'#' * level} {text.strip()}" if level else text)
                emitted = True
        elif child.tag == TAG_CTRL_HEADER and _ctrl_id(child.payload) == _CTRL_TABLE:
            rows = [row for row in _table_rows(child, depth) if row.strip()]
            out.extend(rows)
            emitted = emitted or bool(rows)
    if emitted:
        out.append("")


def _table_rows(table: _Record, depth: int) -> list[str]:
    if depth > 16:
        return []
    cells: list[tuple[int, int, list[str]]] = []  # row, column, paragraph lines
    current: list[str] | None = None
    for child in table.children:
        if child.tag == TAG_LIST_HEADER:
            payload = child.payload
            col, row = struct.unpack_from("<HH", payload, 8) if len(payload) >= 12 else (0, 0)
            current = []
            cells.append((row, col, current))
        elif child.tag == TAG_PARA_HEADER and current is not None:
            _paragraph(child, current, {}, depth + 1)
    rows: dict[int, list[tuple[int, str]]] = {}
    for row, col, lines in cells:
        text = " ".join(" ".join(line.split()) for line in lines if line.strip())
        rows.setdefault(row, []).append((col, text))
    out: list[str] = []
    for row in sorted(rows):
        fields: list[str] = []
        for col, text in sorted(rows[row], key=lambda cell: cell[0]):
            fields.extend([""] * min(max(0, col - len(fields)), _MAX_PAD))
            fields.append(text)
        out.append("\t".join(fields))
    return out
