"""The errors a user sees: each names the file and the problem in one line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

_UNSHOWABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def display_path(path: Path | str) -> str:
    """``path`` as shown in messages: control, format and separator characters and
    undecodable bytes (lone surrogates) escaped, so the message stays one printable line."""
    return "".join(
        ch if unicodedata.category(ch) not in _UNSHOWABLE else f"\\u{ord(ch):04x}"
        for ch in str(path)
    )


class FollowupError(Exception):
    """Base class for errors shown to the user as a single line."""


class MinutesError(FollowupError):
    """A minutes file that cannot be read or parsed.

    ``str(err)`` is the one-line message recorded on the minutes-file row,
    e.g. ``minutes/a.txt: not valid text in UTF-8, UTF-16, EUC-KR or CP949``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = display_path(path)
        self.reason = " ".join(reason.split())
        super().__init__(f"{self.path}: {self.reason}")


class CommitteeError(FollowupError):
    """A committee file with a missing, unknown or malformed key."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = " ".join(reason.split())
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {self.reason}")
