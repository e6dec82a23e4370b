"""The outbox: messages queued once by their dedupe key with one delivery per target, claimed
by a sender under a lease, recorded attempt by attempt; resending one, and each team's
latest message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

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
    source: str
    attempts: int
    kind: str
    committee_id: int | None
    team_id: int | None
    follow_team: bool
    targets: str
    subject: str
    body: str
    html: str | None


class Queued(NamedTuple):
    id: int
    new: bool


# The statements a sender runs once per message, built once: building one costs more than
# running it on SQLite (about 0.5 ms of SQLAlchemy's statement construction and cache key).
_DELIVERY = Delivery.__table__  # type: ignore[attr-defined]
_RECORD = (
    sa.update(_DELIVERY)
    .where(_DELIVERY.c.id == sa.bindparam("r_id"))
    .values(
        state=sa.bindparam("r_state"),
        attempts=_DELIVERY.c.attempts + 1,
        last_error=sa.bindparam("r_error"),
        next_attempt_at=sa.bindparam("r_next"),
        sent_at=sa.bindparam("r_sent"),
        claimed_until=None,
        claimed_by="",
    )
)
_built: dict[tuple[str, str], Any] = {}


def _statement(session: Session, name: str, build: Any) -> Any:
    """A statement built once per dialect (the insert-ignore differs between the two)."""
    key = (session.get_bind().dialect.name, name)
    if key not in _built:
        _built[key] = build(session)
    return _built[key]


def _queue_statement(session: Session) -> Any:
    return _statement(
        session,
        "queue",
        lambda s: (
            insert_ignoring(s, Notification, ["dedupe_key"])
            .values(
                {
                    name: sa.bindparam(f"q_{name}")
                    for name in (
                        "dedupe_key",
                        "kind",
                        "step",
                        "subject",
                        "body",
                        "html",
                        "targets",
                        "committee_id",
                        "team_id",
                        "not_before",
                        "follow_team",
                        "created_at",
                    )
                }
                | {"status": DeliveryState.PENDING, "attempts": 0}
            )
            .returning(col(Notification.id))
        ),
    )


def _deliveries_statement(session: Session) -> Any:
    return insert_ignoring(session, Delivery, ["notification_id", "target"])


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
    follow_team: bool = True,
) -> Queued:
    """Put a message in the outbox once (by its dedupe key) with one delivery per target; a
    message without targets goes to the local outbox folder. Returns the message's id, also
    when it was queued before (then nothing is changed, and ``new`` is False).

    ``follow_team``: the targets are the team's ``notify`` in the committee file (every
    caller's case), so the sender reads them again from the current file at each attempt;
    False sends to exactly these targets."""
    wanted = [t.strip() for t in targets if t.strip()] or [LOCAL_TARGET]
    connection = session.connection()
    inserted = connection.execute(
        _queue_statement(session),
        {
            "q_dedupe_key": dedupe_key,
            "q_kind": kind,
            "q_step": step,
            "q_subject": subject,
            "q_body": body,
            "q_html": html,
            "q_targets": "\n".join(wanted),
            "q_committee_id": committee_id,
            "q_team_id": team_id,
            "q_not_before": not_before,
            "q_follow_team": follow_team,
            "q_created_at": now,
        },
    ).scalar()
    notification_id = (
        inserted
        or session.connection()
        .execute(sa.select(col(Notification.id)).where(col(Notification.dedupe_key) == dedupe_key))
        .scalar_one()
    )
    assert notification_id is not None
    if inserted is not None:
        connection.execute(
            _statement(session, "deliveries", _deliveries_statement),
            [
                {
                    "notification_id": notification_id,
                    "target": t,
                    "source": t,
                    "state": DeliveryState.PENDING,
                }
                for t in dict.fromkeys(wanted)
            ],
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


def _ready(now: datetime) -> list[Any]:
    """Pending, past its backoff and its message's ``not_before``: due unless claimed."""
    return [
        Delivery.state == DeliveryState.PENDING,
        sa.or_(col(Delivery.next_attempt_at).is_(None), col(Delivery.next_attempt_at) <= now),
        sa.or_(col(Notification.not_before).is_(None), col(Notification.not_before) <= now),
    ]


Query = TypeVar("Query", bound=Any)


class Claim(NamedTuple):
    """A sender's hold on the deliveries it is sending: who holds them, and until when (its
    lease). A delivery is this claim's when both match."""

    worker: str
    until: datetime

    def holds(self, claimed_by: str | None, claimed_until: datetime | None) -> bool:
        return (claimed_by, claimed_until) == (self.worker, self.until)


