"""Remind: before the next session, tell every team what is still open, remind a team of a
stated due date that comes first, escalate the teams that never answered to the secretary,
and hand the secretary the pre-meeting digest with the report attached.

One message per team per step, never one per item; each lists the team's open items and its
link. A message queued outside office hours or on a day off waits in the outbox
(``not_before``) for the next working morning. The dedupe key (committee, team, kind, step,
session) makes every step go out once however often the flow runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from followup import store
from followup.calendar import local_date, working_days_before
from followup.codes import MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.loop.digest import queue_digest
from followup.loop.ladder import Step, due_soon, send_after, session_steps
from followup.loop.poll import poll_committee
from followup.loop.sessions import load_sessions
from followup.loop.team_links import link_with_last_day
from followup.outbox.notices import Addressee, queue_message
from followup.render import render, render_message
from followup.settings import Settings
from models.db import session_scope
from models.tables import Team

REMINDER = "mail/reminder.txt.j2"
QUOTE_LIMIT = 80


def short_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The source text on one line, at most ``limit`` characters, cut at a word (``…``)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.") + "…"


@dataclass
class RemindOutcome:
    committee: str
    today: date
    next_session: date | None
    steps: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)  # dedupe keys of new messages


def remind_committee(settings: Settings, committee: CommitteeFile) -> RemindOutcome:
    now = settings.now()
    today = local_date(now, committee.timezone)
    polled = poll_committee(settings, committee)
    report = RemindOutcome(committee=committee.name, today=today, next_session=polled.next_session)
    if polled.next_session is None:
        return report  # the poll has told the secretary, once
    session_day = polled.next_session
    steps = session_steps(today, session_day, committee.reminders)
    report.steps = [f"{s.kind} {s.name}" for s in steps]
    not_before = send_after(now, committee.timezone, committee.reminders.office_hours)
    with session_scope(settings.resolved_database_url) as session:
        cid = load_sessions(session, committee, now=now).committee_id
        lines = store.open_item_lines(session, committee_id=cid, held_before=session_day)
        by_team = _by_team(lines, committee)
        context = _Context(settings, session, committee, cid, session_day, today, now, not_before)
        for step in steps:
            if step.kind == MessageKind.REMINDER:
                for team_id, items in by_team.items():
                    report.queued += context.reminder(step, team_id, items)
            elif step.kind == MessageKind.ESCALATION:
                silent = set(polled.teams_never_answered)
                groups = {k: v for k, v in by_team.items() if v[0].team in silent}
                report.queued += context.escalation(step, groups)
        for team_id, items in by_team.items():
            soon = [
                i
                for i in items
                if i.stated_due is not None
                and i.stated_due < session_day
                and due_soon(today, i.stated_due, committee.reminders.before_due)
            ]
            for due in sorted({i.stated_due for i in soon if i.stated_due}):
                report.queued += context.due_reminder(
                    team_id, due, [i for i in soon if i.stated_due == due], all_items=items
                )
    # The digest builds its report in its own transaction, after the reminders are stored.
    for step in steps:
        if step.kind == MessageKind.DIGEST:
            key = queue_digest(settings, committee, now=now, step=step.name, not_before=not_before)
            report.queued += [key] if key else []
    return report


def _by_team(
    lines: list[store.ItemLine], committee: CommitteeFile
) -> dict[int, list[store.ItemLine]]:
    """Open items per team, of the teams the committee file lists (a removed team's items are
    with the secretary for triage; nothing is sent to a team that is gone)."""
    listed = {t.name for t in committee.teams}
    by_team: dict[int, list[store.ItemLine]] = defaultdict(list)
    for line in lines:
        if line.team in listed:
            by_team[line.team_id].append(line)
    return by_team


@dataclass
class _Context:
    settings: Settings
    session: Session
    committee: CommitteeFile
    committee_id: int
    session_day: date
    today: date
    now: datetime
    not_before: datetime | None

    def _link(self, team_id: int) -> tuple[str, date]:
        team = self.session.get(Team, team_id)
        assert team is not None
        return link_with_last_day(
            self.settings,
            team,
            timezone=self.committee.timezone,
            now=self.now,
            session_day=self.session_day,
        )

    @property
    def report_by(self) -> date | None:
        """The day the secretary's pre-meeting digest goes out: teams report by then (None
        once it has passed)."""
        day = working_days_before(self.session_day, self.committee.reminders.digest)
        return day if day >= self.today else None

    def _common(self) -> dict[str, object]:
        return {
            "committee": self.committee.name,
            "secretary": self.committee.secretary,
            "session_day": self.session_day,
            "today": self.today,
            "report_by": self.report_by,
        }

    def message(self, template: str, **ctx: object) -> tuple[str, str]:
        return render_message(self.settings.templates_dir, template, **self._common(), **ctx)

    def quotes(self, items: list[store.ItemLine]) -> dict[int, str]:
        """Each item's source text, short (for the reminder's quote)."""
        texts = store.source_texts(self.session, item_ids=[i.id for i in items])
        return {item_id: short_quote(text) for item_id, text in texts.items()}

    def _queue(
        self, *, key: str, kind: str, step: str, team: str, template: str, **ctx: object
    ) -> list[str]:
        subject, body = self.message(template, **ctx)
        html_template = template.replace(".txt.j2", ".html.j2")
        html = None
        if (self.settings.templates_dir / html_template).exists():
            html = render(self.settings.templates_dir, html_template, **self._common(), **ctx)
        ids = store.ensure_committee(self.session, committee=self.committee)
        new = queue_message(
            self.session,
            Addressee.named(self.committee, ids, team),
            (subject, body),
            key=key,
            kind=kind,
            now=self.now,
            step=step,
            html=html,
            not_before=self.not_before,
        )
        return [key] if new.new else []

    def reminder_context(
        self, step: Step, team_id: int, items: list[store.ItemLine]
    ) -> dict[str, object]:
        link, expires = self._link(team_id)
        return {
            "team_name": items[0].team,
            "step_days": step.days,
            "first": step.days >= max(self.committee.reminders.before_session),
            "items": items,
            "quotes": self.quotes(items),
            "link": link,
            "link_expires": expires,
        }

    def reminder(self, step: Step, team_id: int, items: list[store.ItemLine]) -> list[str]:
        return self._queue(
            key=f"reminder:{self.committee_id}:{team_id}:{step.name}:{self.session_day}",
            kind=MessageKind.REMINDER,
            step=step.name,
            team=items[0].team,
            template=REMINDER,
            **self.reminder_context(step, team_id, items),
        )

    def due_reminder(
        self,
        team_id: int,
        due: date,
        items: list[store.ItemLine],
        *,
        all_items: list[store.ItemLine],
    ) -> list[str]:
        team = items[0].team
        link, expires = self._link(team_id)
        return self._queue(
            key=f"due:{self.committee_id}:{team_id}:{due}:{self.session_day}",
            kind=MessageKind.DUE_REMINDER,
            step=f"due {due}",
            team=team,
            template="mail/due_reminder.txt.j2",
            team_name=team,
            due=due,
            items=items,
            quotes=self.quotes(items),
            other_open=len(all_items) - len(items),
            link=link,
            link_expires=expires,
        )

    def escalation(self, step: Step, groups: dict[int, list[store.ItemLine]]) -> list[str]:
        if not groups:
            return []
        return self._queue(
            key=f"escalation:{self.committee_id}:{self.committee.secretary}:{step.name}:{self.session_day}",
            kind=MessageKind.ESCALATION,
            step=step.name,
            team=self.committee.secretary,
            template="mail/escalation.txt.j2",
            step_days=step.days,
            groups=[(items[0].team, items) for items in groups.values()],
        )


@dataclass(frozen=True)
class Preview:
    team: str
    subject: str
    body: str


def coming_step(committee: CommitteeFile, session_day: date, today: date) -> Step:
    """The reminder step a team would get next before ``session_day`` (the last one once
    every step has passed)."""
    ahead = [
        n
        for n in committee.reminders.before_session
        if working_days_before(session_day, n) >= today
    ]
    return Step(
        MessageKind.REMINDER, max(ahead) if ahead else min(committee.reminders.before_session)
    )


def queue_team_reminder(
    settings: Settings,
    session: Session,
    committee: CommitteeFile,
    team_id: int,
    *,
    key: str,
    step: str,
    now: datetime,
) -> bool:
    """Queue the team's reminder as it stands now (its open items before the next session,
    its current link) under ``key`` and ``step``; False when there is no next session or no
    open item."""
    today = local_date(now, committee.timezone)
    sessions = load_sessions(session, committee, now=now)
    session_day = sessions.upcoming(today)
    if session_day is None:
        return False
    lines = store.open_item_lines(
        session, committee_id=sessions.committee_id, held_before=session_day
    )
    items = _by_team(lines, committee).get(team_id)
    if not items:
        return False
    context = _Context(
        settings, session, committee, sessions.committee_id, session_day, today, now, None
    )
    coming = coming_step(committee, session_day, today)
    return bool(
        context._queue(
            key=key,
            kind=MessageKind.REMINDER,
            step=step,
            team=items[0].team,
            template=REMINDER,
            **context.reminder_context(coming, team_id, items),
        )
    )


def preview_reminders(settings: Settings, committee: CommitteeFile) -> tuple[str, list[Preview]]:
    """The next reminder step before the coming session (its name), and the message each team
    with open items would get: rendered as the ladder will send it, nothing queued."""
    now = settings.now()
    today = local_date(now, committee.timezone)
    with session_scope(settings.resolved_database_url) as session:
        sessions = load_sessions(session, committee, now=now)
        session_day = sessions.upcoming(today)
        if session_day is None:
            return "", []
        step = coming_step(committee, session_day, today)
        lines = store.open_item_lines(
            session, committee_id=sessions.committee_id, held_before=session_day
        )
        by_team = _by_team(lines, committee)
        context = _Context(
            settings, session, committee, sessions.committee_id, session_day, today, now, None
        )
        previews = [
            Preview(
                items[0].team,
                *context.message(REMINDER, **context.reminder_context(step, t, items)),
            )
            for t, items in by_team.items()
        ]
    return step.name, previews


def remind(settings: Settings) -> list[RemindOutcome]:
    return [remind_committee(settings, c) for c in configured_committees(settings)]
