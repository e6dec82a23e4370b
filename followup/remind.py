"""Remind: before the next session, tell every team what is still open, remind a team of a
stated due date that comes first, and escalate the teams that never answered to the secretary.

One message per team per step, never one per item; each lists the team's open items and its
link. A message queued outside office hours or on a day off waits in the outbox
(``not_before``) for the next working morning. The dedupe key (committee, team, kind, step,
session) makes every step go out once however often the flow runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.ladder import Step, due_soon, send_after, session_steps
from followup.links import link_secret, sign_team_link, team_link_url
from followup.poll import poll_committee
from followup.render import render_message
from followup.sessions import load_sessions
from followup.settings import Settings
from models.db import session_scope


@dataclass
class RemindReport:
    committee: str
    today: date
    next_session: date | None
    steps: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)  # dedupe keys of new messages


def remind_committee(settings: Settings, committee: CommitteeFile) -> RemindReport:
    now = settings.now()
    today = local_date(now, committee.timezone)
    polled = poll_committee(settings, committee)
    report = RemindReport(committee=committee.name, today=today, next_session=polled.next_session)
    if polled.next_session is None:
        return report  # the poll has told the secretary, once
    session_day = polled.next_session
    steps = session_steps(today, session_day, committee.reminders)
    report.steps = [f"{s.kind} {s.name}" for s in steps]
    not_before = send_after(now, committee.timezone, committee.reminders.office_hours)
    with session_scope(settings.resolved_database_url) as session:
        cid = load_sessions(session, committee, now=now).committee_id
        lines = store.open_item_lines(session, committee_id=cid, held_before=session_day)
        by_team: dict[int, list[store.ItemLine]] = defaultdict(list)
        for line in lines:
            by_team[line.team_id].append(line)
        context = _Context(settings, session, committee, cid, session_day, today, now, not_before)
        for step in steps:
            if step.kind == "reminder":
                for team_id, items in by_team.items():
                    report.queued += context.reminder(step, team_id, items)
            elif step.kind == "escalation":
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
    return report


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
        expires = self.now + timedelta(days=self.settings.link_days)
        token = sign_team_link(
            link_secret(self.settings),
            team_id=team_id,
            committee_id=self.committee_id,
            expires=expires,
        )
        return team_link_url(self.settings.base_url, token), local_date(
            expires, self.committee.timezone
        )

    def _queue(
        self, *, key: str, kind: str, step: str, team: str, template: str, **ctx: object
    ) -> list[str]:
        subject, body = render_message(
            self.settings.templates_dir,
            template,
            committee=self.committee.name,
            secretary=self.committee.secretary,
            session_day=self.session_day,
            today=self.today,
            **ctx,
        )
        ids = store.ensure_committee(self.session, committee=self.committee)
        new = store.queue_notification(
            self.session,
            dedupe_key=key,
            kind=kind,
            step=step,
            subject=subject,
            body=body,
            targets=self.committee.team(team).notify,
            committee_id=self.committee_id,
            team_id=ids.teams[team],
            not_before=self.not_before,
            now=self.now,
        )
        return [key] if new.new else []

    def reminder(self, step: Step, team_id: int, items: list[store.ItemLine]) -> list[str]:
        team = items[0].team
        link, expires = self._link(team_id)
        return self._queue(
            key=f"reminder:{self.committee_id}:{team_id}:{step.name}:{self.session_day}",
            kind="reminder",
            step=step.name,
            team=team,
            template="mail/reminder.txt.j2",
            team_name=team,
            step_days=step.days,
            items=items,
            link=link,
            link_expires=expires,
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
            kind="due_reminder",
            step=f"due {due}",
            team=team,
            template="mail/due_reminder.txt.j2",
            team_name=team,
            due=due,
            items=items,
            other_open=len(all_items) - len(items),
            link=link,
            link_expires=expires,
        )

    def escalation(self, step: Step, groups: dict[int, list[store.ItemLine]]) -> list[str]:
        if not groups:
            return []
        return self._queue(
            key=f"escalation:{self.committee_id}:{self.committee.secretary}:{step.name}:{self.session_day}",
            kind="escalation",
            step=step.name,
            team=self.committee.secretary,
            template="mail/escalation.txt.j2",
            step_days=step.days,
            groups=[(items[0].team, items) for items in groups.values()],
        )


def remind(settings: Settings) -> list[RemindReport]:
    return [remind_committee(settings, c) for c in configured_committees(settings)]
