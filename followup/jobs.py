"""The work each flow step does, as plain functions over settings and ids.

Flows and tasks in ``flows/`` only call these; nothing here imports Prefect, so every step
runs and is tested without a server.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from followup import store
from followup.calendar import local_date, next_session, utc_now
from followup.committee import Committee as CommitteeFile
from followup.committee import load_committee
from followup.errors import FollowupError, MinutesError
from followup.extract.agenda import squash
from followup.extract.items import extract_items
from followup.links import load_or_create_secret, sign_team_link, team_link_url
from followup.minutes.model import Minutes
from followup.minutes.parse import parse_minutes
from followup.minutes.read import ReadLimits, read_minutes_text
from followup.notify import DeliveryError, deliver
from followup.render import render_message
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, MinutesFile, Notification, Team
from models.tables import Committee as CommitteeRow

APPROVED_DIR = "approved"
QUARANTINE_DIR = "quarantine"
FOLDER_APPROVAL = "inbox approved/ folder"


@dataclass
class ScanResult:
    to_sync: list[int] = field(default_factory=list)
    drafts: int = 0
    errors: list[str] = field(default_factory=list)


def committees(settings: Settings) -> list[CommitteeFile]:
    return [load_committee(path) for path in settings.committees]


def limits(settings: Settings) -> ReadLimits:
    return ReadLimits(
        max_bytes=int(settings.max_file_mb * 1024 * 1024),
        max_unpacked_bytes=int(settings.max_unpacked_mb * 1024 * 1024),
    )


def inbox_files(inbox: Path) -> Iterator[Path]:
    """Every entry of the inbox and its approved/ folder but folders, quarantine/ and hidden
    files. The format is told by content, so nothing is skipped for its name: a stray
    spreadsheet is reported, not silently ignored."""
    if not inbox.is_dir():
        return
    for path in sorted(inbox.rglob("*")):
        relative = path.relative_to(inbox)
        if relative.parts[0] == QUARANTINE_DIR or any(p.startswith(".") for p in relative.parts):
            continue
        if path.is_symlink() or not path.is_dir():
            yield path


def file_key(inbox: Path, path: Path) -> str:
    """How a file is known: its path relative to the inbox, so the inbox may move."""
    return path.absolute().relative_to(inbox.absolute()).as_posix()


def scan_inbox(settings: Settings) -> ScanResult:
    """Register every file in the inbox; return the approved ones whose content is new."""
    result = ScanResult()
    now = utc_now()
    inbox = settings.inbox
    with session_scope(settings.resolved_database_url) as session:
        for path in inbox_files(inbox):
            key = file_key(inbox, path)
            approved_by = FOLDER_APPROVAL if key.startswith(APPROVED_DIR + "/") else None
            try:
                digest = _digest(path, inbox)
            except MinutesError as raised:
                error = MinutesError(key, raised.reason)
                row = store.register_file(
                    session, path=key, sha256="", approved_by=approved_by, now=now
                )
                _fail(session, settings, row, error, path=path, now=now)
                result.errors.append(str(error))
                continue
            row = store.register_file(
                session, path=key, sha256=digest, approved_by=approved_by, now=now
            )
            if row.status == "failed" and path.exists():
                _quarantine(inbox, path)
        session.flush()
        result.to_sync = store.files_to_sync(session)
        result.drafts = len(
            session.exec(select(MinutesFile.id).where(MinutesFile.status == "draft")).all()
        )
    return result


def pending_files(settings: Settings) -> list[int]:
    """Approved files whose current content is not extracted yet (without scanning the inbox)."""
    with session_scope(settings.resolved_database_url) as session:
        return store.files_to_sync(session)


def approve_file(settings: Settings, path: Path, *, by: str) -> MinutesFile:
    """Approve a minutes file by name (``followup approve``); copy it into the inbox first
    when it lives elsewhere."""
    inbox = settings.inbox
    if not path.exists():
        raise MinutesError(path, "file not found")
    try:
        file_key(inbox, path)
    except ValueError:
        inbox.mkdir(parents=True, exist_ok=True)
        target = inbox / path.name
        shutil.copy2(path, target)
        path = target
    now = utc_now()
    with session_scope(settings.resolved_database_url) as session:
        row = store.register_file(
            session,
            path=file_key(inbox, path),
            sha256=_digest(path, inbox),
            approved_by=None,
            now=now,
        )
        store.approve(row, by=by, now=now)
        session.add(row)
    return row


@dataclass
class SyncReport:
    path: str
    added: int = 0
    kept: int = 0
    withdrawn: int = 0
    reopened: int = 0
    error: str | None = None


def sync_file(settings: Settings, file_id: int) -> SyncReport:
    """Read, parse, extract, route and store one approved file. A bad file is recorded,
    quarantined and reported to the secretary; nothing stored before is touched."""
    url = settings.resolved_database_url
    with session_scope(url) as session:
        row = session.get(MinutesFile, file_id)
        if row is None:
            raise FollowupError(f"minutes file {file_id} is not registered")
        key, sha256 = row.path, row.sha256
    path = settings.inbox / key
    try:
        text = read_minutes_text(path, limits=limits(settings), root=settings.inbox)
        minutes = parse_minutes(text, source=key)
        if minutes.meeting_date is None:
            raise MinutesError(key, "no meeting date found (expected e.g. '일 시 : 2023. 12. 15.')")
        committee = committee_for(minutes, committees(settings), source=key)
        items = extract_items(minutes, committee)
    except MinutesError as raised:
        error = MinutesError(key, raised.reason)  # named as the inbox knows it
        with session_scope(url) as session:
            row = session.get(MinutesFile, file_id)
            assert row is not None
            _fail(session, settings, row, error, path=path, now=utc_now())
        return SyncReport(path=key, error=str(error))
    now = utc_now()
    with session_scope(url) as session:
        ids = store.ensure_committee(session, committee=committee)
        default_due = next_session(committee.sessions, minutes.meeting_date)
        result = store.sync_items(
            session,
            file_id=file_id,
            sha256=sha256,
            ids=ids,
            minutes=minutes,
            items=items,
            default_due=default_due,
            review_threshold=settings.review_threshold,
            now=now,
        )
    return SyncReport(
        path=key,
        added=result.added,
        kept=result.kept,
        withdrawn=result.withdrawn,
        reopened=result.reopened,
    )


def committee_for(minutes: Minutes, options: list[CommitteeFile], *, source: str) -> CommitteeFile:
    """The committee whose name the minutes carry; the only one when just one is configured."""
    if len(options) == 1:
        return options[0]
    title = squash(minutes.title)
    for committee in options:
        words = committee.name.split()
        if squash(committee.name) in title or (words and squash(words[-1]) in title):
            return committee
    raise MinutesError(
        source, f"cannot tell which committee these minutes belong to ({minutes.title!r})"
    )


def team_ids(settings: Settings) -> list[int]:
    names = {c.name for c in committees(settings)}
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(
            select(Team.id).join(CommitteeRow).where(col(CommitteeRow.name).in_(names))
        ).all()
    return [r for r in rows if r is not None]


@dataclass
class NotifyReport:
    team: str
    queued: int = 0
    sent: int = 0
    failed: list[str] = field(default_factory=list)


def notify_team(settings: Settings, team_id: int) -> NotifyReport:
    """Queue one notice with the team's new items (outbox row + items marked announced, in
    one transaction), then send every unsent message of the team and mark each sent."""
    url = settings.resolved_database_url
    now = utc_now()
    with session_scope(url) as session:
        team = session.get(Team, team_id)
        assert team is not None
        committee = _committee_file(settings, team.committee_id, session)
        report = NotifyReport(team=team.name)
        items = store.items_to_announce(session, team_id=team_id)
        if items:
            subject, body = _new_items_message(settings, session, committee, team, items, now)
            digest = hashlib.sha256(",".join(str(i.id) for i in items).encode()).hexdigest()
            key = f"new_items:{team_id}:{digest[:16]}"
            store.queue_notification(
                session,
                dedupe_key=key,
                kind="new_items",
                subject=subject,
                body=body,
                targets=committee.team(team.name).notify,
                committee_id=team.committee_id,
                team_id=team_id,
                now=now,
            )
            store.mark_announced(session, item_ids=[i.id for i in items if i.id], now=now)
            report.queued = 1
    report.sent, report.failed = _send_unsent(settings, team_id=team_id)
    return report


def _send_unsent(settings: Settings, *, team_id: int) -> tuple[int, list[str]]:
    url = settings.resolved_database_url
    with session_scope(url) as session:
        pending = [n for n in store.unsent_notifications(session) if n.team_id == team_id]
    sent, failed = 0, []
    for message in pending:
        try:
            deliver(
                message.subject,
                message.body,
                [t for t in message.targets.split("\n") if t],
                config=settings.apprise_config,
                outbox=settings.outbox,
            )
            error = None
        except (DeliveryError, OSError) as exc:
            error = str(exc)
        with session_scope(url) as session:
            row = session.get(Notification, message.id)
            assert row is not None
            row.attempts += 1
            if error is None:
                row.sent_at, row.last_error = utc_now(), None
                sent += 1
            else:
                row.last_error = error
                failed.append(f"{message.subject}: {error}")
            session.add(row)
    return sent, failed


def _new_items_message(
    settings: Settings,
    session: Session,
    committee: CommitteeFile,
    team: Team,
    items: list[ActionItem],
    now: datetime,
) -> tuple[str, str]:
    meetings, agenda = store.meetings_and_agenda(session, items=items)
    files = {
        f.id: f.path
        for f in session.exec(
            select(MinutesFile).where(col(MinutesFile.id).in_({i.minutes_file_id for i in items}))
        )
    }
    expires = now + timedelta(days=settings.link_days)
    token = sign_team_link(
        _secret(settings), team_id=team.id or 0, committee_id=team.committee_id, expires=expires
    )
    today = local_date(now, committee.timezone)
    meeting_list = ", ".join(
        f"{m.title}({m.held_on.isoformat() if m.held_on else ''})" for m in meetings.values()
    )
    return render_message(
        settings.templates_dir,
        "mail/new_items.txt.j2",
        committee=committee.name,
        team=team.name,
        secretary=committee.secretary,
        meeting_list=meeting_list,
        next_session=next_session(committee.sessions, today),
        link=team_link_url(settings.base_url, token),
        link_expires=local_date(expires, committee.timezone),
        items=[
            {
                "summary": i.summary,
                "kind": i.kind,
                "speaker": i.speaker,
                "speaker_role": i.speaker_role,
                "agenda": agenda.get(i.agenda_item_id or -1),
                "due": i.effective_due,
                "stated": i.stated_due is not None,
                "routing_reason": i.routing_reason,
                "source": files.get(i.minutes_file_id, ""),
                "line_start": i.line_start,
                "line_end": i.line_end,
                "source_text": i.source_text,
            }
            for i in items
        ],
    )


def _secret(settings: Settings) -> bytes:
    if settings.link_secret:
        return settings.link_secret.encode()
    return load_or_create_secret(settings.secret_path)


def _committee_file(settings: Settings, committee_id: int, session: Session) -> CommitteeFile:
    name = session.exec(select(CommitteeRow.name).where(CommitteeRow.id == committee_id)).one()
    for committee in committees(settings):
        if committee.name == name:
            return committee
    raise FollowupError(f"committee {name!r} is no longer in the configured committee files")


def _digest(path: Path, inbox: Path) -> str:
    """SHA-256 of a file inside the inbox; a link that leads outside it is refused unread."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:
        raise MinutesError(path, "symlink loop") from None
    except OSError:
        raise MinutesError(path, "file not found or a broken link") from None
    if not resolved.is_relative_to(inbox.resolve()):
        raise MinutesError(path, "path resolves outside the inbox (symlink?)")
    if not stat.S_ISREG(resolved.stat().st_mode):
        raise MinutesError(path, "not a regular file")
    digest = hashlib.sha256()
    try:
        with resolved.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as error:
        raise MinutesError(path, f"cannot read file: {error.strerror}") from None
    return digest.hexdigest()


