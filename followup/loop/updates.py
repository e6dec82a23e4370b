"""What the team page shows and how a team's reports and requests are applied, as plain
functions.

No web framework here: ``followup.web.app`` only verifies the link, calls these and renders
the result. A report sets the item's status, 조치내용 (``report_note``), 완료(예정)일
(``planned_on``) and reporter, and adds a row to the status trail (channel ``link``, the
reporter as the actor) in the same transaction. A report identical to the item's current one
records nothing, so a repeated POST adds no second row. Requests (소관 아님, 기한 연장) go
through :mod:`followup.loop.requests`.

The page is read with a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import (
    LIVE_STATUSES,
    REPORTED_STATUSES,
    CheckResult,
    ItemStatus,
    RequestKind,
    TrailChannel,
)
from followup.committee import Committee as CommitteeFile
from followup.errors import FollowupError
from followup.loop import requests
from followup.loop.signing import LinkClaims
from models.tables import ActionItem, Committee, Meeting, StatusUpdate, Team

CHANNEL = TrailChannel.LINK
# What a team may report, in the order the form offers it.
REPORTABLE = LIVE_STATUSES
# What a team sees: never withdrawn or rejected items, never items held in review.
VISIBLE = REPORTABLE
# What the page shows of an item's trail: the team's reports, requests and decisions, the
# committee's check.
TRAIL_CHANNELS = (CHANNEL, requests.CHANNEL, TrailChannel.CHECK)
MAX_NOTE = 2000
# last_seen_at is kept to this resolution, so a busy page does not write on every view.
SEEN_RESOLUTION = timedelta(minutes=1)


class UnknownTeam(FollowupError):
    """A correctly signed link whose team or committee is not (or no longer) stored, or
    whose version is not the team's current one (the link was reissued)."""


class ItemNotFound(FollowupError):
    """No visible item with this id for this team (another team's items are not told apart)."""


class InvalidReport(requests.InvalidForm):
    """A status report that cannot be stored."""

    WHAT = "status report"
    STATUS = "status"
    NOTE_REQUIRED = "note_required"
    NOTE_TOO_LONG = "note_too_long"
    DATE = "date"
    NAME_REQUIRED = "name_required"
    CLOSED = "closed"  # the committee closed the item (적정): the team can no longer change it
    CODES = (STATUS, NOTE_REQUIRED, NOTE_TOO_LONG, DATE, NAME_REQUIRED, CLOSED)


@dataclass(frozen=True)
class Report:
    """A validated report."""

    status: str
    note: str  # 조치내용 (for 추진 불가: the reason)
    planned_on: date | None  # 완료(예정)일
    reporter: str


@dataclass(frozen=True)
class TrailRow:
    at: datetime  # in the committee's timezone
    channel: str
    actor: str
    status: str
    event: str  # the trail note: "" for a report, "transfer requested: X", ...
    report_note: str
    planned_on: date | None


@dataclass(frozen=True)
class RequestView:
    kind: str
    suggested_team: str
    new_due: date | None
    reason: str
    requested_by: str
    at: datetime


@dataclass(frozen=True)
class EarlierItem:
    """The item this one repeats (재요구)."""

    id: int
    meeting: str
    held_on: date | None
    on_page: bool


@dataclass(frozen=True)
class ItemView:
    id: int
    summary: str
    kind: str
    speaker: str
    routing_reason: str
    agenda: str | None
    due: date | None
    stated_due: bool
    overdue: bool
    status: str
    source_text: str
    line_start: int
    line_end: int
    report_note: str
    planned_on: date | None
    reporter: str
    reported_at: datetime | None
    trail: list[TrailRow]
    requests: dict[str, RequestView]
    repeats: EarlierItem | None
    closed: bool = False  # closed by the committee's check (적정): read-only to the team
    # What the team's last report said (the item itself may since have been reopened).
    reported_status: str = ""
    due_passed: bool = False  # the due date is before today, whatever the status
    # The committee's check that found the last report 미흡, with its reason (``event``).
    insufficient: TrailRow | None = None


