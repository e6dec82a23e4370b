"""What the console's pages show, as plain functions over a session (no web framework).

Each page is a fixed number of queries, whatever the number of teams, meetings or items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.calendar import working_days_before, working_days_between
from followup.codes import (
    LIVE_STATUSES,
    OPEN_STATUSES,
    REPORTED_STATUSES,
    CheckResult,
    DeliveryState,
    ReviewState,
)
from followup.committee import Committee as CommitteeFile
from followup.documents.svg import BarChart, LineChart, line_chart, stacked_bars
from followup.errors import MinutesError
from followup.loop.poll import watch_on
from followup.loop.sessions import Sessions
from followup.minutes.read import ReadLimits, read_minutes_text
from followup.outbox.targets import shown_target
from models.tables import (
    ActionItem,
    AgendaItem,
    ChangeRequest,
    Meeting,
    Notification,
    StatusUpdate,
    Team,
)

STATUS_ORDER = LIVE_STATUSES
CONTEXT_LINES = 3
TREND_DAYS = 60


@dataclass
class TeamRow:
    team_id: int
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    announced: int = 0
    reported: int = 0
    tz: str = "Asia/Seoul"
    last_at: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float | None:
        return self.reported / self.announced if self.announced else None

    def add(self, group: store.StatusGroup) -> None:
        self.announced += group.announced
        self.reported += group.reported
        if group.review != ReviewState.PENDING:
            self.counts[group.status] = self.counts.get(group.status, 0) + group.count
        last = group.last_report
        if last is not None and (self.last_at is None or last > self.last_at):
            self.last_at = last

    @property
    def last_report(self) -> date | None:
        """The day of the last report, in the committee's timezone."""
        return _local(self.last_at, self.tz).date() if self.last_at else None


@dataclass
class MeetingBlock:
    meeting: MeetingRef
    teams: list[TeamRow]
    chart: BarChart

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for row in self.teams:
            for status, n in row.counts.items():
                out[status] += n
        return dict(out)


@dataclass(frozen=True)
class MeetingRef:
    id: int
    title: str
    held_on: date | None


@dataclass(frozen=True)
class Dashboard:
    today: date
    upcoming: date | None
    working_days_left: int | None
    teams: list[TeamRow]
    team_chart: BarChart
    meeting_chart: BarChart
    meetings: list[MeetingBlock]
    overdue: list[store.AttentionItem]
    silent: list[store.AttentionItem]
    silent_after: int
    requests: list[store.RequestRow]
    failures: list[store.FailedMessage]
    trend: LineChart | None
    in_review: int


def dashboard(
    session: Session, committee: CommitteeFile, sessions: Sessions, *, today: date
) -> Dashboard:
    """The committee's first page in six queries: the item counts grouped by meeting, team,
    status and review state (the charts, tables, response rates and the review count are
    sums of these), the overdue and silent items, open requests, failed messages and the
    snapshots' trend."""
    committee_id = sessions.committee_id
    tz = committee.timezone
    groups = store.status_groups(session, committee_id=committee_id)
    per_team: dict[int, TeamRow] = {}
    per_meeting: dict[MeetingRef, dict[int, TeamRow]] = defaultdict(dict)
    for group in groups:
        per_team.setdefault(group.team_id, TeamRow(group.team_id, group.team, tz=tz)).add(group)
        if group.review != ReviewState.PENDING:
            meeting = MeetingRef(group.meeting_id, group.meeting, group.held_on)
            cells = per_meeting[meeting]
            cells.setdefault(group.team_id, TeamRow(group.team_id, group.team, tz=tz)).add(group)
    active = sorted(
        (row for row in per_team.values() if row.total or row.announced), key=lambda r: r.team_id
    )
    blocks = [
        MeetingBlock(meeting, rows, stacked_bars([(r.name, r.counts) for r in rows], STATUS_ORDER))
        for meeting, cells in sorted(per_meeting.items(), key=lambda m: _newest_first(m[0]))
        for rows in [sorted(cells.values(), key=lambda r: r.team_id)]
    ]
    upcoming = sessions.upcoming(today)
    listed = store.attention_items(
        session, committee_id=committee_id, watch=watch_on(today, committee)
    )
    return Dashboard(
        today=today,
        upcoming=upcoming,
        working_days_left=working_days_between(today, upcoming) if upcoming else None,
        teams=active,
        team_chart=stacked_bars([(r.name, r.counts) for r in active], STATUS_ORDER),
        meeting_chart=stacked_bars([(m.meeting.title, m.counts) for m in blocks], STATUS_ORDER),
        meetings=blocks,
        overdue=sorted(
            (i for i in listed if i.overdue),
            key=lambda i: (_newest_first(MeetingRef(0, "", i.held_on)), i.line_start, i.id),
        ),
        silent=sorted((i for i in listed if i.silent), key=lambda i: (i.team_id, i.id)),
        silent_after=committee.reminders.silent_after,
        requests=store.open_requests(session, committee_id=committee_id),
        failures=store.failed_messages(session, committee_id=committee_id),
        trend=trend_chart(
            store.snapshot_trend(
                session, committee_id=committee_id, since=today - timedelta(days=TREND_DAYS)
            )
        ),
        in_review=sum(
            g.count for g in groups if g.review == ReviewState.PENDING and g.status in OPEN_STATUSES
        ),
    )


def _newest_first(meeting: MeetingRef) -> tuple[bool, int, int]:
    """Meetings newest first (undated ones last), then by id."""
    held = meeting.held_on
    return (held is None, -(held.toordinal() if held else 0), meeting.id)


