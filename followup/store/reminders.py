"""The open, announced items that reminders and escalations list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from followup.codes import OPEN_STATUSES, ReviewState
from models.tables import (
    ActionItem,
    AgendaItem,
    Meeting,
    Team,
)


@dataclass(frozen=True)
class ItemLine:
    """An item as reminders, escalations and digests list it."""

    id: int
    team_id: int
    team: str
    summary: str
    kind: str
    status: str
    meeting: str
    meeting_on: date | None
    agenda: str | None
    stated_due: date | None
    effective_due: date | None
    reported_at: datetime | None


def open_item_lines(
    session: Session, *, committee_id: int, held_before: date | None = None
) -> list[ItemLine]:
    """The committee's open, announced items (meetings held before ``held_before``), with their
    team, meeting and agenda title, in one query."""
    query = (
        sa.select(
            col(ActionItem.id),
            col(ActionItem.team_id),
            col(Team.name),
            col(ActionItem.summary),
            col(ActionItem.kind),
            col(ActionItem.status),
            col(Meeting.title),
            col(Meeting.held_on),
            col(AgendaItem.title),
            col(ActionItem.stated_due),
            col(ActionItem.effective_due),
            col(ActionItem.reported_at),
        )
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        .where(
            col(Meeting.committee_id) == committee_id,
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.review) != ReviewState.PENDING,
            col(ActionItem.announced_at).is_not(None),
        )
        .order_by(col(Team.id), col(Meeting.held_on), col(ActionItem.line_start))
    )
    if held_before is not None:
        query = query.where(col(Meeting.held_on) < held_before)
    return [ItemLine(*row) for row in session.execute(query).all()]


def source_texts(session: Session, *, item_ids: Iterable[int]) -> dict[int, str]:
    """Each item's verbatim source text (a reminder quotes it)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.execute(
        sa.select(col(ActionItem.id), col(ActionItem.source_text)).where(
            col(ActionItem.id).in_(ids)
        )
    ).all()
    return {item_id: text or "" for item_id, text in rows}
