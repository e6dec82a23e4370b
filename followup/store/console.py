"""The secretaries' console: sign-in and secretaries, the filtered item list and its
pages, the dashboard's open requests and failed messages (its counts, overdue and silent
items and the trend of the poll's snapshots are in ``dashboard``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import (
    LIVE_STATUSES,
    OPEN_STATUSES,
    DeliveryState,
    RequestState,
    ReviewState,
)
from followup.store.base import insert_ignore, rows_of
from models.tables import (
    ActionItem,
    AgendaItem,
    ChangeRequest,
    Committee,
    ConsoleSession,
    Delivery,
    LoginFailure,
    Meeting,
    Notification,
    Secretary,
    SecretaryCommittee,
    Team,
)

PAGE_SIZE = 50


def secretary_by_name(session: Session, *, name: str) -> Secretary | None:
    return session.exec(select(Secretary).where(Secretary.name == name)).first()


def save_secretary(
    session: Session, *, name: str, password_hash: str, committee_ids: Iterable[int], now: datetime
) -> Secretary:
    """Add a secretary, or set a new password for one who exists: their console sessions end
    and their lockouts clear. Then give them the committees (never taking one away)."""
    insert_ignore(
        session,
        Secretary,
        [{"name": name, "password_hash": password_hash, "created_at": now}],
        ["name"],
    )
    row = session.exec(select(Secretary).where(Secretary.name == name)).one()
    row.password_hash, row.failed_logins, row.locked_until = password_hash, 0, None
    session.add(row)
    session.flush()
    assert row.id is not None
    end_secretary_sessions(session, secretary_id=row.id)
    clear_login_failures(session, name=name)
    insert_ignore(
        session,
        SecretaryCommittee,
        [{"secretary_id": row.id, "committee_id": c} for c in committee_ids],
        ["secretary_id", "committee_id"],
    )
    return row


def count_login_failure(session: Session, *, address: str, name: str) -> int:
    """Add one failed sign-in of ``name`` from ``address`` in a single UPDATE (two wrong
    guesses at once both count) and return the new count. Unknown names count alike."""
    insert_ignore(
        session,
        LoginFailure,
        [{"address": address, "name": name, "failures": 0}],
        ["address", "name"],
    )
    match = (col(LoginFailure.address) == address) & (col(LoginFailure.name) == name)
    session.execute(
        sa.update(LoginFailure).where(match).values(failures=col(LoginFailure.failures) + 1)
    )
    return int(session.exec(select(LoginFailure.failures).where(match)).one())


def login_locked_until(session: Session, *, address: str, name: str) -> datetime | None:
    return session.exec(
        select(LoginFailure.locked_until).where(
            LoginFailure.address == address, LoginFailure.name == name
        )
    ).first()


def lock_login(session: Session, *, address: str, name: str, until: datetime) -> None:
    session.execute(
        sa.update(LoginFailure)
        .where(col(LoginFailure.address) == address, col(LoginFailure.name) == name)
        .values(locked_until=until)
    )


def clear_login_failures(session: Session, *, name: str, address: str | None = None) -> None:
    """Forget the failed sign-ins of ``name`` from ``address`` (from every address without)."""
    query = sa.delete(LoginFailure).where(col(LoginFailure.name) == name)
    if address is not None:
        query = query.where(col(LoginFailure.address) == address)
    session.execute(query)


def open_console_session(
    session: Session, *, token_hash: str, secretary_id: int, now: datetime, expired: datetime
) -> None:
    """Keep a new console session; sessions of any secretary begun before ``expired`` go."""
    session.execute(sa.delete(ConsoleSession).where(col(ConsoleSession.created_at) < expired))
    session.add(ConsoleSession(token_hash=token_hash, secretary_id=secretary_id, created_at=now))


@dataclass(frozen=True)
class SignedIn:
    """The secretary of a live console session, their committees and each committee's open
    requests (a committee without any is missing)."""

    secretary_id: int
    name: str
    committees: tuple[Committee, ...]
    open_requests: dict[int, int]


def console_signed_in(session: Session, *, token_hash: str, since: datetime) -> SignedIn | None:
    """The secretary whose session ``token_hash`` names, begun at or after ``since``, in one
    query (every console request asks it)."""
    open_requests = (
        select(sa.func.count())
        .select_from(ChangeRequest)
        .join(Team, col(Team.id) == col(ChangeRequest.team_id))
        .where(
            col(Team.committee_id) == col(Committee.id),
            ChangeRequest.state == RequestState.OPEN,
        )
        .scalar_subquery()
    )
    rows = session.exec(
        select(Secretary.id, Secretary.name, Committee, open_requests)
        .select_from(ConsoleSession)
        .join(Secretary, col(Secretary.id) == col(ConsoleSession.secretary_id))
        .outerjoin(SecretaryCommittee, col(SecretaryCommittee.secretary_id) == col(Secretary.id))
        .outerjoin(Committee, col(Committee.id) == col(SecretaryCommittee.committee_id))
        .where(ConsoleSession.token_hash == token_hash, col(ConsoleSession.created_at) >= since)
        .order_by(col(Committee.id))
    ).all()
    if not rows:
        return None
    committees = tuple(c for _, _, c, _ in rows if c is not None)
    counts = {c.id: int(n) for _, _, c, n in rows if c is not None and c.id is not None and n}
    secretary_id, name = rows[0][0], rows[0][1]
    assert secretary_id is not None
    return SignedIn(secretary_id, name, committees, counts)


def end_console_session(session: Session, *, token_hash: str) -> None:
    session.execute(sa.delete(ConsoleSession).where(col(ConsoleSession.token_hash) == token_hash))


def end_secretary_sessions(session: Session, *, secretary_id: int) -> None:
    session.execute(
        sa.delete(ConsoleSession).where(col(ConsoleSession.secretary_id) == secretary_id)
    )


@dataclass(frozen=True)
class ItemFilter:
    """What the console's item list (and its exports) is narrowed to. ``carried_before``: the
    previous session; items of meetings held before it and still open are carried over."""

    committee_id: int
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    team_id: int | None = None
    status: str | None = None
    overdue_on: date | None = None
    in_review: bool = False
    carried_before: date | None = None
    text: str = ""


@dataclass(frozen=True)
class ItemView:
    item: ActionItem
    team: str
    meeting: str
    held_on: date | None
    agenda: str | None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _item_conditions(spec: ItemFilter) -> list[Any]:
    where: list[Any] = [Meeting.committee_id == spec.committee_id]
    if spec.status:
        where.append(ActionItem.status == spec.status)
    else:
        where.append(col(ActionItem.status).in_(LIVE_STATUSES))
    if spec.meeting_id is not None:
        where.append(ActionItem.meeting_id == spec.meeting_id)
    if spec.agenda_item_id is not None:
        where.append(ActionItem.agenda_item_id == spec.agenda_item_id)
    if spec.team_id is not None:
        where.append(ActionItem.team_id == spec.team_id)
    if spec.overdue_on is not None:
        where.append(col(ActionItem.effective_due) < spec.overdue_on)
        where.append(col(ActionItem.status).in_(OPEN_STATUSES))
    if spec.in_review:
        where.append(ActionItem.review == ReviewState.PENDING)
    if spec.carried_before is not None:
        where.append(col(Meeting.held_on) < spec.carried_before)
        where.append(col(ActionItem.status).in_(OPEN_STATUSES))
    if spec.text:
        pattern = _like(spec.text)
        where.append(
            sa.or_(
                col(ActionItem.summary).like(pattern, escape="\\"),
                col(ActionItem.source_text).like(pattern, escape="\\"),
            )
        )
    return where


def filtered_items(
    session: Session, *, spec: ItemFilter, offset: int = 0, limit: int | None = PAGE_SIZE
) -> tuple[list[ItemView], int]:
    """One page of the items matching ``spec`` (in meeting and minutes order) and how many
    match in all: two queries, whatever the page holds."""
    where = _item_conditions(spec)
    total = session.exec(
        select(sa.func.count(col(ActionItem.id)))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(*where)
    ).one()
    query = (
        select(ActionItem, col(Team.name), Meeting, col(AgendaItem.title))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        .where(*where)
        .order_by(col(Meeting.held_on).desc(), col(ActionItem.line_start), col(ActionItem.id))
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = [
        ItemView(
            item=item, team=team, meeting=meeting.title, held_on=meeting.held_on, agenda=agenda
        )
        for item, team, meeting, agenda in session.exec(query).all()
    ]
    return rows, int(total)


def item_places(session: Session, *, item: ActionItem) -> tuple[Team, Meeting, AgendaItem | None]:
    """The item's team, meeting and agenda item (if any), for its page."""
    team = session.get(Team, item.team_id)
    meeting = session.get(Meeting, item.meeting_id)
    assert team is not None and meeting is not None
    agenda = session.get(AgendaItem, item.agenda_item_id) if item.agenda_item_id else None
    return team, meeting, agenda


