"""Reading a posted form and an id from a path or query, for the team page and the console.

Forms are parsed here rather than by FastAPI's ``Form``, which needs python-multipart.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import Request

from followup.text import clean_text

MAX_FORM_BYTES = 64 * 1024  # a 2,000-character Korean note is about 18 KB percent-encoded
MAX_ID = 2**31 - 1  # the id columns are 32-bit integers on PostgreSQL
_MAX_DIGITS = len(str(MAX_ID))


class FormRefused(Exception):
    """The body is not a form we read; ``status`` is the HTTP status refusing it."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


async def read_form(
    request: Request, *, max_fields: int, max_bytes: int = MAX_FORM_BYTES
) -> dict[str, str]:
    """The URL-encoded form (first value of each field, its control characters cleaned
    away: :func:`followup.text.clean_text`); raises :class:`FormRefused` for
    another content type (415), a body over ``max_bytes`` (413) or more than ``max_fields``
    fields (400)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise FormRefused(415)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise FormRefused(413)
    try:
        pairs = parse_qsl(
            body.decode("latin-1"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="replace",
            max_num_fields=max_fields,
        )
    except ValueError:
        raise FormRefused(400) from None
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, clean_text(value))
    return form


def parse_number(value: str | None) -> int | None:
    """ASCII digits within the id columns' range (0 included), else None."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > _MAX_DIGITS:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def parse_id(value: str | None) -> int | None:
    """An id from the path or query: :func:`parse_number` above 0, else None."""
    number = parse_number(value)
    return number if number else None
