"""Backfill: import an archive of approved minutes files, in batches, resumably.

Each file is copied into the inbox (under ``backfill/<archive name>/`` unless the archive is
inside the inbox already), registered, approved with the given name and synced like any
approved file. Everything rests on the natural keys, so a run stopped anywhere (Ctrl-C,
kill -9) is continued by running it again: files stored already are skipped, nothing is
doubled. A file that cannot be read is recorded, quarantined and listed; the batch goes on.

Old meetings must not flood the teams: items of meetings held before the cutoff (by default
the committee's last session before today, or today when no past session is known) are
stored as announced, without a notice, and so are the withdrawal and superseded-file notices
of those meetings. Meetings on or after the cutoff are announced by the next pass as usual.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import iadd
from pathlib import Path

from followup import store
from followup.codes import FileStatus
from followup.errors import FollowupError, describe_file_error
from followup.intake.ingest import QUARANTINE_DIR, file_key
from followup.intake.sync import BACKFILL_DIR, history_cutoff, sync_file
from followup.settings import Settings
from models.db import session_scope


@dataclass
class FileOutcome:
    path: str  # relative to the archive
    items: int = 0
    skipped: bool = False  # stored by an earlier run
    superseded: bool = False  # another file of the same meeting holds its items
    error: str | None = None


@dataclass
class BatchOutcome:
    files: int = 0
    synced: int = 0
    skipped: int = 0
    items: int = 0
    superseded: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, outcome: FileOutcome) -> None:
        self.files += 1
        if outcome.error:
            self.failures.append(outcome.error)
        elif outcome.skipped:
            self.skipped += 1
        else:
            self.synced += 1
            self.items += outcome.items
            self.superseded += outcome.superseded

    def merge(self, other: BatchOutcome) -> None:
        """Add up every count and list of another batch."""
        for name in (f.name for f in fields(self)):
            setattr(self, name, iadd(getattr(self, name), getattr(other, name)))


def archive_files(directory: Path) -> list[str]:
    """Every file under the archive (relative POSIX paths, sorted), but hidden ones and a
    quarantine/ folder; the format is told by content, so no name is skipped."""
    if not directory.is_dir():
        raise FollowupError(f"{directory}: 폴더가 없습니다")
    out = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if relative.parts[0] == QUARANTINE_DIR or any(p.startswith(".") for p in relative.parts):
            continue
        if path.is_file() or path.is_symlink():
            out.append(relative.as_posix())
    return sorted(out)


def batches(paths: list[str], size: int) -> list[list[str]]:
    if size < 1:
        raise FollowupError(f"배치 크기는 1 이상이어야 합니다: {size}")
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def inbox_folder(settings: Settings, directory: Path) -> Path:
    """Where the archive's files live in the inbox: in place when the archive is inside it."""
    inbox = settings.inbox.absolute()
    archive = directory.absolute()
    if archive.is_relative_to(inbox):
        return archive
    return inbox / BACKFILL_DIR / archive.name


def quiet_cutoff(settings: Settings, *, now: datetime, announce_since: date | None) -> date:
    """Meetings held before this date are stored without notices: ``announce_since`` when
    given, else the last session before today, else today."""
    return announce_since or history_cutoff(settings, now=now)


def import_batch(
    settings: Settings,
    directory: Path,
    paths: list[str],
    *,
    approved_by: str,
    quiet_before: date,
    now: datetime | None = None,
    progress: Callable[[FileOutcome], None] | None = None,
) -> BatchOutcome:
    """Copy, register, approve and sync one batch of archive files (idempotent)."""
    now = now or settings.now()
    report = BatchOutcome()

    def done(outcome: FileOutcome) -> None:
        report.add(outcome)
        if progress is not None:
            progress(outcome)

    inbox, folder = settings.inbox.absolute(), inbox_folder(settings, directory)
    wanted: dict[str, tuple[str, str]] = {}  # inbox key -> (archive path, sha256)
    for relative in paths:
        try:
            digest = _sha256(directory / relative)
        except OSError as error:
            done(FileOutcome(relative, error=f"{relative}: 파일을 읽을 수 없습니다 ({error})"))
            continue
        wanted[file_key(inbox, folder / relative)] = (relative, digest)
    to_sync: list[tuple[str, int]] = []
    with session_scope(settings.resolved_database_url) as session:
        known = store.files_at(session, paths=wanted)
        for key, (relative, digest) in wanted.items():
            row = known.get(key)
            if row is not None and row.sha256 == digest:
                if row.synced_sha256 == digest:
                    done(FileOutcome(relative, skipped=True))
                    continue
                if row.status == FileStatus.FAILED:
                    reason = describe_file_error(row.error or "", templates=settings.templates_dir)
                    done(FileOutcome(relative, error=f"{relative}: {reason or '처리 실패'}"))
                    continue
            target = folder / relative
            if not target.is_file() or _sha256(target) != digest:
                _copy(directory / relative, target)
            row = store.register_file(
                session, path=key, sha256=digest, approved_by=approved_by, now=now
            )
            if row.approved_at is None:
                store.approve(row, by=approved_by, now=now)
                session.add(row)
            assert row.id is not None
            to_sync.append((relative, row.id))
    for relative, file_id in to_sync:
        synced = sync_file(
            settings, file_id, now=now, quiet_before=quiet_before, tell_failures=False
        )
        done(
            FileOutcome(
                relative,
                items=synced.added,
                superseded=synced.superseded_by is not None,
                error=synced.error,
            )
        )
    return report


@dataclass
class Plan:
    files: int
    cutoff: date  # meetings held before it are stored without notices
    batches: list[list[str]]


def plan(
    settings: Settings,
    directory: Path,
    *,
    batch_size: int = 50,
    announce_since: date | None = None,
    now: datetime | None = None,
) -> Plan:
    """The archive's files in batches, and the cutoff for notices."""
    paths = archive_files(directory)
    cutoff = quiet_cutoff(settings, now=now or settings.now(), announce_since=announce_since)
    return Plan(files=len(paths), cutoff=cutoff, batches=batches(paths, batch_size))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path, target: Path) -> None:
    """Copy so that a kill midway leaves no half file under the real name (the partial
    copy is hidden, so the inbox scan skips it, and the next run overwrites it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
