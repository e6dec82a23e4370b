"""The one Jinja2 environment: every text a person reads is a template under templates/."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from followup import codes

_WEEKDAYS = "월화수목금토일"


def korean_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}. {value.month}. {value.day}.({_WEEKDAYS[value.weekday()]})"


@lru_cache(maxsize=4)
def environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["kdate"] = korean_date
    # Templates compare codes by name (``item.status == ItemStatus.DONE``), never by spelling.
    env.globals.update({enum.__name__: enum for enum in FAMILIES.values()})
    env.globals.update(
        OPEN_STATUSES=codes.OPEN_STATUSES,
        REPORTED_STATUSES=codes.REPORTED_STATUSES,
        LIVE_STATUSES=codes.LIVE_STATUSES,
    )
    return env


@lru_cache(maxsize=64)
def _template(templates: Path, name: str) -> Template:
    return environment(templates).get_template(name)


def render(templates: Path, name: str, /, **context: Any) -> str:
    return _template(templates, name).render(**context)


def render_message(templates: Path, name: str, /, **context: Any) -> tuple[str, str]:
    """A message template sets ``subject`` with ``{% set subject %}``; returns (subject, body)."""
    template = _template(templates, name)
    body = template.render(**context)
    subject = str(getattr(template.make_module(context), "subject", "")).strip()
    return subject, body


def code_words(templates: Path, family: str) -> dict[str, str]:
    """``{code: Korean word}`` of one code family, from its macro in ``templates/codes.j2``
    (e.g. ``code_words(t, "status")``), for what is not a template: CLI arguments, exports."""
    return _code_words(templates, family)


@lru_cache(maxsize=32)
def _code_words(templates: Path, family: str) -> dict[str, str]:
    macro = getattr(_template(templates, "codes.j2").module, family)
    enum = FAMILIES[family]
    return {code.value: str(macro(code.value)) for code in enum}


FAMILIES: dict[str, type[StrEnum]] = {
    "status": codes.ItemStatus,
    "kind": codes.ItemKind,
    "review": codes.ReviewState,
    "check": codes.CheckResult,
    "file_status": codes.FileStatus,
    "request_kind": codes.RequestKind,
    "request_state": codes.RequestState,
    "delivery": codes.DeliveryState,
    "channel": codes.TrailChannel,
}
