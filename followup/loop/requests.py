"""A team's two requests to the secretary, and the secretary's decision on them.

* ``transfer`` (소관 아님): the item is not the team's; it suggests one of the committee's
  teams. Accepted, the item moves there (``routing_reason`` ``transferred:NAME``) and its
  ``announced_at`` is cleared, so the next pass announces it to its new team.
* ``extension`` (기한 연장 요청): a new due date. Accepted, it becomes the item's stated and
  effective due date.

At most one request of a kind is open per item (a partial unique index), so a repeated form
adds nothing. The request and each decision are rows in the item's status trail (channel
``request``), and the asking team is told of the decision by a short notice in the outbox.
Everything here is a plain function over a session, for the team page, the CLI
(``followup requests``, ``followup request accept|refuse``) and the secretary's console.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.codes import LIVE_STATUSES, MessageKind, RequestKind, RequestState, TrailChannel
from followup.errors import FollowupError
from followup.loop.team_links import queue_to_team
from followup.render import code_words
from followup.settings import Settings
from models.tables import ActionItem, ChangeRequest, Team

CHANNEL = TrailChannel.REQUEST
TRANSFER = RequestKind.TRANSFER
EXTENSION = RequestKind.EXTENSION
KINDS = tuple(RequestKind)
MAX_REASON = 2000
MAX_NAME = 50


class RequestError(FollowupError):
    """A decision that cannot apply (unknown request, already decided, item moved)."""


class InvalidForm(FollowupError):
    """A team's form that cannot be stored; ``code``, one of the class's ``CODES``, names the
    problem for the template."""

    WHAT = "form"
    CODES: tuple[str, ...] = ()

    def __init__(self, code: str) -> None:
        if code not in self.CODES:
            raise ValueError(f"unknown code {code!r}")
        self.code = code
        super().__init__(f"invalid {self.WHAT}: {code}")


class InvalidRequest(InvalidForm):
    """A team's request form that cannot be stored."""

    WHAT = "request"
    TEAM = "team"
    DATE = "date"
    DATE_NOT_LATER = "date_not_later"
    REASON_REQUIRED = "reason_required"
    REASON_TOO_LONG = "reason_too_long"
    NAME_REQUIRED = "name_required"
    CODES = (TEAM, DATE, DATE_NOT_LATER, REASON_REQUIRED, REASON_TOO_LONG, NAME_REQUIRED)


@dataclass(frozen=True)
class Ask:
    """A validated request form: a transfer names ``suggested_team``, an extension ``new_due``."""

    kind: RequestKind
    reason: str
    requested_by: str
    suggested_team: str = ""
    new_due: date | None = None


@dataclass(frozen=True)
class Submitted:
    request: ChangeRequest
    created: bool  # False: an open request of this kind was already there


@dataclass(frozen=True)
class OpenRequest:
    """One open request as the secretary's list shows it."""

    id: int
    kind: str
    item_id: int
    summary: str
    team: str
    suggested_team: str
    current_due: date | None
    new_due: date | None
    reason: str
    requested_by: str
    created_at: datetime  # in the committee's timezone


@dataclass(frozen=True)
class Decision:
    request_id: int
    kind: str
    accepted: bool
    item_id: int
    team: str  # the team that asked
    team_id: int
    moved_to: str | None
    new_due: date | None
    by: str  # the secretary who decided
    note: str


def submit(session: Session, *, item: ActionItem, team: Team, ask: Ask, now: datetime) -> Submitted:
    """Store a validated request on the team's item; the trail gets a row the first time."""
    assert item.id is not None and team.id is not None and ask.kind in KINDS
    row, created = store.add_change_request(
        session, item_id=item.id, team_id=team.id, **asdict(ask), now=now
    )
    if created:
        event = _event(ask.kind, "requested", ask.suggested_team)
        _trail(session, item, event, ask.reason, ask.new_due, ask.requested_by, now)
    return Submitted(row, created)


def _trail(
    session: Session,
    item: ActionItem,
    event: str,
    note: str,
    planned_on: date | None,
    actor: str,
    now: datetime,
) -> None:
    """A request's row in the item's trail (channel ``request``, the status unchanged)."""
    said = store.TrailNote(CHANNEL, event, actor, report_note=note, planned_on=planned_on)
    store.add_trail_row(session, item, said, now=now)


def open_requests(session: Session, *, committee_id: int | None = None) -> list[OpenRequest]:
    out = []
    for row, item, team, timezone in store.open_requests_with_items(
        session, committee_id=committee_id
    ):
        out.append(
            OpenRequest(
                id=row.id or 0,
                kind=row.kind,
                item_id=item.id or 0,
                summary=item.summary,
                team=team,
                suggested_team=row.suggested_team,
                current_due=item.effective_due,
                new_due=row.new_due,
                reason=row.reason,
                requested_by=row.requested_by,
                created_at=row.created_at.astimezone(ZoneInfo(timezone)),
            )
        )
    return out


