"""Reads and writes, as keyword-only functions over a session.

Every write is idempotent: rows are inserted with ``ON CONFLICT DO NOTHING`` against their
natural key and then read back, never "check, then insert", so a retried task or two
concurrent runs cannot duplicate anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from followup.committee import Committee as CommitteeFile
from followup.extract.items import ExtractedItem
from followup.minutes.model import Minutes
from followup.recurrence import Candidate
from models.tables import (
    ActionItem,
    AgendaItem,
    Attachment,
    ChangeRequest,
    Committee,
    Meeting,
    MinutesFile,
    Notification,
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
    statement = insert(table).values(list(rows)).on_conflict_do_nothing(index_elements=keys)
    return int(getattr(session.execute(statement), "rowcount", 0) or 0)


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
    step: str = "",
    not_before: datetime | None = None,
    html: str | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> bool:
    """Queue a message once per dedupe key, with its HTML part and its attached files
    ``(filename, mime, content)``; True when it is new."""
    new = (
        insert_ignore(
            session,
            Notification,
            [
                {
                    "dedupe_key": dedupe_key,
                    "kind": kind,
                    "step": step,
                    "not_before": not_before,
                    "subject": subject,
                    "body": body,
                    "html": html,
                    "targets": "\n".join(targets),
                    "committee_id": committee_id,
                    "team_id": team_id,
                    "created_at": now,
                }
            ],
            ["dedupe_key"],
        )
        == 1
    )
    if new and attachments:
        notification_id = session.exec(
            select(Notification.id).where(Notification.dedupe_key == dedupe_key)
        ).one()
        insert_ignore(
            session,
            Attachment,
            [
                {
                    "notification_id": notification_id,
                    "filename": name,
                    "mime": mime,
                    "content": data,
                }
                for name, mime, data in attachments
            ],
            ["notification_id", "filename"],
        )
    return new


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
    """Items with no stated due date are due at the first session after their meeting; set in
    one statement for the whole committee (sessions may have been added since)."""
    first_after = (
        select(sa.func.min(SessionDate.held_on))
        .where(
            SessionDate.committee_id == committee_id,
            col(SessionDate.held_on) > col(Meeting.held_on),
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


# --- poll ---


def _committee_items(committee_id: int) -> Any:
    """The items a committee follows up: not withdrawn or rejected, not held in review."""
    return (
        select(ActionItem.id)
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            Meeting.committee_id == committee_id,
            col(ActionItem.status).notin_(CLOSED_STATUSES),
            ActionItem.review != "pending",
        )
    )


def overdue_item_ids(session: Session, *, committee_id: int, today: date) -> list[int]:
    """Open items whose due date has passed."""
    query = _committee_items(committee_id).where(
        col(ActionItem.status).in_(OPEN_STATUSES), col(ActionItem.effective_due) < today
    )
    return [i for i in session.exec(query.order_by(col(ActionItem.id))).all() if i is not None]


def silent_item_ids(
    session: Session, *, committee_id: int, announced_before: datetime
) -> list[int]:
    """Open items announced before the cut-off that their team has never reported on."""
    query = _committee_items(committee_id).where(
        col(ActionItem.status).in_(OPEN_STATUSES),
        col(ActionItem.announced_at) < announced_before,
        col(ActionItem.reported_at).is_(None),
    )
    return [i for i in session.exec(query.order_by(col(ActionItem.id))).all() if i is not None]


def awaiting_check_ids(session: Session, *, committee_id: int) -> list[int]:
    """Items a team reported 완료 or 추진 불가 that the committee has not checked yet."""
    query = _committee_items(committee_id).where(
        col(ActionItem.status).in_(REPORTED_STATUSES), ActionItem.check_result == ""
    )
    return [i for i in session.exec(query.order_by(col(ActionItem.id))).all() if i is not None]


@dataclass(frozen=True)
class TeamResponse:
    team_id: int
    team: str
    announced: int
    reported: int
    opened_link: bool
    last_report: datetime | None


def team_responses(session: Session, *, committee_id: int) -> list[TeamResponse]:
    """Per team with announced items: how many it has reported on, whether it ever opened its
    link, and when it last reported; one grouped query."""
    reported = sa.func.count(col(ActionItem.reported_at))
    rows = session.execute(
        sa.select(
            col(Team.id),
            col(Team.name),
            sa.func.count(col(ActionItem.id)),
            reported,
            col(Team.link_opened_at),
            sa.func.max(col(ActionItem.reported_at)),
        )
        .join(ActionItem, col(ActionItem.team_id) == col(Team.id))
        .where(
            col(Team.committee_id) == committee_id,
            col(ActionItem.announced_at).is_not(None),
            col(ActionItem.status).notin_(CLOSED_STATUSES),
        )
        .group_by(col(Team.id), col(Team.name), col(Team.link_opened_at))
        .order_by(col(Team.id))
    ).all()
    return [
        TeamResponse(
            team_id=team_id or 0,
            team=name,
            announced=announced,
            reported=count,
            opened_link=opened is not None,
            last_report=last,
        )
        for team_id, name, announced, count, opened, last in rows
    ]


def write_snapshot(session: Session, *, committee_id: int, taken_on: date) -> int:
    """Count the committee's items per team and status for the day; a second poll on the same
    day overwrites that day's counts."""
    counts = session.exec(
        select(ActionItem.team_id, ActionItem.status, sa.func.count(col(ActionItem.id)))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(Meeting.committee_id == committee_id, ActionItem.review != "pending")
        .group_by(col(ActionItem.team_id), col(ActionItem.status))
    ).all()
    rows = [
        {
            "committee_id": committee_id,
            "team_id": team_id,
            "taken_on": taken_on,
            "status": status,
            "count": count,
        }
        for team_id, status, count in counts
    ]
    session.execute(
        sa.delete(Snapshot).where(
            col(Snapshot.committee_id) == committee_id, col(Snapshot.taken_on) == taken_on
        )
    )
    insert_ignore(session, Snapshot, rows, ["committee_id", "team_id", "taken_on", "status"])
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
    """A meeting's items not yet linked to an earlier one, and the open items of the same
    committee's earlier meetings."""
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    fields = (
        col(ActionItem.id),
        col(ActionItem.team_id),
        col(ActionItem.kind),
        col(ActionItem.summary),
        col(ActionItem.source_text),
    )
    new = session.execute(
        sa.select(*fields).where(
            col(ActionItem.meeting_id) == meeting_id,
            col(ActionItem.repeats_item_id).is_(None),
            col(ActionItem.status).in_(OPEN_STATUSES),
        )
    ).all()
    earlier = session.execute(
        sa.select(*fields)
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            col(Meeting.committee_id) == meeting.committee_id,
            col(Meeting.held_on) < meeting.held_on,
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.review) != "pending",
        )
    ).all()

    def candidate(row: Any) -> Candidate:
        return Candidate(id=row[0], team_id=row[1], kind=row[2], text=f"{row[3]} {row[4]}")

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
    """Teams with announced open items that never answered: no status report through their
    link since their items were first announced, or a link never opened."""
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
        if opened_at is None or answered is None or _aware(answered) < _aware(announced):
            out.append(SilentTeam(team_id, name, count, announced, opened_at is not None))
    return out


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive; they are stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class OpenRequest:
    id: int
    item_id: int
    kind: str
    team: str
    summary: str
    suggested_team: str
    new_due: date | None
    reason: str
    requested_by: str
    created_at: datetime


def open_requests(session: Session, *, committee_id: int) -> list[OpenRequest]:
    """Transfer and extension requests that wait for the secretary, oldest first."""
    rows = session.exec(
        select(ChangeRequest, ActionItem, Team)
        .join(ActionItem, col(ActionItem.id) == col(ChangeRequest.action_item_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ChangeRequest.team_id))
        .where(Meeting.committee_id == committee_id, ChangeRequest.state == "open")
        .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id))
    ).all()
    return [
        OpenRequest(
            id=request.id or 0,
            item_id=item.id or 0,
            kind=request.kind,
            team=team.name,
            summary=item.summary,
            suggested_team=request.suggested_team,
            new_due=request.new_due,
            reason=request.reason,
            requested_by=request.requested_by,
            created_at=request.created_at,
        )
        for request, item, team in rows
    ]
