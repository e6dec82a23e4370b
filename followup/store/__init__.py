"""Reads and writes, as keyword-only functions over a session.

Every write is idempotent: rows are inserted with ``ON CONFLICT DO NOTHING`` against their
natural key and then read back, never "check, then insert", so a retried task or two
concurrent runs cannot duplicate anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from followup.committee import Committee as CommitteeFile
from followup.extract.items import ExtractedItem
from followup.loop.recurrence import (
    LOOKBACK,
    REPEATABLE,
    Candidate,
    content_nouns,
    pack_nouns,
    unpack_nouns,
)
from followup.minutes.model import Minutes
from models.tables import (
    LOCAL_TARGET,
    ActionItem,
    AgendaItem,
    Attachment,
    ChangeRequest,
    Committee,
    Delivery,
    Meeting,
    MinutesFile,
    Notification,
    Secretary,
    SecretaryCommittee,
    SessionDate,
    Snapshot,
    StatusUpdate,
    Team,
    utc_now,
)

OPEN_STATUSES = ("open", "in_progress")
REPORTED_STATUSES = ("done", "explained")
CLOSED_STATUSES = ("withdrawn", "rejected")


def insert_ignore(
    session: Session, table: type[SQLModel], rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> int:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, on SQLite and PostgreSQL alike; returns how
    many rows were new."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING counts the new rows on both databases (rowcount is not reliable for an ORM
    # table's insert on PostgreSQL).
    statement: Any = (
        insert(table)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=keys)
        .returning(sa.literal_column("1"))
    )
    return len(session.execute(statement).all())


@dataclass(frozen=True)
class CommitteeIds:
    committee_id: int
    teams: dict[str, int]


def ensure_committee(session: Session, *, committee: CommitteeFile) -> CommitteeIds:
    insert_ignore(
        session,
        Committee,
        [{"name": committee.name, "timezone": committee.timezone, "created_at": utc_now()}],
        ["name"],
    )
    committee_id = session.exec(select(Committee.id).where(Committee.name == committee.name)).one()
    assert committee_id is not None
    insert_ignore(
        session,
        Team,
        [{"committee_id": committee_id, "name": t.name} for t in committee.teams],
        ["committee_id", "name"],
    )
    teams = session.exec(select(Team).where(Team.committee_id == committee_id)).all()
    return CommitteeIds(committee_id, {t.name: t.id for t in teams if t.id is not None})


def register_file(
    session: Session, *, path: str, sha256: str, approved_by: str | None, now: datetime
) -> MinutesFile:
    """Record a file seen in the inbox; approve it when the inbox placement says so."""
    insert_ignore(
        session,
        MinutesFile,
        [{"path": path, "sha256": sha256, "registered_at": now, "updated_at": now}],
        ["path"],
    )
    row = session.exec(select(MinutesFile).where(MinutesFile.path == path)).one()
    if row.sha256 != sha256:
        row.sha256, row.updated_at = sha256, now
        if row.status == "failed":
            row.status, row.error = ("approved" if row.approved_at else "draft"), None
    if approved_by and row.approved_at is None:
        approve(row, by=approved_by, now=now)
    session.add(row)
    session.flush()
    return row


def approve(row: MinutesFile, *, by: str, now: datetime) -> None:
    row.approved_by, row.approved_at, row.updated_at = by, now, now
    if row.status == "draft":
        row.status = "approved"


def files_to_sync(session: Session) -> list[int]:
    """Approved files whose current content has not been extracted yet."""
    rows = session.exec(
        select(MinutesFile.id)
        .where(
            MinutesFile.status == "approved",
            sa.or_(
                col(MinutesFile.synced_sha256).is_(None),
                col(MinutesFile.synced_sha256) != col(MinutesFile.sha256),
            ),
        )
        .order_by(col(MinutesFile.id))
    ).all()
    return [r for r in rows if r is not None]


def record_failure(session: Session, *, file_id: int, error: str, now: datetime) -> None:
    row = session.get(MinutesFile, file_id)
    if row is not None:
        row.status, row.error, row.updated_at = "failed", error, now
        session.add(row)


@dataclass(frozen=True)
class WithdrawnItem:
    id: int
    team_id: int
    announced: bool  # the team was told of it, so it is told of the withdrawal too


@dataclass(frozen=True)
class SyncResult:
    """What storing one file did. ``current``: the file now holds the meeting's items;
    otherwise ``superseded_by`` names the meeting's current file and no item was touched.
    ``supersedes``: files this one replaced as the meeting's current file in this sync."""

    file_id: int
    meeting_id: int
    held_on: date | None
    current: bool
    added: int = 0
    kept: int = 0
    withdrawn: tuple[WithdrawnItem, ...] = ()
    reopened: int = 0
    superseded_by: int | None = None
    identical: bool = False  # same content as a file of the meeting stored before
    supersedes: tuple[int, ...] = ()
    quiet: bool = False  # an old meeting stored without notices (backfill)


