"""Reads and writes, as keyword-only functions over a session.

Every write is idempotent: rows are inserted with ``ON CONFLICT DO NOTHING`` against their
natural key and then read back, never "check, then insert", so a retried task or two
concurrent runs cannot duplicate anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
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
    ChangeRequest,
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
        select(MinutesFile.id).where(
            MinutesFile.status == "approved",
            sa.or_(
                col(MinutesFile.synced_sha256).is_(None),
                col(MinutesFile.synced_sha256) != col(MinutesFile.sha256),
            ),
        )
    ).all()
    return [r for r in rows if r is not None]


def record_failure(session: Session, *, file_id: int, error: str, now: datetime) -> None:
    row = session.get(MinutesFile, file_id)
    if row is not None:
        row.status, row.error, row.updated_at = "failed", error, now
        session.add(row)


@dataclass(frozen=True)
class SyncResult:
    file_id: int
    meeting_id: int
    added: int
    kept: int
    withdrawn: int
    reopened: int


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
) -> SyncResult:
    """Store one file's extraction. Unchanged items keep their id, status and history;
    items gone from the text are withdrawn (never deleted); new ones are added."""
    meeting_id = _ensure_meeting(session, committee_id=ids.committee_id, minutes=minutes)
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
    for key in added:
        record_status(session, stored[key], None, "open", channel="extract", now=now)
    for item in items:
        row = stored[item.natural_key]
        row.line_start, row.line_end = item.line_start, item.line_end
    withdrawn = reopened = 0
    for key, row in stored.items():
        if key not in keys and row.status != "withdrawn":
            set_status(session, row, "withdrawn", channel="resync", note="not in the text", now=now)
            withdrawn += 1
        elif key in keys and key in existing and row.status == "withdrawn":
            set_status(session, row, "open", channel="resync", note="back in the text", now=now)
            reopened += 1
    file_row = session.get(MinutesFile, file_id)
    assert file_row is not None
    file_row.synced_sha256, file_row.synced_at = sha256, now
    file_row.meeting_id, file_row.committee_id = meeting_id, ids.committee_id
    file_row.error, file_row.updated_at = None, now
    session.add(file_row)
    return SyncResult(
        file_id=file_id,
        meeting_id=meeting_id,
        added=len(added),
        kept=len(keys) - len(added),
        withdrawn=withdrawn,
        reopened=reopened,
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
    )
    created = bool(getattr(session.execute(statement), "rowcount", 0))
    row = session.exec(
        select(ChangeRequest).where(
            ChangeRequest.action_item_id == item_id,
            ChangeRequest.kind == kind,
            ChangeRequest.state == "open",
        )
    ).one()
    return row, created


def open_requests(
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
