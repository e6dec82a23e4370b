"""Reads for the listings (``followup items``, ``followup files``): plain SQL, run through the
standard library's ``sqlite3`` when the database is an SQLite file at the newest schema, else
through SQLAlchemy (PostgreSQL, or a database still to be created or migrated).

A listing is what a secretary types most and it only reads: loading SQLAlchemy, SQLModel and
the table models costs it more than everything else together, so the common case does
without them. The SQL is one text for both drivers; tests/test_cli_korean.py checks the
listings read what ``followup.store`` lists.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
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
    from sqlalchemy import text

    from models.db import session_scope

    with session_scope(url) as session:

        def run_sqlalchemy(sql: str, /, **params: Any) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in session.execute(text(sql), params).all()]

        yield run_sqlalchemy


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name0, :name1, ...)`` and its parameters, for ``IN`` with either driver."""
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


def as_date(value: Any) -> date | None:
    """A date column's value: SQLite hands back its ISO text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
