"""The errors a user sees: each names the file and the problem in one line.

A file error is a code with plain arguments (sizes in bytes, kinds, names), never prose:
the row stores it as compact JSON and :func:`describe_file_error` renders it in Korean from
``templates/errors/minutes.j2``. :data:`FILE_ERRORS` is the registry of every code and
the arguments it takes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Any

_UNSHOWABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

# code -> the names of its arguments (all optional for the template; none other allowed)
FILE_ERRORS: dict[str, tuple[str, ...]] = {
    # the path and the bytes on disk
    "not_found": (),
    "broken_link": (),
    "symlink_loop": (),
    "inbox_unresolvable": (),
    "outside_inbox": (),
    "is_directory": (),
    "not_regular_file": (),
    "permission_denied": (),
    "cannot_open": ("error",),
    "cannot_read": ("error",),
    "empty_file": (),
    "too_large": ("size", "limit"),
    "still_growing": ("limit",),
    "too_complex": (),
    "nested_too_deeply": (),
    "unreadable": ("error",),
    # formats recognised only to be refused
    "hwp3_unsupported": (),
    "rtf_unsupported": (),
    "image_file": ("kind",),
    "compressed_file": ("kind",),
    "executable_file": (),
    "office_unsupported": ("kind",),
    "opendocument_unsupported": (),
    "word_doc_unsupported": (),
    "unsupported_type": ("suffix",),  # a name the console's upload does not take
    # text
    "bom_mismatch": ("encoding",),
    "binary_nul": ("percent",),
    "binary_control": ("percent",),
    "bad_encoding": (),
    "not_that_format": ("kind",),
    "whitespace_only": (),
    "no_text": ("kind",),
    # ZIP containers (DOCX, HWPX)
    "corrupt_zip": ("kind", "member"),
    "zip_not_document": (),
    "too_many_members": ("kind", "count", "limit"),
    "zip_bomb": ("kind", "limit"),
    "password_protected": ("kind",),
    "zip_method": ("kind",),
    "member_too_large": ("kind", "member"),
    "missing_part": ("kind", "member"),
    "member_unreadable": ("kind", "member"),
    "bad_xml": ("kind", "member"),
    "incomplete_package": ("kind",),
    "not_word": (),
    "corrupt_structure": ("kind",),
    "no_body": ("kind",),
    "hwpx_no_sections": (),
    # HWP 5 (OLE)
    "ole_corrupt": (),
    "not_hwp5": (),
    "hwp_password": (),
    "hwp_distribution": (),
    "hwp_no_body": (),
    "hwp_corrupt_stream": ("stream",),
    "hwp_truncated_record": (),
    "hwp_record_overrun": (),
    "hwp_nested_records": (),
    "decompression_bomb": ("kind", "limit"),
    # PDF
    "pdf_no_text_layer": (),
    "pdf_encrypted": (),
    "pdf_security_handler": (),
    "pdf_corrupt": (),
    "pdf_too_many_pages": ("count", "limit"),
    "pdf_page_corrupt": ("page",),
    # the text read, but it is not minutes we can use
    "no_speaker_turns": (),
    "no_meeting_date": (),
    "unknown_committee": ("title",),
}


def check_file_error(code: str, args: dict[str, Any]) -> None:
    """Refuse a code that is not in :data:`FILE_ERRORS`, or an argument it does not take."""
    if code not in FILE_ERRORS:
        raise ValueError(f"unknown file error code {code!r}")
    extra = set(args) - set(FILE_ERRORS[code])
    if extra:
        raise ValueError(f"file error {code!r} takes no argument {sorted(extra)}")


def display_path(path: Path | str) -> str:
    """``path`` as shown in messages: control, format and separator characters and
    undecodable bytes (lone surrogates) escaped, so the message stays one printable line."""
    return "".join(
        ch if unicodedata.category(ch) not in _UNSHOWABLE else f"\\u{ord(ch):04x}"
        for ch in str(path)
    )


def display_name(path: Path | str) -> str:
    """The file's name (not its folder) as shown in messages, escaped as :func:`display_path`."""
    return display_path(PurePosixPath(str(path)).name or str(path))


class FollowupError(Exception):
    """Base class for errors shown to the user as a single line."""


class MinutesError(FollowupError):
    """A minutes file that cannot be read or parsed: a code from :data:`FILE_ERRORS` with
    plain arguments.

    ``str(err)`` is the Korean line shown to people, naming the file by its name, e.g.
    ``a.txt: 파일이 비어 있습니다``; :attr:`stored` is what the minutes-file row keeps.
    """

    def __init__(self, path: str | Path, code: str, **args: Any) -> None:
        check_file_error(code, args)
        self.path = display_path(path)
        self.name = display_name(path)
        self.code = code
        self.params = args
        super().__init__(path, code, args)

    def at(self, path: str | Path) -> MinutesError:
        """The same error naming ``path`` (e.g. the file as the inbox knows it)."""
        return MinutesError(path, self.code, **self.params)

    @property
    def stored(self) -> str:
        """Compact JSON for the minutes-file row: ``{"code": ..., "args": {...}}``."""
        return file_error_json(self.code, self.params)

    @property
    def reason(self) -> str:
        """The problem in Korean, one line, without the file name."""
        return file_error_reason(self.code, self.params)

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def file_error_json(code: str, args: dict[str, Any]) -> str:
    return json.dumps({"code": code, "args": args}, ensure_ascii=False, separators=(",", ":"))


class CommitteeError(FollowupError):
    """A committee file with a missing, unknown or malformed key (the reason in Korean)."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = " ".join(reason.split())
        where = f"{self.path} {line}행" if line else self.path
        super().__init__(f"{where}: {self.reason}")


# --- Korean text of a stored file error (templates/errors/minutes.j2) ---

CATALOGUE = "errors/minutes.j2"


def file_error_reason(code: str, args: dict[str, Any], templates: Path | None = None) -> str:
    """The Korean one-line reason for a file error code and its arguments."""
    from followup.render import environment
    from followup.settings import PROJECT_ROOT

    module = environment(templates or PROJECT_ROOT / "templates").get_template(CATALOGUE).module
    macro = getattr(module, code, None)
    if macro is None:  # a code this version does not know: show it rather than hide it
        shown = ", ".join(f"{k}={v}" for k, v in args.items())
        return f"{code} ({shown})" if shown else code
    return " ".join(str(macro(**args)).split())


def parse_file_error(stored: str) -> tuple[str, dict[str, Any]] | None:
    """(code, args) of a stored file error; None for an old free-text one."""
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        return None
    args = value.get("args")
    return value["code"], args if isinstance(args, dict) else {}


def describe_file_error(
    stored: str, *, path: str | Path | None = None, templates: Path | None = None
) -> str:
    """A stored file error in Korean on one line, ``이름: 사유`` when ``path`` is given
    (named by the file's name, not its inbox path)."""
    parsed = parse_file_error(stored)
    if parsed is None:
        return " ".join(stored.split())
    reason = file_error_reason(*parsed, templates=templates)
    return f"{display_name(path)}: {reason}" if path is not None else reason
