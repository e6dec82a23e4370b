"""Committees and their teams, and minutes files: registered from the inbox, approved,
failed, waiting to be synced."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import FileStatus
from followup.store.base import insert_ignore, rows_of
from models.tables import (
    ActionItem,
    ChangeRequest,
    Committee,
    Meeting,
    MinutesFile,
    Team,
    utc_now,
)

if TYPE_CHECKING:
    from followup.committee import Committee as CommitteeFile


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
    renames = {old: t.name for t in committee.teams for old in t.renamed_from}
    if renames:
        _follow_renames(session, committee_id=committee_id, renames=renames)
    insert_ignore(
        session,
        Team,
        [{"committee_id": committee_id, "name": t.name} for t in committee.teams],
        ["committee_id", "name"],
    )
    teams = session.exec(select(Team).where(Team.committee_id == committee_id)).all()
    return CommitteeIds(committee_id, {t.name: t.id for t in teams if t.id is not None})


def _follow_renames(session: Session, *, committee_id: int, renames: dict[str, str]) -> None:
    """A team renamed in the committee file (``renamed_from``): its row takes the new name, so
    its id (its items, links and history) stays. When a row of the new name exists already,
    the old team's items and requests move to it."""
    rows = {
        t.name: t
        for t in session.exec(
            select(Team).where(
                Team.committee_id == committee_id,
                col(Team.name).in_([*renames, *renames.values()]),
            )
        )
    }
    for old, new in renames.items():
        before = rows.get(old)
        if before is None or before.id is None:
            continue
        after = rows.get(new)
        if after is None:
            before.name = new
            session.add(before)
            session.flush()
            rows[new] = before
            continue
        for table in (ActionItem, ChangeRequest):
            session.execute(
                sa.update(table)
                .where(col(table.team_id) == before.id)
                .values(team_id=after.id)
                .execution_options(synchronize_session=False)
            )


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
        if row.status == FileStatus.FAILED:
            row.status, row.error = (
                (FileStatus.APPROVED if row.approved_at else FileStatus.DRAFT),
                None,
            )
    if approved_by and row.approved_at is None:
        approve(row, by=approved_by, now=now)
    session.add(row)
    session.flush()
    return row


def files_with_content(session: Session, *, sha256: str) -> list[MinutesFile]:
    """Registered files (not failed) whose content is this, oldest first."""
    return rows_of(
        session,
        select(MinutesFile)
        .where(MinutesFile.sha256 == sha256, MinutesFile.status != FileStatus.FAILED)
        .order_by(col(MinutesFile.id)),
    )


def move_file(session: Session, row: MinutesFile, *, path: str, now: datetime) -> None:
    """A registered file renamed in the inbox: the row (its approval, meeting and items)
    follows it to its new path."""
    row.path, row.updated_at = path, now
    session.add(row)
    session.flush()


def approve(
    row: MinutesFile,
    *,
    by: str,
    now: datetime,
    at: datetime | None = None,
    signatories: Sequence[str] = (),
) -> None:
    """Record the file's approval: by whom, when (``at``, default ``now``) and the members who
    signed it."""
    row.approved_by, row.approved_at, row.updated_at = by, at or now, now
    row.signatories = "\n".join(signatories)
    if row.status == FileStatus.DRAFT:
        row.status = FileStatus.APPROVED


def register_upload(
    session: Session, *, path: str, sha256: str, committee_id: int, now: datetime
) -> MinutesFile:
    """Record a file put into the inbox through the console: a draft of the committee it
    was uploaded to (its meeting's committee once it is read)."""
    row = register_file(session, path=path, sha256=sha256, approved_by=None, now=now)
    if row.committee_id is None:
        row.committee_id = committee_id
        session.add(row)
        session.flush()
    return row


