"""Session dates, and the due dates they give items without a stated one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import DeliveryState, MessageKind
from followup.store.base import insert_ignore, rows_of
from models.tables import (
    ActionItem,
    Attachment,
    Delivery,
    Meeting,
    Notification,
    SessionDate,
)


def add_session_dates(
    session: Session,
    *,
    committee_id: int,
    dates: Iterable[date],
    added_by: str,
    now: datetime,
    restore_from: str | None = None,
) -> int:
    """Record session dates; returns how many were new or restored. A date cancelled before
    comes back when ``restore_from`` is None (added by hand) or names who cancelled it (the
    committee file lists again a date it had dropped; a date removed by hand stays removed)."""
    wanted = list(dates)
    new = insert_ignore(
        session,
        SessionDate,
        [
            {"committee_id": committee_id, "held_on": d, "added_by": added_by, "created_at": now}
            for d in wanted
        ],
        ["committee_id", "held_on"],
    )
    if not wanted:
        return new
    restore = sa.update(SessionDate).where(
        col(SessionDate.committee_id) == committee_id,
        col(SessionDate.held_on).in_(wanted),
        col(SessionDate.cancelled_at).is_not(None),
    )
    if restore_from is not None:
        restore = restore.where(col(SessionDate.cancelled_by) == restore_from)
    restored = session.execute(
        restore.values(cancelled_at=None, cancelled_by="", added_by=added_by).execution_options(
            synchronize_session=False
        )
    )
    return new + int(getattr(restored, "rowcount", 0) or 0)


def cancel_session_dates(
    session: Session,
    *,
    committee_id: int,
    dates: Iterable[date] | None = None,
    keep: Iterable[date] | None = None,
    added_by: str | None = None,
    by: str,
    now: datetime,
) -> list[date]:
    """Cancel sessions (kept as rows, no longer sessions): these ``dates``, or every one
    added by ``added_by`` but those in ``keep``. Any reminder, due-date reminder, escalation
    or digest queued for a cancelled session and not sent yet is dropped from the outbox.
    Returns the dates cancelled."""
    query = select(SessionDate).where(
        SessionDate.committee_id == committee_id, col(SessionDate.cancelled_at).is_(None)
    )
    if dates is not None:
        query = query.where(col(SessionDate.held_on).in_(list(dates)))
    if added_by is not None:
        query = query.where(SessionDate.added_by == added_by)
    if keep is not None:
        query = query.where(col(SessionDate.held_on).not_in(list(keep)))
    rows = rows_of(session, query)
    for row in rows:
        row.cancelled_at, row.cancelled_by = now, by
        session.add(row)
    cancelled = [row.held_on for row in rows]
    if cancelled:
        session.flush()
        _drop_queued(session, committee_id=committee_id, days=cancelled, now=now)
    return cancelled


# Messages whose dedupe key ends in the session they are for.
SESSION_KINDS = (
    MessageKind.REMINDER,
    MessageKind.DUE_REMINDER,
    MessageKind.ESCALATION,
    MessageKind.DIGEST,
)


def _drop_queued(session: Session, *, committee_id: int, days: list[date], now: datetime) -> None:
    """Delete the messages queued for these sessions that no target has received and no
    sender holds: what never went out for a session that will not be held."""
    ends = sa.or_(*(col(Notification.dedupe_key).like(f"%:{d.isoformat()}") for d in days))
    started = (
        sa.select(col(Delivery.notification_id))
        .where(
            sa.or_(
                col(Delivery.state) == DeliveryState.SENT,
                sa.and_(
                    col(Delivery.claimed_until).is_not(None), col(Delivery.claimed_until) > now
                ),
            )
        )
        .scalar_subquery()
    )
    doomed = list(
        session.execute(
            sa.select(col(Notification.id)).where(
                col(Notification.committee_id) == committee_id,
                col(Notification.kind).in_(SESSION_KINDS),
                col(Notification.sent_at).is_(None),
                ends,
                col(Notification.id).not_in(started),
            )
        ).scalars()
    )
    if not doomed:
        return
    for table in (Attachment, Delivery):
        session.execute(
            sa.delete(table)
            .where(col(table.notification_id).in_(doomed))
            .execution_options(synchronize_session=False)
        )
    session.execute(
        sa.delete(Notification)
        .where(col(Notification.id).in_(doomed))
        .execution_options(synchronize_session=False)
    )


def session_dates(session: Session, *, committee_id: int) -> list[date]:
    return [row.held_on for row in session_rows(session, committee_id=committee_id)]


def session_rows(session: Session, *, committee_id: int) -> list[SessionDate]:
    """The committee's sessions (cancelled ones left out), by date."""
    return rows_of(
        session,
        select(SessionDate)
        .where(SessionDate.committee_id == committee_id, col(SessionDate.cancelled_at).is_(None))
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
