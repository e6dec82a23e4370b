"""PDF with a text layer, read with PDFium (pypdfium2, which pdfplumber ships with).

Why PDFium and not pdfminer (pdfplumber's engine): pdfminer maps text in fonts
without a ``ToUnicode`` table through its bundled CMaps, which lose or garble
characters common in Korean minutes (``·`` and ``※`` in the standard
HYSMyeongJo CID font, for one), while PDFium maps them correctly. PDFium is
also far faster, and well fuzzed against hostile files. Its calls are not
thread-safe, so they run under one process-wide lock.

Per page, characters come in content order with PDFium's own line breaks; each
visual line becomes one output line. Then:

* running headers and footers are dropped: a line in the top or bottom 12% of
  the page whose text (digits ignored) recurs there on most pages (every page
  when there are at most three);
* page-number lines in those zones are dropped (``- 3 -``, ``3``, ``3 / 12``,
  ``페이지 3``, ``3쪽``, ``Page 3 of 12``, ``(3)``);
* a blank line is put where the distance between two lines on a page is more
  than 1.4 times the document's usual (median) line pitch: a paragraph break.

Before PDFium sees the file, every zlib-compressed non-image stream is
test-inflated with a bounded decompressor, nested zlib layers included, so that
a decompression bomb is refused instead of exhausting memory.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from followup.minutes.formats import FormatError
from followup.minutes.formats.safety import inflated_size, looks_like_zlib

MAX_PAGES = 2000
_ZONE = 0.12
_PARAGRAPH_GAP = 1.4
_LOCK = threading.Lock()

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—]?\s*\d{1,4}\s*[-–—]?
      | \d{1,4}\s*/\s*\d{1,4}
      | (?:페이지|page|p\.?)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?
      | \d{1,4}\s*(?:쪽|페이지|면)(?:\s*/\s*\d{1,4}\s*(?:쪽|페이지|면)?)?
      | \d{1,4}\s*of\s*\d{1,4}
      | [(\[]\s*\d{1,4}\s*[)\]]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass
class _Line:
    text: str
    top: float
    bottom: float


@dataclass
class _Page:
    lines: list[_Line]
    top: float
    bottom: float

    def in_zone(self, line: _Line) -> bool:
        zone = (self.top - self.bottom) * _ZONE
        return line.top >= self.top - zone or line.bottom <= self.bottom + zone


def pdf_text(data: bytes, *, max_unpacked_bytes: int) -> str:
    """Text of a PDF file; see the module docstring for what is kept and dropped."""
    check_streams(data, max_unpacked_bytes)
    with _LOCK:
        pages = _extract(data)
    if not any(page.lines for page in pages):
        raise FormatError("pdf_no_text_layer")
    _drop_furniture(pages)
    return _render(pages)


def check_streams(data: bytes, max_unpacked_bytes: int) -> None:
    """Refuse a PDF whose compressed (non-image) streams unpack beyond the limit."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if not looks_like_zlib(data[start : start + 2]):
            continue
        before = data[max(0, match.start() - 2048) : match.start()]
        if b"/Image" in before.rpartition(b"obj")[2]:
            continue  # images are not decoded to extract text
        stop = data.find(b"endstream", start)
        segment = data[start : stop if stop >= 0 else len(data)]
        for _ in range(4):  # the stream and up to three nested zlib layers
            size, segment = inflated_size(segment, max_unpacked_bytes - total)
            total += size
            if total > max_unpacked_bytes:
                raise FormatError("decompression_bomb", kind="PDF", limit=max_unpacked_bytes)
            if not segment:
                break


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise FormatError("pdf_encrypted") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise FormatError("pdf_security_handler") from exc
        raise FormatError("pdf_corrupt") from exc


def _extract(data: bytes) -> list[_Page]:
    pdf = _open(data)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise FormatError("pdf_too_many_pages", count=count, limit=MAX_PAGES)
        pages: list[_Page] = []
        for index in range(count):
            try:
                page = pdf[index]
                try:
                    pages.append(_page(page))
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise FormatError("pdf_page_corrupt", page=index + 1) from exc
        return pages
    finally:
        pdf.close()


def _page(page: pdfium.PdfPage) -> _Page:
    _left, bottom, _right, top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        x, y = ctypes.c_double(), ctypes.c_double()
        lines: list[_Line] = []
        chars: list[str] = []
        baseline: float | None = None
        size = 0.0

        def flush() -> None:
            nonlocal baseline, size
            text = _join(chars)
            chars.clear()
            if text.strip() and baseline is not None:
                # Tight glyph boxes are unreliable for substituted (non-embedded) fonts;
                # the baseline and the font size are not.
                lines.append(_Line(text.rstrip(), baseline + 0.8 * size, baseline - 0.2 * size))
            baseline, size = None, 0.0

        for i in range(max(0, n)):
            cp = pdfium_c.FPDFText_GetUnicode(raw, i)
            if cp in (0x0A, 0x0D):
                flush()
                continue
            if cp == 0x09:
                cp = 0x20
            if cp < 0x20 or 0xFFFE <= cp <= 0xFFFF or cp > 0x10FFFF:
                continue
            chars.append(chr(cp))
            if (
                baseline is None
                and cp != 0x20
                and not pdfium_c.FPDFText_IsGenerated(raw, i)
                and pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
            ):
                baseline = y.value
                size = max(0.0, pdfium_c.FPDFText_GetFontSize(raw, i))
        flush()
        return _Page(lines, top, bottom)
    finally:
        textpage.close()


def _join(chars: list[str]) -> str:
    text = "".join(chars)
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # UTF-16 halves: pair them up
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _key(text: str) -> str:
    return re.sub(r"\d+", "0", "".join(text.split()))


def _drop_furniture(pages: list[_Page]) -> None:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(line.text) for line in page.lines if page.in_zone(line)})
    n = len(pages)
    needed = n if n <= 3 else math.ceil(0.6 * n)
    repeated = {key for key, count in counts.items() if count >= needed} if n >= 2 else set()
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (
                page.in_zone(line)
                and (_key(line.text) in repeated or _PAGE_NUMBER.match(line.text.strip()))
            )
        ]


def _render(pages: list[_Page]) -> str:
    pitches = [
        earlier.top - later.top
        for page in pages
        for earlier, later in zip(page.lines, page.lines[1:], strict=False)
        if earlier.top > later.top
    ]
    pitch = statistics.median(pitches) if pitches else 0.0
    out: list[str] = []
    for page in pages:
        previous: _Line | None = None
        for line in page.lines:
            if previous is not None and pitch and previous.top - line.top > _PARAGRAPH_GAP * pitch:
                out.append("")
            out.append(line.text)
            previous = line
    return "\n".join(out)
