"""What every area of the store shares: the insert that ignores a row whose natural key is
stored already, on SQLite and PostgreSQL alike, the join from items to their committee, and
the mark that tells whether anything was committed since a page was built."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col
from sqlmodel.sql.expression import SelectOfScalar

from followup.codes import ReviewState
from models.tables import ActionItem, Meeting, Team

T = TypeVar("T")
_watch_lock = threading.Lock()
_watchers: dict[str, sqlite3.Connection] = {}
Q = TypeVar("Q", bound="sa.Select[*tuple[Any, ...]]")


def insert_ignoring(
    session: Session, table: type[SQLModel], keys: Sequence[str], *, where: Any = None
) -> Any:
    """``INSERT INTO table ... ON CONFLICT (keys) DO NOTHING`` in the session's dialect (the
    one place that tells the two apart); ``where`` names a partial unique index's condition.
    The caller adds values (or executes it with many rows) and any RETURNING."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=list(keys), index_where=where)


def insert_ignore(
    session: Session, table: type[SQLModel], rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> int:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, on SQLite and PostgreSQL alike; returns how
    many rows were new."""
    if not rows:
        return 0
    # RETURNING counts the new rows on both databases (rowcount is not reliable for an ORM
    # table's insert on PostgreSQL).
    statement = (
        insert_ignoring(session, table, keys).values(list(rows)).returning(sa.literal_column("1"))
    )
    return len(session.execute(statement).all())


def rows_of(session: Session, statement: SelectOfScalar[T]) -> list[T]:
    """Every row a one-entity (or one-column) query returns, as a list."""
    return list(session.exec(statement).all())


def committee_items(statement: Q, *, committee_id: int) -> Q:
    """``statement``, over action items, joined to the items' meetings and teams and kept to
    the committee's items that review does not hold."""
    return (
        statement.join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .where(
            col(Meeting.committee_id) == committee_id,
            col(ActionItem.review) != ReviewState.PENDING,
        )
    )


def change_mark(session: Session) -> int | None:
    """A number that changes once anything has been committed to the session's database
    since it was last read, by any connection or process, so what was built from reads made
    after reading it may be used again while it stays the same. Read it before those reads.
    On a SQLite file: ``PRAGMA data_version`` of one connection per process that does
    nothing else (so every commit is another connection's). None on other databases: build
    again every time."""
    bind = session.get_bind()
    database = bind.engine.url.database
    if bind.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    with _watch_lock:
        watcher = _watchers.get(database)
        if watcher is None:
            watcher = _watchers[database] = sqlite3.connect(database, check_same_thread=False)
        return int(watcher.execute("PRAGMA data_version").fetchone()[0])
