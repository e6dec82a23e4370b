"""The outbox: messages queued once by their dedupe key with one delivery per target, claimed
by a sender under a lease, recorded attempt by attempt; resending one, and each team's
latest message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import DeliveryState
from followup.store.base import insert_ignore, insert_ignoring
from models.tables import (
    LOCAL_TARGET,
    Attachment,
    Delivery,
    Notification,
)


@dataclass(frozen=True)
class Due:
    """A claimed delivery with what the sender needs, read in one go."""

    delivery_id: int
    notification_id: int
    target: str
    attempts: int
    kind: str
    committee_id: int | None
    team_id: int | None
    subject: str
    body: str
    html: str | None


class Queued(NamedTuple):
    id: int
    new: bool


def queue_notification(
    session: Session,
    *,
    dedupe_key: str,
    kind: str,
    subject: str,
    body: str,
    targets: Iterable[str],
    committee_id: int | None,
    team_id: int | None,
    now: datetime,
    step: str = "",
    html: str | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    not_before: datetime | None = None,
) -> Queued:
    """Put a message in the outbox once (by its dedupe key) with one delivery per target; a
    message without targets goes to the local outbox folder. Returns the message's id, also
    when it was queued before (then nothing is changed, and ``new`` is False)."""
    wanted = [t.strip() for t in targets if t.strip()] or [LOCAL_TARGET]
    inserted = session.execute(
        insert_ignoring(session, Notification, ["dedupe_key"])
        .values(
            dedupe_key=dedupe_key,
            kind=kind,
            step=step,
            subject=subject,
            body=body,
            html=html,
            targets="\n".join(wanted),
            committee_id=committee_id,
            team_id=team_id,
            not_before=not_before,
            status=DeliveryState.PENDING,
            attempts=0,
            created_at=now,
        )
        .returning(col(Notification.id))
    ).scalar()
    notification_id = (
        inserted
        or session.exec(select(Notification.id).where(Notification.dedupe_key == dedupe_key)).one()
    )
    assert notification_id is not None
    if inserted is not None:
        insert_ignore(
            session,
            Delivery,
            [
                {"notification_id": notification_id, "target": t, "state": DeliveryState.PENDING}
                for t in dict.fromkeys(wanted)
            ],
            ["notification_id", "target"],
        )
        insert_ignore(
            session,
            Attachment,
            [
                {"notification_id": notification_id, "filename": f, "mime": m, "content": c}
                for f, m, c in attachments
            ],
            ["notification_id", "filename"],
        )
    return Queued(notification_id, inserted is not None)


def _due_filter(now: datetime) -> list[Any]:
    return [
        Delivery.state == DeliveryState.PENDING,
        sa.or_(col(Delivery.next_attempt_at).is_(None), col(Delivery.next_attempt_at) <= now),
        sa.or_(col(Delivery.claimed_until).is_(None), col(Delivery.claimed_until) < now),
        sa.or_(col(Notification.not_before).is_(None), col(Notification.not_before) <= now),
    ]


def claim_due(
    session: Session,
    *,
    worker: str,
    now: datetime,
    lease_until: datetime,
    limit: int,
    team_id: int | None = None,
    notification_ids: Sequence[int] | None = None,
) -> list[Due] | None:
    """Claim up to ``limit`` deliveries that are due (pending, past their backoff and their
    message's ``not_before``, not leased by another sender) and return them. The claim is one
    conditional UPDATE: a row another sender claimed first no longer matches it, so two
    overlapping runs never get the same row. None when nothing is due; an empty list when
    another sender claimed them first (ask again). Commit before sending."""
    query = select(Delivery.id).join(Notification).where(*_due_filter(now))
    if team_id is not None:
        query = query.where(Notification.team_id == team_id)
    if notification_ids is not None:
        query = query.where(col(Notification.id).in_(notification_ids))
    candidates = list(session.exec(query.order_by(col(Delivery.id)).limit(limit)).all())
    if not candidates:
        return None
    session.execute(
        sa.update(Delivery)
        .where(
            col(Delivery.id).in_(candidates),
            col(Delivery.state) == DeliveryState.PENDING,
            sa.or_(col(Delivery.claimed_until).is_(None), col(Delivery.claimed_until) < now),
        )
        .values(claimed_by=worker, claimed_until=lease_until)
    )
    rows = session.execute(
        sa.select(
            col(Delivery.id),
            col(Delivery.notification_id),
            col(Delivery.target),
            col(Delivery.attempts),
            col(Notification.kind),
            col(Notification.committee_id),
            col(Notification.team_id),
            col(Notification.subject),
            col(Notification.body),
            col(Notification.html),
        )
        .join(Notification, col(Notification.id) == col(Delivery.notification_id))
        .where(
            col(Delivery.id).in_(candidates),
            col(Delivery.claimed_by) == worker,
            col(Delivery.claimed_until) == lease_until,
        )
        .order_by(col(Delivery.id))
    ).all()
    return [Due(*row) for row in rows]


def attachments_of(
    session: Session, *, notification_ids: Iterable[int]
) -> dict[int, list[Attachment]]:
    out: dict[int, list[Attachment]] = {}
    for row in session.exec(
        select(Attachment)
        .where(col(Attachment.notification_id).in_(set(notification_ids)))
        .order_by(col(Attachment.id))
    ):
        out.setdefault(row.notification_id, []).append(row)
    return out


def record_delivery(
    session: Session,
    *,
    delivery_id: int,
    notification_id: int,
    now: datetime,
    error: str | None,
    state: str,
    next_attempt_at: datetime | None = None,
) -> None:
    """Record one attempt: sent, failed for good, or pending again at ``next_attempt_at``;
    the lease is released and the message's own status sums up its deliveries."""
    session.execute(
        sa.update(Delivery)
        .where(col(Delivery.id) == delivery_id)
        .values(
            state=state,
            attempts=Delivery.attempts + 1,
            last_error=error,
            next_attempt_at=next_attempt_at,
            sent_at=now if state == DeliveryState.SENT else None,
            claimed_until=None,
            claimed_by="",
        )
    )
    _sum_up(session, notification_id=notification_id, now=now)


def _sum_up(session: Session, *, notification_id: int, now: datetime) -> None:
    rows = session.execute(
        sa.select(col(Delivery.state), col(Delivery.attempts), col(Delivery.last_error)).where(
            col(Delivery.notification_id) == notification_id
        )
    ).all()
    states = {r.state for r in rows}
    status = (
        DeliveryState.FAILED
        if DeliveryState.FAILED in states
        else DeliveryState.PENDING
        if DeliveryState.PENDING in states
        else DeliveryState.SENT
    )
    errors = [r.last_error for r in rows if r.last_error]
    session.execute(
        sa.update(Notification)
        .where(col(Notification.id) == notification_id)
        .values(
            status=status,
            attempts=max(r.attempts for r in rows),
            last_error="; ".join(errors) or None,
            sent_at=now if status == DeliveryState.SENT else None,
        )
    )


def outbox_rows(
    session: Session, *, failed_only: bool = False
) -> list[tuple[Delivery, Notification]]:
    """Deliveries not sent yet (pending and failed), oldest first, with their messages."""
    states = (
        (DeliveryState.FAILED,) if failed_only else (DeliveryState.PENDING, DeliveryState.FAILED)
    )
    rows = session.exec(
        select(Delivery, Notification)
        .join(Notification)
        .where(col(Delivery.state).in_(states))
        .order_by(col(Delivery.id))
    ).all()
    return [(d, n) for d, n in rows]


def reset_delivery(session: Session, *, delivery_id: int, now: datetime) -> Delivery | None:
    """Make a failed or pending delivery due now again, with a fresh count of attempts (its
    last error stays until the next attempt). None when there is no such unsent delivery."""
    row = session.get(Delivery, delivery_id)
    if row is None or row.state == DeliveryState.SENT:
        return None
    row.state, row.attempts, row.next_attempt_at = DeliveryState.PENDING, 0, None
    row.claimed_until, row.claimed_by = None, ""
    session.add(row)
    session.flush()
    _sum_up(session, notification_id=row.notification_id, now=now)
    return row


def latest_team_notices(session: Session, *, committee_id: int) -> dict[int, Notification]:
    """Each team's latest message (the newest outbox row addressed to it)."""
    newest = (
        select(sa.func.max(Notification.id))
        .where(Notification.committee_id == committee_id, col(Notification.team_id).is_not(None))
        .group_by(col(Notification.team_id))
    )
    rows = session.exec(select(Notification).where(col(Notification.id).in_(newest))).all()
    return {n.team_id: n for n in rows if n.team_id is not None}


def requeue_notification(session: Session, *, original: Notification, now: datetime) -> str:
    """A new outbox row with the original's message, targets and attachments; its dedupe key
    and step are fresh (``resend:<time>``), so it is sent once more. Returns the key."""
    step = f"resend:{now.isoformat()}"
    key = f"{original.kind}:{original.team_id}:{step}"
    insert_ignore(
        session,
        Notification,
        [
            {
                "dedupe_key": key,
                "kind": original.kind,
                "step": step,
                "committee_id": original.committee_id,
                "team_id": original.team_id,
                "targets": original.targets,
                "subject": original.subject,
                "body": original.body,
                "html": original.html,
                "created_at": now,
            }
        ],
        ["dedupe_key"],
    )
    copy = session.exec(select(Notification).where(Notification.dedupe_key == key)).one()
    files = session.exec(select(Attachment).where(Attachment.notification_id == original.id)).all()
    insert_ignore(
        session,
        Attachment,
        [
            {
                "notification_id": copy.id,
                "filename": f.filename,
                "mime": f.mime,
                "content": f.content,
            }
            for f in files
        ],
        ["notification_id", "filename"],
    )
    return key


def release_claims(session: Session, *, delivery_ids: Sequence[int], worker: str) -> None:
    """Give back the lease on deliveries this worker claimed and did not send."""
    session.execute(
        sa.update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids), col(Delivery.claimed_by) == worker)
        .values(claimed_until=None, claimed_by="")
    )
