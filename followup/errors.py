"""The errors a user sees: each names the file and the problem in one line."""

from __future__ import annotations

from pathlib import Path


class FollowupError(Exception):
    """Base class for errors shown to the user as a single line."""


class MinutesError(FollowupError):
    """A minutes file that cannot be read or parsed.

    ``str(err)`` is the one-line message recorded on the minutes-file row,
    e.g. ``minutes/a.txt: not valid text in UTF-8, UTF-16, EUC-KR or CP949``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
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
