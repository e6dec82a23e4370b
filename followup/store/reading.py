"""Reads for the listings (``followup items``, ``followup files``): plain SQL, run through the
standard library's ``sqlite3`` when the database is an SQLite file at the newest schema, else
through SQLAlchemy (PostgreSQL, or a database still to be created or migrated).

A listing is what a secretary types most and it only reads: loading SQLAlchemy, SQLModel and
the table models costs it more than everything else together, so the common case does
without them. The SQL is one text for both drivers; ``followup.store.list_items`` is
:func:`item_rows` over a session, and tests/test_cli_korean.py checks both drivers read the
same rows.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from followup.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "models" / "migrations" / "versions"


class Query(Protocol):
    def __call__(self, sql: str, /, **params: Any) -> list[tuple[Any, ...]]: ...


def newest_revision() -> str:
    """The newest migration's revision (``0003`` of ``0003_item_nouns.py``), as
    ``models.db.HEAD`` names it, read without importing SQLAlchemy."""
    revisions = [m.group(1) for p in MIGRATIONS.glob("*.py") if (m := re.match(r"(\d+)_", p.name))]
    return max(revisions, default="")


def _current_sqlite(url: str) -> Path | None:
    """The SQLite file of ``url`` when it exists and is at the newest schema."""
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url.removeprefix("sqlite:///"))
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    return path if [row[0] for row in rows] == [newest_revision()] else None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@contextmanager
def reader(settings: Settings) -> Iterator[Query]:
    """A function running one SELECT with named parameters (``:name``) and returning its rows
    as tuples; dates come back as ``date`` whichever driver ran it."""
    url = settings.resolved_database_url
    path = _current_sqlite(url)
    if path is not None:
        with closing(sqlite3.connect(path, timeout=30)) as connection:

            def run_sqlite(sql: str, /, **params: Any) -> list[tuple[Any, ...]]:
                plain = {key: _plain(value) for key, value in params.items()}
                return [tuple(row) for row in connection.execute(sql, plain).fetchall()]

            yield run_sqlite
        return
    from models.db import session_scope

    with session_scope(url) as session:
        yield session_query(session)


def session_query(session: Any) -> Query:
    """A :class:`Query` over an open SQLAlchemy session."""
    from sqlalchemy import text

    def run_sqlalchemy(sql: str, /, **params: Any) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in session.execute(text(sql), params).all()]

    return run_sqlalchemy


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name0, :name1, ...)`` and its parameters, for ``IN`` with either driver."""
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


def as_date(value: Any) -> date | None:
    """A date column's value: SQLite hands back its ISO text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def committee_names(query: Query) -> list[str]:
    return [row[0] for row in query("SELECT name FROM committee ORDER BY id")]


def team_names(query: Query) -> list[str]:
    return [row[0] for row in query("SELECT DISTINCT name FROM team ORDER BY name")]


def meeting_exists(query: Query, meeting: str) -> bool:
    where, params = _meeting_filter(meeting)
    return bool(query(f"SELECT meeting.id FROM meeting WHERE {where} LIMIT 1", **params))


def file_rows(query: Query) -> list[tuple[Any, ...]]:
    """Every registered minutes file: (status, path, approved_by, error), by path."""
    return query("SELECT status, path, approved_by, error FROM minutes_file ORDER BY path")


def _meeting_filter(meeting: str) -> tuple[str, dict[str, Any]]:
    """A meeting by its date (YYYY-MM-DD) or by part of its title."""
    try:
        return "meeting.held_on = :held_on", {"held_on": date.fromisoformat(meeting)}
    except ValueError:
        return "meeting.title LIKE '%' || :title || '%'", {"title": meeting}


@dataclass(frozen=True)
class ItemRow:
    """One row of the item listing (``followup items``), whichever driver read it."""

    id: int
    committee: str
    meeting: str
    held_on: date | None
    team: str
    kind: str
    status: str
    review: str
    due: date | None
    summary: str


def item_rows(
    query: Query,
    *,
    committee: str | None,
    team: str | None,
    statuses: Sequence[str],
    meeting: str | None,
    overdue_on: date | None,
) -> list[ItemRow]:
    """Items with their committee, meeting and team, in meeting and minutes order, read as
    plain SQL through :func:`reader` (or :func:`session_query`). ``meeting`` is a date
    (YYYY-MM-DD) or part of the meeting's title; ``overdue_on`` keeps the items whose due date
    is before that day."""
    status_in, params = in_list("status", [str(s) for s in statuses])
    where = [f"action_item.status IN {status_in}"]
    if committee:
        where.append("committee.name LIKE '%' || :committee || '%'")
        params["committee"] = committee
    if team:
        where.append("team.name = :team")
        params["team"] = team
    if meeting:
        condition, more = _meeting_filter(meeting)
        where.append(condition)
        params.update(more)
    if overdue_on is not None:
        where.append("action_item.effective_due < :overdue_on")
        params["overdue_on"] = overdue_on
    rows = query(
        "SELECT action_item.id, committee.name, meeting.title, meeting.held_on, team.name, "
        "action_item.kind, action_item.status, action_item.review, action_item.effective_due, "
        "action_item.summary FROM action_item "
        "JOIN meeting ON meeting.id = action_item.meeting_id "
        "JOIN team ON team.id = action_item.team_id "
        "JOIN committee ON committee.id = team.committee_id "
        f"WHERE {' AND '.join(where)} "
        "ORDER BY meeting.held_on, meeting.id, action_item.line_start, action_item.id",
        **params,
    )
    return [
        ItemRow(
            id=row[0],
            committee=row[1],
            meeting=row[2],
            held_on=as_date(row[3]),
            team=row[4],
            kind=row[5],
            status=row[6],
            review=row[7],
            due=as_date(row[8]),
            summary=row[9],
        )
        for row in rows
    ]
