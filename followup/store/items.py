"""An item's life: a file's extraction stored as its meeting's items (``sync_items``), the
meetings' current files, the status trail, and what a new-items notice reads and marks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import OPEN_STATUSES, FileStatus, ItemStatus, ReviewState, TrailChannel
from followup.store.base import insert_ignore, rows_of
from followup.store.files import CommitteeIds
from models.tables import (
    ActionItem,
    AgendaItem,
    Meeting,
    MinutesFile,
    StatusUpdate,
    Team,
)

if TYPE_CHECKING:
    from followup.minutes.model import ExtractedItem, Minutes


def pack_nouns(nouns: frozenset[str]) -> str:
    """Nouns as stored on an item: sorted, space-separated (a noun has no space in it)."""
    return " ".join(sorted("".join(n.split()) for n in nouns))


def unpack_nouns(stored: str) -> frozenset[str]:
    return frozenset(stored.split())


@dataclass(frozen=True)
class WithdrawnItem:
    id: int
    team_id: int
    announced: bool  # the team was told of it, so it is told of the withdrawal too


@dataclass(frozen=True)
class CorrectedItem:
    """An item whose source sentence a correction edited slightly: it keeps its id, status and
    history. ``ask_changed``: what the team must do changed (summary, stated due date)."""

    id: int
    team_id: int
    old_source: str
    ask_changed: bool
    announced: bool


@dataclass(frozen=True)
class MeetingChange:
    """A field of the meeting a corrected file changed: ``what`` is "date" or "title"."""

    what: str
    old: str
    new: str


# An item survives an edit of its source sentence when the two read this much alike.
SAME_SOURCE = 0.9
# A file whose items' keys are mostly those of a stored meeting is that meeting's file.
SAME_MEETING = 0.5
# A file's own meeting (same inbox path) is kept unless the text has become another meeting's.
SAME_LINEAGE = 0.3


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
    corrected: tuple[CorrectedItem, ...] = ()
    changes: tuple[MeetingChange, ...] = ()  # the meeting's date or title, corrected


class Release(NamedTuple):
    """How a file's new items are released: the due date they take when the minutes state
    none, the confidence from which they skip the secretary's confirmation (None: never, and
    never below ``review_threshold``), and the date before which a meeting is stored as
    already announced (backfill)."""

    default_due: date | None
    review_threshold: float
    auto_confirm_above: float | None = None
    quiet_before: date | None = None

    def confirms(self, confidence: float) -> bool:
        """Whether an item this sure skips the secretary's confirmation."""
        return (
            self.auto_confirm_above is not None
            and confidence >= self.auto_confirm_above
            and confidence >= self.review_threshold
        )