@dataclass(frozen=True)
class MeetingView:
    title: str
    held_on: date | None
    items: list[ItemView] = field(default_factory=list)

    @property
    def active(self) -> list[ItemView]:
        return [i for i in self.items if i.status != ItemStatus.DONE]

    @property
    def done(self) -> list[ItemView]:
        return [i for i in self.items if i.status == ItemStatus.DONE]


@dataclass(frozen=True)
class TeamPage:
    committee: str
    team: str
    today: date
    link_expires: date
    meetings: list[MeetingView]
    counts: dict[str, int]
    other_teams: list[str]  # where a 소관 아님 request may point
    reporter: str  # the name last used by the team, to fill in the forms

    @property
    def item_ids(self) -> set[int]:
        return {i.id for m in self.meetings for i in m.items}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def clean_note(note: str) -> str:
    """The note as stored: line breaks as ``\\n``, no other control characters, trimmed."""
    return requests.clean_text(note)


def parse_report(
    status: str | None, note: str | None, planned_on: str | None = None, reporter: str | None = ""
) -> Report:
    """Validate what the form sent; raise :class:`InvalidReport` naming the first problem."""
    status = (status or "").strip()
    if status not in REPORTABLE:
        raise InvalidReport(InvalidReport.STATUS)
    text = clean_note(note or "")
    if len(text) > MAX_NOTE:
        raise InvalidReport(InvalidReport.NOTE_TOO_LONG)
    if status == ItemStatus.EXPLAINED and not text:
        raise InvalidReport(InvalidReport.NOTE_REQUIRED)
    try:
        day = requests.parse_date(planned_on)
        name = requests.parse_name(reporter)
    except requests.InvalidRequest as invalid:
        code = InvalidReport.DATE if invalid.code == invalid.DATE else InvalidReport.NAME_REQUIRED
        raise InvalidReport(code) from None
    return Report(status=status, note=text, planned_on=day, reporter=name)


def link_team(session: Session, claims: LinkClaims) -> tuple[Team, Committee]:
    """The team and committee a valid link names; :class:`UnknownTeam` if they do not match
    or the link's version was revoked."""
    found = store.link_team_row(session, team_id=claims.team_id)
    if found is None:
        raise UnknownTeam(f"no team {claims.team_id}")
    team, committee = found
    if committee.id != claims.committee_id:
        raise UnknownTeam(f"no team {claims.team_id} in committee {claims.committee_id}")
    if team.link_version != claims.version:
        raise UnknownTeam(f"link version {claims.version} of team {team.id} was revoked")
    return team, committee


def page_state(session: Session, claims: LinkClaims, *, now: datetime) -> tuple[object, ...]:
    """A key that changes whenever the team's page would: a rendered page may be reused
    while it stays the same. Checks the link (:class:`UnknownTeam`) and records the view."""
    team, committee = link_team(session, claims)
    assert team.id is not None
    _seen(session, team, now)
    today = local_date(now, committee.timezone)
    return (today, store.team_page_state(session, team_id=team.id, statuses=VISIBLE))


def _seen(session: Session, team: Team, now: datetime) -> None:
    seen = team.last_seen_at
    if team.id is not None and (seen is None or seen <= now - SEEN_RESOLUTION):
        store.touch_team(session, team_id=team.id, now=now)
        team.last_seen_at = now


