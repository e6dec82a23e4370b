"""The rows of a 조치결과 report, and the meetings it is made for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import LIVE_STATUSES, OPEN_STATUSES
from followup.store.base import committee_items
from models.tables import (
    ActionItem,
    AgendaItem,
    Meeting,
    Team,
)


@dataclass(frozen=True)
class ReportItem:
    item: ActionItem
    meeting_title: str
    meeting_on: date | None
    agenda_title: str | None
    team: str
    repeats_meeting_on: date | None


def report_items(
    session: Session,
    *,
    committee_id: int,
    meeting_id: int | None = None,
    before: date | None = None,
    closed_since: datetime | None = None,
) -> list[ReportItem]:
    """The items of a 조치결과 report, in meeting, agenda and minutes order: one meeting's items
    (``meeting_id``), or those of meetings held before ``before`` that are still open or were
    reported done/explained at or after ``closed_since`` (every closed one when it is None)."""
    statement = (
        committee_items(select(ActionItem, Meeting, AgendaItem, Team), committee_id=committee_id)
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        # never withdrawn or rejected items (nor, as ever, items held in review)
        .where(col(ActionItem.status).in_(LIVE_STATUSES))
        .order_by(
            col(Meeting.held_on),
            col(Meeting.id),
            sa.func.coalesce(AgendaItem.position, 1_000_000),
            col(ActionItem.line_start),
            col(ActionItem.id),
        )
    )
    if meeting_id is not None:
        statement = statement.where(ActionItem.meeting_id == meeting_id)
    if before is not None:
        statement = statement.where(col(Meeting.held_on) < before)
    if closed_since is not None:
        reported = sa.func.coalesce(ActionItem.reported_at, ActionItem.updated_at)
        statement = statement.where(
            sa.or_(col(ActionItem.status).in_(OPEN_STATUSES), reported >= closed_since)
        )
    rows = session.exec(statement).all()
    repeated = {i.repeats_item_id for i, _, _, _ in rows if i.repeats_item_id is not None}
    repeats_on = {
        item_id: held_on
        for item_id, held_on in session.exec(
            select(col(ActionItem.id), col(Meeting.held_on))
            .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
            .where(col(ActionItem.id).in_(repeated))
        )
    }
    return [
        ReportItem(
            item=item,
            meeting_title=meeting.title,
            meeting_on=meeting.held_on,
            agenda_title=agenda.title if agenda is not None else None,
            team=team.name,
            repeats_meeting_on=repeats_on.get(item.repeats_item_id),
        )
        for item, meeting, agenda, team in rows
    ]


def meeting_dates(session: Session, *, committee_id: int) -> list[date]:
    """The days the committee's stored meetings were held (sessions that took place)."""
    rows = session.execute(
        sa.select(col(Meeting.held_on)).where(
            col(Meeting.committee_id) == committee_id, col(Meeting.held_on).is_not(None)
        )
    ).scalars()
    return sorted({d for d in rows if d is not None})


def meeting_of(session: Session, *, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)