class Messages(NamedTuple):
    """The messages a sender run takes: one team's, these ones, or (both None) all."""

    team_id: int | None = None
    notification_ids: Sequence[int] | None = None


ALL_MESSAGES = Messages()


def _of_messages(query: Query, messages: Messages) -> Query:
    """The query narrowed to the run's messages."""
    if messages.team_id is not None:
        query = query.where(col(Notification.team_id) == messages.team_id)
    if messages.notification_ids is not None:
        query = query.where(col(Notification.id).in_(messages.notification_ids))
    return query


def claim_due(
    session: Session,
    *,
    claim: Claim,
    now: datetime,
    limit: int,
    messages: Messages = ALL_MESSAGES,
) -> list[Due] | None:
    """Claim up to ``limit`` deliveries that are due (pending, past their backoff and their
    message's ``not_before``, not leased by another sender) and return them. The claim is one
    conditional UPDATE: a row another sender claimed first no longer matches it, so two
    overlapping runs never get the same row. None when nothing is due; an empty list when
    another sender claimed them first (ask again). Commit before sending."""
    unclaimed = sa.or_(col(Delivery.claimed_until).is_(None), col(Delivery.claimed_until) < now)
    query = select(Delivery.id).join(Notification).where(*_ready(now), unclaimed)
    query = _of_messages(query, messages)
    candidates = list(
        session.connection().execute(query.order_by(col(Delivery.id)).limit(limit)).scalars()
    )
    if not candidates:
        return None
    session.connection().execute(
        sa.update(Delivery)
        .where(
            col(Delivery.id).in_(candidates),
            col(Delivery.state) == DeliveryState.PENDING,
            unclaimed,
        )
        .values(claimed_by=claim.worker, claimed_until=claim.until)
    )
    return claimed(session, claim=claim, delivery_ids=candidates)


_DUE_COLUMNS = (
    col(Delivery.id),
    col(Delivery.notification_id),
    col(Delivery.target),
    col(Delivery.source),
    col(Delivery.attempts),
    col(Notification.kind),
    col(Notification.committee_id),
    col(Notification.team_id),
    col(Notification.follow_team),
    col(Notification.targets),
    col(Notification.subject),
    col(Notification.body),
    col(Notification.html),
)


def claimed(
    session: Session,
    *,
    claim: Claim,
    delivery_ids: Sequence[int] | None = None,
    notification_ids: Sequence[int] | None = None,
) -> list[Due]:
    """The pending deliveries (of these ids, or of these messages) the claim holds."""
    query = (
        sa.select(*_DUE_COLUMNS)
        .join(Notification, col(Notification.id) == col(Delivery.notification_id))
        .where(
            col(Delivery.claimed_by) == claim.worker,
            col(Delivery.claimed_until) == claim.until,
            col(Delivery.state) == DeliveryState.PENDING,
        )
        .order_by(col(Delivery.id))
    )
    if delivery_ids is not None:
        query = query.where(col(Delivery.id).in_(delivery_ids))
    if notification_ids is not None:
        query = query.where(col(Delivery.notification_id).in_(notification_ids))
    return [Due(*tuple(row)) for row in session.connection().execute(query).all()]


@dataclass(frozen=True)
class Refusal:
    """Why ``claim_delivery`` did not take a delivery: ``missing``, ``sent``, or ``held`` by
    another sender (``claimed_by``) until ``claimed_until``."""

    reason: str
    claimed_by: str = ""
    claimed_until: datetime | None = None


def claim_delivery(
    session: Session, *, delivery_id: int, claim: Claim, now: datetime
) -> Due | Refusal:
    """``outbox retry``: take one unsent delivery under the same lease a sender takes (one
    conditional UPDATE: a row another sender holds a live claim on does not match), made due
    now with a fresh count of attempts. Commit before sending."""
    taken = (
        session.connection()
        .execute(
            sa.update(Delivery)
            .where(
                col(Delivery.id) == delivery_id,
                col(Delivery.state) != DeliveryState.SENT,
                sa.or_(col(Delivery.claimed_until).is_(None), col(Delivery.claimed_until) < now),
            )
            .values(
                state=DeliveryState.PENDING,
                attempts=0,
                next_attempt_at=None,
                claimed_by=claim.worker,
                claimed_until=claim.until,
            )
        )
        .rowcount
    )
    if taken:
        (due,) = claimed(session, claim=claim, delivery_ids=[delivery_id])
        _sum_up(session, notification_id=due.notification_id, now=now)
        return due
    row = (
        session.connection()
        .execute(
            sa.select(
                col(Delivery.state), col(Delivery.claimed_by), col(Delivery.claimed_until)
            ).where(col(Delivery.id) == delivery_id)
        )
        .first()
    )
    if row is None:
        return Refusal("missing")
    if row.state == DeliveryState.SENT:
        return Refusal("sent")
    return Refusal("held", row.claimed_by, row.claimed_until)