def trend_chart(rows: list[tuple[date, str, int]]) -> LineChart | None:
    if not rows:
        return None
    days = sorted({d for d, _, _ in rows})
    index = {d: i for i, d in enumerate(days)}
    series: dict[str, list[int]] = {s: [0] * len(days) for s in STATUS_ORDER}
    for day, status, n in rows:
        if status in series:
            series[status][index[day]] += n
    return line_chart(days, {k: v for k, v in series.items() if any(v)})


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    quoted: bool


@dataclass(frozen=True)
class ItemDetail:
    item: ActionItem
    team: Team
    meeting: Meeting
    agenda: AgendaItem | None
    file_name: str | None
    lines: list[SourceLine] | None  # None: the minutes file could not be read
    trail: list[tuple[StatusUpdate, datetime]]  # with the time in the committee's timezone
    requests: list[ChangeRequest]
    teams: list[Team]
    checkable: bool


def item_detail(
    session: Session, item: ActionItem, *, inbox: Path, limits: ReadLimits, tz: str
) -> ItemDetail:
    team, meeting, agenda = store.item_places(session, item=item)
    assert item.id is not None
    path = store.minutes_file_path(session, file_id=item.minutes_file_id)
    return ItemDetail(
        item=item,
        team=team,
        meeting=meeting,
        agenda=agenda,
        file_name=Path(path).name if path else None,
        lines=source_lines(inbox, path, item, limits) if path else None,
        trail=[(u, _local(u.created_at, tz)) for u in store.status_trail(session, item_id=item.id)],
        requests=store.item_requests(session, item_id=item.id),
        teams=store.committee_teams(session, committee_id=team.committee_id),
        checkable=item.status in REPORTED_STATUSES and item.check_result != CheckResult.ADEQUATE,
    )


def source_lines(
    inbox: Path, path: str, item: ActionItem, limits: ReadLimits
) -> list[SourceLine] | None:
    """The item's lines of the minutes and three either side, read again from the inbox."""
    try:
        text = read_minutes_text(inbox / path, limits=limits, root=inbox)
    except (MinutesError, OSError):
        return None
    lines = text.split("\n")
    first = max(item.line_start - CONTEXT_LINES, 1)
    last = min(item.line_end + CONTEXT_LINES, len(lines))
    return [
        SourceLine(n, lines[n - 1], item.line_start <= n <= item.line_end)
        for n in range(first, last + 1)
    ]


@dataclass(frozen=True)
class ReminderStep:
    on: date
    kind: str  # before_session, escalation, digest
    days: int


def reminder_plan(
    committee: CommitteeFile, upcoming: date | None, today: date
) -> list[ReminderStep]:
    """When the ladder in the committee file sends ahead of the coming session (from today)."""
    if upcoming is None:
        return []
    ladder = committee.reminders
    steps = [
        ReminderStep(working_days_before(upcoming, n), "before_session", n)
        for n in ladder.before_session
    ]
    steps.append(
        ReminderStep(
            working_days_before(upcoming, ladder.escalation), "escalation", ladder.escalation
        )
    )
    steps.append(
        ReminderStep(working_days_before(upcoming, ladder.digest), "digest", ladder.digest)
    )
    return sorted((s for s in steps if s.on >= today), key=lambda s: (s.on, s.kind))


@dataclass(frozen=True)
class TeamNotice:
    team: Team
    open_items: int
    latest: Notification | None


def team_notices(session: Session, *, committee_id: int) -> list[TeamNotice]:
    teams = store.committee_teams(session, committee_id=committee_id)
    open_counts: dict[int, int] = defaultdict(int)
    for _, team_id, status, n in store.status_counts(session, committee_id=committee_id):
        if status in OPEN_STATUSES:
            open_counts[team_id] += n
    latest = store.latest_team_notices(session, committee_id=committee_id)
    return [TeamNotice(t, open_counts.get(t.id or 0, 0), latest.get(t.id or 0)) for t in teams]


@dataclass(frozen=True)
class OutboxRow:
    """A delivery not sent yet, as the outbox page shows it."""

    delivery_id: int
    state: str
    subject: str
    team: str | None  # None: a message to no team
    target: str  # as the secretary reads it, credentials masked
    attempts: int
    next_try: datetime | None  # in the committee's timezone; None: now, or never (failed)
    error: str

    @property
    def retryable(self) -> bool:
        return self.state == DeliveryState.FAILED or bool(self.error)


def outbox(session: Session, *, committee_id: int, tz: str) -> list[OutboxRow]:
    """The committee's pending and failed deliveries, oldest first (the CLI's listing)."""
    names = {t.id: t.name for t in store.committee_teams(session, committee_id=committee_id)}
    rows = []
    for delivery, message in store.outbox_rows(session, committee_id=committee_id):
        pending = delivery.state == DeliveryState.PENDING
        upcoming = (delivery.next_attempt_at or message.not_before) if pending else None
        rows.append(
            OutboxRow(
                delivery_id=delivery.id or 0,
                state=delivery.state,
                subject=message.subject,
                team=names.get(message.team_id),
                target=shown_target(delivery.target, delivery.source),
                attempts=delivery.attempts,
                next_try=_local(upcoming, tz) if upcoming else None,
                error=delivery.last_error or "",
            )
        )
    return rows


def _local(moment: datetime, tz: str) -> datetime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(tz))
