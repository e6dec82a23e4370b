"""Reading a minutes file safely: bytes on disk -> text lines, for every format.

:func:`read_minutes_text` is the only entry point. It checks the path (inside the
inbox, a regular file, not empty, under the size limit), reads the bytes once,
recognises the format by content (magic bytes and ZIP member names, never by
extension alone), hands the bytes to the reader in :mod:`followup.minutes.formats`
and normalises the result. Every failure becomes a :class:`MinutesError` with an
error code and plain arguments (shown as ``"<file name>: <Korean reason>"`` on one
line); no other exception escapes (``KeyboardInterrupt`` and ``SystemExit`` aside).
The path it keeps is :func:`display_path`: control characters in file names are escaped.

Formats:

* text (``.txt``, ``.md``, anything else that decodes): UTF-8 (with or without
  BOM), UTF-16/32 with BOM, UTF-16 without BOM, CP949/EUC-KR, and files mixing
  UTF-8 and CP949 lines (decoded line by line, nothing lost); see
  :mod:`followup.minutes.formats.text`. Lines are kept as they are, so line
  numbers match the file;
* DOCX, HWPX (ZIP containers; zip-bomb and member-count limits are checked
  before anything is unpacked), HWP 5 (OLE) and PDF with a text layer: one line
  per paragraph or visual line, blank lines between paragraphs, ``#`` marks on
  headings, table rows as tab-separated cells.

Normalisation of every result: ``\\r\\n`` and ``\\r`` become ``\\n``, and so do
the other characters Python's ``str.splitlines`` treats as line breaks (VT, FF,
NEL, U+2028, U+2029), so ``split("\\n")`` and ``splitlines()`` agree; other
control characters, BOMs and zero-width no-break characters are removed;
trailing whitespace is stripped from each line; the text is NFC-normalised
(Hangul typed on macOS arrives decomposed) and ends with one ``\\n``. Documents
that are not plain text also lose runs of blank lines beyond one.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from followup.errors import MinutesError, display_path
from followup.minutes.formats import FormatError

__all__ = ["ReadLimits", "display_path", "read_minutes_text"]


@dataclass(frozen=True)
class ReadLimits:
    """Limits applied to every file before and while it is read."""

    max_bytes: int = 20 * 1024 * 1024  # file size limit (settings will pass it)
    max_unpacked_bytes: int = 100 * 1024 * 1024  # total uncompressed size inside a container
    max_zip_members: int = 10_000


ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
# Names that promise a binary format: content read as neither that nor text is reported as a
# broken file of that format, not as text in an unknown encoding.
CLAIMED_FORMATS = {".docx": "DOCX", ".hwpx": "HWPX", ".hwp": "HWP", ".pdf": "PDF", ".doc": "DOC"}

# Formats recognised only to refuse them: the error code and its arguments.
_REFUSED: tuple[tuple[bytes, str, dict[str, str]], ...] = (
    (b"HWP Document File V3", "hwp3_unsupported", {}),
    (b"{\\rtf", "rtf_unsupported", {}),
    (b"\x89PNG\r\n\x1a\n", "image_file", {"kind": "PNG"}),
    (b"\xff\xd8\xff", "image_file", {"kind": "JPEG"}),
    (b"GIF87a", "image_file", {"kind": "GIF"}),
    (b"GIF89a", "image_file", {"kind": "GIF"}),
    (b"II*\x00", "image_file", {"kind": "TIFF"}),
    (b"MM\x00*", "image_file", {"kind": "TIFF"}),
    (b"\x1f\x8b", "compressed_file", {"kind": "gzip"}),
    (b"7z\xbc\xaf\x27\x1c", "compressed_file", {"kind": "7-Zip"}),
    (b"Rar!\x1a\x07", "compressed_file", {"kind": "RAR"}),
    (b"\xfd7zXZ\x00", "compressed_file", {"kind": "xz"}),
    (b"\x7fELF", "executable_file", {}),
)

# Line breaks other than LF that str.splitlines() honours.
_BREAKS = re.compile("\r\n|[\r\v\f\x85\u2028\u2029]")
# Controls (other than tab and LF), BOM / zero-width no-break space, non-characters.
_STRIP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u2060\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


# What an empty document is, per format: (code, args).
_EMPTY: dict[str, tuple[str, dict[str, str]]] = {
    "text": ("whitespace_only", {}),
    "DOCX": ("no_text", {"kind": "DOCX"}),
    "HWPX": ("no_text", {"kind": "HWPX"}),
    "HWP": ("no_text", {"kind": "HWP 5"}),
    "PDF": ("pdf_no_text_layer", {}),
}


def read_minutes_text(
    path: Path, *, limits: ReadLimits = ReadLimits(), root: Path | None = None
) -> str:
    """Read the minutes file at ``path`` as text with ``"\\n"`` line endings.

    With ``root`` (the inbox), a path that resolves outside it (a symlink, ``..``)
    is refused. Raises :class:`MinutesError` for any unreadable or unsuitable file.
    """
    shown = display_path(path)
    try:
        data = _read_bytes(path, shown, limits, root)
        kind, reader = _detect(data)
        text = reader(data, limits)
        return _normalise(text, kind)
    except FormatError as exc:
        claimed = CLAIMED_FORMATS.get(Path(str(path)).suffix.lower())
        if claimed and exc.code == "bad_encoding":  # e.g. random bytes named .docx
            raise MinutesError(shown, "not_that_format", kind=claimed) from exc
        raise MinutesError(shown, exc.code, **exc.params) from exc
    except MinutesError:
        raise
    except MemoryError as exc:
        raise MinutesError(shown, "too_complex") from exc
    except RecursionError as exc:
        raise MinutesError(shown, "nested_too_deeply") from exc
    except Exception as exc:  # a reader library failed in an unforeseen way
        raise MinutesError(shown, "unreadable", error=type(exc).__name__) from exc


def _read_bytes(path: Path, shown: str, limits: ReadLimits, root: Path | None) -> bytes:
    try:
        target = Path(os.path.realpath(path))
    except (OSError, RuntimeError, ValueError) as exc:  # e.g. a symlink loop
        raise MinutesError(shown, "symlink_loop") from exc
    if root is not None:
        try:
            inbox = Path(os.path.realpath(root))
        except (OSError, RuntimeError, ValueError) as exc:
            raise MinutesError(shown, "inbox_unresolvable") from exc
        if not target.is_relative_to(inbox):
            raise MinutesError(shown, "outside_inbox")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags)
    except FileNotFoundError as exc:
        raise MinutesError(shown, "not_found") from exc
    except IsADirectoryError as exc:
        raise MinutesError(shown, "is_directory") from exc
    except PermissionError as exc:
        raise MinutesError(shown, "permission_denied") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MinutesError(shown, "symlink_loop") from exc
        raise MinutesError(shown, "cannot_open", error=exc.strerror or type(exc).__name__) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise MinutesError(shown, "is_directory")
        if not stat.S_ISREG(info.st_mode):
            raise MinutesError(shown, "not_regular_file")
        if info.st_size == 0:
            raise MinutesError(shown, "empty_file")
        if info.st_size > limits.max_bytes:
            raise MinutesError(shown, "too_large", size=info.st_size, limit=limits.max_bytes)
        chunks: list[bytes] = []
        size = 0
        while True:  # read at most max_bytes + 1, whatever the file does meanwhile
            chunk = os.read(fd, min(1024 * 1024, limits.max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limits.max_bytes:
                raise MinutesError(shown, "still_growing", limit=limits.max_bytes)
    except OSError as exc:
        raise MinutesError(shown, "cannot_read", error=exc.strerror or type(exc).__name__) from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if not data:
        raise MinutesError(shown, "empty_file")
    return data


Reader = Callable[[bytes, ReadLimits], str]


def _detect(data: bytes) -> tuple[str, Reader]:
    """The format of ``data`` by content, and the reader for it."""
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return "HWP", _read_hwp
    if PDF_MAGIC in data[:1024]:  # the header may follow some junk, as readers allow
        return "PDF", _read_pdf
    for magic, code, args in _REFUSED:
        if data.startswith(magic):
            raise FormatError(code, **args)
    return "text", _read_text


def _zip_kind(data: bytes) -> tuple[str, Reader]:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception as exc:  # any failure here means a broken archive
        raise FormatError("corrupt_zip") from exc
    lowered = {name.lower() for name in names}
    if any(n.startswith("word/") for n in lowered):
        return "DOCX", _read_docx
    if any(n.startswith("contents/section") for n in lowered) or "contents/content.hpf" in lowered:
        return "HWPX", _read_hwpx
    if data[30:38] == b"mimetype" and b"application/hwp+zip" in data[38:120]:
        return "HWPX", _read_hwpx
    for prefix, name in (("xl/", "XLSX"), ("ppt/", "PPTX")):
        if any(n.startswith(prefix) for n in lowered):
            raise FormatError("office_unsupported", kind=name)
    if "mimetype" in lowered or "content.xml" in lowered:
        raise FormatError("opendocument_unsupported")
    raise FormatError("zip_not_document")


def _read_text(data: bytes, limits: ReadLimits) -> str:
    from followup.minutes.formats.text import decode_text

    return decode_text(data)


def _read_docx(data: bytes, limits: ReadLimits) -> str:
    from followup.minutes.formats.docx import docx_text

    return docx_text(
        data, max_unpacked_bytes=limits.max_unpacked_bytes, max_members=limits.max_zip_members
    )


def _read_hwpx(data: bytes, limits: ReadLimits) -> str:
    from followup.minutes.formats.hwpx import hwpx_text

    return hwpx_text(
        data, max_unpacked_bytes=limits.max_unpacked_bytes, max_members=limits.max_zip_members
    )


def _read_hwp(data: bytes, limits: ReadLimits) -> str:
    from followup.minutes.formats.hwp import hwp5_text

    return hwp5_text(data, max_unpacked_bytes=limits.max_unpacked_bytes)


def _read_pdf(data: bytes, limits: ReadLimits) -> str:
    from followup.minutes.formats.pdf import pdf_text

    return pdf_text(data, max_unpacked_bytes=limits.max_unpacked_bytes)


def _normalise(text: str, kind: str) -> str:
    text = _BREAKS.sub("\n", text)
    text = _STRIP.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    if kind != "text":
        text = _BLANK_RUNS.sub("\n\n", text).lstrip("\n")
    text = text.rstrip("\n")
    if not text.strip():
        code, args = _EMPTY[kind]
        raise FormatError(code, **args)
    return text + "\n"