def sync_items(
    session: Session,
    *,
    file_id: int,
    sha256: str,
    ids: CommitteeIds,
    minutes: Minutes,
    items: Sequence[ExtractedItem],
    default_due: date | None,
    review_threshold: float,
    now: datetime,
    quiet_before: date | None = None,
) -> SyncResult:
    """Store one file's extraction as its meeting's items, known by (meeting, natural key).

    A meeting (committee, date, title) has one current file: the newest approved one. When
    this file is (or becomes) current, the meeting's items follow its text: unchanged items
    keep their id, status and history and move to this file's lines; items gone from the text
    are withdrawn (never deleted); new ones are added. A file that is older than the current
    one, or a copy of content stored before, is recorded as superseded and changes nothing.
    Items of a meeting held before ``quiet_before`` are stored as already announced."""
    meeting_id = _ensure_meeting(session, committee_id=ids.committee_id, minutes=minutes)
    file_row = session.get(MinutesFile, file_id)
    assert file_row is not None
    was_current = file_row.meeting_id == meeting_id and file_row.superseded_by_id is None
    file_row.synced_sha256, file_row.synced_at = sha256, now
    file_row.meeting_id, file_row.committee_id = meeting_id, ids.committee_id
    file_row.error, file_row.updated_at = None, now
    session.add(file_row)
    quiet = bool(quiet_before and minutes.meeting_date and minutes.meeting_date < quiet_before)
    base = SyncResult(
        file_id=file_id,
        meeting_id=meeting_id,
        held_on=minutes.meeting_date,
        current=True,
        quiet=quiet,
    )
    current = None if was_current else current_file(session, meeting_id=meeting_id, but=file_id)
    if current is not None:
        twin = session.exec(
            select(MinutesFile.id).where(
                MinutesFile.meeting_id == meeting_id,
                MinutesFile.id != file_id,
                MinutesFile.synced_sha256 == sha256,
            )
        ).first()
        newer = file_row.superseded_by_id is None and _newness(file_row) > _newness(current)
        if twin is not None or not newer:
            assert current.id is not None
            file_row.superseded_by_id = current.id
            return replace(base, current=False, superseded_by=current.id, identical=bool(twin))
    replaced = (
        _supersede_others(session, meeting_id=meeting_id, by=file_id, now=now)
        if not was_current
        else ()
    )
    agenda_ids = _ensure_agenda(session, meeting_id=meeting_id, minutes=minutes)
    existing = {
        row.natural_key: row
        for row in session.exec(select(ActionItem).where(ActionItem.meeting_id == meeting_id))
    }
    rows = []
    for item in items:
        rows.append(
            {
                "minutes_file_id": file_id,
                "meeting_id": meeting_id,
                "natural_key": item.natural_key,
                "kind": item.kind,
                "summary": item.summary,
                "source_text": item.source_text,
                "line_start": item.line_start,
                "line_end": item.line_end,
                "speaker": item.speaker,
                "speaker_role": item.speaker_role,
                "agenda_item_id": agenda_ids.get(item.agenda_position or -1),
                "agenda_reason": item.agenda_reason,
                "team_id": ids.teams[item.team],
                "routing_reason": item.routing_reason,
                "stated_due": item.stated_due,
                "due_text": item.due_text,
                "effective_due": item.stated_due or default_due,
                "confidence": item.confidence,
                "presentation_plan": item.presentation_plan,
                "nouns": pack_nouns(item.nouns),
                "status": "open",
                "review": "pending" if item.confidence < review_threshold else "none",
                "announced_at": now if quiet else None,
                "created_at": now,
                "updated_at": now,
            }
        )
    insert_ignore(session, ActionItem, rows, ["meeting_id", "natural_key"])
    stored = {
        row.natural_key: row
        for row in session.exec(select(ActionItem).where(ActionItem.meeting_id == meeting_id))
    }
    keys = {item.natural_key for item in items}
    added = [key for key in keys if key not in existing]
    note = "old meeting stored by backfill: no notice" if quiet else ""
    for key in added:
        record_status(session, stored[key], None, "open", channel="extract", note=note, now=now)
    for item in items:
        row = stored[item.natural_key]
        if (row.minutes_file_id, row.line_start, row.line_end) != (
            file_id,
            item.line_start,
            item.line_end,
        ):
            row.minutes_file_id = file_id
            row.line_start, row.line_end = item.line_start, item.line_end
            row.source_text = item.source_text
            row.nouns = pack_nouns(item.nouns)
            session.add(row)
    withdrawn: list[WithdrawnItem] = []
    reopened = 0
    for key, row in stored.items():
        if key not in keys and row.status != "withdrawn":
            assert row.id is not None
            withdrawn.append(WithdrawnItem(row.id, row.team_id, row.announced_at is not None))
            set_status(session, row, "withdrawn", channel="resync", note="not in the text", now=now)
        elif key in keys and key in existing and row.status == "withdrawn":
            set_status(session, row, "open", channel="resync", note="back in the text", now=now)
            reopened += 1
    return replace(
        base,
        added=len(added),
        kept=len(keys) - len(added),
        withdrawn=tuple(withdrawn),
        reopened=reopened,
        supersedes=replaced,
    )


def _ensure_meeting(session: Session, *, committee_id: int, minutes: Minutes) -> int:
    insert_ignore(
        session,
        Meeting,
        [
            {
                "committee_id": committee_id,
                "title": minutes.title,
                "held_on": minutes.meeting_date,
                "place": minutes.place,
            }
        ],
        ["committee_id", "held_on", "title"],
    )
    meeting_id = session.exec(
        select(Meeting.id).where(
            Meeting.committee_id == committee_id,
            Meeting.held_on == minutes.meeting_date,
            Meeting.title == minutes.title,
        )
    ).one()
    assert meeting_id is not None
    return meeting_id


def _ensure_agenda(session: Session, *, meeting_id: int, minutes: Minutes) -> dict[int, int]:
    insert_ignore(
        session,
        AgendaItem,
        [
            {
                "meeting_id": meeting_id,
                "position": a.position,
                "title": a.title,
                "group_name": a.group,
            }
            for a in minutes.agenda
        ],
        ["meeting_id", "position"],
    )
    rows = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
    return {r.position: r.id for r in rows if r.id is not None}


