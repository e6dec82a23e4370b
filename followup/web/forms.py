"""Reading a posted form and an id from a path or query, for the team page and the console,
and the console's one multipart form, a minutes file with its approval (:func:`read_upload`).

Forms are parsed here rather than by FastAPI's ``Form``: with limits on the fields, and the
uploaded file streamed straight into the folder it is kept in, never past its size limit.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

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


@dataclass
class Upload:
    """A posted multipart form: its fields (first value of each) and its one file, as sent
    (``filename``, ``size``) and kept (``content``: a hidden file in the folder it was read
    into; None when no file was sent or it went over the size limit)."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    size: int = 0
    content: Path | None = None

    def discard(self) -> None:
        """Remove the kept content (when the upload is refused or done with)."""
        if self.content is not None:
            self.content.unlink(missing_ok=True)
            self.content = None


class _Parts:
    """python-multipart's callbacks: fields into a dict (at most ``max_fields``, their text
    within :data:`MAX_FORM_BYTES` together), the part ``name`` that carries a file into a
    hidden file of ``folder``, written up to ``max_file_bytes`` and only counted after."""

    def __init__(self, folder: Path, name: str, max_file_bytes: int, max_fields: int) -> None:
        self.folder, self.name, self.max_file_bytes = folder, name, max_file_bytes
        self.max_fields, self.upload = max_fields, Upload()
        self.header, self.value, self.headers = b"", b"", dict[bytes, bytes]()
        self.part, self.data, self.text_bytes, self.parts = "", bytearray(), 0, 0
        self.handle: IO[bytes] | None = None
        self.in_file = False

    def on_part_begin(self) -> None:
        self.headers, self.data, self.in_file = {}, bytearray(), False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header.lower()] = self.value
        self.header, self.value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition"))
        self.parts += 1
        if b"name" not in options or self.parts > self.max_fields:
            raise FormRefused(400)
        self.part = options[b"name"].decode("utf-8", errors="replace")
        self.in_file = b"filename" in options
        if self.in_file and self.part == self.name and self.upload.filename is None:
            self.upload.filename = options[b"filename"].decode("utf-8", errors="replace")
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, path = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=self.folder)
            self.upload.content, self.handle = Path(path), os.fdopen(fd, "wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self.in_file:
            self.text_bytes += end - start
            if self.text_bytes > MAX_FORM_BYTES:
                raise FormRefused(413)
            self.data += data[start:end]
        elif self.handle is not None:
            self.upload.size += end - start
            if self.upload.size <= self.max_file_bytes:
                self.handle.write(data[start:end])

    def on_part_end(self) -> None:
        if not self.in_file:
            self.upload.fields.setdefault(self.part, self.data.decode("utf-8", errors="replace"))
        self.close()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


async def read_upload(
    request: Request, *, folder: Path, name: str, max_file_bytes: int, max_fields: int
) -> Upload:
    """The posted multipart form whose part ``name`` is a file, kept in ``folder`` when it is
    within ``max_file_bytes`` (else only its name and size). Raises :class:`FormRefused` for
    another content type (415), a malformed body (400), or a body over four times the limit
    and a little (413: past that the rest is not even read)."""
    kind, options = parse_options_header(request.headers.get("content-type"))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise FormRefused(415)
    max_body = 4 * max_file_bytes + MAX_FORM_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise FormRefused(413)
    parts = _Parts(folder, name, max_file_bytes, max_fields)
    callbacks = {
        key: getattr(parts, key)
        for key in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
            "on_part_end",
        )
    }
    parser = MultipartParser(options[b"boundary"], callbacks)  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_body:
                raise FormRefused(413)
            parser.write(chunk)
        parser.finalize()
        parts.close()
    except FormParserError:
        parts.close()
        parts.upload.discard()
        raise FormRefused(400) from None
    except BaseException:
        parts.close()
        parts.upload.discard()
        raise
    return _kept(parts.upload, max_file_bytes)


def _kept(upload: Upload, max_file_bytes: int) -> Upload:
    """No file when none was chosen (a browser sends an empty name); no content past the
    limit."""
    if not upload.filename:
        upload.discard()
        upload.filename, upload.size = None, 0
    elif upload.size > max_file_bytes:
        upload.discard()
    return upload