def team_page(session: Session, claims: LinkClaims, *, now: datetime) -> TeamPage:
    """The team's visible items, grouped by meeting (newest meeting first), each meeting's
    items in minutes order, with each item's trail and open requests. Records the view."""
    team, committee = link_team(session, claims)
    assert team.id is not None
    _seen(session, team, now)
    zone = ZoneInfo(committee.timezone)
    today = local_date(now, committee.timezone)
    items = store.visible_items(session, team_id=team.id, statuses=VISIBLE)
    ids = [i.id for i in items if i.id is not None]
    meetings, agenda = store.meetings_and_agenda(session, items=items)
    trails: dict[int, list[TrailRow]] = {}
    for row in store.trail_of_items(session, item_ids=ids, channels=TRAIL_CHANNELS):
        trails.setdefault(row.action_item_id, []).append(_trail_row(row, zone))
    open_requests: dict[int, dict[str, RequestView]] = {}
    for req in store.open_requests_of_items(session, item_ids=ids):
        open_requests.setdefault(req.action_item_id, {})[req.kind] = RequestView(
            kind=req.kind,
            suggested_team=req.suggested_team,
            new_due=req.new_due,
            reason=req.reason,
            requested_by=req.requested_by,
            at=req.created_at.astimezone(zone),
        )
    earlier = store.earlier_items(
        session, item_ids={i.repeats_item_id for i in items if i.repeats_item_id}
    )
    teams = store.committee_team_names(session, committee_id=committee.id or 0)

    groups: dict[int, MeetingView] = {}
    counts: dict[str, int] = dict.fromkeys(REPORTABLE, 0)
    for item in items:
        assert item.id is not None
        counts[item.status] += 1
        group = groups.get(item.meeting_id)
        if group is None:
            meeting = meetings[item.meeting_id]
            group = groups[item.meeting_id] = MeetingView(meeting.title, meeting.held_on)
        group.items.append(
            _item_view(item, agenda, trails, open_requests, earlier, set(ids), today, zone)
        )
    ordered = sorted(
        groups.items(), key=lambda kv: (kv[1].held_on or date.min, kv[0]), reverse=True
    )
    reported = [i for i in items if i.reported_at is not None and i.reporter]
    latest = max(reported, key=lambda i: i.reported_at or now) if reported else None
    return TeamPage(
        committee=committee.name,
        team=team.name,
        today=today,
        link_expires=local_date(claims.expires, committee.timezone),
        meetings=[group for _, group in ordered],
        counts=counts,
        other_teams=[name for name in teams if name != team.name],
        reporter=latest.reporter if latest else "",
    )


def _item_view(
    item: ActionItem,
    agenda: dict[int | None, str],
    trails: dict[int, list[TrailRow]],
    open_requests: dict[int, dict[str, RequestView]],
    earlier: dict[int, tuple[ActionItem, Meeting]],
    shown: set[int],
    today: date,
    zone: ZoneInfo,
) -> ItemView:
    assert item.id is not None
    trail = trails.get(item.id, [])
    reports = [row for row in trail if row.channel == CHANNEL]
    checks = [row for row in trail if row.channel == TrailChannel.CHECK]
    repeats = None
    if item.repeats_item_id and item.repeats_item_id in earlier:
        before, meeting = earlier[item.repeats_item_id]
        repeats = EarlierItem(
            id=item.repeats_item_id,
            meeting=meeting.title,
            held_on=meeting.held_on,
            on_page=before.id in shown,
        )
    return ItemView(
        id=item.id,
        summary=item.summary,
        kind=item.kind,
        speaker=item.speaker,
        routing_reason=item.routing_reason,
        agenda=agenda.get(item.agenda_item_id or -1),
        due=item.effective_due,
        stated_due=item.stated_due is not None,
        overdue=(
            item.effective_due is not None
            and item.effective_due < today
            and item.status in store.OPEN_STATUSES
        ),
        status=item.status,
        source_text=item.source_text,
        line_start=item.line_start,
        line_end=item.line_end,
        report_note=item.report_note,
        planned_on=item.planned_on,
        reporter=item.reporter,
        reported_at=item.reported_at.astimezone(zone) if item.reported_at else None,
        trail=trail,
        requests=open_requests.get(item.id, {}),
        repeats=repeats,
        closed=closed_by_committee(item),
        reported_status=reports[-1].status if reports else item.status,
        due_passed=item.effective_due is not None and item.effective_due < today,
        insufficient=(
            checks[-1] if checks and item.check_result == CheckResult.INSUFFICIENT else None
        ),
    )


def _trail_row(row: StatusUpdate, zone: ZoneInfo) -> TrailRow:
    return TrailRow(
        at=row.created_at.astimezone(zone),
        channel=row.channel,
        actor=row.actor,
        status=row.new_status,
        event="" if row.channel == CHANNEL else row.note,
        report_note=row.report_note or (row.note if row.channel == CHANNEL else ""),
        planned_on=row.planned_on,
    )