def set_status(
    session: Session,
    row: ActionItem,
    status: str,
    *,
    channel: str,
    note: str = "",
    actor: str = "",
    now: datetime,
) -> None:
    """Change an item's status and add its row to the status trail (also when only a note is
    recorded and the status stays the same)."""
    record_status(
        session, row, row.status, status, channel=channel, note=note, actor=actor, now=now
    )
    row.status, row.updated_at = status, now
    session.add(row)


def record_status(
    session: Session,
    row: ActionItem,
    old: str | None,
    new: str,
    *,
    channel: str,
    note: str = "",
    actor: str = "",
    now: datetime,
) -> None:
    assert row.id is not None
    session.add(
        StatusUpdate(
            action_item_id=row.id,
            old_status=old,
            new_status=new,
            note=note,
            channel=channel,
            actor=actor,
            created_at=now,
        )
    )


def items_to_announce(session: Session, *, team_id: int) -> list[ActionItem]:
    """Open items of a team that no notice has carried yet and that review does not hold."""
    return list(
        session.exec(
            select(ActionItem)
            .where(
                ActionItem.team_id == team_id,
                col(ActionItem.announced_at).is_(None),
                col(ActionItem.status).in_(OPEN_STATUSES),
                ActionItem.review != "pending",
            )
            .order_by(col(ActionItem.meeting_id), col(ActionItem.line_start))
        ).all()
    )


def meetings_and_agenda(
    session: Session, *, items: Sequence[ActionItem]
) -> tuple[dict[int | None, Meeting], dict[int | None, str]]:
    """The meetings of these items, and the titles of their agenda items, by id."""
    meetings = {
        m.id: m
        for m in session.exec(
            select(Meeting).where(col(Meeting.id).in_({i.meeting_id for i in items}))
        )
    }
    titles = {
        a.id: a.title
        for a in session.exec(
            select(AgendaItem).where(
                col(AgendaItem.id).in_({i.agenda_item_id for i in items if i.agenda_item_id})
            )
        )
    }
    return meetings, titles


def mark_announced(session: Session, *, item_ids: Iterable[int], now: datetime) -> None:
    ids = list(item_ids)
    if ids:
        session.execute(
            sa.update(ActionItem).where(col(ActionItem.id).in_(ids)).values(announced_at=now)
        )


# --- outbox ---


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
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = session.execute(
        insert(Notification)
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
            status="pending",
            attempts=0,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
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
                {"notification_id": notification_id, "target": t, "state": "pending"}
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
        Delivery.state == "pending",
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
            col(Delivery.state) == "pending",
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
            sent_at=now if state == "sent" else None,
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
    status = "failed" if "failed" in states else "pending" if "pending" in states else "sent"
    errors = [r.last_error for r in rows if r.last_error]
    session.execute(
        sa.update(Notification)
        .where(col(Notification.id) == notification_id)
        .values(
            status=status,
            attempts=max(r.attempts for r in rows),
            last_error="; ".join(errors) or None,
            sent_at=now if status == "sent" else None,
        )
    )


def outbox_rows(
    session: Session, *, failed_only: bool = False
) -> list[tuple[Delivery, Notification]]:
    """Deliveries not sent yet (pending and failed), oldest first, with their messages."""
    states = ("failed",) if failed_only else ("pending", "failed")
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
    if row is None or row.state == "sent":
        return None
    row.state, row.attempts, row.next_attempt_at = "pending", 0, None
    row.claimed_until, row.claimed_by = None, ""
    session.add(row)
    session.flush()
    _sum_up(session, notification_id=row.notification_id, now=now)
    return row


# --- sessions ---


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
    return list(
        session.exec(
            select(SessionDate)
            .where(SessionDate.committee_id == committee_id)
            .order_by(col(SessionDate.held_on))
        ).all()
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


# --- poll ---


def _poll_flags(today: date, announced_before: datetime) -> dict[str, Any]:
    """The poll's findings as SQL truth values over one action_item row."""
    is_open = col(ActionItem.status).in_(OPEN_STATUSES)
    return {
        "overdue": sa.and_(is_open, col(ActionItem.effective_due) < today),
        "silent": sa.and_(
            is_open,
            col(ActionItem.announced_at) < announced_before,
            col(ActionItem.reported_at).is_(None),
        ),
        "awaiting": sa.and_(
            col(ActionItem.status).in_(REPORTED_STATUSES), col(ActionItem.check_result) == ""
        ),
    }


def _polled_items(committee_id: int) -> list[Any]:
    """The items a committee follows up: not held in review, of the committee's meetings."""
    return [
        col(ActionItem.review) != "pending",
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


def poll_counts(
    session: Session, *, committee_id: int, today: date, announced_before: datetime
) -> list[StatusCount]:
    """Per team and status: items, announced ones, reported ones, and how many are overdue,
    silent (announced before the cut-off, never reported on) or reported 완료/추진 불가 and
    awaiting the committee's check. One scan of the committee's items."""
    announced = col(ActionItem.announced_at).is_not(None)
    reported = sa.and_(announced, col(ActionItem.reported_at).is_not(None))
    flags = _poll_flags(today, announced_before)
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
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(insert(Snapshot).on_conflict_do_nothing(index_elements=keys), rows)
    return len(rows)


# --- reminders ---


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
            col(ActionItem.review) != "pending",
            col(ActionItem.announced_at).is_not(None),
        )
        .order_by(col(Team.id), col(Meeting.held_on), col(ActionItem.line_start))
    )
    if held_before is not None:
        query = query.where(col(Meeting.held_on) < held_before)
    return [ItemLine(*row) for row in session.execute(query).all()]


# --- recurrence ---


def repeat_candidates(
    session: Session, *, meeting_id: int
) -> tuple[list[Candidate], list[Candidate]]:
    """A meeting's repeatable items not yet linked to an earlier one, and the open repeatable
    items of the same teams at the same committee's earlier meetings of the last three years
    (``LOOKBACK``). An item stored before items kept their nouns (migration 0003) has them
    read here, once, and stored."""
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None and meeting.held_on is not None  # sync refuses undated minutes
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
            col(ActionItem.kind).in_(REPEATABLE),
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
            col(Meeting.held_on) >= meeting.held_on - LOOKBACK,
            col(ActionItem.team_id).in_({row[1] for row in new}),
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.kind).in_(REPEATABLE),
            col(ActionItem.review) != "pending",
        )
    ).all()
    unread = [row[0] for row in [*new, *earlier] if row[3] is None]
    read: dict[int, frozenset[str]] = {}
    if unread:
        texts = session.execute(
            sa.select(
                col(ActionItem.id), col(ActionItem.summary), col(ActionItem.source_text)
            ).where(col(ActionItem.id).in_(unread))
        ).all()
        for item_id, summary, source_text in texts:
            read[item_id] = content_nouns(f"{summary} {source_text}")
            session.execute(
                sa.update(ActionItem)
                .where(col(ActionItem.id) == item_id)
                .values(nouns=pack_nouns(read[item_id]))
            )

    def candidate(row: Any) -> Candidate:
        nouns = read[row[0]] if row[3] is None else unpack_nouns(row[3])
        return Candidate(id=row[0], team_id=row[1], kind=row[2], nouns=nouns)

    return [candidate(r) for r in new], [candidate(r) for r in earlier]


