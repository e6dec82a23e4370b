"""The secretary's pre-meeting digest: where every item stands before the next session, with
the 조치결과 report attached (DOCX, HWPX, CSV) and a progress bar per team.

Plain functions: ``build_digest`` reads the database at a given ``now``; ``render_digest`` gives
the subject, text and HTML parts; ``digest_files`` the attachments; ``queue_digest`` puts it in
the outbox for the secretary's team; ``preview_digest`` writes it all to a folder instead.

The charts are attachments referenced from the HTML as ``cid:<filename>``: Apprise's mail
plugin embeds an image attachment inline, with that filename as its Content-ID, when the
``mailto://`` target carries ``inline=yes``. A ``data:`` URI would need no cooperation from the
sender, but Gmail and Outlook do not show ``data:`` images at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import COUNT_ORDER, OPEN_STATUSES, ItemStatus, MessageKind, ReviewState
from followup.committee import Committee as CommitteeFile
from followup.documents import FORMATS
from followup.documents.charts import BAR_SIZE, progress_bar
from followup.documents.table import ReportRow, ReportTable, session_report
from followup.errors import FollowupError
from followup.loop.sessions import load_sessions
from followup.outbox.notices import Addressee, queue_message
from followup.render import render, render_message
from followup.settings import Settings
from followup.store.console import AwaitingMeeting, meeting_items, meetings_awaiting
from models.db import session_scope

ATTACHED_FORMATS = ("docx", "hwpx", "csv")
SCHEDULED = "scheduled"
ON_DEMAND = "on_demand"


@dataclass(frozen=True)
class Progress:
    """Counts by status of one team's or one agenda item's items in the report."""

    name: str
    counts: dict[str, int]
    chart: str = ""  # the PNG's filename, for teams

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_percent(self) -> int:
        return round(100 * self.counts[ItemStatus.DONE] / self.total) if self.total else 0


@dataclass(frozen=True)
class Digest:
    committee: CommitteeFile
    committee_id: int
    session_on: date
    today: date
    since: datetime | None
    report: ReportTable
    teams: tuple[Progress, ...]
    agenda: tuple[Progress, ...]
    changes: tuple[store.StatusChange, ...]
    silent: tuple[store.SilentTeam, ...]
    overdue: tuple[ReportRow, ...]
    awaiting_check: tuple[ReportRow, ...]
    carried: tuple[ReportRow, ...]
    requests: tuple[store.RequestRow, ...]
    charts: dict[str, bytes]
    # Meetings whose items wait for the secretary's confirmation, with those items' summaries.
    awaiting: tuple[tuple[AwaitingMeeting, tuple[str, ...]], ...] = ()

    @property
    def slug(self) -> str:
        return self.session_on.isoformat()


def _counts(rows: list[ReportRow]) -> dict[str, int]:
    counted = Counter(row.status for row in rows)
    return {status: counted.get(status, 0) for status in COUNT_ORDER}


def build_digest(
    session: Session,
    committee: CommitteeFile,
    *,
    now: datetime,
    templates: Path,
    session_on: date | None = None,
) -> Digest:
    """The digest for the committee's next session as of ``now`` (or for ``session_on``)."""
    now = now.astimezone(UTC)  # stored in UTC (naive on SQLite): compare in UTC
    today = local_date(now, committee.timezone)
    sessions = load_sessions(session, committee, now=now)
    held_on = session_on or sessions.upcoming(today)
    if held_on is None:
        raise FollowupError(
            f"{committee.name}: 다음 회의 일정이 없어 회의 전 보고를 만들 수 없습니다. "
            "followup session add YYYY-MM-DD 로 회의를 추가하십시오"
        )
    committee_id = sessions.committee_id
    report = session_report(session, committee, held_on, now=now, templates=templates)
    rows = list(report.rows)
    by_team: dict[str, list[ReportRow]] = defaultdict(list)
    by_agenda: dict[str, list[ReportRow]] = defaultdict(list)
    for row in rows:
        by_team[row.team].append(row)
        by_agenda[row.agenda].append(row)
    order = {team.name: number for number, team in enumerate(committee.teams)}
    teams = tuple(
        Progress(name, _counts(team_rows), chart=f"chart-{order.get(name, 99) + 1}.png")
        for name, team_rows in sorted(by_team.items(), key=lambda kv: order.get(kv[0], 99))
    )
    since = store.last_digest_at(session, committee_id=committee_id, before=now)
    if since is None and report.previous_on is not None:
        start = datetime.combine(report.previous_on, time(0), ZoneInfo(committee.timezone))
        since = start.astimezone(UTC)
    return Digest(
        committee=committee,
        committee_id=committee_id,
        session_on=held_on,
        today=today,
        since=since,
        report=report,
        teams=teams,
        agenda=tuple(
            Progress(name, _counts(agenda_rows)) for name, agenda_rows in by_agenda.items()
        ),
        changes=tuple(
            store.status_changes(session, committee_id=committee_id, since=since, until=now)
        ),
        silent=tuple(store.silent_teams(session, committee_id=committee_id)),
        overdue=tuple(row for row in rows if row.overdue),
        awaiting_check=tuple(
            row for row in rows if row.status in store.REPORTED_STATUSES and not row.check_result
        ),
        carried=tuple(row for row in rows if row.carried_from is not None),
        requests=tuple(store.open_requests(session, committee_id=committee_id)),
        charts={team.chart: progress_bar(team.counts) for team in teams},
        awaiting=_awaiting(session, committee_id),
    )


