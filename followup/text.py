"""Text a person typed, cleaned once wherever it comes in: the console's and the team page's
forms (``followup.web.forms``), the command line's arguments (``followup.cli.app``); and
stored text on its way into a document (the 조치결과 writers, the item exports).

A control character (NUL, a vertical tab, a unit separator, DEL, the C1 controls...) has no
place in a summary or a note: XML (DOCX, HWPX, XLSX) cannot hold most of them at all, so one
pasted from another program would break every document and mail that quotes the text. Line
breaks and tabs stay where the text may have lines; a vertical tab or form feed becomes a
line break there (a word processor's soft break), elsewhere a space.

Text compared rather than shown (titles, team names, an item's words in its natural key) is
squashed: no spaces or middle dots, as minutes spell the same words either way.
"""

from __future__ import annotations

import re

_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0 but tab and line feed, DEL, C1, and the two code points XML excludes (U+FFFE, U+FFFF).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str, *, lines: bool = True) -> str:
    """``value`` without control characters; with ``lines`` False, line breaks and tabs
    become spaces too."""
    value = _CONTROL.sub("", _BREAKS.sub("\n", value))
    return value if lines else value.replace("\n", " ").replace("\t", " ")


def squash(text: str) -> str:
    """``text`` without spaces and middle dots, for comparing what minutes space differently."""
    return re.sub(r"[\s·ㆍ・]", "", text)