def link_repeats(session: Session, *, links: dict[int, int], now: datetime) -> None:
    for item_id, earlier_id in links.items():
        row = session.get(ActionItem, item_id)
        if row is not None and row.repeats_item_id is None:
            row.repeats_item_id, row.updated_at = earlier_id, now
            session.add(row)
            record_status(
                session,
                row,
                row.status,
                row.status,
                channel="extract",
                note=f"repeats:{earlier_id}",
                now=now,
            )


# --- items listing and pass totals (followup items, the run summary) ---


@dataclass(frozen=True)
class ItemRow:
    id: int
    committee: str
    meeting: str
    held_on: date | None
    team: str
    kind: str
    status: str
    review: str
    due: date | None
    summary: str


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
            ActionItem.review == "pending", col(ActionItem.status).in_(OPEN_STATUSES)
        )
    ).one()
    unsent = session.exec(select(sa.func.count()).where(col(Notification.sent_at).is_(None))).one()
    return Totals(
        files=dict(files),
        items=dict(items),
        pending_review=int(pending),
        unsent=int(unsent),
    )


# --- console ---

LIVE_STATUSES = ("open", "in_progress", "done", "explained")
REPORTED_STATUSES = ("done", "explained")
PAGE_SIZE = 50


def secretary_by_name(session: Session, *, name: str) -> Secretary | None:
    return session.exec(select(Secretary).where(Secretary.name == name)).first()


def save_secretary(
    session: Session, *, name: str, password_hash: str, committee_ids: Iterable[int], now: datetime
) -> Secretary:
    """Add a secretary, or set a new password (and clear a lockout) for one who exists; then
    give them the committees (never taking one away)."""
    insert_ignore(
        session,
        Secretary,
        [{"name": name, "password_hash": password_hash, "created_at": now}],
        ["name"],
    )
    row = session.exec(select(Secretary).where(Secretary.name == name)).one()
    row.password_hash, row.failed_logins, row.locked_until = password_hash, 0, None
    session.add(row)
    session.flush()
    assert row.id is not None
    insert_ignore(
        session,
        SecretaryCommittee,
        [{"secretary_id": row.id, "committee_id": c} for c in committee_ids],
        ["secretary_id", "committee_id"],
    )
    return row


def secretary_committees(session: Session, *, secretary_id: int) -> list[Committee]:
    return list(
        session.exec(
            select(Committee)
            .join(SecretaryCommittee, col(SecretaryCommittee.committee_id) == col(Committee.id))
            .where(SecretaryCommittee.secretary_id == secretary_id)
            .order_by(col(Committee.id))
        ).all()
    )


def count_login_failure(session: Session, *, secretary_id: int) -> int:
    """Add one failed sign-in in a single UPDATE (two wrong guesses at once both count) and
    return the new count."""
    session.execute(
        sa.update(Secretary)
        .where(col(Secretary.id) == secretary_id)
        .values(failed_logins=col(Secretary.failed_logins) + 1)
    )
    return int(
        session.exec(select(Secretary.failed_logins).where(Secretary.id == secretary_id)).one()
    )


def lock_secretary(session: Session, *, secretary_id: int, until: datetime) -> None:
    session.execute(
        sa.update(Secretary).where(col(Secretary.id) == secretary_id).values(locked_until=until)
    )


def clear_login_failures(session: Session, *, secretary_id: int) -> None:
    session.execute(
        sa.update(Secretary)
        .where(col(Secretary.id) == secretary_id)
        .values(failed_logins=0, locked_until=None)
    )


@dataclass(frozen=True)
class ItemFilter:
    """What the console's item list (and its exports) is narrowed to. ``carried_before``: the
    previous session; items of meetings held before it and still open are carried over."""

    committee_id: int
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    team_id: int | None = None
    status: str | None = None
    overdue_on: date | None = None
    in_review: bool = False
    carried_before: date | None = None
    text: str = ""