def committee_teams(session: Session, *, committee_id: int) -> list[Team]:
    return rows_of(
        session, select(Team).where(Team.committee_id == committee_id).order_by(col(Team.id))
    )


def committee_meetings(session: Session, *, committee_id: int) -> list[Meeting]:
    return rows_of(
        session,
        select(Meeting)
        .where(Meeting.committee_id == committee_id)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id)),
    )


def committee_agenda(session: Session, *, committee_id: int) -> list[AgendaItem]:
    return rows_of(
        session,
        select(AgendaItem)
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .where(Meeting.committee_id == committee_id)
        .order_by(col(Meeting.held_on).desc(), col(AgendaItem.position)),
    )


def status_counts(session: Session, *, committee_id: int) -> list[tuple[int, int, str, int]]:
    """(meeting id, team id, status, count) of every live item not held in review."""
    rows = session.exec(
        select(ActionItem.meeting_id, ActionItem.team_id, ActionItem.status, sa.func.count())
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            Meeting.committee_id == committee_id,
            col(ActionItem.status).in_(LIVE_STATUSES),
            ActionItem.review != ReviewState.PENDING,
        )
        .group_by(col(ActionItem.meeting_id), col(ActionItem.team_id), col(ActionItem.status))
    ).all()
    return [(m, t, s, int(n)) for m, t, s, n in rows]


