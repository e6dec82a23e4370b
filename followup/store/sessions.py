"""Session dates, and the due dates they give items without a stated one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.store.base import insert_ignore, rows_of
from models.tables import (
    ActionItem,
    Meeting,
    SessionDate,
)


def add_session_dates(
    session: Session, *, committee_id: int, dates: Iterable[date], added_by: str, now: datetime
) -> int:
    """Record session dates; returns how many were new."""
    return insert_ignore(
        session,
        SessionDate,
        [
            {"committee_id": committee_id, "held_on": d, "added_by": added_by, "created_at": now}
            for d in dates
        ],
        ["committee_id", "held_on"],
    )


def session_dates(session: Session, *, committee_id: int) -> list[date]:
    return [row.held_on for row in session_rows(session, committee_id=committee_id)]


def session_rows(session: Session, *, committee_id: int) -> list[SessionDate]:
    return rows_of(
        session,
        select(SessionDate)
        .where(SessionDate.committee_id == committee_id)
        .order_by(col(SessionDate.held_on)),
    )


def refresh_effective_due(session: Session, *, committee_id: int) -> int:
    """Items with no stated due date are due at the first session after their meeting. The
    target date is worked out per meeting (few rows), then set with one UPDATE per date."""
    sessions = session_dates(session, committee_id=committee_id)
    meetings = session.execute(
        sa.select(col(Meeting.id), col(Meeting.held_on)).where(
            col(Meeting.committee_id) == committee_id
        )
    ).all()
    by_due: dict[date | None, list[int]] = {}
    for meeting_id, held_on in meetings:
        later = [d for d in sessions if held_on is not None and d > held_on]
        by_due.setdefault(min(later) if later else None, []).append(meeting_id)
    changed = 0
    for due, meeting_ids in by_due.items():
        differs = (
            col(ActionItem.effective_due).is_not(None)
            if due is None
            else sa.or_(
                col(ActionItem.effective_due).is_(None), col(ActionItem.effective_due) != due
            )
        )
        result = session.execute(
            sa.update(ActionItem)
            .where(
                col(ActionItem.meeting_id).in_(meeting_ids),
                col(ActionItem.stated_due).is_(None),
                differs,
            )
            .values(effective_due=due)
            .execution_options(synchronize_session=False)
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed
