"""Items listed across committees (``followup items``) and the totals of a pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import OPEN_STATUSES, ReviewState
from followup.store.reading import ItemRow
from models.tables import (
    ActionItem,
    Committee,
    Meeting,
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
    """Items with their committee, meeting and team, in meeting and minutes order.
    ``meeting`` is a date (YYYY-MM-DD) or part of the meeting's title; ``overdue_on`` keeps
    the items whose due date is before that day."""
    query = (
        select(ActionItem, Meeting, Team, Committee)
        .join(Meeting, col(Meeting.id) == ActionItem.meeting_id)
        .join(Team, col(Team.id) == ActionItem.team_id)
        .join(Committee, col(Committee.id) == Team.committee_id)
        .where(col(ActionItem.status).in_(statuses))
    )
    if committee:
        query = query.where(col(Committee.name).contains(committee))
    if team:
        query = query.where(Team.name == team)
    if meeting:
        try:
            query = query.where(Meeting.held_on == date.fromisoformat(meeting))
        except ValueError:
            query = query.where(col(Meeting.title).contains(meeting))
    if overdue_on is not None:
        query = query.where(col(ActionItem.effective_due) < overdue_on)
    query = query.order_by(
        col(Meeting.held_on), col(Meeting.id), col(ActionItem.line_start), col(ActionItem.id)
    )
    return [
        ItemRow(
            id=item.id or 0,
            committee=com.name,
            meeting=met.title,
            held_on=met.held_on,
            team=tm.name,
            kind=item.kind,
            status=item.status,
            review=item.review,
            due=item.effective_due,
            summary=item.summary,
        )
        for item, met, tm, com in session.exec(query).all()
    ]


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
