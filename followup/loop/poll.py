"""Poll: what stands where, every day. Overdue and silent items, teams that never opened
their link or never answered, reported items awaiting the committee's check, and a daily
snapshot of the counts per team and status. Every finding is one set-based query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.calendar import add_working_days, local_date, working_days_before
from followup.codes import MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.loop.sessions import load_sessions
from followup.loop.team_links import queue_to_team
from followup.loop.teams import follow_teams
from followup.outbox.notices import Addressee, queue_notice
from followup.settings import Settings
from followup.store.console import AwaitingMeeting, meetings_awaiting
from models.db import session_scope
from models.tables import Team


@dataclass
class PollOutcome:
    committee: str
    today: date
    next_session: date | None
    overdue: int = 0
    silent: int = 0
    awaiting_check: int = 0
    teams_never_opened: list[str] = field(default_factory=list)
    teams_never_answered: list[str] = field(default_factory=list)
    snapshot_rows: int = 0
    no_session_notice: bool = False
    awaiting_again: int = 0  # meetings the secretary was reminded of again today


# The secretary is told again of a meeting still awaiting confirmation this many working days
# after the first notice.
AWAITING_AGAIN_DAYS = 3


def awaiting_key(meeting_id: int | None, file_id: int, *, again: bool = False) -> str:
    """The dedupe key of the notice that a meeting's items (from one minutes file) await the
    secretary's confirmation, or of the reminder of it."""
    return f"{'awaiting_again' if again else 'awaiting'}:{meeting_id}:{file_id}"


def queue_awaiting_notice(
    session: Session,
    settings: Settings,
    secretary: Team,
    row: AwaitingMeeting,
    *,
    now: datetime,
    told_on: date | None = None,
) -> int:
    """Queue the secretary's notice that ``row``'s meeting awaits confirmation, or with
    ``told_on`` (the first notice's day) its reminder; 1 when newly queued, else 0."""
    meeting = row.meeting
    again: dict[str, Any] = (
        {} if told_on is None else {"told_on": told_on, "again_after": AWAITING_AGAIN_DAYS}
    )
    outcome = queue_to_team(
        session,
        settings,
        secretary,
        "mail/awaiting_confirmation.txt.j2",
        key=awaiting_key(meeting.id, row.file_id, again=told_on is not None),
        kind=MessageKind.AWAITING_CONFIRMATION,
        now=now,
        meeting=meeting,
        waiting=row.waiting,
        console=f"{settings.base_url.rstrip('/')}/admin/meetings/{meeting.id}",
        **again,
    )
    return int(outcome.new)


def start_of_day(day: date, tz: str) -> datetime:
    """Midnight at the start of ``day`` in ``tz``, as an aware datetime."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))


def silent_cutoff(today: date, working_days: int, tz: str) -> datetime:
    """Items announced before this moment have had ``working_days`` full working days."""
    return start_of_day(working_days_before(today, working_days) + timedelta(days=1), tz)


def watch_on(today: date, committee: CommitteeFile) -> store.Watch:
    """What counts as overdue and silent on ``today`` under the committee's reminder rules."""
    cutoff = silent_cutoff(today, committee.reminders.silent_after, committee.timezone)
    return store.Watch(today, cutoff)


def poll_committee(settings: Settings, committee: CommitteeFile) -> PollOutcome:
    now = settings.now()
    today = local_date(now, committee.timezone)
    with session_scope(settings.resolved_database_url) as session:
        follow_teams(settings, session, committee, now=now)
        sessions = load_sessions(session, committee, now=now)
        cid = sessions.committee_id
        ids = store.ensure_committee(session, committee=committee)
        upcoming = sessions.upcoming(today)
        report = PollOutcome(committee=committee.name, today=today, next_session=upcoming)
        counts = store.poll_counts(session, committee_id=cid, watch=watch_on(today, committee))
        report.overdue = sum(c.overdue for c in counts)
        report.silent = sum(c.silent for c in counts)
        report.awaiting_check = sum(c.awaiting for c in counts)
        report.teams_never_opened, report.teams_never_answered = _silent_teams(
            counts, store.links_opened(session, committee_id=cid), ids.teams
        )
        report.snapshot_rows = store.write_snapshot(
            session, committee_id=cid, taken_on=today, counts=counts
        )
        report.awaiting_again = _remind_awaiting(
            settings, session, committee, ids.teams[committee.secretary], now=now
        )
        if upcoming is None:
            report.no_session_notice = _tell_no_session(
                settings, session, committee, cid, sessions.last_before(today), now=now
            )
    return report


def _silent_teams(
    counts: list[store.StatusCount], opened: dict[int, bool], teams: dict[str, int]
) -> tuple[list[str], list[str]]:
    """Teams with announced items that never opened their link, and that never reported on
    any of them, in the committee file's order."""
    announced: dict[int, int] = {}
    reported: dict[int, int] = {}
    for c in counts:
        if c.status not in store.CLOSED_STATUSES:
            announced[c.team_id] = announced.get(c.team_id, 0) + c.announced
            reported[c.team_id] = reported.get(c.team_id, 0) + c.reported
    told = [(name, i) for name, i in teams.items() if announced.get(i)]
    return (
        [name for name, i in told if not opened.get(i)],
        [name for name, i in told if not reported.get(i)],
    )


def _remind_awaiting(
    settings: Settings,
    session: Session,
    committee: CommitteeFile,
    secretary_id: int,
    *,
    now: datetime,
) -> int:
    """Tell the secretary again, once, of each meeting whose items still await confirmation
    :data:`AWAITING_AGAIN_DAYS` working days (Korean holidays are not) after the first
    notice; the number of reminders queued."""
    today = local_date(now, committee.timezone)
    secretary = session.get(Team, secretary_id)
    assert secretary is not None
    queued = 0
    for row in meetings_awaiting(session, committee_id=secretary.committee_id):
        first = store.notice_created_at(
            session, dedupe_key=awaiting_key(row.meeting.id, row.file_id)
        )
        if first is None:
            continue
        told_on = local_date(first, committee.timezone)
        if add_working_days(told_on, AWAITING_AGAIN_DAYS) > today:
            continue
        queued += queue_awaiting_notice(session, settings, secretary, row, now=now, told_on=told_on)
    return queued


def _tell_no_session(
    settings: Settings,
    session: Session,
    committee: CommitteeFile,
    committee_id: int,
    last: date | None,
    *,
    now: datetime,
) -> bool:
    """Tell the secretary, once per last session, that no coming session is known, so no
    reminder can be sent."""
    secretary = Addressee.named(committee, store.ensure_committee(session, committee=committee))
    key = f"no_session:{committee_id}:{last.isoformat() if last else 'none'}"
    template, kind = "mail/no_session.txt.j2", MessageKind.NO_SESSION
    return queue_notice(
        session, settings, secretary, template, key=key, kind=kind, now=now, last=last
    ).new


def poll(settings: Settings) -> list[PollOutcome]:
    return [poll_committee(settings, c) for c in configured_committees(settings)]
