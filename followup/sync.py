"""Sync: read, parse and extract one approved file, and store its items.

``read_and_extract`` is the one path from a file to its items, used by the pass, by
``followup extract`` and by ``followup eval``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from followup import store
from followup.calendar import next_session
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.errors import FollowupError, MinutesError
from followup.extract.agenda import squash
from followup.extract.items import ExtractedItem, extract_items
from followup.ingest import fail_file, limits
from followup.minutes.model import Minutes
from followup.minutes.parse import parse_minutes
from followup.minutes.read import ReadLimits, read_minutes_text
from followup.recurrence import find_repeats
from followup.settings import Settings
from models.db import session_scope
from models.tables import MinutesFile


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
class SyncReport:
    path: str
    added: int = 0
    kept: int = 0
    withdrawn: int = 0
    reopened: int = 0
    repeated: int = 0  # items linked to an open item of an earlier session (재요구)
    error: str | None = None


def sync_file(settings: Settings, file_id: int) -> SyncReport:
    """Read, parse, extract, route and store one approved file. A bad file is recorded,
    quarantined and reported to the secretary; nothing stored before is touched."""
    url = settings.resolved_database_url
    with session_scope(url) as session:
        row = session.get(MinutesFile, file_id)
        if row is None:
            raise FollowupError(f"회의록 파일 {file_id}번이 등록되어 있지 않습니다")
        key, sha256 = row.path, row.sha256
    path = settings.inbox / key
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
            fail_file(session, settings, row, error, path=path, now=settings.now())
        return SyncReport(path=key, error=str(error))
    now = settings.now()
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
        new, earlier = store.repeat_candidates(session, meeting_id=result.meeting_id)
        repeats = find_repeats(new, earlier)
        store.link_repeats(session, links=repeats, now=now)
    return SyncReport(
        repeated=len(repeats),
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
    raise MinutesError(source, "unknown_committee", title=minutes.title)
