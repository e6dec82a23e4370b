"""The console's first page: a committee's item counts in one grouped query, the items that
need the secretary's attention (overdue, never answered) in one more, the trend of the poll's
snapshots, and the committee row, its teams and its session dates read together (the check
before any write of them).

Plain column selects, no ORM objects: the page is read far more often than anything on it
changes, so each panel costs one statement and a few rows, whatever the number of items.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from followup.codes import LIVE_STATUSES, OPEN_STATUSES, ReviewState, TrailChannel
from followup.store.poll import Watch
from models.tables import (
    ActionItem,
    Committee,
    Meeting,
    SessionDate,
    Snapshot,
    StatusUpdate,
    Team,
    UTCDateTime,
)


@dataclass(frozen=True)
class StatusGroup:
    """The committee's live items of one meeting, team, status and review state."""

    meeting_id: int
    meeting: str
    held_on: date | None
    team_id: int
    team: str
    status: str
    review: str
    count: int
    announced: int  # of them, announced to the team
    reported: int  # of those, reported on by the team
    last_report: datetime | None


def _link_reports() -> Any:
    """Each item's latest report through the team link, as a subquery."""
    return (
        sa.select(
            col(StatusUpdate.action_item_id).label("item_id"),
            sa.func.max(StatusUpdate.created_at).label("at"),
        )
        .where(col(StatusUpdate.channel) == TrailChannel.LINK)
        .group_by(col(StatusUpdate.action_item_id))
        .subquery()
    )


def _committee_items(query: Any, link: Any) -> Any:
    """``query`` over the items of one committee (the bound ``committee_id``), with each
    item's meeting, team and latest report through the link (``link``)."""
    return (
        query.select_from(ActionItem)
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .outerjoin(link, link.c.item_id == col(ActionItem.id))
        .where(col(Meeting.committee_id) == sa.bindparam("committee_id"))
    )


def status_groups(session: Session, *, committee_id: int) -> list[StatusGroup]:
    """Every live item of the committee counted by meeting, team, status and review state,
    with how many were announced and reported on, and the last report (the item's
    ``reported_at`` or its latest trail row through the link)."""
    rows = session.execute(_groups_query(), {"committee_id": committee_id}).all()
    return [
        StatusGroup(m, title, held, t, name, s, r, int(n), int(a), int(rep), _as_datetime(last))
        for m, title, held, t, name, s, r, n, a, rep, last in rows
    ]


@functools.cache
def _groups_query() -> Any:
    # Built once: the page runs it on every view, and building costs more than running.
    link = _link_reports()
    reported_at = sa.func.coalesce(col(ActionItem.reported_at), link.c.at)
    announced = col(ActionItem.announced_at).is_not(None)
    keys = (
        col(Meeting.id),
        col(Meeting.title),
        col(Meeting.held_on),
        col(Team.id),
        col(Team.name),
        col(ActionItem.status),
        col(ActionItem.review),
    )
    return (
        _committee_items(
            sa.select(
                *keys,
                sa.func.count(),
                sa.func.count(sa.case((announced, 1))),
                sa.func.count(sa.case((sa.and_(announced, reported_at.is_not(None)), 1))),
                sa.func.max(reported_at),
            ),
            link,
        )
        .where(col(ActionItem.status).in_(LIVE_STATUSES))
        .group_by(*keys)
    )


def _as_datetime(value: Any) -> datetime | None:
    # max() over a DateTime column comes back as text on SQLite, and naive.
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class AttentionItem:
    """An open item the dashboard lists: overdue (its due date passed and it is not held in
    review) or silent (announced before the cut-off and never reported on), or both."""

    id: int
    summary: str
    team_id: int
    team: str
    due: date | None
    held_on: date | None
    line_start: int
    overdue: bool
    silent: bool


def attention_items(session: Session, *, committee_id: int, watch: Watch) -> list[AttentionItem]:
    """The committee's open items that are overdue or silent, in one query."""
    rows = session.execute(
        _attention_query(), {"committee_id": committee_id, **watch._asdict()}
    ).all()
    return [
        AttentionItem(i, s, t, name, due, held, line, bool(o), bool(q))
        for i, s, t, name, due, held, line, o, q in rows
    ]


@functools.cache
def _attention_query() -> Any:
    link = _link_reports()
    overdue = sa.and_(
        col(ActionItem.effective_due) < sa.bindparam("today", type_=sa.Date),
        col(ActionItem.review) != ReviewState.PENDING,
    )
    silent = sa.and_(
        col(ActionItem.announced_at) < sa.bindparam("announced_before", type_=UTCDateTime()),
        col(ActionItem.reported_at).is_(None),
        link.c.at.is_(None),
    )
    return _committee_items(
        sa.select(
            col(ActionItem.id),
            col(ActionItem.summary),
            col(Team.id),
            col(Team.name),
            col(ActionItem.effective_due),
            col(Meeting.held_on),
            col(ActionItem.line_start),
            sa.case((overdue, 1), else_=0),
            sa.case((silent, 1), else_=0),
        ),
        link,
    ).where(col(ActionItem.status).in_(OPEN_STATUSES), sa.or_(overdue, silent))


def snapshot_trend(
    session: Session, *, committee_id: int, since: date
) -> list[tuple[date, str, int]]:
    """(day, status, items) from the poll's daily snapshots, all teams summed."""
    rows = session.execute(_trend_query(), {"committee_id": committee_id, "since": since})
    return [(d, s, int(n or 0)) for d, s, n in rows]


@functools.cache
def _trend_query() -> Any:
    return (
        sa.select(col(Snapshot.taken_on), col(Snapshot.status), sa.func.sum(Snapshot.count))
        .where(
            col(Snapshot.committee_id) == sa.bindparam("committee_id"),
            col(Snapshot.taken_on) >= sa.bindparam("since", type_=sa.Date),
        )
        .group_by(col(Snapshot.taken_on), col(Snapshot.status))
        .order_by(col(Snapshot.taken_on))
    )


@dataclass(frozen=True)
class CommitteeState:
    """What the committee file's merge would compare: the committee's id, its teams' names and
    every session date row (cancelled ones too)."""

    committee_id: int
    teams: frozenset[str]
    sessions: tuple[tuple[date, str, bool, str], ...]  # held_on, added_by, cancelled, by whom


def committee_state(session: Session, *, name: str) -> CommitteeState | None:
    """The committee named ``name`` as stored (None when it is not yet), in two reads."""
    rows = session.execute(
        sa.select(col(Committee.id), col(Team.name))
        .select_from(Committee)
        .outerjoin(Team, col(Team.committee_id) == col(Committee.id))
        .where(col(Committee.name) == name)
    ).all()
    if not rows:
        return None
    committee_id = int(rows[0][0])
    dates = session.execute(
        sa.select(
            col(SessionDate.held_on),
            col(SessionDate.added_by),
            col(SessionDate.cancelled_at).is_not(None),
            col(SessionDate.cancelled_by),
        )
        .where(col(SessionDate.committee_id) == committee_id)
        .order_by(col(SessionDate.held_on))
    ).all()
    return CommitteeState(
        committee_id,
        frozenset(team for _, team in rows if team is not None),
        tuple((d, by, bool(gone), whom) for d, by, gone, whom in dates),
    )
