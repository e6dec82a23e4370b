"""What the team page shows and how a team's status report is applied, as plain functions.

No web framework here: ``followup.web.app`` only verifies the link, calls these and renders
the result. Every report is written to the status-update trail (channel ``link``) with the
team's name as the actor, in the same transaction as the change of the item.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from followup import store
from followup.calendar import local_date
from followup.committee import Committee as CommitteeFile
from followup.errors import FollowupError
from followup.links import LinkClaims
from models.tables import ActionItem, Committee, StatusUpdate, Team

CHANNEL = "link"
# What a team may report, in the order the form offers it.
REPORTABLE = ("open", "in_progress", "done", "explained")
# What a team sees: never withdrawn or rejected items, never items held in review.
VISIBLE = REPORTABLE
MAX_NOTE = 2000


class UnknownTeam(FollowupError):
    """A correctly signed link whose team or committee is not (or no longer) stored."""


class ItemNotFound(FollowupError):
    """No visible item with this id for this team (another team's items are not told apart)."""


class InvalidReport(FollowupError):
    """A status report that cannot be stored; ``code`` names the problem for the template."""

    STATUS = "status"
    NOTE_REQUIRED = "note_required"
    NOTE_TOO_LONG = "note_too_long"
    CODES = (STATUS, NOTE_REQUIRED, NOTE_TOO_LONG)

    def __init__(self, code: str) -> None:
        if code not in self.CODES:
            raise ValueError(f"unknown code {code!r}")
        self.code = code
        super().__init__(f"invalid status report: {code}")


@dataclass(frozen=True)
class Report:
    """A validated report: one of :data:`REPORTABLE` and a cleaned note."""

    status: str
    note: str


@dataclass(frozen=True)
class LastReport:
    note: str
    status: str
    at: datetime  # in the committee's timezone


@dataclass(frozen=True)
class ItemView:
    id: int
    summary: str
    kind: str
    agenda: str | None
    due: date | None
    stated_due: bool
    overdue: bool
    status: str
    source_text: str
    line_start: int
    line_end: int
    last: LastReport | None


@dataclass(frozen=True)
class MeetingView:
    title: str
    held_on: date | None
    items: list[ItemView] = field(default_factory=list)


@dataclass(frozen=True)
class TeamPage:
    committee: str
    team: str
    today: date
    link_expires: date
    meetings: list[MeetingView]

    @property
    def item_ids(self) -> set[int]:
        return {i.id for m in self.meetings for i in m.items}


def clean_note(note: str) -> str:
    """The note as stored: line breaks as ``\\n``, no other control characters, trimmed."""
    text = note.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return text.strip()


def parse_report(status: str | None, note: str | None) -> Report:
    """Validate what the form sent; raise :class:`InvalidReport` naming the first problem."""
    status = (status or "").strip()
    if status not in REPORTABLE:
        raise InvalidReport(InvalidReport.STATUS)
    text = clean_note(note or "")
    if len(text) > MAX_NOTE:
        raise InvalidReport(InvalidReport.NOTE_TOO_LONG)
    if status == "explained" and not text:
        raise InvalidReport(InvalidReport.NOTE_REQUIRED)
    return Report(status=status, note=text)


def link_team(session: Session, claims: LinkClaims) -> tuple[Team, Committee]:
    """The team and committee a valid link names; :class:`UnknownTeam` if they do not match."""
    team = session.get(Team, claims.team_id)
    committee = session.get(Committee, claims.committee_id)
    if team is None or committee is None or team.committee_id != committee.id:
        raise UnknownTeam(f"no team {claims.team_id} in committee {claims.committee_id}")
    return team, committee


def _visible(team_id: int) -> SelectOfScalar[ActionItem]:
    return select(ActionItem).where(
        ActionItem.team_id == team_id,
        col(ActionItem.status).in_(VISIBLE),
        ActionItem.review != "pending",
    )


def team_page(session: Session, claims: LinkClaims, *, now: datetime) -> TeamPage:
    """The team's visible items, grouped by meeting (newest meeting first), each meeting's
    items in minutes order, with the team's last report on each."""
    team, committee = link_team(session, claims)
    assert team.id is not None
    today = local_date(now, committee.timezone)
    items = list(
        session.exec(
            _visible(team.id).order_by(
                col(ActionItem.minutes_file_id), col(ActionItem.line_start), col(ActionItem.id)
            )
        )
    )
    meetings, agenda = store.meetings_and_agenda(session, items=items)
    last = _last_reports(session, [i.id for i in items if i.id is not None], committee.timezone)

    groups: dict[int, MeetingView] = {}
    for item in items:
        assert item.id is not None
        group = groups.get(item.meeting_id)
        if group is None:
            meeting = meetings[item.meeting_id]
            group = groups[item.meeting_id] = MeetingView(meeting.title, meeting.held_on)
        group.items.append(
            ItemView(
                id=item.id,
                summary=item.summary,
                kind=item.kind,
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
                last=last.get(item.id),
            )
        )
    ordered = sorted(
        groups.items(), key=lambda kv: (kv[1].held_on or date.min, kv[0]), reverse=True
    )
    return TeamPage(
        committee=committee.name,
        team=team.name,
        today=today,
        link_expires=local_date(claims.expires, committee.timezone),
        meetings=[group for _, group in ordered],
    )


def _last_reports(session: Session, item_ids: list[int], tz: str) -> dict[int, LastReport]:
    """Each item's latest report through the link (what the team itself last said)."""
    rows = session.exec(
        select(StatusUpdate)
        .where(col(StatusUpdate.action_item_id).in_(item_ids), StatusUpdate.channel == CHANNEL)
        .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id))
    )
    zone = ZoneInfo(tz)
    return {
        row.action_item_id: LastReport(
            note=row.note, status=row.new_status, at=_aware(row.created_at).astimezone(zone)
        )
        for row in rows
    }


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def submit_report(
    session: Session,
    claims: LinkClaims,
    *,
    item_id: int,
    status: str | None,
    note: str | None,
    now: datetime,
) -> bool:
    """Store what the form sent on the team's item; True when something was recorded.

    Checked in this order, so nothing about other teams' items is revealed: the link's team
    (:class:`UnknownTeam`), the item among the team's visible ones (:class:`ItemNotFound`),
    then the report itself (:class:`InvalidReport`). A new status changes the item and adds an
    audit row; a note without a change of status is recorded too (old == new); the same
    status without a note records nothing.
    """
    team, _ = link_team(session, claims)
    assert team.id is not None
    item = session.exec(_visible(team.id).where(ActionItem.id == item_id)).first()
    if item is None or item.id is None:
        raise ItemNotFound(f"no visible item {item_id} for team {team.id}")
    report = parse_report(status, note)
    old = item.status
    if report.status == old and not report.note:
        return False
    store.set_status(
        session, item, report.status, channel=CHANNEL, note=report.note, actor=team.name, now=now
    )
    return True


def secretary_of(committees: list[CommitteeFile], name: str | None) -> str | None:
    """The secretary team to name on a page: the named committee's, or the only one's."""
    if name is not None:
        for committee in committees:
            if committee.name == name:
                return committee.secretary
    return committees[0].secretary if len(committees) == 1 else None
