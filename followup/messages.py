"""Korean text for what is stored as codes: file errors (``templates/errors/minutes.j2``).

A minutes-file row keeps its error as compact JSON ``{"code": ..., "args": {...}}``
(:attr:`followup.errors.MinutesError.stored`); rows written before codes hold a free-text
line, which is shown as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followup.errors import display_name
from followup.render import environment
from followup.settings import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
CATALOGUE = "errors/minutes.j2"


def file_error_reason(code: str, args: dict[str, Any], templates: Path | None = None) -> str:
    """The Korean one-line reason for a file error code and its arguments."""
    module = environment(templates or TEMPLATES).get_template(CATALOGUE).module
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
