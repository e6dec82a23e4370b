"""재요구: the rows the recurrence check compares, and the links it finds. Reading an item's
nouns (Kiwi) is the caller's work (``followup.loop.recurrence``); the store keeps them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from followup.codes import OPEN_STATUSES, ReviewState, TrailChannel
from followup.store.items import TrailNote, add_trail_row, pack_nouns
from models.tables import ActionItem, Meeting


@dataclass(frozen=True)
class RepeatRow:
    """An item as the recurrence check compares it; ``nouns`` as stored (None: an item stored
    before items kept their nouns, migration 0003)."""

    id: int
    team_id: int
    kind: str
    nouns: str | None


def repeat_candidates(
    session: Session, *, meeting_id: int, kinds: Iterable[str], lookback: timedelta
) -> tuple[list[RepeatRow], list[RepeatRow]]:
    """A meeting's items of these kinds not yet linked to an earlier one, and the open items
    of these kinds of the same teams at the same committee's earlier meetings within
    ``lookback``."""
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None and meeting.held_on is not None  # sync refuses undated minutes
    repeatable = list(kinds)
    fields = (
        col(ActionItem.id),
        col(ActionItem.team_id),
        col(ActionItem.kind),
        col(ActionItem.nouns),
    )
    new = session.execute(
        sa.select(*fields).where(
            col(ActionItem.meeting_id) == meeting_id,
            col(ActionItem.repeats_item_id).is_(None),
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.kind).in_(repeatable),
        )
    ).all()
    if not new:
        return [], []
    earlier = session.execute(
        sa.select(*fields)
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            col(Meeting.committee_id) == meeting.committee_id,
            col(Meeting.held_on) < meeting.held_on,
            col(Meeting.held_on) >= meeting.held_on - lookback,
            col(ActionItem.team_id).in_({row[1] for row in new}),
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.kind).in_(repeatable),
            col(ActionItem.review) != ReviewState.PENDING,
        )
    ).all()

    def as_row(row: Any) -> RepeatRow:
        return RepeatRow(id=row[0], team_id=row[1], kind=row[2], nouns=row[3])

    return [as_row(r) for r in new], [as_row(r) for r in earlier]


def item_texts(session: Session, *, item_ids: Iterable[int]) -> dict[int, str]:
    """Each item's summary and source text, as one text to read its nouns from."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.execute(
        sa.select(col(ActionItem.id), col(ActionItem.summary), col(ActionItem.source_text)).where(
            col(ActionItem.id).in_(ids)
        )
    ).all()
    return {item_id: f"{summary} {source_text}" for item_id, summary, source_text in rows}


def store_nouns(session: Session, *, nouns: dict[int, frozenset[str]]) -> None:
    """Keep the nouns read for items stored without them."""
    for item_id, read in nouns.items():
        session.execute(
            sa.update(ActionItem)
            .where(col(ActionItem.id) == item_id)
            .values(nouns=pack_nouns(read))
        )


def link_repeats(session: Session, *, links: dict[int, int], now: datetime) -> None:
    for item_id, earlier_id in links.items():
        row = session.get(ActionItem, item_id)
        if row is not None and row.repeats_item_id is None:
            row.repeats_item_id, row.updated_at = earlier_id, now
            session.add(row)
            note = f"repeats:{earlier_id}"
            add_trail_row(session, row, TrailNote(TrailChannel.EXTRACT, note), now=now)
