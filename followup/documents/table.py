"""The 조치결과 table: which items a session's report lists, and each row's cells.

A report for a session lists every item of an earlier meeting that is still open, or that was
reported done or explained since the previous session; an item from a meeting before the
previous session is carried over (이월). A report for a meeting lists that meeting's items.
Withdrawn and rejected items and items held in review are never listed. Every word comes from
templates/report/_report.j2; the writers in ``followup.documents`` only lay the cells out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import COUNT_ORDER, ItemKind
from followup.committee import Committee as CommitteeFile
from followup.committee import committee_of, configured_committees, select_committee
from followup.errors import FollowupError
from followup.loop.sessions import Sessions, load_sessions
from followup.render import environment, korean_date
from followup.settings import Settings
from followup.text import clean_text
from models.db import session_scope


@dataclass(frozen=True)
class ReportRow:
    number: int
    item_id: int
    agenda: str
    kind: str
    kind_label: str
    requirement: str
    team: str
    status: str
    status_label: str
    action: str
    planned_on: date | None
    remarks: str
    summary: str
    speaker: str
    meeting_on: date | None
    carried_from: date | None
    overdue: bool
    repeats: bool
    check_result: str

    def __post_init__(self) -> None:
        # Text stored before inputs were cleaned may hold a control character, which no
        # writer (the XML of DOCX, HWPX and XLSX) can take: the row holds it cleaned.
        for name, value in vars(self).items():
            if isinstance(value, str):
                object.__setattr__(self, name, clean_text(value))

    def cells(self) -> list[str]:
        return [
            str(self.number),
            self.agenda,
            self.requirement,
            self.kind_label,
            self.team,
            self.status_label,
            self.action,
            korean_date(self.planned_on),
            self.remarks,
        ]


@dataclass(frozen=True)
class ReportTable:
    committee: str
    committee_id: int
    title: str
    subtitle: str
    count_line: str
    headers: tuple[str, ...]
    rows: tuple[ReportRow, ...]
    counts: dict[str, int]
    today: date
    session_on: date | None = None
    previous_on: date | None = None
    meeting_id: int | None = None
    empty_line: str = ""
    author: str = ""

    @property
    def slug(self) -> str:
        """A file-name part naming what the report is for."""
        if self.session_on is not None:
            return self.session_on.isoformat()
        return f"meeting-{self.meeting_id}"


def _labels(templates: Path) -> Any:
    return environment(templates).get_template("report/_report.j2").module


def held_dates(session: Session, sessions: Sessions) -> list[date]:
    """The days a session's report can be for, oldest first: the committee's session dates
    (its file and ``followup session add``) and the days its meetings were held."""
    held = set(sessions.dates) | set(
        store.meeting_dates(session, committee_id=sessions.committee_id)
    )
    return sorted(held)


def file_name(
    templates: Path,
    extension: str,
    *,
    session_on: date | None = None,
    meeting_id: int | None = None,
) -> str:
    """The report's file name (조치결과-2024-06-14.docx, or a meeting's), as the CLI writes it
    and the console offers it for download."""
    return f"{_labels(templates).file_stem(session_on, meeting_id)}.{extension}"


def session_report(
    session: Session, committee: CommitteeFile, held_on: date, *, now: datetime, templates: Path
) -> ReportTable:
    """The report to table at the session held on ``held_on``."""
    sessions = load_sessions(session, committee, now=now.astimezone(UTC))
    committee_id = sessions.committee_id
    previous = max((d for d in held_dates(session, sessions) if d < held_on), default=None)
    closed_since = None
    if previous is not None:
        start = datetime.combine(previous, time(0), ZoneInfo(committee.timezone))
        closed_since = start.astimezone(UTC)  # stored in UTC (naive on SQLite)
    items = store.report_items(
        session, committee_id=committee_id, before=held_on, closed_since=closed_since
    )
    labels = _labels(templates)
    today = local_date(now, committee.timezone)
    same_day = [i.meeting_title for i in items if i.meeting_on == held_on]
    return _table(
        labels,
        items,
        committee=committee,
        committee_id=committee_id,
        today=today,
        title=str(labels.session_title(committee.name, same_day[0] if same_day else "")),
        subtitle=str(labels.session_subtitle(held_on, previous, today)),
        carry_before=previous,
        session_on=held_on,
        previous_on=previous,
    )


def meeting_report(
    session: Session, committee: CommitteeFile, meeting_id: int, *, now: datetime, templates: Path
) -> ReportTable:
    """The report of one meeting's items."""
    meeting = store.meeting_of(session, meeting_id=meeting_id)
    if meeting is None:
        raise FollowupError(f"회의 {meeting_id}번이 없습니다: 저장된 회의 번호를 확인하십시오")
    items = store.report_items(session, committee_id=meeting.committee_id, meeting_id=meeting_id)
    labels = _labels(templates)
    today = local_date(now, committee.timezone)
    return _table(
        labels,
        items,
        committee=committee,
        committee_id=meeting.committee_id,
        today=today,
        title=str(labels.meeting_title(meeting.title)),
        subtitle=str(labels.meeting_subtitle(meeting.held_on, today)),
        carry_before=None,
        meeting_id=meeting_id,
    )


