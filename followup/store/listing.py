"""Items listed across committees (``followup items``) and the totals of a pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import OPEN_STATUSES, ReviewState
from followup.store.reading import ItemRow, item_rows, session_query
from models.tables import (
    ActionItem,
    MinutesFile,
    Notification,
    Team,
)


def list_items(
    session: Session,
    *,
    committee: str | None = None,
    team: str | None = None,
    statuses: Sequence[str] = OPEN_STATUSES,
    meeting: str | None = None,
    overdue_on: date | None = None,
) -> list[ItemRow]:
    """The item listing of ``followup items`` (:func:`reading.item_rows`) over a session."""
    filters = {"committee": committee, "team": team, "meeting": meeting}
    return item_rows(session_query(session), statuses=statuses, overdue_on=overdue_on, **filters)


@dataclass(frozen=True)
class Totals:
    files: dict[str, int]
    items: dict[str, int]
    pending_review: int
    unsent: int


def totals(session: Session) -> Totals:
    """Counts over everything stored: files by status, items by status, the review queue and
    the messages not delivered yet."""
    files = session.exec(
        select(MinutesFile.status, sa.func.count()).group_by(col(MinutesFile.status))
    ).all()
    items = session.exec(
        select(ActionItem.status, sa.func.count()).group_by(col(ActionItem.status))
    ).all()
    pending = session.exec(
        select(sa.func.count()).where(
            ActionItem.review == ReviewState.PENDING, col(ActionItem.status).in_(OPEN_STATUSES)
        )
    ).one()
    unsent = session.exec(select(sa.func.count()).where(col(Notification.sent_at).is_(None))).one()
    return Totals(
        files=dict(files),
        items=dict(items),
        pending_review=int(pending),
        unsent=int(unsent),
    )


def review_queue(session: Session) -> list[tuple[ActionItem, str]]:
    """Open items held for the secretary's review, with their team's name, least confident
    first."""
    rows = session.exec(
        select(ActionItem, Team.name)
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .where(ActionItem.review == ReviewState.PENDING, col(ActionItem.status).in_(OPEN_STATUSES))
        .order_by(col(ActionItem.confidence), col(ActionItem.id))
    ).all()
    return [(item, team) for item, team in rows]