def sync_items(
    session: Session,
    *,
    file_id: int,
    sha256: str,
    ids: CommitteeIds,
    minutes: Minutes,
    items: Sequence[ExtractedItem],
    release: Release,
    now: datetime,
    present: Callable[[str], bool] | None = None,
) -> SyncResult:
    """Store one file's extraction as its meeting's items, known by (meeting, natural key).

    A meeting (committee, date, title) has one current file: the newest approved one. When
    this file is (or becomes) current, the meeting's items follow its text: unchanged items
    keep their id, status and history and move to this file's lines; items gone from the text
    are withdrawn (never deleted); new ones are added. A file that is older than the current
    one, or a copy of content stored before, is recorded as superseded and changes nothing.
    Items of a meeting held before ``release.quiet_before`` are stored as already announced.

    The meeting is known by the file's lineage first (the meeting this inbox path held), then
    by (committee, date, title), then by content (most of its items' keys); a corrected date
    or title updates the meeting. An item whose sentence changed slightly (same kind and
    speaker, ``SAME_SOURCE`` alike) keeps its id, status and history. ``present`` tells
    whether a file is still in the inbox: a current file that is gone (renamed) never holds
    back a newer one.

    A new item waits for the secretary's confirmation (review ``pending``, 확인 대기) unless
    its meeting is stored quietly or the committee trusts the extractor from
    ``release.auto_confirm_above`` up; its extraction trail row says why it was released
    without confirmation."""
    file_row = session.get(MinutesFile, file_id)
    assert file_row is not None
    meeting_id = _meeting_for(
        session,
        committee_id=ids.committee_id,
        minutes=minutes,
        file_row=file_row,
        items=items,
        present=present,
    )
    was_current = file_row.meeting_id == meeting_id and file_row.superseded_by_id is None
    file_row.synced_sha256, file_row.synced_at = sha256, now
    file_row.meeting_id, file_row.committee_id = meeting_id, ids.committee_id
    file_row.error, file_row.updated_at = None, now
    session.add(file_row)
    quiet_before, default_due = release.quiet_before, release.default_due
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
        gone = present is not None and not present(current.path)
        newer = gone or (
            file_row.superseded_by_id is None and _newness(file_row) > _newness(current)
        )
        if (twin is not None and not gone) or not newer:
            assert current.id is not None
            file_row.superseded_by_id = current.id
            return replace(base, current=False, superseded_by=current.id, identical=bool(twin))
    file_row.superseded_by_id = None
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    base = replace(base, changes=_correct_meeting(session, meeting, minutes))
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
    corrected = _follow_edits(
        session, existing, items, file_id=file_id, default_due=default_due, now=now
    )

    rows = []
    for item in items:
        if item.natural_key in existing:
            continue
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
                "status": ItemStatus.OPEN,
                "review": ReviewState.NONE
                if quiet or release.confirms(item.confidence)
                else ReviewState.PENDING,
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
    for key in added:
        row = stored[key]
        if quiet:
            note = "old meeting stored by backfill: no notice"
        elif row.review == ReviewState.NONE:
            note = (
                f"auto-confirmed: confidence {row.confidence:.2f} >= {release.auto_confirm_above}"
            )
        else:
            note = ""
        record_status(
            session, row, None, ItemStatus.OPEN, TrailNote(TrailChannel.EXTRACT, note), now=now
        )
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
        if key not in keys and row.status != ItemStatus.WITHDRAWN:
            assert row.id is not None
            withdrawn.append(WithdrawnItem(row.id, row.team_id, row.announced_at is not None))
            set_status(
                session,
                row,
                ItemStatus.WITHDRAWN,
                channel=TrailChannel.RESYNC,
                note="not in the text",
                now=now,
            )
        elif key in keys and key in existing and row.status == ItemStatus.WITHDRAWN:
            set_status(
                session,
                row,
                ItemStatus.OPEN,
                channel=TrailChannel.RESYNC,
                note="back in the text",
                now=now,
            )
            reopened += 1
    return replace(
        base,
        added=len(added),
        kept=len(keys) - len(added),
        withdrawn=tuple(withdrawn),
        reopened=reopened,
        supersedes=replaced,
        corrected=tuple(corrected),
    )


def _squashed(text: str) -> str:
    return re.sub(r"[\s·ㆍ・]", "", text)


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, _squashed(a), _squashed(b), autojunk=False).ratio()


def _follow_edits(
    session: Session,
    existing: dict[str, ActionItem],
    items: Sequence[ExtractedItem],
    *,
    file_id: int,
    default_due: date | None,
    now: datetime,
) -> list[CorrectedItem]:
    """Pair each new item with a stored item of the meeting that left the text, of the same
    kind and speaker, whose source reads ``SAME_SOURCE`` alike: the stored item takes the new
    key and text (``existing`` is re-keyed), keeps its id, status and history, and the trail
    records the new source."""
    keys = {item.natural_key for item in items}
    left = [
        row
        for key, row in existing.items()
        if key not in keys and row.status != ItemStatus.WITHDRAWN
    ]
    fresh = [item for item in items if item.natural_key not in existing]
    if not left or not fresh:
        return []
    pairs = sorted(
        (
            (_alike(row.source_text, item.source_text), index, row_index)
            for index, item in enumerate(fresh)
            for row_index, row in enumerate(left)
            if row.kind == item.kind and row.speaker == item.speaker
        ),
        reverse=True,
    )
    used_items: set[int] = set()
    used_rows: set[int] = set()
    corrected = []
    for ratio, index, row_index in pairs:
        if ratio < SAME_SOURCE:
            break
        if index in used_items or row_index in used_rows:
            continue
        used_items.add(index)
        used_rows.add(row_index)
        item, row = fresh[index], left[row_index]
        assert row.id is not None
        old_source = row.source_text
        ask_changed = row.stated_due != item.stated_due or _alike(row.summary, item.summary) < (
            SAME_SOURCE
        )
        del existing[row.natural_key]
        row.natural_key, row.source_text = item.natural_key, item.source_text
        row.summary, row.nouns = item.summary, pack_nouns(item.nouns)
        row.minutes_file_id, row.line_start, row.line_end = file_id, item.line_start, item.line_end
        if row.stated_due != item.stated_due:
            row.effective_due = item.stated_due or default_due
            row.stated_due, row.due_text = item.stated_due, item.due_text
        row.updated_at = now
        session.add(row)
        existing[item.natural_key] = row
        note = f"source corrected: {item.source_text} (was: {old_source})"
        add_trail_row(session, row, TrailNote(TrailChannel.RESYNC, note), now=now)
        corrected.append(
            CorrectedItem(
                row.id, row.team_id, old_source, ask_changed, row.announced_at is not None
            )
        )
    session.flush()
    return corrected


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
    record_status(session, row, row.status, status, TrailNote(channel, note, actor), now=now)
    row.status, row.updated_at = status, now
    session.add(row)