@dataclass(frozen=True)
class ItemView:
    item: ActionItem
    team: str
    meeting: str
    held_on: date | None
    agenda: str | None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _item_conditions(spec: ItemFilter) -> list[Any]:
    where: list[Any] = [Meeting.committee_id == spec.committee_id]
    if spec.status:
        where.append(ActionItem.status == spec.status)
    else:
        where.append(col(ActionItem.status).in_(LIVE_STATUSES))
    if spec.meeting_id is not None:
        where.append(ActionItem.meeting_id == spec.meeting_id)
    if spec.agenda_item_id is not None:
        where.append(ActionItem.agenda_item_id == spec.agenda_item_id)
    if spec.team_id is not None:
        where.append(ActionItem.team_id == spec.team_id)
    if spec.overdue_on is not None:
        where.append(col(ActionItem.effective_due) < spec.overdue_on)
        where.append(col(ActionItem.status).in_(OPEN_STATUSES))
    if spec.in_review:
        where.append(ActionItem.review == "pending")
    if spec.carried_before is not None:
        where.append(col(Meeting.held_on) < spec.carried_before)
        where.append(col(ActionItem.status).in_(OPEN_STATUSES))
    if spec.text:
        pattern = _like(spec.text)
        where.append(
            sa.or_(
                col(ActionItem.summary).like(pattern, escape="\\"),
                col(ActionItem.source_text).like(pattern, escape="\\"),
            )
        )
    return where


def filtered_items(
    session: Session, *, spec: ItemFilter, offset: int = 0, limit: int | None = PAGE_SIZE
) -> tuple[list[ItemView], int]:
    """One page of the items matching ``spec`` (in meeting and minutes order) and how many
    match in all: two queries, whatever the page holds."""
    where = _item_conditions(spec)
    total = session.exec(
        select(sa.func.count(col(ActionItem.id)))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(*where)
    ).one()
    query = (
        select(ActionItem, col(Team.name), Meeting, col(AgendaItem.title))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        .where(*where)
        .order_by(col(Meeting.held_on).desc(), col(ActionItem.line_start), col(ActionItem.id))
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = [
        ItemView(
            item=item, team=team, meeting=meeting.title, held_on=meeting.held_on, agenda=agenda
        )
        for item, team, meeting, agenda in session.exec(query).all()
    ]
    return rows, int(total)


def committee_teams(session: Session, *, committee_id: int) -> list[Team]:
    return list(
        session.exec(
            select(Team).where(Team.committee_id == committee_id).order_by(col(Team.id))
        ).all()
    )


def committee_meetings(session: Session, *, committee_id: int) -> list[Meeting]:
    return list(
        session.exec(
            select(Meeting)
            .where(Meeting.committee_id == committee_id)
            .order_by(col(Meeting.held_on).desc(), col(Meeting.id))
        ).all()
    )


def committee_agenda(session: Session, *, committee_id: int) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
            .where(Meeting.committee_id == committee_id)
            .order_by(col(Meeting.held_on).desc(), col(AgendaItem.position))
        ).all()
    )


def status_counts(session: Session, *, committee_id: int) -> list[tuple[int, int, str, int]]:
    """(meeting id, team id, status, count) of every live item not held in review."""
    rows = session.exec(
        select(ActionItem.meeting_id, ActionItem.team_id, ActionItem.status, sa.func.count())
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            Meeting.committee_id == committee_id,
            col(ActionItem.status).in_(LIVE_STATUSES),
            ActionItem.review != "pending",
        )
        .group_by(col(ActionItem.meeting_id), col(ActionItem.team_id), col(ActionItem.status))
    ).all()
    return [(m, t, s, int(n)) for m, t, s, n in rows]


def _link_reports() -> Any:
    """Each item's latest report through the team link, as a subquery."""
    return (
        select(
            col(StatusUpdate.action_item_id).label("item_id"),
            sa.func.max(StatusUpdate.created_at).label("at"),
        )
        .where(StatusUpdate.channel == "link")
        .group_by(col(StatusUpdate.action_item_id))
        .subquery()
    )


@dataclass(frozen=True)
class TeamReportRate:
    team_id: int
    announced: int
    reported: int
    last_report: datetime | None


def team_report_rates(session: Session, *, committee_id: int) -> dict[int, TeamReportRate]:
    """Per team: items announced, how many of them the team has reported on, and its last
    report (the item's ``reported_at`` or its latest trail row through the link)."""
    link = _link_reports()
    reported_at = sa.func.coalesce(col(ActionItem.reported_at), link.c.at)
    announced = col(ActionItem.announced_at).is_not(None)
    rows = session.exec(
        select(
            ActionItem.team_id,
            sa.func.count(sa.case((announced, 1))),
            sa.func.count(sa.case((sa.and_(announced, reported_at.is_not(None)), 1))),
            sa.func.max(reported_at),
        )
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .outerjoin(link, link.c.item_id == col(ActionItem.id))
        .where(Meeting.committee_id == committee_id, col(ActionItem.status).in_(LIVE_STATUSES))
        .group_by(col(ActionItem.team_id))
    ).all()
    return {
        team: TeamReportRate(team, int(a), int(r), _as_datetime(last)) for team, a, r, last in rows
    }


def _as_datetime(value: Any) -> datetime | None:
    # max() over a DateTime column comes back as text on SQLite.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def overdue_items(session: Session, *, committee_id: int, today: date) -> list[ItemView]:
    rows, _ = filtered_items(
        session, spec=ItemFilter(committee_id=committee_id, overdue_on=today), limit=None
    )
    return [r for r in rows if r.item.review != "pending"]


