"""Ingest: register every file of the inbox, approve, and set aside what cannot be read.

A file is known by its path relative to the inbox, so the inbox may move. Only approved
files are extracted; a file that cannot be read is recorded, quarantined and reported to the
secretary once, and the rest of the pass goes on. A file uploaded in the console
(:func:`take_upload`) is put into the inbox under a free name and registered there with its
approval, as one dropped in the inbox and approved would be.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.codes import FileStatus, MessageKind
from followup.committee import configured_committees
from followup.errors import MinutesError
from followup.loop.teams import follow_teams
from followup.minutes.read import ReadLimits
from followup.outbox.notices import Addressee, queue_notice
from followup.settings import Settings
from followup.store.files import files_with_content, move_file
from models.db import session_scope
from models.tables import MinutesFile

APPROVED_DIR = "approved"
QUARANTINE_DIR = "quarantine"
FOLDER_APPROVAL = "inbox approved/ folder"
# Most file systems refuse a name longer than 255 bytes; a quarantined name keeps well under.
MAX_NAME_BYTES = 200
# A name that is not UTF-8 most often comes from a Windows share: Korean Windows writes CP949.
LEGACY_ENCODING = "cp949"
# What the console's upload takes: the formats the reader reads (it tells them by content).
UPLOAD_SUFFIXES = (".txt", ".md", ".docx", ".hwpx", ".hwp", ".pdf")
# Names an uploaded file may not take in the inbox's top folder: its folders'.
_FOLDER_NAMES = {APPROVED_DIR, QUARANTINE_DIR, "backfill"}
_UNSHOWABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


@dataclass
class ScanResult:
    to_sync: list[int] = field(default_factory=list)
    drafts: int = 0
    errors: list[str] = field(default_factory=list)


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
            yield readable_name(path)


def readable_name(path: Path) -> Path:
    """``path``, renamed in place when its name is not valid UTF-8 (a CP949 name from a Windows
    share): decoded as CP949 where that reads, else with each undecodable byte written as
    ``%XX``. The database, messages and pages then all show one real name. A name already
    taken gets a number."""
    raw = os.fsencode(path.name)
    try:
        raw.decode("utf-8")
        return path
    except UnicodeDecodeError:
        pass
    try:
        name = raw.decode(LEGACY_ENCODING)
    except UnicodeDecodeError:
        name = raw.decode("utf-8", errors="surrogateescape")
        name = "".join(f"%{ord(c) - 0xDC00:02X}" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in name)
    target = _free_name(path.parent, name)
    try:
        path.rename(target)
    except OSError:
        return path  # left as it is; registering it fails and quarantines it with a message
    return target


def file_key(inbox: Path, path: Path) -> str:
    """How a file is known: its path relative to the inbox, so the inbox may move."""
    return path.absolute().relative_to(inbox.absolute()).as_posix()


def scan_inbox(settings: Settings) -> ScanResult:
    """Register every file in the inbox; return the approved ones whose content is new."""
    result = ScanResult()
    now = settings.now()
    inbox = settings.inbox
    with session_scope(settings.resolved_database_url) as session:
        for committee in configured_committees(settings):
            follow_teams(settings, session, committee, now=now)
        for path in inbox_files(inbox):
            key = file_key(inbox, path)
            approved_by = FOLDER_APPROVAL if key.startswith(APPROVED_DIR + "/") else None
            try:
                digest = _digest(path, inbox)
            except MinutesError as raised:
                error = raised.at(key)
                row = store.register_file(
                    session, path=key, sha256="", approved_by=approved_by, now=now
                )
                fail_file(session, settings, row, error, path=path, now=now)
                result.errors.append(str(error))
                continue
            _follow_rename(session, inbox, key, digest, now=now)
            row = store.register_file(
                session, path=key, sha256=digest, approved_by=approved_by, now=now
            )
            if row.status == FileStatus.FAILED and path.exists():
                _quarantine(inbox, path)
        session.flush()
        result.to_sync = store.files_to_sync(session)
        result.drafts = store.draft_count(session)
    return result


def _follow_rename(session: Session, inbox: Path, key: str, digest: str, *, now: datetime) -> None:
    """A path new to the inbox whose content is that of a registered file no longer at its
    own path is that file renamed: its row moves to the new path, so its approval, meeting
    and items follow it and later edits re-sync it."""
    if store.files_at(session, paths=[key]):
        return
    for row in files_with_content(session, sha256=digest):
        if not (inbox / row.path).exists() and not (inbox / row.path).is_symlink():
            move_file(session, row, path=key, now=now)
            return


def pending_files(settings: Settings) -> list[int]:
    """Approved files whose current content is not extracted yet (without scanning the inbox)."""
    with session_scope(settings.resolved_database_url) as session:
        return store.files_to_sync(session)


def approve_file(settings: Settings, path: Path, *, by: str) -> MinutesFile:
    """Approve a minutes file by name (``followup approve``); copy it into the inbox first
    when it lives elsewhere."""
    inbox = settings.inbox
    if not path.exists():
        raise MinutesError(path, "not_found")
    try:
        file_key(inbox, path)
    except ValueError:
        inbox.mkdir(parents=True, exist_ok=True)
        target = inbox / path.name
        shutil.copy2(path, target)
        path = target
    now = settings.now()
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


@dataclass(frozen=True)
class Approval:
    """Who approved a minutes file, on which day, and the members who signed it."""

    by: str
    on: date
    signatories: tuple[str, ...] = ()

    def moment(self, now: datetime, timezone: str) -> datetime:
        """The approval's time: now for today, else the end of that day (never after now), so
        a correction approved later than its original reads as newer."""
        end = datetime.combine(self.on + timedelta(days=1), time(), tzinfo=ZoneInfo(timezone))
        return min(now, end - timedelta(seconds=1))


@dataclass(frozen=True)
class Uploaded:
    """The file an upload registered (or the registered file with the same content, when
    ``same``); ``to_extract``: approved and its content not extracted yet."""

    file_id: int
    to_extract: bool
    same: bool = False


def upload_name(filename: str) -> str:
    """A safe name in the inbox for an uploaded file's name: its last part only, without
    control characters or leading dots, NFC, never one of the inbox's folders."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _UNSHOWABLE)
    name = name.strip().lstrip(".").strip()
    if name.casefold() in _FOLDER_NAMES:
        name = f"회의록-{name}"
    return name or "회의록"