class TrailNote(NamedTuple):
    """What a status-trail row says besides the change: the channel it came through, the
    note, who made it, and a team's 조치내용 and 완료(예정)일."""

    channel: str
    note: str = ""
    actor: str = ""
    report_note: str = ""
    planned_on: date | None = None


def record_status(
    session: Session,
    row: ActionItem,
    old: str | None,
    new: str,
    said: TrailNote,
    *,
    now: datetime,
) -> None:
    """Add a row to the item's status trail: the one writer of ``StatusUpdate`` rows."""
    assert row.id is not None
    session.add(
        StatusUpdate(
            action_item_id=row.id, old_status=old, new_status=new, created_at=now, **said._asdict()
        )
    )


# How far apart a notice's time and its items' announced time may be read back.
ANNOUNCED_SLACK = timedelta(seconds=1)


def items_to_announce(session: Session, *, team_id: int) -> list[ActionItem]:
    """Open items of a team that no notice has carried yet and that review does not hold."""
    return rows_of(
        session,
        select(ActionItem)
        .where(
            ActionItem.team_id == team_id,
            col(ActionItem.announced_at).is_(None),
            col(ActionItem.status).in_(OPEN_STATUSES),
            ActionItem.review != ReviewState.PENDING,
        )
        .order_by(col(ActionItem.meeting_id), col(ActionItem.line_start)),
    )


def items_announced_with(session: Session, *, team_id: int, at: datetime) -> list[ActionItem]:
    """The team's items a new-items notice queued at ``at`` carried (marked announced in the
    same transaction, at the same moment), still open, in the notice's order."""
    return rows_of(
        session,
        select(ActionItem)
        .where(
            ActionItem.team_id == team_id,
            col(ActionItem.announced_at).between(at - ANNOUNCED_SLACK, at + ANNOUNCED_SLACK),
            col(ActionItem.status).in_(OPEN_STATUSES),
        )
        .order_by(col(ActionItem.meeting_id), col(ActionItem.line_start)),
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


def item_committee(session: Session, *, item_id: int) -> int | None:
    return session.exec(
        select(Meeting.committee_id)
        .join(ActionItem, col(ActionItem.meeting_id) == col(Meeting.id))
        .where(ActionItem.id == item_id)
    ).first()


def status_trail(session: Session, *, item_id: int) -> list[StatusUpdate]:
    """An item's whole status trail, oldest first."""
    return _trail(session, StatusUpdate.action_item_id == item_id)


def add_trail_row(
    session: Session, item: ActionItem, said: TrailNote, *, new: str | None = None, now: datetime
) -> None:
    """A status-trail row from the item's status to ``new`` (default: the status unchanged, a
    note on the item)."""
    record_status(session, item, item.status, item.status if new is None else new, said, now=now)


def trail_of_items(
    session: Session, *, item_ids: Iterable[int], channels: Sequence[str]
) -> list[StatusUpdate]:
    """The status-trail rows of these items through these channels, oldest first."""
    return _trail(
        session,
        col(StatusUpdate.action_item_id).in_(list(item_ids)),
        col(StatusUpdate.channel).in_(channels),
    )


def _trail(session: Session, *where: Any) -> list[StatusUpdate]:
    """The status-trail rows matching ``where``, oldest first: the one reader of the trail."""
    return rows_of(
        session,
        select(StatusUpdate)
        .where(*where)
        .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id)),
    )


def action_item(session: Session, *, item_id: int) -> ActionItem | None:
    return session.get(ActionItem, item_id)