def silent_items(
    session: Session, *, committee_id: int, announced_before: datetime
) -> list[ItemView]:
    """Open items announced before ``announced_before`` that the team never reported on."""
    link = _link_reports()
    rows = session.exec(
        select(ActionItem, col(Team.name), Meeting, col(AgendaItem.title))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        .outerjoin(link, link.c.item_id == col(ActionItem.id))
        .where(
            Meeting.committee_id == committee_id,
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.announced_at) < announced_before,
            col(ActionItem.reported_at).is_(None),
            link.c.at.is_(None),
        )
        .order_by(col(Team.id), col(ActionItem.id))
    ).all()
    return [ItemView(i, t, m.title, m.held_on, a) for i, t, m, a in rows]


@dataclass(frozen=True)
class RequestRow:
    request: ChangeRequest
    team: str
    summary: str


def open_requests(session: Session, *, committee_id: int) -> list[RequestRow]:
    rows = session.exec(
        select(ChangeRequest, Team.name, ActionItem.summary)
        .join(ActionItem, col(ActionItem.id) == col(ChangeRequest.action_item_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ChangeRequest.team_id))
        .where(Meeting.committee_id == committee_id, ChangeRequest.state == "open")
        .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id))
    ).all()
    return [RequestRow(r, t, s) for r, t, s in rows]


@dataclass(frozen=True)
class FailedMessage:
    notification: Notification
    team: str | None
    errors: list[str]


def failed_messages(session: Session, *, committee_id: int) -> list[FailedMessage]:
    """Messages of the committee that failed, as a whole or for one of their targets."""
    rows = session.exec(
        select(Notification, Team.name, Delivery.target, Delivery.last_error)
        .outerjoin(Team, col(Team.id) == col(Notification.team_id))
        .outerjoin(
            Delivery,
            sa.and_(
                col(Delivery.notification_id) == col(Notification.id),
                col(Delivery.state) == "failed",
            ),
        )
        .where(
            Notification.committee_id == committee_id,
            sa.or_(col(Notification.status) == "failed", col(Delivery.id).is_not(None)),
        )
        .order_by(col(Notification.id).desc())
    ).all()
    out: dict[int, FailedMessage] = {}
    for note, team, target, error in rows:
        assert note.id is not None
        entry = out.setdefault(note.id, FailedMessage(note, team, []))
        if target is not None:
            entry.errors.append(f"{target}: {error or ''}")
        elif note.last_error and note.last_error not in entry.errors:
            entry.errors.append(note.last_error)
    return list(out.values())


def snapshot_trend(
    session: Session, *, committee_id: int, since: date
) -> list[tuple[date, str, int]]:
    """(day, status, items) from the poll's daily snapshots, all teams summed."""
    rows = session.exec(
        select(col(Snapshot.taken_on), col(Snapshot.status), sa.func.sum(Snapshot.count))
        .where(Snapshot.committee_id == committee_id, Snapshot.taken_on >= since)
        .group_by(col(Snapshot.taken_on), col(Snapshot.status))
        .order_by(col(Snapshot.taken_on))
    ).all()
    return [(d, s, int(n or 0)) for d, s, n in rows]


def review_count(session: Session, *, committee_id: int) -> int:
    return int(
        session.exec(
            select(sa.func.count(col(ActionItem.id)))
            .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
            .where(
                Meeting.committee_id == committee_id,
                ActionItem.review == "pending",
                col(ActionItem.status).in_(OPEN_STATUSES),
            )
        ).one()
    )


def item_committee(session: Session, *, item_id: int) -> int | None:
    return session.exec(
        select(Meeting.committee_id)
        .join(ActionItem, col(ActionItem.meeting_id) == col(Meeting.id))
        .where(ActionItem.id == item_id)
    ).first()


def status_trail(session: Session, *, item_id: int) -> list[StatusUpdate]:
    return list(
        session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.action_item_id == item_id)
            .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id))
        ).all()
    )


# --- requests ---


def add_change_request(
    session: Session,
    *,
    item_id: int,
    team_id: int,
    kind: str,
    suggested_team: str = "",
    new_due: date | None = None,
    reason: str,
    requested_by: str,
    now: datetime,
) -> tuple[ChangeRequest, bool]:
    """The item's open request of this kind, and whether this call created it: at most one
    is open per item and kind (the partial unique index ``uq_open_request``), so a repeated
    POST or two at once add nothing."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(ChangeRequest)
        .values(
            action_item_id=item_id,
            team_id=team_id,
            kind=kind,
            suggested_team=suggested_team,
            new_due=new_due,
            reason=reason,
            requested_by=requested_by,
            state="open",
            created_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["action_item_id", "kind"], index_where=sa.text("state = 'open'")
        )
        .returning(col(ChangeRequest.id))
    )
    created = session.execute(statement).scalar() is not None
    row = session.exec(
        select(ChangeRequest).where(
            ChangeRequest.action_item_id == item_id,
            ChangeRequest.kind == kind,
            ChangeRequest.state == "open",
        )
    ).one()
    return row, created


def open_requests_with_items(
    session: Session, *, committee_id: int | None = None
) -> list[tuple[ChangeRequest, ActionItem, str, str]]:
    """Open requests with their item, the asking team's name and the committee's timezone,
    oldest first."""
    query = (
        select(ChangeRequest, ActionItem, Team.name, Committee.timezone)
        .join(ActionItem, col(ActionItem.id) == col(ChangeRequest.action_item_id))
        .join(Team, col(Team.id) == col(ChangeRequest.team_id))
        .join(Committee, col(Committee.id) == col(Team.committee_id))
        .where(ChangeRequest.state == "open")
        .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id))
    )
    if committee_id is not None:
        query = query.where(Team.committee_id == committee_id)
    return [(r, i, n, tz) for r, i, n, tz in session.exec(query).all()]


def open_requests_of_items(session: Session, *, item_ids: Iterable[int]) -> list[ChangeRequest]:
    return list(
        session.exec(
            select(ChangeRequest).where(
                col(ChangeRequest.action_item_id).in_(list(item_ids)),
                ChangeRequest.state == "open",
            )
        ).all()
    )


def close_request(
    session: Session, *, request_id: int, state: str, by: str, note: str, now: datetime
) -> bool:
    """Decide an open request; False when it was not open (decided already, or meanwhile by
    someone else: the state is checked in the same statement)."""
    result = session.execute(
        sa.update(ChangeRequest)
        .where(col(ChangeRequest.id) == request_id, col(ChangeRequest.state) == "open")
        .values(state=state, decided_by=by, decision_note=note, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def team_named(session: Session, *, committee_id: int, name: str) -> Team | None:
    return session.exec(
        select(Team).where(Team.committee_id == committee_id, Team.name == name)
    ).first()


def add_trail_row(
    session: Session,
    item: ActionItem,
    *,
    new: str,
    channel: str,
    note: str = "",
    report_note: str = "",
    planned_on: date | None = None,
    actor: str,
    now: datetime,
) -> None:
    """A status-trail row carrying a report's fields (조치내용, 완료(예정)일)."""
    assert item.id is not None
    session.add(
        StatusUpdate(
            action_item_id=item.id,
            old_status=item.status,
            new_status=new,
            note=note,
            channel=channel,
            actor=actor,
            report_note=report_note,
            planned_on=planned_on,
            created_at=now,
        )
    )