class Slot(NamedTuple):
    """One delivery of a message: its target (a service) and where it came from."""

    id: int
    target: str
    state: str


def slots_of(session: Session, *, notification_ids: Iterable[int]) -> dict[int, list[Slot]]:
    """Every delivery of these messages, by message."""
    return _by_message(session, Delivery, Slot, notification_ids)


Row = TypeVar("Row", bound=tuple[Any, ...])


def _by_message(
    session: Session, table: Any, record: type[Row], notification_ids: Iterable[int]
) -> dict[int, list[Row]]:
    """The rows of a message's child table (deliveries, attachments), by message, in the
    order stored: each as ``record``, whose fields name the columns read."""
    columns = [col(getattr(table, name)) for name in record._fields]  # type: ignore[attr-defined]
    out: dict[int, list[Row]] = {}
    for row in session.connection().execute(
        sa.select(col(table.notification_id), *columns)
        .where(col(table.notification_id).in_(set(notification_ids)))
        .order_by(col(table.id))
    ):
        out.setdefault(row[0], []).append(record(*row[1:]))
    return out


def retarget(
    session: Session,
    *,
    notification_id: int,
    targets: Sequence[str],
    wanted: Sequence[tuple[str, str]],
    claim: Claim,
    now: datetime,
) -> None:
    """Make a message's deliveries one per wanted service (``(target, source)`` pairs, in
    order): each delivery the claim holds whose target is no longer wanted takes the next
    wanted target no delivery has yet (so it keeps its id and history), or is dropped when
    none is left (it was never delivered, and every wanted target has its delivery); a wanted
    target left over gets a new delivery under the claim. The message's row is
    updated first, so two senders retargeting one message take turns."""
    session.connection().execute(
        sa.update(Notification)
        .where(col(Notification.id) == notification_id)
        .values(targets="\n".join(targets))
    )
    rows = (
        session.connection()
        .execute(
            sa.select(
                col(Delivery.id),
                col(Delivery.target),
                col(Delivery.state),
                col(Delivery.claimed_by),
                col(Delivery.claimed_until),
            )
            .where(col(Delivery.notification_id) == notification_id)
            .order_by(col(Delivery.id))
        )
        .all()
    )
    keys = {target for target, _ in wanted}
    have = {row.target for row in rows}
    free = [(t, s) for t, s in dict(wanted).items() if t not in have]
    for row in rows:
        if (
            not claim.holds(row.claimed_by, row.claimed_until)
            or row.state != DeliveryState.PENDING
            or row.target in keys
        ):
            continue
        if free:
            target, source = free.pop(0)
            session.connection().execute(
                sa.update(Delivery)
                .where(col(Delivery.id) == row.id)
                .values(target=target, source=source)
            )
        else:
            session.connection().execute(sa.delete(Delivery).where(col(Delivery.id) == row.id))
    insert_ignore(
        session,
        Delivery,
        [
            {
                "notification_id": notification_id,
                "target": target,
                "source": source,
                "state": DeliveryState.PENDING,
                "claimed_by": claim.worker,
                "claimed_until": claim.until,
            }
            for target, source in free
        ],
        ["notification_id", "target"],
    )
    _sum_up(session, notification_id=notification_id, now=now)


class Attached(NamedTuple):
    """A file a message carries, as the channels send it."""

    filename: str
    mime: str
    content: bytes


def attachments_of(
    session: Session, *, notification_ids: Iterable[int]
) -> dict[int, list[Attached]]:
    return _by_message(session, Attachment, Attached, notification_ids)


class Attempt(NamedTuple):
    """What one attempt at a delivery came to: sent, failed for good, or pending again at
    ``next_attempt_at``, with the error it met."""

    state: str
    error: str | None = None
    next_attempt_at: datetime | None = None


def record_delivery(
    session: Session, due: Due, attempt: Attempt, *, now: datetime, sum_up: bool = True
) -> None:
    """Record one attempt at a claimed delivery; the lease is released. The message's own
    status sums up its deliveries, here or (with ``sum_up=False``) in a later ``sum_up`` over
    a batch of messages."""
    session.connection().execute(
        _RECORD,
        {
            "r_id": due.delivery_id,
            "r_state": attempt.state,
            "r_error": attempt.error,
            "r_next": attempt.next_attempt_at,
            "r_sent": now if attempt.state == DeliveryState.SENT else None,
        },
    )
    if sum_up:
        _sum_up(session, notification_id=due.notification_id, now=now)