def _fail(
    session: Session,
    settings: Settings,
    row: MinutesFile,
    error: MinutesError,
    *,
    path: Path,
    now: datetime,
) -> None:
    """Record the error on the row, quarantine the file, tell the secretary once."""
    assert row.id is not None
    store.record_failure(session, file_id=row.id, error=str(error), now=now)
    moved = _quarantine(settings.inbox, path)
    options = committees(settings)
    committee = options[0]
    ids = store.ensure_committee(session, committee=committee)
    subject, body = render_message(
        settings.templates_dir,
        "mail/failed_file.txt.j2",
        committee=committee.name,
        secretary=committee.secretary,
        name=Path(row.path).name,
        path=row.path,
        reason=error.reason,
        quarantined=str(moved) if moved else "",
    )
    store.queue_notification(
        session,
        dedupe_key=f"failed_file:{row.path}:{row.sha256}",
        kind="failed_file",
        subject=subject,
        body=body,
        targets=committee.secretary_team.notify,
        committee_id=ids.committee_id,
        team_id=ids.teams[committee.secretary],
        now=now,
    )


def _quarantine(inbox: Path, path: Path) -> Path | None:
    if not (path.exists() or path.is_symlink()):
        return None
    target_dir = inbox / QUARANTINE_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / file_key(inbox, path).replace("/", "__")
    path.replace(target)
    return target
