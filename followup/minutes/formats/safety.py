"""Guards shared by the container formats: ZIP limits, bounded inflation, safe XML.

Everything here treats its input as hostile: sizes are checked before anything is
unpacked, decompression is bounded, and XML is parsed without DTDs, entity
expansion or network access.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from lxml import etree

from followup.minutes.formats import FormatError

_CHUNK = 1024 * 1024


class Budget:
    """A running total of unpacked bytes that must stay under a limit."""

    def __init__(self, limit: int, kind: str, code: str = "zip_bomb") -> None:
        self.limit = limit
        self.kind = kind
        self.code = code
        self.used = 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise FormatError(self.code, kind=self.kind, limit=self.limit)


def inflate(data: bytes, budget: Budget, *, raw: bool = False, corrupt: FormatError) -> bytes:
    """Decompress ``data`` (zlib stream, or raw deflate with ``raw``) within ``budget``.

    Raises :class:`FormatError`: the budget's code when the output would exceed
    it, ``corrupt`` when the stream is corrupt or truncated.
    """
    d = zlib.decompressobj(-15 if raw else 15)
    out: list[bytes] = []
    pending = data
    try:
        while True:
            chunk = d.decompress(pending, _CHUNK)
            budget.spend(len(chunk))
            out.append(chunk)
            pending = d.unconsumed_tail
            if d.eof or (not pending and len(chunk) < _CHUNK):
                break
    except zlib.error as exc:
        raise corrupt from exc
    if not d.eof:
        raise corrupt
    return b"".join(out)


def looks_like_zlib(data: bytes) -> bool:
    """True when ``data`` starts with a valid zlib header (deflate, checksum ok)."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def inflated_size(data: bytes, budget: int) -> tuple[int, bytes]:
    """Size of a zlib stream's output, counting at most about ``budget`` bytes.

    Returns the size and, when the output itself looks like a zlib stream (nested
    compression), the output so the caller can probe it again; otherwise ``b""``.
    Corrupt data simply ends the count: this is a size probe, not a decoder.
    """
    d = zlib.decompressobj()
    produced = 0
    kept: list[bytes] = []
    keep = False
    pending = data
    try:
        while produced <= budget:
            chunk = d.decompress(pending, _CHUNK)
            if produced == 0:
                keep = looks_like_zlib(chunk)
            if keep:
                kept.append(chunk)
            produced += len(chunk)
            pending = d.unconsumed_tail
            if d.eof or (not pending and len(chunk) < _CHUNK):
                break
    except zlib.error:
        pass
    return produced, b"".join(kept)


def open_zip(
    data: bytes, kind: str, *, max_unpacked_bytes: int, max_members: int
) -> zipfile.ZipFile:
    """Open a ZIP container after checking member count, sizes, methods and encryption.

    Declared sizes are not enough: ``zipfile`` returns at most the declared size
    of a member, but ``ZipFile.read`` inflates the whole compressed stream first,
    so a member that lies about its size could still take gigabytes of memory.
    Every member is therefore test-inflated here, in bounded chunks, and refused
    if it unpacks to more than it declares. After this, reading any member
    (by python-docx or by us) is bounded by ``max_unpacked_bytes`` in total.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise FormatError("corrupt_zip") from exc
    if len(infos) > max_members:
        raise FormatError("too_many_members", kind=kind, count=len(infos), limit=max_members)
    total = sum(info.file_size for info in infos)
    if total > max_unpacked_bytes:
        raise FormatError("zip_bomb", kind=kind, limit=max_unpacked_bytes)
    if any(info.flag_bits & 0x1 for info in infos):
        raise FormatError("password_protected", kind=kind)
    for info in infos:
        _check_member(data, info, kind)
    return zf


def _check_member(data: bytes, info: zipfile.ZipInfo, kind: str) -> None:
    """Make sure a member's stored bytes unpack to exactly its declared size."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise FormatError("zip_method", kind=kind)
    offset = info.header_offset
    if offset < 0 or offset + 30 > len(data) or data[offset : offset + 4] != b"PK\x03\x04":
        raise FormatError("corrupt_zip")
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    stored = data[start : start + info.compress_size]
    if len(stored) < info.compress_size:
        raise FormatError("corrupt_zip")
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise FormatError("corrupt_zip")
        return
    d = zlib.decompressobj(-15)
    produced = 0
    pending = stored
    try:
        while True:
            chunk = d.decompress(pending, _CHUNK)
            produced += len(chunk)
            if produced > info.file_size:
                raise FormatError("member_too_large", kind=kind, member=printable(info.filename))
            pending = d.unconsumed_tail
            if d.eof or (not pending and len(chunk) < _CHUNK):
                break
    except zlib.error as exc:
        raise FormatError("corrupt_zip") from exc
    if not d.eof or produced != info.file_size:
        raise FormatError("corrupt_zip")


def read_member(zf: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """Read one member, turning every ZIP-level failure into :class:`FormatError`."""
    try:
        return zf.read(name)
    except KeyError as exc:
        raise FormatError("missing_part", kind=kind, member=printable(name)) from exc
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise FormatError("corrupt_zip", kind=kind, member=printable(name)) from exc
    except RuntimeError as exc:  # e.g. "File is encrypted, password required"
        raise FormatError("member_unreadable", kind=kind, member=printable(name)) from exc


def parse_xml(data: bytes, kind: str, member: str = "") -> etree._Element:
    """Parse untrusted XML: no DTD loading, no entity expansion, no network, no huge trees."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FormatError("bad_xml", kind=kind, member=member) from exc
    if root is None:
        raise FormatError("bad_xml", kind=kind, member=member)
    return root


def printable(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters, anything unprintable shown as ``?``."""
    return "".join(ch if ch.isprintable() else "?" for ch in text[:limit])


def local_name(element: etree._Element) -> str:
    """The tag without its namespace; ``""`` for comments, PIs and entity nodes."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