def action_items(session: Session, *, ids: Iterable[int]) -> list[ActionItem]:
    wanted = list(ids)
    if not wanted:
        return []
    return rows_of(
        session,
        select(ActionItem)
        .where(col(ActionItem.id).in_(wanted))
        .order_by(col(ActionItem.line_start)),
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


def _meeting_for(
    session: Session,
    *,
    committee_id: int,
    minutes: Minutes,
    file_row: MinutesFile,
    items: Sequence[ExtractedItem],
    present: Callable[[str], bool] | None,
) -> int:
    """The meeting this file holds: its lineage (the meeting this inbox path held, unless the
    text has become another meeting's), the meeting of the same date and title, or the
    stored meeting most of whose items it holds; else a new meeting."""
    keys = {item.natural_key for item in items}
    shares = _meeting_shares(session, committee_id=committee_id, keys=keys)
    lineage = file_row.meeting_id
    if lineage is not None and file_row.committee_id == committee_id:
        meeting = session.get(Meeting, lineage)
        if meeting is not None and (
            _is(meeting, minutes) or shares.get(lineage, 0.0) >= SAME_LINEAGE
        ):
            return lineage
    exact = session.exec(_same_meeting(committee_id, minutes)).first()
    if exact is not None:
        return exact
    for best in sorted(shares, key=lambda m: shares[m], reverse=True):
        if shares[best] < SAME_MEETING:
            break
        meeting = session.get(Meeting, best)
        assert meeting is not None
        # Another meeting of the committee may repeat much of this one (a series of similar
        # sessions): content alone names the meeting only when its date or title agrees, or
        # when the meeting's own file has left the inbox (renamed, then edited).
        held = current_file(session, meeting_id=best)
        if (
            meeting.held_on == minutes.meeting_date
            or meeting.title == minutes.title
            or (held is not None and present is not None and not present(held.path))
        ):
            return best
    return _ensure_meeting(session, committee_id=committee_id, minutes=minutes)


def _is(meeting: Meeting, minutes: Minutes) -> bool:
    return (meeting.held_on, meeting.title) == (minutes.meeting_date, minutes.title)


def _meeting_shares(session: Session, *, committee_id: int, keys: set[str]) -> dict[int, float]:
    """For each stored meeting of the committee sharing item keys with this file: the share of
    keys in common, of the larger of the two sets (withdrawn items left out)."""
    if not keys:
        return {}
    live = col(ActionItem.status) != ItemStatus.WITHDRAWN
    common = session.execute(
        sa.select(col(ActionItem.meeting_id), sa.func.count())
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            col(Meeting.committee_id) == committee_id,
            col(ActionItem.natural_key).in_(list(keys)),
            live,
        )
        .group_by(col(ActionItem.meeting_id))
    ).all()
    if not common:
        return {}
    sizes = dict(
        session.execute(
            sa.select(col(ActionItem.meeting_id), sa.func.count())
            .where(col(ActionItem.meeting_id).in_([m for m, _ in common]), live)
            .group_by(col(ActionItem.meeting_id))
        ).all()
    )
    return {m: n / max(len(keys), sizes.get(m, 0), 1) for m, n in common}


def _correct_meeting(
    session: Session, meeting: Meeting, minutes: Minutes
) -> tuple[MeetingChange, ...]:
    """Give the meeting the file's date and title (unless another stored meeting has them)."""
    if _is(meeting, minutes):
        return ()
    taken = session.exec(
        select(Meeting.id).where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.held_on == minutes.meeting_date,
            Meeting.title == minutes.title,
            Meeting.id != meeting.id,
        )
    ).first()
    if taken is not None:
        return ()
    changes = []
    if meeting.held_on != minutes.meeting_date:
        changes.append(
            MeetingChange(
                "date",
                meeting.held_on.isoformat() if meeting.held_on else "",
                minutes.meeting_date.isoformat() if minutes.meeting_date else "",
            )
        )
    if meeting.title != minutes.title:
        changes.append(MeetingChange("title", meeting.title, minutes.title))
    meeting.held_on, meeting.title = minutes.meeting_date, minutes.title
    session.add(meeting)
    session.flush()
    return tuple(changes)


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
    meeting_id = session.exec(_same_meeting(committee_id, minutes)).one()
    assert meeting_id is not None
    return meeting_id


def _same_meeting(committee_id: int, minutes: Minutes) -> Any:
    """The id of the committee's meeting of the minutes' date and title (the natural key)."""
    return select(Meeting.id).where(
        Meeting.committee_id == committee_id,
        Meeting.held_on == minutes.meeting_date,
        Meeting.title == minutes.title,
    )


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
            MinutesFile.status == FileStatus.APPROVED,
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


def items_of_unlisted_teams(
    session: Session, *, committee_id: int, listed: Iterable[str]
) -> list[tuple[ActionItem, str]]:
    """Open items of the committee's teams that its file no longer lists, with the team name."""
    return [
        (item, name)
        for item, name in session.exec(
            select(ActionItem, Team.name)
            .join(Team, col(Team.id) == col(ActionItem.team_id))
            .where(
                Team.committee_id == committee_id,
                col(Team.name).not_in(list(listed)),
                col(ActionItem.status).in_(OPEN_STATUSES),
            )
            .order_by(col(ActionItem.id))
        ).all()
    ]


def hand_to_triage(
    session: Session, rows: Sequence[tuple[ActionItem, str]], *, team_id: int, now: datetime
) -> None:
    """Move items of a removed team to the secretary's team, held in review for triage; the
    trail says where they came from."""
    for row, old in rows:
        note = f"team {old} removed from the committee file: to the secretary for triage"
        add_trail_row(session, row, TrailNote(TrailChannel.RESYNC, note), now=now)
        row.team_id, row.review = team_id, ReviewState.PENDING
        row.updated_at = now
        session.add(row)