def closed_by_committee(item: ActionItem) -> bool:
    """A reported 완료 or 추진 불가 the committee found adequate (적정): closed for good."""
    return item.status in REPORTED_STATUSES and item.check_result == CheckResult.ADEQUATE


def _open_to_team(item: ActionItem) -> None:
    if closed_by_committee(item):
        raise InvalidReport(InvalidReport.CLOSED)


def _team_item(session: Session, claims: LinkClaims, item_id: int) -> tuple[Team, ActionItem]:
    """The link's team (:class:`UnknownTeam`) and its visible item (:class:`ItemNotFound`),
    checked in this order so nothing about other teams' items is revealed."""
    team, _ = link_team(session, claims)
    assert team.id is not None
    found = store.visible_items(session, team_id=team.id, statuses=VISIBLE, item_id=item_id)
    if not found or found[0].id is None:
        raise ItemNotFound(f"no visible item {item_id} for team {team.id}")
    return team, found[0]


def submit_report(
    session: Session,
    claims: LinkClaims,
    *,
    item_id: int,
    status: str | None,
    note: str | None,
    planned_on: str | None = None,
    reporter: str | None = None,
    now: datetime,
) -> bool:
    """Store what the form sent on the team's item; True when something was recorded.

    Checked in this order: the link's team (:class:`UnknownTeam`), the item among the team's
    visible ones (:class:`ItemNotFound`), then the report (:class:`InvalidReport`). The form
    shows the item's current 상태, 조치내용 and 완료(예정)일; when all three come back as they
    are, nothing is recorded (a repeated POST adds no row), otherwise the item takes them and
    the trail gets a row.
    """
    _, item = _team_item(session, claims, item_id)
    _open_to_team(item)
    report = parse_report(status, note, planned_on, reporter)
    if (report.status, report.note, report.planned_on) == (
        item.status,
        item.report_note,
        item.planned_on,
    ):
        return False
    said = store.TrailNote(
        CHANNEL, actor=report.reporter, report_note=report.note, planned_on=report.planned_on
    )
    store.add_trail_row(session, item, said, new=report.status, now=now)
    item.status = report.status
    item.report_note, item.planned_on = report.note, report.planned_on
    item.reporter, item.reported_at, item.updated_at = report.reporter, now, now
    session.add(item)
    return True


def submit_request(
    session: Session,
    claims: LinkClaims,
    *,
    kind: RequestKind,
    item_id: int,
    reason: str | None,
    name: str | None,
    now: datetime,
    suggested_team: str | None = None,
    new_due: str | None = None,
) -> requests.Submitted:
    """A request on the team's item (:class:`requests.InvalidRequest` if invalid): a 소관 아님
    (``transfer``) names another of the committee's teams, a 기한 연장 (``extension``) a
    later date."""
    team, item = _team_item(session, claims, item_id)
    _open_to_team(item)
    if kind == RequestKind.TRANSFER:
        teams = store.committee_team_names(session, committee_id=team.committee_id)
        ask = requests.parse_transfer(suggested_team, reason, name, teams=teams, own=team.name)
    else:
        committee = session.get(Committee, team.committee_id)
        assert committee is not None
        today, due = local_date(now, committee.timezone), item.effective_due
        ask = requests.parse_extension(new_due, reason, name, current_due=due, today=today)
    return requests.submit(session, item=item, team=team, ask=ask, now=now)


# The team page's two request forms, each with its own field.
submit_transfer = partial(submit_request, kind=RequestKind.TRANSFER)
submit_extension = partial(submit_request, kind=RequestKind.EXTENSION)


def secretary_of(committees: list[CommitteeFile], name: str | None) -> str | None:
    """The secretary team to name on a page: the named committee's, or the only one's."""
    if name is not None:
        for committee in committees:
            if committee.name == name:
                return committee.secretary
    return committees[0].secretary if len(committees) == 1 else None
