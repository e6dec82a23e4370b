"""Sync: read, parse and extract one approved file, and store its items.

``read_and_extract`` is the one path from a file to its items, used by the pass, by
``followup extract`` and by ``followup eval``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.errors import FollowupError, MinutesError
from followup.extract.items import extract_items
from followup.intake.ingest import fail_file, limits
from followup.loop.recurrence import find_repeats, repeat_candidates
from followup.loop.sessions import load_sessions
from followup.minutes.model import ExtractedItem, Minutes
from followup.minutes.parse import parse_minutes
from followup.minutes.read import ReadLimits, read_minutes_text
from followup.outbox.notices import Addressee, queue_notice
from followup.settings import Settings
from followup.text import squash
from models.db import session_scope
from models.tables import MinutesFile

BACKFILL_DIR = "backfill"  # where followup backfill puts an archive's files in the inbox


def read_and_extract(
    path: Path,
    *,
    committees: list[CommitteeFile],
    read_limits: ReadLimits,
    source: str | None = None,
    root: Path | None = None,
) -> tuple[Minutes, CommitteeFile, list[ExtractedItem]]:
    """Read a minutes file in any format, parse it, pick its committee and extract its items.
    Raises MinutesError naming ``source`` (default: the path) for a file that cannot be read."""
    name = source or str(path)
    text = read_minutes_text(path, limits=read_limits, root=root)
    minutes = parse_minutes(text, source=name)
    committee = committee_for(minutes, committees, source=name)
    return minutes, committee, extract_items(minutes, committee)


@dataclass
class SyncOutcome:
    path: str
    added: int = 0
    kept: int = 0
    withdrawn: int = 0
    corrected: int = 0  # items whose source sentence was edited slightly (kept)
    reopened: int = 0
    repeated: int = 0  # items linked to an open item of an earlier session (재요구)
    error: str | None = None
    superseded_by: str | None = None  # the meeting's current file, when this one is not it
    supersedes: list[str] = field(default_factory=list)  # files this one replaced


def sync_file(
    settings: Settings,
    file_id: int,
    *,
    now: datetime | None = None,
    quiet_before: date | None = None,
    tell_failures: bool = True,
) -> SyncOutcome:
    """Read, parse, extract, route and store one approved file as its meeting's items. A bad
    file is recorded, quarantined and (``tell_failures``) reported to the secretary; nothing
    stored before is touched. The secretary is told when a file supersedes another of the
    same meeting, and each team when a correction withdraws items it was told of; a meeting
    held before ``quiet_before`` is stored without any notice (backfill of old meetings)."""
    url = settings.resolved_database_url
    with session_scope(url) as session:
        row = session.get(MinutesFile, file_id)
        if row is None:
            raise FollowupError(f"회의록 파일 {file_id}번이 등록되어 있지 않습니다")
        key, sha256 = row.path, row.sha256
    path = settings.inbox / key
    if quiet_before is None and key.startswith(BACKFILL_DIR + "/"):
        # An archive file left unsynced by a stopped backfill, picked up by a pass: its old
        # meeting stays as quiet as the backfill would have kept it.
        quiet_before = history_cutoff(settings, now=now or settings.now())
    try:
        minutes, committee, items = read_and_extract(
            path,
            committees=configured_committees(settings),
            read_limits=limits(settings),
            source=key,
            root=settings.inbox,
        )
        if minutes.meeting_date is None:
            raise MinutesError(key, "no_meeting_date")
    except MinutesError as raised:
        error = raised.at(key)  # named as the inbox knows it
        with session_scope(url) as session:
            row = session.get(MinutesFile, file_id)
            assert row is not None
            fail_file(
                session,
                settings,
                row,
                error,
                path=path,
                now=now or settings.now(),
                tell=tell_failures,
            )
        return SyncOutcome(path=key, error=str(error))
    now = now or settings.now()
    with session_scope(url) as session:
        ids = store.ensure_committee(session, committee=committee)
        default_due = load_sessions(session, committee, now=now).next_after(minutes.meeting_date)
        result = store.sync_items(
            session,
            file_id=file_id,
            sha256=sha256,
            ids=ids,
            minutes=minutes,
            items=items,
            release=store.Release(
                default_due,
                settings.review_threshold,
                committee.auto_confirm_above,
                quiet_before,
            ),
            now=now,
            present=lambda key: (settings.inbox / key).exists(),
        )
        if any(c.what == "date" for c in result.changes):
            store.refresh_effective_due(session, committee_id=ids.committee_id)
        new, earlier = repeat_candidates(session, meeting_id=result.meeting_id)
        repeats = find_repeats(new, earlier)
        store.link_repeats(session, links=repeats, now=now)
        files = store.minutes_files(
            session,
            ids=[
                file_id,
                *result.supersedes,
                *([result.superseded_by] if result.superseded_by else []),
            ],
        )
        if not result.quiet:
            notices = _Notices(settings, session, committee, ids, minutes, result, sha256, now)
            notices.superseded(files)
            notices.withdrawn(key)
            notices.corrected(key)
    return SyncOutcome(
        repeated=len(repeats),
        path=key,
        added=result.added,
        kept=result.kept,
        withdrawn=len(result.withdrawn),
        corrected=len(result.corrected),
        reopened=result.reopened,
        superseded_by=files[result.superseded_by].path if result.superseded_by else None,
        supersedes=[files[i].path for i in result.supersedes],
    )


@dataclass(frozen=True)
class _Notices:
    """The notices one sync of a file queues, in its transaction: the secretary's of each file
    superseded, and each team's of the items a correction withdrew or changed."""

    settings: Settings
    session: Session
    committee: CommitteeFile
    ids: store.CommitteeIds
    minutes: Minutes
    result: store.SyncResult
    sha256: str
    now: datetime

    def superseded(self, files: dict[int, MinutesFile]) -> None:
        """Tell the secretary of each file this one superseded (or that superseded it), or of
        the file corrected in place."""
        result = self.result
        this = files[result.file_id]
        pairs = (
            [(this, files[result.superseded_by])]
            if result.superseded_by
            else [(files[old], this) for old in result.supersedes]
        )
        if result.changes and not pairs:  # the same file corrected in place
            pairs = [(this, this)]
        changes = [
            {
                "what": c.what,
                "old": date.fromisoformat(c.old) if c.what == "date" and c.old else c.old,
                "new": date.fromisoformat(c.new) if c.what == "date" and c.new else c.new,
            }
            for c in result.changes
        ]
        secretary = Addressee.named(self.committee, self.ids)
        for old, new in pairs:
            key = (
                f"superseded:{old.id}:{new.id}"
                if old.id != new.id
                else f"corrected:{old.id}:{self.sha256[:16]}"
            )
            queue_notice(
                self.session,
                self.settings,
                secretary,
                "mail/superseded.txt.j2",
                key=key,
                kind=MessageKind.SUPERSEDED,
                now=self.now,
                meeting=self.minutes.title,
                held_on=self.minutes.meeting_date,
                old=old.path,
                new=new.path,
                result=result,
                changes=changes,
            )

    def withdrawn(self, path: str) -> None:
        """Tell each team of its announced items the new file withdrew."""
        told = [w for w in self.result.withdrawn if w.announced]
        by_team: dict[int, list[dict[str, object]]] = {}
        for team_id in sorted({w.team_id for w in told}):
            ids = [w.id for w in told if w.team_id == team_id]
            by_team[team_id] = [
                {"summary": i.summary, "kind": i.kind, "source_text": i.source_text}
                for i in store.action_items(self.session, ids=ids)
            ]
        self.to_teams(by_team, "mail/withdrawn.txt.j2", MessageKind.WITHDRAWN, path)

    def corrected(self, path: str) -> None:
        """Tell each team whose announced item's ask a correction changed (a typo fixed inside
        the sentence tells nobody): one notice per team with the old and new source text."""
        changed = [c for c in self.result.corrected if c.ask_changed and c.announced]
        by_team: dict[int, list[dict[str, object]]] = {}
        for team_id in sorted({c.team_id for c in changed}):
            mine = [c for c in changed if c.team_id == team_id]
            rows = {i.id: i for i in store.action_items(self.session, ids=[c.id for c in mine])}
            by_team[team_id] = [
                {
                    "summary": rows[c.id].summary,
                    "kind": rows[c.id].kind,
                    "due": rows[c.id].effective_due,
                    "old_source": c.old_source,
                    "source_text": rows[c.id].source_text,
                }
                for c in mine
            ]
        template, kind = "mail/item_corrected.txt.j2", MessageKind.ITEM_CORRECTED
        self.to_teams(by_team, template, kind, path, prefix="corrected_items")

    def to_teams(
        self,
        by_team: dict[int, list[dict[str, object]]],
        template: str,
        kind: MessageKind,
        path: str,
        *,
        prefix: str | None = None,
    ) -> None:
        """Queue one notice per team about some of this file's items; a team no longer in the
        committee file is skipped: its items went to triage. Its dedupe key starts with
        ``prefix``, by default the message kind."""
        names = {team_id: name for name, team_id in self.ids.teams.items()}
        listed = {t.name for t in self.committee.teams}
        result, minutes = self.result, self.minutes
        told: dict[str, Any] = {
            "meeting": minutes.title,
            "held_on": minutes.meeting_date,
            "file": path,
        }
        for team_id, items in by_team.items():
            if names.get(team_id) not in listed:
                continue
            key = f"{prefix or kind}:{team_id}:{result.meeting_id}:{result.file_id}:{self.sha256[:16]}"
            to = Addressee.named(self.committee, self.ids, names[team_id])
            queue_notice(
                self.session,
                self.settings,
                to,
                template,
                key=key,
                kind=kind,
                now=self.now,
                items=items,
                **told,
            )


def history_cutoff(settings: Settings, *, now: datetime) -> date:
    """The date before which a backfilled meeting is history: the committee's last session
    before today, or today when no past session is known."""
    cutoffs = []
    with session_scope(settings.resolved_database_url) as session:
        for committee in configured_committees(settings):
            today = local_date(now, committee.timezone)
            last = load_sessions(session, committee, now=now).last_before(today)
            cutoffs.append(last or today)
    return max(cutoffs)


def committee_for(minutes: Minutes, options: list[CommitteeFile], *, source: str) -> CommitteeFile:
    """The committee whose name the minutes carry; the only one when just one is configured."""
    if len(options) == 1:
        return options[0]
    title = squash(minutes.title)
    for committee in options:
        words = committee.name.split()
        if squash(committee.name) in title or (words and squash(words[-1]) in title):
            return committee
    raise MinutesError(source, "unknown_committee", title=minutes.title)
