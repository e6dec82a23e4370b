"""Format readers: bytes of one minutes file -> text lines.

Each reader takes the whole file as ``bytes`` and returns text with ``"\\n"`` line
endings, or raises :class:`FormatError` with an error code. The public entry point,
:func:`followup.minutes.read.read_minutes_text`, picks the reader by content, adds the
file path and turns every failure into a ``MinutesError``.
"""

from __future__ import annotations

from typing import Any

from followup.errors import check_file_error


class FormatError(Exception):
    """A file that cannot be read as the format it claims to be: a code of
    :data:`followup.errors.FILE_ERRORS` and its plain arguments (no path), e.g.
    ``FormatError("zip_bomb", kind="DOCX", limit=104857600)``.
    """

    def __init__(self, code: str, **args: Any) -> None:
        check_file_error(code, args)
        self.code = code
        self.params = args
        super().__init__(code, args)