def take_upload(
    settings: Settings,
    *,
    committee_id: int,
    unassigned: bool,
    filename: str,
    content: Path | None,
    size: int,
    approval: Approval | None,
    timezone: str,
    now: datetime,
) -> Uploaded:
    """Register a file uploaded for a committee: ``content`` (a hidden file in the inbox, or
    None when the upload went over the size limit) moves into the inbox under a free name.
    Too large: recorded as failed, nothing kept. A name the upload does not take: recorded
    and quarantined. Content a file of the committee (``unassigned``: or of none yet)
    already holds: that file, approved now if it was a draft. Else a new file, approved
    when ``approval`` is given (a draft otherwise)."""
    inbox = settings.inbox
    name = upload_name(filename)
    limit = limits(settings).max_bytes
    with session_scope(settings.resolved_database_url) as session:
        if content is None or size > limit:
            if content is not None:
                content.unlink()
            key = file_key(inbox, _free_name(inbox, name))
            row = store.register_upload(
                session, path=key, sha256="", committee_id=committee_id, now=now
            )
            error = MinutesError(key, "too_large", size=size, limit=limit)
            store.record_failure(session, file_id=row.id or 0, error=error.stored, now=now)
            return Uploaded(row.id or 0, to_extract=False)
        digest = _digest(content, inbox)
        same = [
            r
            for r in files_with_content(session, sha256=digest)
            if r.committee_id == committee_id or (unassigned and r.committee_id is None)
        ]
        suffix = Path(name).suffix.lower()
        if same and suffix in UPLOAD_SUFFIXES:
            content.unlink()
            row = same[0]
            if approval and row.approved_at is None:
                _approve(row, approval, now=now, timezone=timezone)
                session.add(row)
            synced = row.synced_sha256 == row.sha256
            return Uploaded(row.id or 0, to_extract=bool(row.approved_at and not synced), same=True)
        target = _place(content, inbox, name)
        row = store.register_upload(
            session, path=file_key(inbox, target), sha256=digest, committee_id=committee_id, now=now
        )
        if suffix not in UPLOAD_SUFFIXES:
            error = MinutesError(row.path, "unsupported_type", suffix=suffix)
            fail_file(session, settings, row, error, path=target, now=now, tell=False)
            return Uploaded(row.id or 0, to_extract=False)
        if approval:
            _approve(row, approval, now=now, timezone=timezone)
            session.add(row)
        return Uploaded(row.id or 0, to_extract=approval is not None)