def decide(
    session: Session,
    settings: Settings,
    request_id: int,
    *,
    accepted: bool,
    by: str,
    note: str = "",
    now: datetime,
) -> Decision:
    """Accept an open request (move the item, for a transfer, or set its new due date, for
    an extension) or refuse it (the item stays as it is); either way record the decision in
    the trail and queue the notice to the team."""
    by, note = by.strip(), note.strip()
    if not by:
        raise RequestError("결정한 사람의 이름(--by)을 적어 주십시오")
    row = session.get(ChangeRequest, request_id)
    if row is None:
        raise RequestError(f"요청 #{request_id}이(가) 없습니다")
    if row.state != RequestState.OPEN:
        done = "수락" if row.state == RequestState.ACCEPTED else "거절"
        raise RequestError(f"요청 #{request_id}은(는) 이미 {done}되었습니다({row.decided_by})")
    item = session.get(ActionItem, row.action_item_id)
    asking = session.get(Team, row.team_id)
    assert item is not None and asking is not None and item.id is not None
    if item.status not in LIVE_STATUSES:
        word = code_words(settings.templates_dir, "status").get(item.status, item.status)
        raise RequestError(f"항목 No. {item.id}은(는) {word} 상태라 결정할 수 없습니다")
    target: Team | None = None
    if row.kind == TRANSFER:
        if item.team_id != row.team_id:
            raise RequestError(
                f"항목 No. {item.id}은(는) 이미 {asking.name}에서 다른 부서로 옮겨졌습니다"
            )
        target = store.team_named(
            session, committee_id=asking.committee_id, name=row.suggested_team
        )
        if accepted and (target is None or target.id is None):
            raise RequestError(f"제안된 부서 '{row.suggested_team}'이(가) 위원회에 없습니다")
    state = RequestState.ACCEPTED if accepted else RequestState.REFUSED
    if not store.close_request(
        session, request_id=request_id, state=state, by=by, note=note, now=now
    ):
        raise RequestError(f"요청 #{request_id}은(는) 방금 다른 사람이 결정했습니다")

    event = _event(row.kind, state, row.suggested_team)
    _trail(session, item, event, note, row.new_due, by, now)
    moved_to = None
    if accepted and row.kind == TRANSFER:
        assert target is not None and target.id is not None
        item.team_id = target.id
        item.routing_reason = f"transferred:{by}"
        item.announced_at = None  # the next pass announces it to the new team
        moved_to = target.name
    elif accepted and row.kind == EXTENSION:
        item.stated_due = item.effective_due = row.new_due
    item.updated_at = now
    session.add(item)
    decision = Decision(
        request_id=request_id,
        kind=row.kind,
        accepted=accepted,
        item_id=item.id,
        team=asking.name,
        team_id=row.team_id,
        moved_to=moved_to,
        new_due=row.new_due,
        by=by,
        note=note,
    )
    _tell_team(session, settings, row, item, asking, decision, now=now)
    return decision


accept = partial(decide, accepted=True)
refuse = partial(decide, accepted=False)


def _tell_team(
    session: Session,
    settings: Settings,
    row: ChangeRequest,
    item: ActionItem,
    team: Team,
    decision: Decision,
    *,
    now: datetime,
) -> None:
    state = RequestState.ACCEPTED if decision.accepted else RequestState.REFUSED
    queue_to_team(
        session,
        settings,
        team,
        "mail/request_decided.txt.j2",
        key=f"request:{row.id}:{state}",
        kind=MessageKind.REQUEST_DECIDED,
        now=now,
        request=row,
        decision=decision,
        item=item,
    )


def _event(kind: str, event: str, suggested_team: str) -> str:
    """The trail note: ``transfer requested: 통계조사팀``, ``extension accepted``, ..."""
    return f"{kind} {event}: {suggested_team}" if kind == TRANSFER else f"{kind} {event}"


def clean_text(text: str | None) -> str:
    """Form text as stored: line breaks as ``\\n``, no other control characters, trimmed."""
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return value.strip()


def parse_date(text: str | None) -> date | None:
    """A date from a form's ``<input type=date>`` (YYYY-MM-DD), or None when left empty."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        raise InvalidRequest(InvalidRequest.DATE)
    return day


def parse_name(text: str | None) -> str:
    name = " ".join(clean_text(text).split())
    if not name:
        raise InvalidRequest(InvalidRequest.NAME_REQUIRED)
    return name[:MAX_NAME]


def _reason(text: str | None) -> str:
    reason = clean_text(text)
    if not reason:
        raise InvalidRequest(InvalidRequest.REASON_REQUIRED)
    if len(reason) > MAX_REASON:
        raise InvalidRequest(InvalidRequest.REASON_TOO_LONG)
    return reason


def parse_transfer(
    suggested_team: str | None,
    reason: str | None,
    name: str | None,
    *,
    teams: Sequence[str],
    own: str,
) -> Ask:
    """A 소관 아님 form; the team must be another of the committee's teams."""
    team = (suggested_team or "").strip()
    if team not in teams or team == own:
        raise InvalidRequest(InvalidRequest.TEAM)
    return Ask(TRANSFER, _reason(reason), parse_name(name), suggested_team=team)


def parse_extension(
    new_due: str | None,
    reason: str | None,
    name: str | None,
    *,
    current_due: date | None,
    today: date,
) -> Ask:
    """A 기한 연장 form; the date must be later than the current due date and not in the
    past."""
    day = parse_date(new_due)
    if day is None:
        raise InvalidRequest(InvalidRequest.DATE)
    if day < today or (current_due is not None and day <= current_due):
        raise InvalidRequest(InvalidRequest.DATE_NOT_LATER)
    return Ask(EXTENSION, _reason(reason), parse_name(name), new_due=day)
