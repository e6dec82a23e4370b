"""A corpus of hostile minutes files, for the reader tests and the flow tests.

``build_hostile_corpus(directory)`` writes the files into ``directory`` (which it
creates) and returns one :class:`HostileCase` per file:

* ``expect == "error"``: ``read_minutes_text(case.path, root=directory)`` must
  raise ``MinutesError``; ``case.why``, when set, is the error code it should give
  (or the codes it may give, separated by ``|``);
* ``expect == "no-turns"``: the file reads to text, but the text has no speaker
  turns, so the minutes parser should reject it.

Every ``"error"`` case fails under both the default :class:`ReadLimits` and the
small :data:`HOSTILE_LIMITS` (the zip bombs unpack beyond 100 MB, the member
bomb has over 10,000 members), so a flow test may use either; a code that
depends on the limits is left empty. Cases that need a symlink or a FIFO are
left out where the platform cannot make them. ``include_large=True`` adds one
genuine 50 MB file (about a second to write), over the default 20 MB limit.

Cases with ``in_place=True`` (symlinks, a FIFO, a directory) must be used where
they are: copying them would follow the link, block on the FIFO or fail.

Everything is deterministic (seeded) and small: about 5 MB on disk, about a
second to build.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import random
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from followup.minutes.read import ReadLimits
from tests.formats_fixtures import (
    hwp5_file_header as _hwp5_header,
)
from tests.formats_fixtures import (
    image_only_pdf,
    markdown_to_docx,
    markdown_to_hwp,
    markdown_to_hwpx,
    markdown_to_pdf,
    ole_file,
)

MB = 1024 * 1024
HOSTILE_LIMITS = ReadLimits(max_bytes=1 * MB, max_unpacked_bytes=8 * MB, max_zip_members=1_000)
BOMB_BYTES = 101 * MB  # more than the default max_unpacked_bytes (100 MB)
MANY_MEMBERS = 10_050  # more than the default max_zip_members (10,000)

# Plain prose about a committee, with no speaker turns in any minutes style.
NO_TURNS_TEXT = """서울시 공공데이터 개방 현황 안내

서울시는 2024년에 시민 수요를 반영하여 217건의 공공데이터를 새로 개방할 계획이다.
데이터 품질 관리를 강화하고 민간과의 융합 데이터도 단계적으로 공개한다.
자세한 내용은 열린데이터광장에서 확인할 수 있다.