# --- team page ---


def link_team_row(session: Session, *, team_id: int) -> tuple[Team, Committee] | None:
    """The team of a link and its committee, in one query."""
    row = session.exec(
        select(Team, Committee)
        .join(Committee, col(Committee.id) == col(Team.committee_id))
        .where(Team.id == team_id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def touch_team(session: Session, *, team_id: int, now: datetime) -> None:
    """Record a view of the team's page: the first one, and the latest."""
    session.execute(
        sa.update(Team)
        .where(col(Team.id) == team_id)
        .values(
            last_seen_at=now,
            link_opened_at=sa.func.coalesce(col(Team.link_opened_at), now),
        )
        .execution_options(synchronize_session=False)
    )


def visible_items(
    session: Session, *, team_id: int, statuses: Sequence[str], item_id: int | None = None
) -> list[ActionItem]:
    """A team's items with these statuses that review does not hold, in minutes order."""
    query = select(ActionItem).where(
        ActionItem.team_id == team_id,
        col(ActionItem.status).in_(statuses),
        ActionItem.review != "pending",
    )
    if item_id is not None:
        query = query.where(ActionItem.id == item_id)
    return list(
        session.exec(
            query.order_by(
                col(ActionItem.minutes_file_id), col(ActionItem.line_start), col(ActionItem.id)
            )
        ).all()
    )


def trail_of_items(
    session: Session, *, item_ids: Iterable[int], channels: Sequence[str]
) -> list[StatusUpdate]:
    """The status-trail rows of these items through these channels, oldest first."""
    return list(
        session.exec(
            select(StatusUpdate)
            .where(
                col(StatusUpdate.action_item_id).in_(list(item_ids)),
                col(StatusUpdate.channel).in_(channels),
            )
            .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id))
        ).all()
    )


def item_requests(session: Session, *, item_id: int) -> list[ChangeRequest]:
    return list(
        session.exec(
            select(ChangeRequest)
            .where(ChangeRequest.action_item_id == item_id)
            .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id))
        ).all()
    )


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


def minutes_file_path(session: Session, *, file_id: int) -> str | None:
    return session.exec(select(MinutesFile.path).where(MinutesFile.id == file_id)).first()


# --- meetings ---


def _newness(row: MinutesFile) -> tuple[datetime, int]:
    """Which of two files of a meeting is newer: approved later, then registered later."""
    approved = row.approved_at or row.registered_at
    if approved.tzinfo is None:  # SQLite returns naive UTC
        approved = approved.replace(tzinfo=UTC)
    return approved, row.id or 0


def current_file(
    session: Session, *, meeting_id: int, but: int | None = None
) -> MinutesFile | None:
    """The meeting's current file: the newest approved file that nothing superseded."""
    rows = session.exec(
        select(MinutesFile).where(
            MinutesFile.meeting_id == meeting_id,
            MinutesFile.status == "approved",
            col(MinutesFile.superseded_by_id).is_(None),
            MinutesFile.id != (but or -1),
        )
    ).all()
    return max(rows, key=_newness, default=None)


def _supersede_others(
    session: Session, *, meeting_id: int, by: int, now: datetime
) -> tuple[int, ...]:
    """Mark the meeting's other unsuperseded files as superseded by file ``by``."""
    rows = session.exec(
        select(MinutesFile).where(
            MinutesFile.meeting_id == meeting_id,
            MinutesFile.id != by,
            col(MinutesFile.superseded_by_id).is_(None),
        )
    ).all()
    for row in rows:
        row.superseded_by_id, row.updated_at = by, now
        session.add(row)
    return tuple(r.id for r in rows if r.id is not None)


def minutes_files(session: Session, *, ids: Iterable[int]) -> dict[int, MinutesFile]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.exec(select(MinutesFile).where(col(MinutesFile.id).in_(wanted))).all()
    return {r.id: r for r in rows if r.id is not None}


def action_items(session: Session, *, ids: Iterable[int]) -> list[ActionItem]:
    wanted = list(ids)
    if not wanted:
        return []
    return list(
        session.exec(
            select(ActionItem)
            .where(col(ActionItem.id).in_(wanted))
            .order_by(col(ActionItem.line_start))
        ).all()
    )