@dataclass(frozen=True)
class RequestRow:
    request: ChangeRequest
    team: str
    summary: str


def open_requests(session: Session, *, committee_id: int) -> list[RequestRow]:
    rows = session.exec(
        select(ChangeRequest, Team.name, ActionItem.summary)
        .join(ActionItem, col(ActionItem.id) == col(ChangeRequest.action_item_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ChangeRequest.team_id))
        .where(Meeting.committee_id == committee_id, ChangeRequest.state == RequestState.OPEN)
        .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id))
    ).all()
    return [RequestRow(r, t, s) for r, t, s in rows]


@dataclass(frozen=True)
class FailedMessage:
    notification: Notification
    team: str | None
    errors: list[str]


def failed_messages(session: Session, *, committee_id: int) -> list[FailedMessage]:
    """Messages of the committee that failed, as a whole or for one of their targets."""
    rows = session.exec(
        select(Notification, Team.name, Delivery.target, Delivery.last_error)
        .outerjoin(Team, col(Team.id) == col(Notification.team_id))
        .outerjoin(
            Delivery,
            sa.and_(
                col(Delivery.notification_id) == col(Notification.id),
                col(Delivery.state) == DeliveryState.FAILED,
            ),
        )
        .where(
            Notification.committee_id == committee_id,
            sa.or_(col(Notification.status) == DeliveryState.FAILED, col(Delivery.id).is_not(None)),
        )
        .order_by(col(Notification.id).desc())
    ).all()
    out: dict[int, FailedMessage] = {}
    for note, team, target, error in rows:
        assert note.id is not None
        entry = out.setdefault(note.id, FailedMessage(note, team, []))
        if target is not None:
            entry.errors.append(f"{target}: {error or ''}")
        elif note.last_error and note.last_error not in entry.errors:
            entry.errors.append(note.last_error)
    return list(out.values())


@dataclass(frozen=True)
class AwaitingMeeting:
    meeting: Meeting
    waiting: int  # open items of the meeting not yet confirmed (확인 대기)
    file_id: int  # the newest minutes file those items come from (a correction is a new one)


def meetings_awaiting(session: Session, *, committee_id: int) -> list[AwaitingMeeting]:
    """The committee's meetings with items waiting for confirmation, newest first."""
    rows = session.exec(
        select(Meeting, sa.func.count(col(ActionItem.id)), sa.func.max(ActionItem.minutes_file_id))
        .join(ActionItem, col(ActionItem.meeting_id) == col(Meeting.id))
        .where(
            Meeting.committee_id == committee_id,
            ActionItem.review == ReviewState.PENDING,
            col(ActionItem.status).in_(OPEN_STATUSES),
        )
        .group_by(col(Meeting.id))
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id))
    ).all()
    return [AwaitingMeeting(m, int(n), int(f)) for m, n, f in rows]


def meeting_items(session: Session, *, meeting_id: int) -> list[ItemView]:
    """A meeting's live items in minutes order, with their team and agenda title."""
    rows = session.exec(
        select(ActionItem, col(Team.name), Meeting, col(AgendaItem.title))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .join(Team, col(Team.id) == col(ActionItem.team_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(ActionItem.agenda_item_id))
        .where(ActionItem.meeting_id == meeting_id, col(ActionItem.status).in_(LIVE_STATUSES))
        .order_by(col(ActionItem.line_start), col(ActionItem.id))
    ).all()
    return [ItemView(i, t, m.title, m.held_on, a) for i, t, m, a in rows]


def meeting_row(session: Session, *, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)
