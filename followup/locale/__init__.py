"""The command line in Korean: Typer's and Click's own words, from one gettext catalog.

``ko/LC_MESSAGES/messages.po`` holds every Korean word the command line's machinery prints
(help headings, usage, the help option, argument errors). It is compiled to ``messages.mo``
and bound to gettext's default domain by :func:`use_korean`, which ``followup.cli`` calls
before Typer is imported: Typer looks its own strings up through gettext (some of them, the
panel titles, when it is imported), so they come out Korean by themselves.

The copy of Click that Typer ships does not use gettext: its usage prefix, help option and
error messages are English f-strings. :func:`translate` turns such a message into Korean: each
English msgid with ``{name}`` fields in the catalog is also a pattern; a message that matches
one is given its Korean msgstr with the fields filled in (a field named ``reason`` or
``message`` is itself translated). An English message no pattern knows gives a plain Korean
sentence rather than English.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache
from pathlib import Path

LOCALEDIR = Path(__file__).resolve().parent
DOMAIN = "messages"  # gettext's default domain: the one Typer's ``_()`` looks in
LANGUAGE = "ko"
CATALOG = LOCALEDIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"

# The English of the vendored Click (and of what Typer hands it) that reaches a user, as
# patterns; the catalog gives each its Korean. Order matters: the first match wins.
PATTERNS: tuple[str, ...] = (
    "{message}. Did you mean {suggestions}?",
    "Missing option {name}.",
    "Missing argument {name}.",
    "Missing parameter {name}.",
    "No such option: {name} (Possible options: {options})",
    "No such option: {name}",
    "Option {name} requires an argument.",
    "Option {name} requires {count} arguments.",
    "Option {name} does not take a value.",
    "Got unexpected extra argument(s) ({args})",
    "Argument {name} takes {count} values.",
    "Invalid value for {name}: {reason}",
    "Invalid value: {reason}",
    "Input should be a valid integer{detail}",
    "Input should be a valid number{detail}",
    "Input should be a valid boolean{detail}",
    "Input should be a valid date{detail}",
    "Value {value} is not a valid {kind}.",
    "{kind} {path} does not exist.",
    "{kind} {path} is a file.",
    "{kind} {path} is a directory.",
    "{kind} {path} is not readable.",
    "{kind} {path} is not writable.",
    "Value must be an iterable.",
)
UNREADABLE = "The command line could not be read."
BAD_VALUE = "This value cannot be used"
_HANGUL = re.compile("[가-힣]")


def use_korean() -> None:
    """Make this process's gettext speak Korean from our catalog: call it before Typer is
    imported (Typer reads its panel titles through gettext at import)."""
    os.environ["LANGUAGE"] = LANGUAGE  # gettext's first choice; this process only speaks Korean
    gettext.bindtextdomain(DOMAIN, str(LOCALEDIR))
    gettext.textdomain(DOMAIN)


@lru_cache(maxsize=1)
def _catalog() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, str(LOCALEDIR), languages=[LANGUAGE], fallback=True)


def _(msgid: str) -> str:
    """The Korean of one msgid (the msgid itself if the catalog lacks it)."""
    return _catalog().gettext(msgid)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_regex(p), p) for p in PATTERNS)


def _regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", pattern)
    body = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{body}$", re.DOTALL)


def translate(message: str) -> str:
    """An English message of Click or Typer in Korean; a message already Korean (ours, or
    one Typer translated through gettext) is returned as it is."""
    text = message.strip()
    for regex, pattern in _compiled():
        found = regex.match(text)
        if found is None:
            continue
        fields = {
            name: translate_reason(value) if name == "reason" else value
            for name, value in found.groupdict().items()
        }
        if "message" in fields:  # a sentence Typer cut its full stop from
            fields["message"] = translate(fields["message"]).rstrip(".") + "."
        return _(pattern).format(**fields)
    return text if not text or _HANGUL.search(text) else _(UNREADABLE)


def translate_reason(reason: str) -> str:
    """Why a value was refused, in Korean (a general sentence when the reason is unknown)."""
    korean = translate(reason)
    return korean if _HANGUL.search(korean) else _(BAD_VALUE)