def sum_up(session: Session, *, notification_ids: Iterable[int], now: datetime) -> None:
    """Each message's status, attempts and errors from its deliveries, for a batch of
    messages in two statements."""
    ids = sorted(set(notification_ids))
    if not ids:
        return
    by_message: dict[int, list[Any]] = {}
    for row in session.connection().execute(
        sa.select(
            col(Delivery.notification_id),
            col(Delivery.state),
            col(Delivery.attempts),
            col(Delivery.last_error),
        ).where(col(Delivery.notification_id).in_(ids))
    ):
        by_message.setdefault(row.notification_id, []).append(row)
    table = Notification.__table__  # type: ignore[attr-defined]
    session.connection().execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("nid"))
        .values(
            status=sa.bindparam("s_status"),
            attempts=sa.bindparam("s_attempts"),
            last_error=sa.bindparam("s_error"),
            sent_at=sa.bindparam("s_sent"),
        ),
        [{"nid": nid, **_summary(rows, now)} for nid, rows in by_message.items()],
    )


def stale_messages(session: Session) -> list[int]:
    """Messages still pending with no pending delivery (a sender stopped between recording
    its deliveries and summing up their message)."""
    pending = (
        sa.select(col(Delivery.id))
        .where(
            col(Delivery.notification_id) == col(Notification.id),
            col(Delivery.state) == DeliveryState.PENDING,
        )
        .exists()
    )
    return [
        nid
        for nid in session.connection()
        .execute(
            sa.select(col(Notification.id)).where(
                col(Notification.status) == DeliveryState.PENDING, ~pending
            )
        )
        .scalars()
        if nid is not None
    ]


def _summary(rows: Sequence[Any], now: datetime) -> dict[str, Any]:
    states = {r.state for r in rows}
    status = (
        DeliveryState.FAILED
        if DeliveryState.FAILED in states
        else DeliveryState.PENDING
        if DeliveryState.PENDING in states
        else DeliveryState.SENT
    )
    errors = [r.last_error for r in rows if r.last_error]
    return {
        "s_status": status,
        "s_attempts": max(r.attempts for r in rows),
        "s_error": "; ".join(errors) or None,
        "s_sent": now if status == DeliveryState.SENT else None,
    }


def _sum_up(session: Session, *, notification_id: int, now: datetime) -> None:
    sum_up(session, notification_ids=[notification_id], now=now)


def outbox_rows(
    session: Session, *, failed_only: bool = False, committee_id: int | None = None
) -> list[tuple[Delivery, Notification]]:
    """Deliveries not sent yet (pending and failed), oldest first, with their messages; of
    one committee's messages when ``committee_id`` is given."""
    states = (
        (DeliveryState.FAILED,) if failed_only else (DeliveryState.PENDING, DeliveryState.FAILED)
    )
    query = (
        select(Delivery, Notification)
        .join(Notification)
        .where(col(Delivery.state).in_(states))
        .order_by(col(Delivery.id))
    )
    if committee_id is not None:
        query = query.where(Notification.committee_id == committee_id)
    return [(d, n) for d, n in session.exec(query).all()]


def notice_created_at(session: Session, *, dedupe_key: str) -> datetime | None:
    """When the message of ``dedupe_key`` was queued (None if it never was)."""
    return session.exec(
        select(Notification.created_at).where(Notification.dedupe_key == dedupe_key)
    ).first()


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
                "follow_team": original.follow_team,
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
    session.connection().execute(
        sa.update(Delivery)
        .where(col(Delivery.id).in_(delivery_ids), col(Delivery.claimed_by) == worker)
        .values(claimed_until=None, claimed_by="")
    )


class Held(NamedTuple):
    """A due delivery another sender's live claim holds."""

    id: int
    subject: str
    target: str
    claimed_by: str
    claimed_until: datetime


def held_by_others(
    session: Session,
    *,
    worker: str,
    now: datetime,
    messages: Messages = ALL_MESSAGES,
) -> list[Held]:
    """Deliveries that are due but under another sender's live claim (being sent now, or by a
    sender that stopped before recording them: its lease has not expired yet)."""
    query = (
        sa.select(
            col(Delivery.id),
            col(Notification.subject),
            col(Delivery.target),
            col(Delivery.claimed_by),
            col(Delivery.claimed_until),
        )
        .join(Notification, col(Notification.id) == col(Delivery.notification_id))
        .where(
            *_ready(now),
            col(Delivery.claimed_until) >= now,
            col(Delivery.claimed_by) != worker,
        )
        .order_by(col(Delivery.id))
    )
    query = _of_messages(query, messages)
    return [Held(*row._tuple()) for row in session.connection().execute(query).all()]  # type: ignore[arg-type]
