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

MB = 1024 * 1024
_CHUNK = 1024 * 1024


def human_size(n: int) -> str:
    """A measured size with one decimal: ``52.4 MB``, ``3.0 KB``, ``12 bytes``."""
    if n >= MB // 10:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def limit_size(n: int) -> str:
    """A configured limit without needless decimals: ``20 MB``, ``1.5 MB``, ``64 KB``."""
    if n >= MB // 10:
        return f"{n / MB:.1f}".removesuffix(".0") + " MB"
    if n >= 1024:
        return f"{n / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n} bytes"


class Budget:
    """A running total of unpacked bytes that must stay under a limit."""

    def __init__(self, limit: int, kind: str, hint: str = "zip bomb?") -> None:
        self.limit = limit
        self.kind = kind
        self.hint = hint
        self.used = 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            limit = limit_size(self.limit)
            raise FormatError(f"{self.kind} unpacks to more than {limit} ({self.hint})")


def inflate(data: bytes, budget: Budget, *, raw: bool = False, corrupt: str) -> bytes:
    """Decompress ``data`` (zlib stream, or raw deflate with ``raw``) within ``budget``.

    Raises :class:`FormatError`: the budget's reason when the output would exceed
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
        raise FormatError(corrupt) from exc
    if not d.eof:
        raise FormatError(corrupt)
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
        raise FormatError("truncated or corrupt ZIP archive") from exc
    if len(infos) > max_members:
        raise FormatError(
            f"{kind} has {len(infos):,} ZIP members, over the limit of {max_members:,} (zip bomb?)"
        )
    total = sum(info.file_size for info in infos)
    if total > max_unpacked_bytes:
        limit = limit_size(max_unpacked_bytes)
        raise FormatError(f"{kind} unpacks to more than {limit} (zip bomb?)")
    if any(info.flag_bits & 0x1 for info in infos):
        raise FormatError(f"{kind} is password-protected")
    for info in infos:
        _check_member(data, info, kind)
    return zf


def _check_member(data: bytes, info: zipfile.ZipInfo, kind: str) -> None:
    """Make sure a member's stored bytes unpack to exactly its declared size."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise FormatError(f"{kind} uses an unsupported ZIP compression method")
    offset = info.header_offset
    if offset < 0 or offset + 30 > len(data) or data[offset : offset + 4] != b"PK\x03\x04":
        raise FormatError("truncated or corrupt ZIP archive")
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    stored = data[start : start + info.compress_size]
    if len(stored) < info.compress_size:
        raise FormatError("truncated or corrupt ZIP archive")
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise FormatError("truncated or corrupt ZIP archive")
        return
    d = zlib.decompressobj(-15)
    produced = 0
    pending = stored
    try:
        while True:
            chunk = d.decompress(pending, _CHUNK)
            produced += len(chunk)
            if produced > info.file_size:
                raise FormatError(
                    f"{kind} member {printable(info.filename)} unpacks to more than its "
                    "declared size (corrupt, or a zip bomb)"
                )
            pending = d.unconsumed_tail
            if d.eof or (not pending and len(chunk) < _CHUNK):
                break
    except zlib.error as exc:
        raise FormatError("truncated or corrupt ZIP archive") from exc
    if not d.eof or produced != info.file_size:
        raise FormatError("truncated or corrupt ZIP archive")


def read_member(zf: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """Read one member, turning every ZIP-level failure into :class:`FormatError`."""
    try:
        return zf.read(name)
    except KeyError as exc:
        raise FormatError(f"{kind} is missing {printable(name)}") from exc
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise FormatError(f"truncated or corrupt ZIP archive ({kind} {printable(name)})") from exc
    except RuntimeError as exc:  # e.g. "File is encrypted, password required"
        raise FormatError(f"{kind} {printable(name)} cannot be read") from exc


def parse_xml(data: bytes, what: str) -> etree._Element:
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
        raise FormatError(f"{what} is not well-formed XML") from exc
    if root is None:
        raise FormatError(f"{what} is not well-formed XML")
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