def earlier_items(
    session: Session, *, item_ids: Iterable[int]
) -> dict[int, tuple[ActionItem, Meeting]]:
    """Items that later ones repeat (재요구), with their meetings, by id."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(ActionItem, Meeting)
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(col(ActionItem.id).in_(ids))
    ).all()
    return {item.id: (item, meeting) for item, meeting in rows if item.id is not None}


def committee_team_names(session: Session, *, committee_id: int) -> list[str]:
    return list(
        session.exec(
            select(Team.name).where(Team.committee_id == committee_id).order_by(col(Team.id))
        ).all()
    )


# --- report ---

# What a 조치결과 report lists: never withdrawn or rejected items, never items held in review.
REPORT_STATUSES = ("open", "in_progress", "done", "explained")


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
        select(ActionItem, Meeting, AgendaItem, Team)
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        .where(
            Meeting.committee_id == committee_id,
            col(ActionItem.status).in_(REPORT_STATUSES),
            ActionItem.review != "pending",
        )
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


# --- digest ---


def last_digest_at(session: Session, *, committee_id: int, before: datetime) -> datetime | None:
    """When the committee's previous digest was queued."""
    return session.exec(
        select(sa.func.max(Notification.created_at)).where(
            Notification.committee_id == committee_id,
            Notification.kind == "digest",
            col(Notification.created_at) < before,
        )
    ).one()


@dataclass(frozen=True)
class StatusChange:
    item_id: int
    team: str
    summary: str
    old_status: str
    new_status: str
    channel: str
    actor: str
    note: str
    at: datetime


def status_changes(
    session: Session, *, committee_id: int, since: datetime | None, until: datetime
) -> list[StatusChange]:
    """Changes of the committee's items in ``[since, until)``, oldest first (creation rows and
    items held in review left out)."""
    query = (
        select(StatusUpdate, ActionItem, Team)
        .join(ActionItem, col(ActionItem.id) == col(StatusUpdate.action_item_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .where(
            Meeting.committee_id == committee_id,
            col(StatusUpdate.old_status).is_not(None),
            ActionItem.review != "pending",
            col(StatusUpdate.created_at) < until,
        )
        .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id))
    )
    if since is not None:
        query = query.where(col(StatusUpdate.created_at) >= since)
    return [
        StatusChange(
            item_id=item.id or 0,
            team=team.name,
            summary=item.summary,
            old_status=update.old_status or "",
            new_status=update.new_status,
            channel=update.channel,
            actor=update.actor,
            note=update.note,
            at=update.created_at,
        )
        for update, item, team in session.exec(query).all()
    ]


@dataclass(frozen=True)
class SilentTeam:
    team_id: int
    team: str
    open_items: int
    announced_at: datetime
    opened_link: bool


def silent_teams(session: Session, *, committee_id: int) -> list[SilentTeam]:
    """Teams with announced open items that have not reported through their link since their
    items were first announced (whether they ever opened it is shown beside)."""
    first_announced = sa.func.min(col(ActionItem.announced_at))
    teams = session.execute(
        sa.select(
            col(Team.id), col(Team.name), col(Team.link_opened_at), sa.func.count(), first_announced
        )
        .join(ActionItem, col(ActionItem.team_id) == col(Team.id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            col(Meeting.committee_id) == committee_id,
            col(ActionItem.announced_at).is_not(None),
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.review) != "pending",
        )
        .group_by(col(Team.id), col(Team.name), col(Team.link_opened_at))
        .order_by(col(Team.id))
    ).all()
    last_answer = dict(
        session.execute(
            sa.select(col(ActionItem.team_id), sa.func.max(col(StatusUpdate.created_at)))
            .join(ActionItem, col(ActionItem.id) == col(StatusUpdate.action_item_id))
            .where(
                col(StatusUpdate.channel) == "link",
                col(ActionItem.team_id).in_([row[0] for row in teams]),
            )
            .group_by(col(ActionItem.team_id))
        ).all()
    )
    out = []
    for team_id, name, opened_at, count, announced in teams:
        answered = last_answer.get(team_id)
        if answered is None or answered < announced:
            out.append(SilentTeam(team_id, name, count, announced, opened_at is not None))
    return out


def team_page_state(
    session: Session, *, team_id: int, statuses: Sequence[str]
) -> tuple[tuple[Any, ...], ...]:
    """What a team page shows changes only with these: each visible item's id, update time,
    due date, status and lines, the newest trail row of the team's items, and the committee's
    teams (one query, for a cached page)."""
    trail = (
        select(sa.func.max(StatusUpdate.id))
        .join(ActionItem, col(ActionItem.id) == col(StatusUpdate.action_item_id))
        .where(col(ActionItem.team_id) == team_id)
        .scalar_subquery()
    )
    teams = (
        select(sa.func.count(col(Team.id)))
        .where(
            col(Team.committee_id)
            == select(Team.committee_id).where(Team.id == team_id).scalar_subquery()
        )
        .scalar_subquery()
    )
    rows = session.execute(
        sa.select(
            col(ActionItem.id),
            col(ActionItem.updated_at),
            col(ActionItem.effective_due),
            col(ActionItem.status),
            col(ActionItem.line_start),
            col(ActionItem.line_end),
            trail,
            teams,
        )
        .where(
            col(ActionItem.team_id) == team_id,
            col(ActionItem.status).in_(statuses),
            col(ActionItem.review) != "pending",
        )
        .order_by(col(ActionItem.id))
    ).all()
    return tuple(tuple(row) for row in rows)
