"""The secretary's review queue: new items wait here, unsent, until the secretary confirms
them (확인 대기), a meeting at a time (:func:`confirm`) or one by one (:func:`accept`).

A committee file's ``auto_confirm_above`` releases the items extracted with at least that
confidence without it (``followup.store.items.sync_items``). Every decision is recorded in the status-update trail (channel ``review``) with who made it.
Accepting an item releases it to the next notification pass; reassigning, editing and merging
work on any open item, so the secretary also uses them to triage items routed to her office.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from followup import store
from followup.calendar import utc_now
from followup.codes import ItemKind, ItemStatus, ReviewState, TrailChannel
from followup.errors import FollowupError
from followup.store.console import meeting_items
from models.tables import ActionItem, Team

CHANNEL = TrailChannel.REVIEW


class ReviewError(FollowupError):
    """A review command that cannot apply (unknown item or team, item already closed)."""


@dataclass(frozen=True)
class QueuedItem:
    id: int
    team: str
    kind: str
    confidence: float
    summary: str
    source_text: str
    agenda: str | None
    routing_reason: str
    meeting_id: int = 0


def pending(session: Session) -> list[QueuedItem]:
    rows = store.review_queue(session)
    _, agenda = store.meetings_and_agenda(session, items=[item for item, _ in rows])
    return [
        QueuedItem(
            id=item.id or 0,
            team=team,
            kind=item.kind,
            confidence=item.confidence,
            summary=item.summary,
            source_text=item.source_text,
            agenda=agenda.get(item.agenda_item_id),
            routing_reason=item.routing_reason,
            meeting_id=item.meeting_id,
        )
        for item, team in rows
    ]


def confirm(
    session: Session,
    *,
    meeting_id: int,
    by: str,
    item_ids: Sequence[int] | None = None,
) -> list[ActionItem]:
    """Confirm the meeting's items waiting for it (all of them, or those of ``item_ids``):
    each is released to the next notification pass, with a trail row naming ``by``."""
    rows = meeting_items(session, meeting_id=meeting_id)
    if not rows:
        raise ReviewError(f"후속조치가 있는 회의 #{meeting_id}을(를) 찾을 수 없습니다")
    waiting = [
        row.item
        for row in rows
        if row.item.review == ReviewState.PENDING and row.item.status in store.OPEN_STATUSES
    ]
    if item_ids is not None:
        wanted = set(item_ids)
        waiting = [item for item in waiting if item.id in wanted]
    for item in waiting:
        item.review = ReviewState.ACCEPTED
        _record(session, item, item.status, note="confirmed with its meeting", by=by)
    return waiting


def accept(session: Session, *, item_id: int, by: str) -> ActionItem:
    item = _open_item(session, item_id)
    item.review = ReviewState.ACCEPTED
    _record(session, item, item.status, note="accepted in review", by=by)
    return item


def reject(session: Session, *, item_id: int, by: str, note: str = "") -> ActionItem:
    item = _open_item(session, item_id)
    old = item.status
    item.status, item.review = ItemStatus.REJECTED, ReviewState.ACCEPTED
    _record(session, item, old, note=note or "not an action item", by=by)
    return item


def edit(
    session: Session,
    *,
    item_id: int,
    by: str,
    summary: str | None = None,
    due: date | None = None,
    kind: str | None = None,
) -> ActionItem:
    item = _open_item(session, item_id)
    changes = []
    if summary:
        item.summary = summary
        changes.append("summary")
    if due:
        item.effective_due = due
        changes.append(f"due {due.isoformat()}")
    if kind:
        if kind not in tuple(ItemKind):
            raise ReviewError(f"unknown kind {kind!r}")
        item.kind = kind
        changes.append(f"kind {kind}")
    if not changes:
        raise ReviewError("nothing to edit: give --summary, --due or --kind")
    _record(session, item, item.status, note="edited: " + ", ".join(changes), by=by)
    return item


def reassign(session: Session, *, item_id: int, team: str, by: str) -> ActionItem:
    item = _open_item(session, item_id)
    current = session.get(Team, item.team_id)
    assert current is not None
    target = store.team_named(session, committee_id=current.committee_id, name=team)
    if target is None or target.id is None:
        raise ReviewError(f"no team {team!r} in this committee")
    item.team_id = target.id
    item.routing_reason = f"reassigned:{by}"
    item.announced_at = None  # the new team has not been told yet
    _record(session, item, item.status, note=f"reassigned {current.name} -> {team}", by=by)
    return item


def merge(session: Session, *, into: int, others: list[int], by: str) -> ActionItem:
    """One follow-up the extractor split in two: keep ``into``, close the others into it."""
    keep = _open_item(session, into)
    for other_id in others:
        if other_id == into:
            continue
        other = _open_item(session, other_id)
        keep.source_text = f"{keep.source_text} {other.source_text}"
        keep.nouns = None  # its source grew: read afresh when next compared (재요구)
        keep.line_start = min(keep.line_start, other.line_start)
        keep.line_end = max(keep.line_end, other.line_end)
        old = other.status
        other.status, other.review = ItemStatus.REJECTED, ReviewState.ACCEPTED
        _record(session, other, old, note=f"merged into #{into}", by=by)
    _record(session, keep, keep.status, note=f"merged {', '.join(map(str, others))}", by=by)
    return keep


def _open_item(session: Session, item_id: int) -> ActionItem:
    item = session.get(ActionItem, item_id)
    if item is None:
        raise ReviewError(f"no action item #{item_id}")
    if item.status not in store.OPEN_STATUSES:
        raise ReviewError(f"action item #{item_id} is {item.status}, not open")
    return item


def _record(session: Session, item: ActionItem, old: str, *, note: str, by: str) -> None:
    now = utc_now()
    item.updated_at = now
    session.add(item)
    store.record_status(
        session, item, old, item.status, store.TrailNote(CHANNEL, note, by), now=now
    )