@dataclass(frozen=True)
class FileView:
    """A minutes file as the console lists it: the meeting it holds and the path of the
    file that superseded it, if any."""

    file: MinutesFile
    meeting: Meeting | None
    superseded_by: str | None

    @property
    def signatories(self) -> list[str]:
        return [name for name in self.file.signatories.split("\n") if name]


def committee_files(
    session: Session, *, committee_id: int, unassigned: bool, file_id: int | None = None
) -> list[FileView]:
    """The committee's minutes files, the newest first (or the one of ``file_id``);
    ``unassigned``: with the files no committee holds yet (inbox files not read, when one
    committee is configured and they can only be its)."""
    newer = sa.orm.aliased(MinutesFile)
    owner = col(MinutesFile.committee_id) == committee_id
    if unassigned:
        owner = sa.or_(owner, col(MinutesFile.committee_id).is_(None))
    query = (
        select(MinutesFile, Meeting, newer.path)
        .outerjoin(Meeting, col(Meeting.id) == col(MinutesFile.meeting_id))
        .outerjoin(newer, col(newer.id) == col(MinutesFile.superseded_by_id))
        .where(owner)
        .order_by(col(MinutesFile.registered_at).desc(), col(MinutesFile.id).desc())
    )
    if file_id is not None:
        query = query.where(MinutesFile.id == file_id)
    return [FileView(row, meeting, path) for row, meeting, path in session.exec(query)]


def files_to_sync(session: Session) -> list[int]:
    """Approved files whose current content has not been extracted yet."""
    rows = session.exec(
        select(MinutesFile.id)
        .where(
            MinutesFile.status == FileStatus.APPROVED,
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
        row.status, row.error, row.updated_at = FileStatus.FAILED, error, now
        session.add(row)


def minutes_file_path(session: Session, *, file_id: int) -> str | None:
    return session.exec(select(MinutesFile.path).where(MinutesFile.id == file_id)).first()


def minutes_files(session: Session, *, ids: Iterable[int]) -> dict[int, MinutesFile]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.exec(select(MinutesFile).where(col(MinutesFile.id).in_(wanted))).all()
    return {r.id: r for r in rows if r.id is not None}


def committee_team_names(session: Session, *, committee_id: int) -> list[str]:
    return rows_of(
        session, select(Team.name).where(Team.committee_id == committee_id).order_by(col(Team.id))
    )


def team_named(session: Session, *, committee_id: int | None, name: str) -> Team | None:
    """The committee's team of this name (any committee's when ``committee_id`` is None)."""
    query = select(Team).where(Team.name == name)
    if committee_id is not None:
        query = query.where(Team.committee_id == committee_id)
    return session.exec(query).first()


def committee_name(session: Session, *, committee_id: int) -> str | None:
    """The stored committee's name; None when there is no such committee (a link or id from
    outside names one that may be gone)."""
    return session.exec(select(Committee.name).where(Committee.id == committee_id)).first()


def team_by_id(session: Session, *, team_id: int) -> Team | None:
    return session.get(Team, team_id)


def team_ids_of(session: Session, *, committee_names: Iterable[str]) -> list[int]:
    """The ids of the teams of these committees."""
    rows = session.exec(
        select(Team.id).join(Committee).where(col(Committee.name).in_(list(committee_names)))
    ).all()
    return [r for r in rows if r is not None]


def registered_files(session: Session) -> list[MinutesFile]:
    """Every registered minutes file, by path."""
    return list(session.exec(select(MinutesFile).order_by(col(MinutesFile.path))).all())


def files_at(session: Session, *, paths: Iterable[str]) -> dict[str, MinutesFile]:
    """The registered files at these inbox paths, by path."""
    rows = session.exec(select(MinutesFile).where(col(MinutesFile.path).in_(list(paths))))
    return {r.path: r for r in rows}


def draft_count(session: Session) -> int:
    """How many registered files wait for approval."""
    return len(
        session.exec(select(MinutesFile.id).where(MinutesFile.status == FileStatus.DRAFT)).all()
    )