def _awaiting(
    session: Session, committee_id: int
) -> tuple[tuple[AwaitingMeeting, tuple[str, ...]], ...]:
    return tuple(
        (
            row,
            tuple(
                view.item.summary
                for view in meeting_items(session, meeting_id=row.meeting.id or 0)
                if view.item.review == ReviewState.PENDING and view.item.status in OPEN_STATUSES
            ),
        )
        for row in meetings_awaiting(session, committee_id=committee_id)
    )


def console_report_url(settings: Settings) -> str:
    """Where the secretary finds the current state after the digest's date: the console's
    item list (the console has no report download of its own)."""
    return f"{settings.base_url.rstrip('/')}/admin/items"


def render_digest(
    templates: Path, digest: Digest, *, image_prefix: str = "cid:", console: str = ""
) -> tuple[str, str, str]:
    """(subject, text, html). ``image_prefix`` is how the HTML names the chart files:
    ``cid:`` in mail, nothing in a preview folder where the files lie beside it; ``console``
    the console's page with the current items (the attachment is as of the digest's date)."""
    context = {
        "digest": digest,
        "console": console,
        "bar_width": BAR_SIZE[0],
        "bar_height": BAR_SIZE[1],
        "image_prefix": image_prefix,
        "local": lambda moment: moment.astimezone(ZoneInfo(digest.committee.timezone)),
    }
    subject, text = render_message(templates, "mail/digest.txt.j2", **context)
    html = render(templates, "mail/digest.html.j2", **context)
    return subject, text, html


def digest_files(digest: Digest) -> list[tuple[str, str, bytes]]:
    """The attachments: the report as DOCX, HWPX and CSV, then the chart images."""
    # ASCII names: Apprise writes a non-ASCII filename by encoding the whole
    # Content-Disposition header, which mail clients then no longer read as an attachment.
    files = [
        (
            f"report-{digest.slug}.{FORMATS[kind].extension}",
            FORMATS[kind].mime,
            FORMATS[kind].write(digest.report),
        )
        for kind in ATTACHED_FORMATS
    ]
    files += [(name, "image/png", data) for name, data in digest.charts.items()]
    return files


def dedupe_key(digest: Digest, *, step: str, now: datetime) -> str:
    """One scheduled digest per committee and session; every on-demand send is its own."""
    key = f"digest:{digest.committee_id}:{digest.slug}"
    if step == ON_DEMAND:
        key += f":{ON_DEMAND}:{now.strftime('%Y%m%dT%H%M%S')}"
    return key


def queue_digest(
    settings: Settings,
    committee: CommitteeFile,
    *,
    now: datetime,
    step: str = SCHEDULED,
    not_before: datetime | None = None,
) -> str | None:
    """Queue the digest for the secretary's team; the dedupe key, or None when this scheduled
    digest was queued before."""
    now = now.astimezone(UTC)
    with session_scope(settings.resolved_database_url) as session:
        digest = build_digest(session, committee, now=now, templates=settings.templates_dir)
        subject, text, html = render_digest(
            settings.templates_dir, digest, console=console_report_url(settings)
        )
        secretary = Addressee.named(committee, store.ensure_committee(session, committee=committee))
        key = dedupe_key(digest, step=step, now=now)
        files = digest_files(digest)
        options = {"step": step, "html": html, "attachments": files, "not_before": not_before}
        queued = queue_message(
            session,
            secretary,
            (subject, text),
            key=key,
            kind=MessageKind.DIGEST,
            now=now,
            **options,
        )
    return key if queued.new else None


def preview_digest(
    settings: Settings, committee: CommitteeFile, *, now: datetime, folder: Path
) -> list[Path]:
    """Write digest.html, digest.txt and the attachments to ``folder``; nothing is queued."""
    with session_scope(settings.resolved_database_url) as session:
        digest = build_digest(session, committee, now=now, templates=settings.templates_dir)
    subject, text, html = render_digest(
        settings.templates_dir, digest, image_prefix="", console=console_report_url(settings)
    )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in [
        ("digest.html", html.encode("utf-8")),
        ("digest.txt", f"제목: {subject}\n\n{text}".encode()),
        *((name, content) for name, _, content in digest_files(digest)),
    ]:
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written
