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


# How a digit is read aloud ends: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 with a final consonant
# (ㄹ for 1, 7, 8); 2 이, 4 사, 5 오, 9 구 without.
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}


def particle(word: object, pair: str) -> str:
    """``word`` with the particle that fits how it is read: ``pair`` is one of 을/를, 이/가,
    은/는, 과/와, 으로/로 (``{{ name|josa("으로/로") }}``: 완료로, 추진 중으로, 서울로; a date
    "2024. 6. 14.(금)" reads its weekday; a Latin letter is read by its name: PDF로, HTML로).
    Never both forms with brackets, as in 을(를)."""
    text = str(word)
    with_final, without_final = pair.split("/")
    last = text.rstrip(" )]}.'\"’”」』")[-1:]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        has_final, is_rieul = final != 0, final == 8
    elif last.isdigit():
        has_final, is_rieul = last in _DIGIT_FINAL, _DIGIT_FINAL.get(last) == "ㄹ"
    else:  # a Latin letter as its name is read (엘, 엠, 엔 end in a consonant), or a sign
        has_final, is_rieul = last.lower() in "lmn" and last != "", last.lower() in "lr"
    if with_final == "으로":  # ㄹ takes 로, as a vowel does
        return f"{text}{'으로' if has_final and not is_rieul else '로'}"
    return f"{text}{with_final if has_final else without_final}"


def korean_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}. {value.month}. {value.day}.({_WEEKDAYS[value.weekday()]})"


def plain(value: object) -> str:
    """A value as plain text, no longer marked safe: an HTML page escapes it like any other.
    (A macro of a template compiled without autoescape, called from an HTML page, returns its
    output marked safe with its arguments unescaped; ``templates/web/_labels.html.j2``.)"""
    return str.__str__(str(value))


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
    env.filters["josa"] = particle
    env.filters["plain"] = plain
    # Templates compare codes by name (``item.status == ItemStatus.DONE``), never by spelling.
    env.globals.update({enum.__name__: enum for enum in FAMILIES.values()})
    env.globals.update(
        OPEN_STATUSES=codes.OPEN_STATUSES,
        REPORTED_STATUSES=codes.REPORTED_STATUSES,
        LIVE_STATUSES=codes.LIVE_STATUSES,
        COUNT_ORDER=codes.COUNT_ORDER,
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
