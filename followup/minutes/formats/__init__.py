"""Format readers: bytes of one minutes file -> text lines.

Each reader takes the whole file as ``bytes`` and returns text with ``"\\n"`` line
endings, or raises :class:`FormatError` with a short, one-line reason. The public
entry point, :func:`followup.minutes.read.read_minutes_text`, picks the reader by
content, adds the file path and turns every failure into a ``MinutesError``.
"""

from __future__ import annotations


class FormatError(Exception):
    """A file that cannot be read as the format it claims to be.

    ``reason`` is the short, user-facing explanation (no path), e.g.
    ``"DOCX unpacks to more than 100 MB (zip bomb?)"``.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
