"""Plain text (.txt, .md): encoding detection and decoding.

The cascade is strict and deterministic (no statistical guessing):

1. a byte-order mark decides: UTF-8, UTF-16 LE/BE or UTF-32 LE/BE;
2. without a BOM, UTF-16 is tried only when NUL bytes sit almost all on odd
   (LE) or even (BE) offsets, and kept only if it decodes to plausible text;
3. UTF-8 strict, then CP949 strict (a superset of EUC-KR) for the whole file;
4. mixed files (some lines UTF-8, some CP949, as happens when minutes are pasted
   together) are decoded line by line, each line UTF-8 first and CP949 second,
   so nothing is lost. A line that is neither is kept with U+FFFD replacement
   characters, but only when such lines are at most 1% of the non-blank lines;
   otherwise the file is rejected as not text.

The result must not be mostly control characters: text with more than 1% C0/C1
control characters (other than tab and line breaks) is rejected as binary.
"""

from __future__ import annotations

import codecs
import re

from followup.minutes.formats import FormatError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Control characters that never belong in minutes text (tab, LF, VT, FF, CR and
# the DOS end-of-file mark SUB are tolerated; NEL counts as junk).
_JUNK = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")

# Characters plausible in Korean minutes: ASCII, Latin-1 punctuation, Hangul
# (jamo, compatibility jamo, syllables), CJK ideographs, general and CJK
# punctuation, enclosed alphanumerics, full-width forms.
_PLAUSIBLE = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u1100-\u11ff\u2000-\u27ff\u3000-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)


def junk_ratio(text: str) -> float:
    """Share of control characters (other than tab and line breaks) in ``text``."""
    if not text:
        return 0.0
    return _JUNK.subn("", text)[1] / len(text)


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes; raise :class:`FormatError` when it is not text."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8":
                return _check_junk(_decode_8bit(body))
            try:
                return _check_junk(body.decode(codec))
            except UnicodeDecodeError as exc:
                raise FormatError("bom_mismatch", encoding=name) from exc
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    nuls = data.count(0)
    if nuls * 100 > len(data):  # a quick verdict before decoding megabytes of binary
        raise FormatError("binary_nul", percent=round(100 * nuls / len(data)))
    return _check_junk(_decode_8bit(data))


def _check_junk(text: str) -> str:
    ratio = junk_ratio(text)
    if ratio > 0.01:
        raise FormatError("binary_control", percent=round(100 * ratio))
    return text


def _decode_8bit(data: bytes) -> str:
    for codec in ("utf-8", "cp949"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return _decode_by_line(data)


def _decode_by_line(data: bytes) -> str:
    """Decode each line on its own (UTF-8, else CP949); see the module docstring."""
    out: list[str] = []
    bad = 0
    nonblank = 0
    for raw in data.split(b"\n"):  # 0x0A never occurs inside a CP949 or UTF-8 sequence
        if raw.strip():
            nonblank += 1
        for codec in ("utf-8", "cp949"):
            try:
                out.append(raw.decode(codec))
                break
            except UnicodeDecodeError:
                pass
        else:
            bad += 1
            out.append(raw.decode("utf-8", errors="replace"))
    if bad * 100 > nonblank:
        raise FormatError("bad_encoding")
    return "\n".join(out)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by where its NUL bytes fall."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls >= max(2, half // 50) and odd_nuls > 4 * even_nuls:
        codec = "utf-16-le"
    elif even_nuls >= max(2, half // 50) and even_nuls > 4 * odd_nuls:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if junk_ratio(text) > 0.01 or _PLAUSIBLE.subn("", text)[1] < 0.9 * len(text):
        return None
    return text
