"""Reads and writes, as keyword-only functions over a session.

Every write is idempotent: rows are inserted with ``ON CONFLICT DO NOTHING`` against their
natural key and then read back, never "check, then insert", so a retried task or two
concurrent runs cannot duplicate anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from followup.committee import Committee as CommitteeFile
from followup.extract.items import ExtractedItem
from followup.minutes.model import Minutes
from models.tables import (
    ActionItem,
    AgendaItem,
    Committee,
    Meeting,
    MinutesFile,
    Notification,
    SessionDate,
    StatusUpdate,
    Team,
    utc_now,
)

OPEN_STATUSES = ("open", "in_progress")


def insert_ignore(
    session: Session, table: type[SQLModel], rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, on SQLite and PostgreSQL alike."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(list(rows)).on_conflict_do_nothing(index_elements=keys)
    session.execute(statement)


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
) -> None:
    insert_ignore(
        session,
        Notification,
        [
            {
                "dedupe_key": dedupe_key,
                "kind": kind,
                "subject": subject,
                "body": body,
                "targets": "\n".join(targets),
                "committee_id": committee_id,
                "team_id": team_id,
                "created_at": now,
            }
        ],
        ["dedupe_key"],
    )


def mark_announced(session: Session, *, item_ids: Iterable[int], now: datetime) -> None:
    ids = list(item_ids)
    if ids:
        session.execute(
            sa.update(ActionItem).where(col(ActionItem.id).in_(ids)).values(announced_at=now)
        )


def unsent_notifications(session: Session, *, max_attempts: int = 5) -> list[Notification]:
    return list(
        session.exec(
            select(Notification)
            .where(col(Notification.sent_at).is_(None), Notification.attempts < max_attempts)
            .order_by(col(Notification.id))
        ).all()
    )


# --- sessions ---


def add_session_dates(
    session: Session, *, committee_id: int, dates: Iterable[date], added_by: str, now: datetime
) -> None:
    insert_ignore(
        session,
        SessionDate,
        [
            {"committee_id": committee_id, "held_on": d, "added_by": added_by, "created_at": now}
            for d in dates
        ],
        ["committee_id", "held_on"],
    )


def session_dates(session: Session, *, committee_id: int) -> list[date]:
    return list(
        session.exec(
            select(SessionDate.held_on)
            .where(SessionDate.committee_id == committee_id)
            .order_by(col(SessionDate.held_on))
        ).all()
    )


def session_rows(session: Session, *, committee_id: int) -> list[SessionDate]:
    return list(
        session.exec(
            select(SessionDate)
            .where(SessionDate.committee_id == committee_id)
            .order_by(col(SessionDate.held_on))
        ).all()
    )


def refresh_effective_due(session: Session, *, committee_id: int) -> int:
    """Items with no stated due date are due at the first session after their meeting; set in
    one statement for the whole committee (sessions may have been added since)."""
    first_after = (
        select(sa.func.min(SessionDate.held_on))
        .where(
            SessionDate.committee_id == committee_id,
            SessionDate.held_on > Meeting.held_on,
        )
        .correlate(Meeting)
        .scalar_subquery()
    )
    due = (
        select(first_after)
        .where(Meeting.id == ActionItem.meeting_id)
        .correlate(ActionItem)
        .scalar_subquery()
    )
    result = session.execute(
        sa.update(ActionItem)
        .where(
            col(ActionItem.stated_due).is_(None),
            col(ActionItem.meeting_id).in_(
                select(Meeting.id).where(Meeting.committee_id == committee_id)
            ),
            sa.or_(
                col(ActionItem.effective_due).is_(None),
                col(ActionItem.effective_due) != due,
            ),
        )
        .values(effective_due=due)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


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
