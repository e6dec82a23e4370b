"""The reminder ladder as dates: which steps fall due on a day, and when a message may go out.

Pure functions over dates and the committee's ``reminders`` settings; nothing here reads the
database. Working days are Korean (calendar.py): weekends and public holidays never count
and never send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from followup.calendar import add_working_days, is_working_day, working_days_before
from followup.codes import MessageKind
from followup.committee import Reminders


@dataclass(frozen=True)
class Step:
    kind: str  # reminder, escalation, digest
    days: int  # working days before the session

    @property
    def name(self) -> str:
        return f"D-{self.days}"


def session_steps(today: date, session: date, reminders: Reminders) -> list[Step]:
    """The steps due on ``today`` for the coming ``session``: the latest reminder step reached
    (an earlier one that was missed is not sent late on top of it), and the escalation and
    the digest once their day is reached. Dedupe keys make each step go out once."""
    if not today < session:
        return []
    steps: list[Step] = []
    reached = [n for n in reminders.before_session if working_days_before(session, n) <= today]
    if reached:
        steps.append(Step(MessageKind.REMINDER, min(reached)))
    for kind, days in (
        (MessageKind.ESCALATION, reminders.escalation),
        (MessageKind.DIGEST, reminders.digest),
    ):
        if working_days_before(session, days) <= today:
            steps.append(Step(kind, days))
    return steps


def due_reminder_on(stated_due: date, days: int) -> date:
    """The working day on which an item due on ``stated_due`` is reminded."""
    return working_days_before(stated_due, days)


def due_soon(today: date, stated_due: date, days: int) -> bool:
    """True from the reminder day up to the due date itself."""
    return due_reminder_on(stated_due, days) <= today <= stated_due


def send_after(now: datetime, tz: str, office_hours: tuple[time, time]) -> datetime | None:
    """None when ``now`` is within office hours on a working day; otherwise the start of the
    next working morning (in UTC), before which the message waits in the outbox."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    start, end = office_hours
    if is_working_day(local.date()) and start <= local.time() < end:
        return None
    day = local.date()
    if not (is_working_day(day) and local.time() < start):
        day = add_working_days(day, 1)
    return datetime.combine(day, start, tzinfo=zone).astimezone(ZoneInfo("UTC"))
