"""The daily poll: per team and status, the items and the findings (overdue, silent,
awaiting the committee's check), and the day's snapshot of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col

from followup.codes import OPEN_STATUSES, REPORTED_STATUSES, CheckResult, ReviewState
from followup.store.base import insert_ignoring
from models.tables import (
    ActionItem,
    Meeting,
    Snapshot,
    Team,
)


class Watch(NamedTuple):
    """What the poll and the dashboard look for on a day: an open item is overdue when its
    due date is before ``today``, and silent when it was announced before
    ``announced_before`` and never reported on."""

    today: date
    announced_before: datetime


def _poll_flags(watch: Watch) -> dict[str, Any]:
    """The poll's findings as SQL truth values over one action_item row."""
    is_open = col(ActionItem.status).in_(OPEN_STATUSES)
    return {
        "overdue": sa.and_(is_open, col(ActionItem.effective_due) < watch.today),
        "silent": sa.and_(
            is_open,
            col(ActionItem.announced_at) < watch.announced_before,
            col(ActionItem.reported_at).is_(None),
        ),
        "awaiting": sa.and_(
            col(ActionItem.status).in_(REPORTED_STATUSES),
            col(ActionItem.check_result) == CheckResult.NOT_YET,
        ),
    }


def _polled_items(committee_id: int) -> list[Any]:
    """The items a committee follows up: not held in review, of the committee's meetings."""
    return [
        col(ActionItem.review) != ReviewState.PENDING,
        col(ActionItem.meeting_id).in_(
            sa.select(col(Meeting.id)).where(col(Meeting.committee_id) == committee_id)
        ),
    ]


@dataclass(frozen=True)
class StatusCount:
    """The poll's count of one team's items in one status, and of its findings."""

    team_id: int
    status: str
    count: int
    announced: int
    reported: int
    overdue: int
    silent: int
    awaiting: int


def poll_counts(session: Session, *, committee_id: int, watch: Watch) -> list[StatusCount]:
    """Per team and status: items, announced ones, reported ones, and how many are overdue,
    silent (announced before the cut-off, never reported on) or reported 완료/추진 불가 and
    awaiting the committee's check. One scan of the committee's items."""
    announced = col(ActionItem.announced_at).is_not(None)
    reported = sa.and_(announced, col(ActionItem.reported_at).is_not(None))
    flags = _poll_flags(watch)
    rows = session.execute(
        sa.select(
            col(ActionItem.team_id),
            col(ActionItem.status),
            sa.func.count(),
            sa.func.count(sa.case((announced, 1))),
            sa.func.count(sa.case((reported, 1))),
            *(sa.func.count(sa.case((flag, 1))) for flag in flags.values()),
        )
        .where(*_polled_items(committee_id))
        .group_by(col(ActionItem.team_id), col(ActionItem.status))
    ).all()
    return [
        StatusCount(team, status, *(int(n) for n in numbers)) for team, status, *numbers in rows
    ]


def links_opened(session: Session, *, committee_id: int) -> dict[int, bool]:
    rows = session.execute(
        sa.select(col(Team.id), col(Team.link_opened_at)).where(
            col(Team.committee_id) == committee_id
        )
    ).all()
    return {team_id: opened is not None for team_id, opened in rows}


def write_snapshot(
    session: Session, *, committee_id: int, taken_on: date, counts: Sequence[StatusCount]
) -> int:
    """Store the day's counts per team and status; a second poll on the same day overwrites
    that day's counts."""
    session.execute(
        sa.delete(Snapshot).where(
            col(Snapshot.committee_id) == committee_id, col(Snapshot.taken_on) == taken_on
        )
    )
    rows = [
        {
            "committee_id": committee_id,
            "team_id": c.team_id,
            "taken_on": taken_on,
            "status": c.status,
            "count": c.count,
        }
        for c in counts
    ]
    if rows:  # executemany: one compiled statement, not one bind parameter per value
        keys = ["committee_id", "team_id", "taken_on", "status"]
        session.execute(insert_ignoring(session, Snapshot, keys), rows)
    return len(rows)
