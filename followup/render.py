"""The one Jinja2 environment: every text a person reads is a template under templates/."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

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