이 문서는 안내 자료이며 회의록이 아니다.
"""


@dataclass(frozen=True)
class HostileCase:
    """One hostile file: its name, where it is and what reading it must do."""

    name: str
    path: Path
    expect: str  # "error" or "no-turns"
    why: str = ""  # the expected MinutesError code (or codes, "a|b"), when stable
    in_place: bool = False  # not a regular file: do not copy it elsewhere


# --- raw ZIP writing (precompressed members, lying sizes, flags) -----------------------


@dataclass(frozen=True)
class _Member:
    name: str
    data: bytes  # stored bytes: raw deflate when method == 8
    crc: int
    size: int  # declared uncompressed size
    method: int = 8
    flags: int = 0


def _member(name: str, content: bytes, *, flags: int = 0) -> _Member:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = comp.compress(content) + comp.flush()
    return _Member(name, data, zlib.crc32(content), len(content), flags=flags)


def _zip(members: list[_Member]) -> bytes:
    """A ZIP archive written by hand, so members can lie or be precompressed."""
    out = io.BytesIO()
    central = io.BytesIO()
    for m in members:
        offset = out.tell()
        name = m.name.encode("utf-8")
        fields = (20, m.flags, m.method, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + m.data)
        central.write(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, offset)
            + name
        )
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    count = len(members)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


def _members_of(container: bytes) -> list[_Member]:
    with zipfile.ZipFile(io.BytesIO(container)) as zf:
        return [_member(info.filename, zf.read(info)) for info in zf.infolist()]


def _bomb_stream() -> tuple[bytes, int]:
    """Raw deflate of BOMB_BYTES zero bytes (about 100 KB) and its CRC-32."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    block = bytes(MB)
    parts = [comp.compress(block) for _ in range(BOMB_BYTES // MB)]
    parts.append(comp.flush())
    crc = 0
    for _ in range(BOMB_BYTES // MB):
        crc = zlib.crc32(block, crc)
    return b"".join(parts), crc


def _zlib_wrap(raw: bytes, size: int) -> bytes:
    """A zlib stream around raw deflate data of ``size`` zero bytes."""
    adler = 1
    block = bytes(MB)
    for _ in range(size // MB):
        adler = zlib.adler32(block, adler)
    return b"\x78\x9c" + raw + struct.pack(">I", adler)


# --- small builders ---------------------------------------------------------------------


def _pdf_with_content(content: bytes) -> bytes:
    """A one-page PDF whose page content stream is ``content`` (FlateDecode)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _pdf_zero_pages() -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    return body


_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def _docx_billion_laughs(base: bytes) -> bytes:
    document = _LAUGHS + (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _replace_member(base, "word/document.xml", document)


def _hwpx_billion_laughs(base: bytes) -> bytes:
    section = _LAUGHS + (
        b'<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
        b'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
        b"<hp:p><hp:run><hp:t>&lol9;</hp:t></hp:run></hp:p></hs:sec>"
    )
    return _replace_member(base, "Contents/section0.xml", section)


def _replace_member(container: bytes, name: str, content: bytes | None) -> bytes:
    members = [m for m in _members_of(container) if m.name != name]
    if content is not None:
        members.append(_member(name, content))
    return _zip(members)


# --- the corpus ---------------------------------------------------------------------------


def build_hostile_corpus(directory: Path, *, include_large: bool = False) -> list[HostileCase]:
    """Write the hostile files into ``directory``; see the module docstring."""
    directory.mkdir(parents=True, exist_ok=True)
    cases: list[HostileCase] = []
    rng = random.Random(20231215)

    def add(name: str, data: bytes | Callable[[Path], None], expect: str, why: str = "") -> None:
        path = directory / name
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
        in_place = path.is_symlink() or not path.is_file()
        cases.append(HostileCase(name, path, expect, why, in_place))

    korean = "본회의에서 논의된 내용을 정리한 자료입니다.\n"
    docx_ok = markdown_to_docx(NO_TURNS_TEXT)
    hwpx_ok = markdown_to_hwpx(NO_TURNS_TEXT)
    hwp_ok = markdown_to_hwp(NO_TURNS_TEXT)
    pdf_ok = markdown_to_pdf(NO_TURNS_TEXT, header="안내 자료")
    bomb_raw, bomb_crc = _bomb_stream()
    bomb = _Member("bomb.bin", bomb_raw, bomb_crc, BOMB_BYTES)

    # Empty and whitespace.
    add("empty.txt", b"", "error", "empty_file")
    add("whitespace-only.txt", b"  \n\t\n   \r\n\n", "error", "whitespace_only")
    add(
        "unicode-spaces-only.md",
        codecs.BOM_UTF8 + "\u3000\u00a0 \u2003\n".encode(),
        "error",
        "whitespace_only",
    )
    add("bom-only.txt", codecs.BOM_UTF8, "error", "whitespace_only")
    add("utf16-bom-only.txt", codecs.BOM_UTF16_LE, "error", "whitespace_only")
    add("blank-lines-500k.txt", b"\n" * 500_000, "error", "whitespace_only")

    # Binary junk and control characters.
    for size in (16, 256, 4096, 65_536, 300_000):
        add(f"junk-{size}.txt", rng.randbytes(size), "error")
    add("junk-named.docx", rng.randbytes(5000), "error")
    add("junk-named.pdf", rng.randbytes(5000), "error")
    add("nul-laden.txt", "\x00".join(korean * 20).encode(), "error")
    add("all-nuls.md", bytes(4096), "error", "binary_nul|binary_control")
    add("control-chars.txt", bytes(range(1, 32)) * 100, "error", "binary_nul|binary_control")
    add(
        "ansi-escapes.txt",
        ("\x1b[31m위원\x1b[0m\x07" * 500).encode(),
        "error",
        "binary_nul|binary_control",
    )
    add(
        "utf16-bom-odd-length.txt",
        codecs.BOM_UTF16_LE + korean.encode("utf-16-le") + b"\x00",
        "error",
        "bom_mismatch",
    )
    add(
        "utf16-bom-lone-surrogate.txt",
        codecs.BOM_UTF16_LE + b"\x00\xd8" + "회의".encode("utf-16-le"),
        "error",
        "bom_mismatch",
    )
    add("utf8-bom-then-junk.txt", codecs.BOM_UTF8 + rng.randbytes(3000), "error")
    add("invalid-every-line.txt", b"abc \xff\xfe\xfd def\n" * 50, "error", "bad_encoding")

    # Refused formats recognised by their magic bytes.
    add(
        "minutes.rtf",
        b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Batang;}} \\f0 hello}",
        "error",
        "rtf_unsupported",
    )
    add("scan.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(500), "error", "image_file")
    add("scan.jpg", b"\xff\xd8\xff\xe0" + rng.randbytes(500), "error", "image_file")
    add("minutes.txt.gz", gzip.compress(korean.encode() * 10, mtime=0), "error", "compressed_file")
    add(
        "old.hwp",
        b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + rng.randbytes(800),
        "error",
        "hwp3_unsupported",
    )
    add(
        "program.md",
        b"\x7fELF\x02\x01\x01" + bytes(9) + rng.randbytes(500),
        "error",
        "executable_file",
    )

    # Text that reads fine but has no speaker turns.
    mixed = "\n".join(
        line.encode("utf-8" if i % 2 else "cp949").decode("latin-1")
        for i, line in enumerate(NO_TURNS_TEXT.splitlines())
    ).encode("latin-1")
    add("mixed-utf8-cp949.txt", mixed, "no-turns")
    add("plain-no-turns.txt", NO_TURNS_TEXT.encode(), "no-turns")
    add("cp949-no-turns.txt", NO_TURNS_TEXT.encode("cp949"), "no-turns")
    add("euc-kr-no-turns.txt", NO_TURNS_TEXT.encode("euc-kr"), "no-turns")
    add("utf16-no-turns.txt", NO_TURNS_TEXT.encode("utf-16"), "no-turns")
    add("utf16be-bomless-no-turns.txt", NO_TURNS_TEXT.encode("utf-16-be"), "no-turns")
    add("nfd-no-turns.md", unicodedata.normalize("NFD", NO_TURNS_TEXT).encode(), "no-turns")
    crlf_cr = "".join(
        line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(NO_TURNS_TEXT.splitlines())
    )
    add("crlf-cr-no-turns.txt", crlf_cr.encode(), "no-turns")
    add("long-single-line.txt", ("가나다라 " * 70_000).encode(), "no-turns")
    add("short-lines-200k.txt", "가\n".encode() * 200_000, "no-turns")
    add("text-named.docx", NO_TURNS_TEXT.encode(), "no-turns")
    add("few-nuls-no-turns.txt", NO_TURNS_TEXT.encode() + b"\x00", "no-turns")

    # ZIP containers: truncated, bombs, lies, wrong contents.
    for fraction in (0.1, 0.5, 0.9):
        add(
            f"docx-truncated-{int(fraction * 100)}.docx",
            docx_ok[: int(len(docx_ok) * fraction)],
            "error",
            "corrupt_zip",
        )
        add(
            f"hwpx-truncated-{int(fraction * 100)}.hwpx",
            hwpx_ok[: int(len(hwpx_ok) * fraction)],
            "error",
            "corrupt_zip",
        )
    add("docx-truncated-header.docx", docx_ok[:30], "error", "corrupt_zip")
    add("docx-truncated-eocd.docx", docx_ok[:-5], "error", "corrupt_zip")
    add("hwpx-truncated-eocd.hwpx", hwpx_ok[:-5], "error", "corrupt_zip")
    add(
        "docx-zip-bomb.docx",
        _zip(
            [
                *_members_of(docx_ok),
                _Member("word/media/image1.bin", bomb.data, bomb.crc, bomb.size),
            ]
        ),
        "error",
        "zip_bomb",
    )
    add(
        "hwpx-zip-bomb.hwpx",
        _zip(
            [*_members_of(hwpx_ok), _Member("BinData/image1.bin", bomb.data, bomb.crc, bomb.size)]
        ),
        "error",
        "zip_bomb",
    )
    lying = [m for m in _members_of(docx_ok) if m.name != "word/document.xml"]
    lying.append(_Member("word/document.xml", bomb.data, bomb.crc, 4000))
    add("docx-lying-size.docx", _zip(lying), "error", "member_too_large")
    many = [_member("word/document.xml", b"<x/>")]
    many += [_Member(f"{i:x}", b"", 0, 0, method=0) for i in range(MANY_MEMBERS)]
    add("zip-many-members.docx", _zip(many), "error", "too_many_members")
    add("plain.zip", _zip([_member("minutes.txt", korean.encode())]), "error", "zip_not_document")
    add(
        "sheet.xlsx",
        _zip([_member("xl/workbook.xml", b"<workbook/>")]),
        "error",
        "office_unsupported",
    )
    add(
        "text.odt",
        _zip(
            [
                _member("mimetype", b"application/vnd.oasis.opendocument.text"),
                _member("content.xml", b"<x/>"),
            ]
        ),
        "error",
        "opendocument_unsupported",
    )
    add("empty-archive.docx", b"PK\x05\x06" + bytes(18), "error", "zip_not_document")
    add("zip-magic-junk.docx", b"PK\x03\x04" + rng.randbytes(4000), "error", "corrupt_zip")
    add(
        "docx-document-not-xml.docx",
        _replace_member(docx_ok, "word/document.xml", b"<w:document <<< not xml"),
        "error",
    )
    add("docx-missing-document.docx", _replace_member(docx_ok, "word/document.xml", None), "error")
    add("docx-billion-laughs.docx", _docx_billion_laughs(docx_ok), "error")
    encrypted = [
        _member(m.name, zipfile.ZipFile(io.BytesIO(docx_ok)).read(m.name), flags=1)
        for m in _members_of(docx_ok)
    ]
    add("docx-encrypted-members.docx", _zip(encrypted), "error", "password_protected")
    add("docx-empty.docx", markdown_to_docx(""), "error", "no_text")
    add("docx-no-turns.docx", docx_ok, "no-turns")
    add("docx-named.txt", docx_ok, "no-turns")
    add(
        "hwpx-section-not-xml.hwpx",
        _replace_member(hwpx_ok, "Contents/section0.xml", b"<hs:sec>\x00\x01"),
        "error",
        "bad_xml",
    )
    add(
        "hwpx-no-sections.hwpx",
        _zip(
            [
                _member("mimetype", b"application/hwp+zip"),
                _member("Contents/content.hpf", b"<opf/>"),
            ]
        ),
        "error",
        "hwpx_no_sections",
    )
    add("hwpx-billion-laughs.hwpx", _hwpx_billion_laughs(hwpx_ok), "error")
    add("hwpx-empty.hwpx", markdown_to_hwpx(""), "error", "no_text")
    add("hwpx-no-turns.hwpx", hwpx_ok, "no-turns")

    # HWP 5 (OLE compound files).
    section_bomb = bomb.data  # raw deflate, as HWP 5 stores it
    add(
        "ole-magic-junk.hwp",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(4000),
        "error",
        "ole_corrupt",
    )
    add("hwp5-truncated.hwp", hwp_ok[: len(hwp_ok) // 2], "error")
    add(
        "hwp5-garbage-section.hwp",
        ole_file({"FileHeader": _hwp5_header(0x1), "BodyText/Section0": rng.randbytes(6000)}),
        "error",
        "hwp_corrupt_stream|hwp_truncated_record|hwp_record_overrun|hwp_nested_records",
    )
    add(
        "hwp5-garbage-records.hwp",
        ole_file({"FileHeader": _hwp5_header(0x0), "BodyText/Section0": rng.randbytes(6000)}),
        "error",
        "hwp_corrupt_stream|hwp_truncated_record|hwp_record_overrun|hwp_nested_records",
    )
    add(
        "hwp5-password.hwp",
        ole_file({"FileHeader": _hwp5_header(0x3), "BodyText/Section0": rng.randbytes(600)}),
        "error",
        "hwp_password",
    )
    add(
        "hwp5-distribution.hwp",
        ole_file({"FileHeader": _hwp5_header(0x5), "BodyText/Section0": rng.randbytes(600)}),
        "error",
        "hwp_distribution",
    )
    add("hwp5-no-bodytext.hwp", ole_file({"FileHeader": _hwp5_header(0x1)}), "error", "hwp_no_body")
    add(
        "hwp5-section-bomb.hwp",
        ole_file({"FileHeader": _hwp5_header(0x1), "BodyText/Section0": section_bomb}),
        "error",
        "decompression_bomb",
    )
    add("not-hwp.hwp", ole_file({"Contents": korean.encode() * 20}), "error", "not_hwp5")
    add(
        "legacy.doc",
        ole_file({"WordDocument": rng.randbytes(5000)}),
        "error",
        "word_doc_unsupported",
    )
    add("hwp5-empty.hwp", markdown_to_hwp(""), "error", "no_text")
    add("hwp5-no-turns.hwp", hwp_ok, "no-turns")

    # PDF.
    add(
        "encrypted.pdf",
        markdown_to_pdf(NO_TURNS_TEXT, encrypt="secret"),
        "error",
        "pdf_encrypted",
    )
    add("image-only.pdf", image_only_pdf(), "error", "pdf_no_text_layer")
    add(
        "corrupt-header.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(6000),
        "error",
        "pdf_corrupt",
    )
    add("pdf-magic-junk.pdf", b"%PDF-" + rng.randbytes(3000), "error", "pdf_corrupt")
    add("pdf-zero-pages.pdf", _pdf_zero_pages(), "error", "pdf_corrupt")
    add(
        "pdf-flate-bomb.pdf",
        _pdf_with_content(_zlib_wrap(bomb.data, BOMB_BYTES)),
        "error",
        "decompression_bomb",
    )
    add("pdf-no-turns.pdf", pdf_ok, "no-turns")

    # File-system tricks.
    add("oversized-sparse-2mb.txt", _sparse(2 * MB), "error")
    if hasattr(os, "symlink"):
        outside = Path("/etc/passwd") if Path("/etc/passwd").is_file() else Path(os.devnull)
        add("symlink-outside.md", lambda p: p.symlink_to(outside), "error", "outside_inbox")
        add(
            "symlink-dangling.md",
            lambda p: p.symlink_to(directory / "does-not-exist.md"),
            "error",
            "not_found|broken_link",
        )

        loop_a, loop_b = directory / "symlink-loop-a.md", directory / "symlink-loop-b.md"
        add(loop_a.name, lambda p: p.symlink_to(loop_b), "error", "symlink_loop")
        add(loop_b.name, lambda p: p.symlink_to(loop_a), "error", "symlink_loop")
    add("folder.md", lambda p: p.mkdir(), "error", "is_directory")
    if hasattr(os, "mkfifo"):
        add("pipe.txt", lambda p: os.mkfifo(p), "error", "not_regular_file")
    add("bad\nname\x1b.txt", b"", "error", "empty_file")
    if include_large:
        add("genuine-50mb.txt", _large_text(50 * MB), "error", "too_large")
    return cases


def _sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return write


def _large_text(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        line = "○위원장 서상열  회의를 계속하겠습니다. 의사일정 제1항을 상정합니다.\n".encode()
        block = line * (MB // len(line))
        with path.open("wb") as handle:
            for _ in range(size // len(block)):
                handle.write(block)
            handle.write(block[: size % len(block)])

    return write