def _table(
    labels: Any,
    items: list[store.ReportItem],
    *,
    committee: CommitteeFile,
    committee_id: int,
    today: date,
    title: str,
    subtitle: str,
    carry_before: date | None,
    session_on: date | None = None,
    previous_on: date | None = None,
    meeting_id: int | None = None,
) -> ReportTable:
    rows = []
    for number, entry in enumerate(items, start=1):
        item = entry.item
        assert item.id is not None
        carried = (
            entry.meeting_on
            if carry_before is not None
            and entry.meeting_on is not None
            and entry.meeting_on < carry_before
            else None
        )
        decision = item.kind == ItemKind.DECISION
        overdue = (
            not decision
            and item.status in store.OPEN_STATUSES
            and item.effective_due is not None
            and item.effective_due < today
        )
        remarks = []
        if carried is not None:
            remarks.append(str(labels.carried(carried)))
        if overdue:
            remarks.append(str(labels.overdue()))
        if item.repeats_item_id is not None:
            remarks.append(str(labels.repeat(entry.repeats_meeting_on)))
        if decision and (riders := str(labels.riders(item.summary))):
            remarks.append(riders)
        rows.append(
            ReportRow(
                number=number,
                item_id=item.id,
                agenda=entry.agenda_title or str(labels.no_agenda()),
                kind=item.kind,
                kind_label=str(labels.kind(item.kind)),
                requirement=str(labels.requirement(item.summary, item.speaker, item.kind)),
                team=entry.team,
                status=item.status,
                status_label=str(
                    labels.result(item.kind, item.status, item.summary, item.source_text)
                ),
                action=item.report_note,
                planned_on=item.planned_on,
                remarks=", ".join(remarks),
                summary=item.summary,
                speaker=item.speaker,
                meeting_on=entry.meeting_on,
                carried_from=carried,
                overdue=overdue,
                repeats=item.repeats_item_id is not None,
                check_result=item.check_result,
            )
        )
    counted = Counter(row.status for row in rows if row.kind != ItemKind.DECISION)
    counts: dict[str, int] = {status: counted.get(status, 0) for status in COUNT_ORDER}
    decisions = len(rows) - sum(counted.values())
    return ReportTable(
        committee=committee.name,
        committee_id=committee_id,
        title=title,
        subtitle=subtitle,
        count_line=str(labels.counts(len(rows), counts, decisions)),
        headers=tuple(str(labels.headers()).split("|")),
        rows=tuple(rows),
        counts=counts,
        today=today,
        session_on=session_on,
        previous_on=previous_on,
        meeting_id=meeting_id,
        empty_line=str(labels.empty()),
        author=str(labels.author(committee.name, committee.secretary)),
    )


def build_report(
    settings: Settings,
    *,
    committee_name: str | None,
    session_on: date | None = None,
    meeting_id: int | None = None,
    now: datetime,
) -> ReportTable:
    """The report for a session or for a meeting (exactly one of them), read in one session."""
    if (session_on is None) == (meeting_id is None):
        raise FollowupError("--session 과 --meeting 중 하나만 지정하십시오")
    with session_scope(settings.resolved_database_url) as session:
        if meeting_id is not None:
            meeting = store.meeting_of(session, meeting_id=meeting_id)
            if meeting is None:
                raise FollowupError(
                    f"회의 {meeting_id}번이 없습니다: 저장된 회의 번호를 확인하십시오"
                )
            committee = committee_of(settings, session, meeting.committee_id)
            return meeting_report(
                session, committee, meeting_id, now=now, templates=settings.templates_dir
            )
        assert session_on is not None
        committee = select_committee(configured_committees(settings), committee_name)
        return session_report(
            session, committee, session_on, now=now, templates=settings.templates_dir
        )