def approve_upload(
    settings: Settings, file_id: int, approval: Approval, *, timezone: str, now: datetime
) -> bool:
    """Approve a draft in the console (``followup approve`` with the signatories); True when
    it is now to be extracted."""
    with session_scope(settings.resolved_database_url) as session:
        row = store.minutes_files(session, ids=[file_id]).get(file_id)
        if row is None or row.status != FileStatus.DRAFT:
            return False
        _approve(row, approval, now=now, timezone=timezone)
        session.add(row)
        return row.synced_sha256 != row.sha256


def _approve(row: MinutesFile, approval: Approval, *, now: datetime, timezone: str) -> None:
    store.approve(
        row,
        by=approval.by,
        now=now,
        at=approval.moment(now, timezone),
        signatories=approval.signatories,
    )


def _place(content: Path, folder: Path, name: str) -> Path:
    """Move ``content`` to a free name in ``folder``: the name is taken first (created
    exclusively), so two uploads of one name at once never overwrite each other."""
    while True:
        target = _free_name(folder, name)
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        os.replace(content, target)
        return target


def quarantined(inbox: Path, key: str) -> list[str]:
    """The names under quarantine/ of the file at ``key``: its copy, then numbered ones."""
    folder = inbox / QUARANTINE_DIR
    found = []
    for number in range(1, 100):
        candidate = _numbered(folder, key.replace("/", "__"), number)
        if candidate.exists() or candidate.is_symlink():
            found.append(candidate.name)
        elif number > 1:
            break
    return found


def _digest(path: Path, inbox: Path) -> str:
    """SHA-256 of a file inside the inbox; a link that leads outside it is refused unread."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:
        raise MinutesError(path, "symlink_loop") from None
    except OSError:
        raise MinutesError(path, "broken_link") from None
    if not resolved.is_relative_to(inbox.resolve()):
        raise MinutesError(path, "outside_inbox")
    if not stat.S_ISREG(resolved.stat().st_mode):
        raise MinutesError(path, "not_regular_file")
    digest = hashlib.sha256()
    try:
        with resolved.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as error:
        raise MinutesError(path, "cannot_read", error=error.strerror) from None
    return digest.hexdigest()


def fail_file(
    session: Session,
    settings: Settings,
    row: MinutesFile,
    error: MinutesError,
    *,
    path: Path,
    now: datetime,
    tell: bool = True,
) -> None:
    """Record the error on the row, quarantine the file, tell the secretary once (unless
    ``tell`` is off: a backfill lists its failures at the end instead)."""
    assert row.id is not None
    store.record_failure(session, file_id=row.id, error=error.stored, now=now)
    moved = _quarantine(settings.inbox, path)
    if not tell:
        return
    options = configured_committees(settings)
    committee = options[0]
    secretary = Addressee.named(committee, store.ensure_committee(session, committee=committee))
    queue_notice(
        session,
        settings,
        secretary,
        "mail/failed_file.txt.j2",
        key=f"failed_file:{row.path}:{row.sha256}",
        kind=MessageKind.FAILED_FILE,
        now=now,
        name=error.name,
        path=row.path,
        reason=error.reason,
        quarantined=str(moved) if moved else "",
    )


def _quarantine(inbox: Path, path: Path) -> Path | None:
    """Move a failed file to quarantine/ under its inbox path (folders joined by ``__``), the
    name cut to a length every file system takes, never over an earlier quarantined file."""
    if not (path.exists() or path.is_symlink()):
        return None
    target_dir = inbox / QUARANTINE_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = _free_name(target_dir, file_key(inbox, path).replace("/", "__"))
    path.rename(target)
    return target


def _free_name(folder: Path, name: str) -> Path:
    """``folder / name`` with the name cut to :data:`MAX_NAME_BYTES` (its suffix kept) and
    numbered (``name-2.md``) when that is taken."""
    for number in range(1, 10_000):
        candidate = _numbered(folder, name, number)
        if not (candidate.exists() or candidate.is_symlink()):
            return candidate
    raise FileExistsError(folder / name)


def _numbered(folder: Path, name: str, number: int) -> Path:
    """``folder / name`` cut to :data:`MAX_NAME_BYTES`, numbered from 2 on."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode()) > 16:
        stem, dot, suffix = name, "", ""
    ending = dot + suffix
    mark = f"-{number}" if number > 1 else ""
    room = MAX_NAME_BYTES - len((mark + ending).encode())
    cut = stem.encode("utf-8", errors="surrogateescape")[:room]
    return folder / (cut.decode("utf-8", errors="ignore") + mark + ending)
