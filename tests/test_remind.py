"""Poll and reminders on a real SQLite database after a real pass, with a fixed clock."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from followup.calendar import is_working_day
from followup.loop.poll import poll
from followup.loop.remind import remind
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Notification, Snapshot, Team
from tests.helpers import approval_pass, at_seoul, clocked, set_sessions

SEOUL = ZoneInfo("Asia/Seoul")


def notices(settings: Settings, kind: str) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(Notification).where(Notification.kind == kind).order_by(col(Notification.id))
            )
        )


def teams_with_open_items(settings: Settings) -> set[int]:
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(
            select(ActionItem.team_id).where(
                col(ActionItem.announced_at).is_not(None),
                col(ActionItem.status).in_(("open", "in_progress")),
            )
        ).all()
    return set(rows)


def test_the_ladder_sends_each_step_once_on_its_working_day(settings: Settings) -> None:
    set_sessions(settings, date(2024, 10, 10))
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    teams = teams_with_open_items(settings)
    assert len(teams) >= 3

    day = date(2024, 9, 1)
    while day <= date(2024, 10, 10):
        for hour in (9, 14):  # two runs a day: a step still goes out once
            remind(clocked(settings, at_seoul(day, hour)))
        day += timedelta(days=1)

    reminders = notices(settings, "reminder")
    by_step: dict[str, list[Notification]] = {}
    for row in reminders:
        by_step.setdefault(row.step, []).append(row)
    assert set(by_step) == {"D-15", "D-7"}
    for step, first_day in (("D-15", date(2024, 9, 11)), ("D-7", date(2024, 9, 26))):
        rows = by_step[step]
        assert {r.team_id for r in rows} == teams  # one message per team per step
        assert len(rows) == len(teams)
        assert {r.created_at.astimezone(SEOUL).date() for r in rows} == {first_day}
    (escalation,) = notices(settings, "escalation")
    assert escalation.created_at.astimezone(SEOUL).date() == date(2024, 9, 30)
    assert all(is_working_day(r.created_at.astimezone(SEOUL).date()) for r in reminders)


def test_a_reminder_lists_the_teams_open_items_and_its_link(settings: Settings) -> None:
    set_sessions(settings, date(2024, 10, 10))
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    remind(clocked(settings, at_seoul(date(2024, 9, 11))))
    with session_scope(settings.resolved_database_url) as session:
        team = session.exec(select(Team).where(Team.name == "빅데이터플랫폼팀")).one()
        items = session.exec(
            select(ActionItem).where(
                ActionItem.team_id == team.id, col(ActionItem.announced_at).is_not(None)
            )
        ).all()
    (message,) = [n for n in notices(settings, "reminder") if n.team_id == team.id]
    assert "다음 회의(10. 10.)" in message.subject and f"{len(items)}건" in message.subject
    assert "2024. 10. 10.(목)" in message.body
    assert "https://followup.example.org/t/" in message.body
    for item in items:
        assert item.summary in message.body
    assert message.not_before is None  # 09:30 on a working day: sent at once


def test_a_step_reached_in_the_evening_waits_for_the_next_working_morning(
    settings: Settings,
) -> None:
    set_sessions(settings, date(2024, 10, 10), reminders="reminders:\n  before_session: [13]\n")
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    remind(clocked(settings, at_seoul(date(2024, 9, 13), 20)))  # Friday evening before 추석
    rows = notices(settings, "reminder")
    assert rows and {r.step for r in rows} == {"D-13"}
    assert {r.not_before.astimezone(SEOUL) for r in rows if r.not_before} == {
        at_seoul(date(2024, 9, 19), 9, 0)
    }
    assert all(r.not_before is not None for r in rows)


def test_a_stated_due_date_before_the_session_gets_its_own_reminder(settings: Settings) -> None:
    set_sessions(settings, date(2025, 3, 14))
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    with session_scope(settings.resolved_database_url) as session:
        due = session.exec(
            select(ActionItem).where(
                ActionItem.stated_due == date(2024, 12, 31),
                col(ActionItem.announced_at).is_not(None),
            )
        ).all()
    assert due, "the sample states 내년 (2024) for some items"
    day = date(2024, 12, 16)
    while day <= date(2025, 1, 3):
        remind(clocked(settings, at_seoul(day)))
        day += timedelta(days=1)
    rows = notices(settings, "due_reminder")
    assert {r.team_id for r in rows} == {i.team_id for i in due}  # one per team
    assert len(rows) == len({i.team_id for i in due})
    # D-3 working days before Tue 12-31, skipping 성탄절 (12-25): Thu 12-26.
    assert {r.created_at.astimezone(SEOUL).date() for r in rows} == {date(2024, 12, 26)}
    for row in rows:
        assert "기한 임박(12. 31.)" in row.subject and "2024. 12. 31.(화)" in row.body
        for item in due:
            if item.team_id == row.team_id:
                assert item.summary in row.body


def test_no_coming_session_tells_the_secretary_once_and_sends_no_reminder(
    settings: Settings,
) -> None:
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    for day in (date(2024, 7, 1), date(2024, 7, 2), date(2024, 7, 3)):
        remind(clocked(settings, at_seoul(day)))
    assert notices(settings, "reminder") == []
    (notice,) = notices(settings, "no_session")
    assert "다음 회의 일정이 없어" in notice.subject
    assert "2024. 6. 14.(금)" in notice.body  # the last known session
    assert "followup session add" in notice.body


def test_poll_finds_silent_and_overdue_items_and_writes_a_daily_snapshot(
    settings: Settings,
) -> None:
    set_sessions(settings, date(2024, 3, 15))
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    (early,) = poll(clocked(settings, at_seoul(date(2024, 1, 22))))
    assert early.silent == 0  # five working days: not silent yet
    (report,) = poll(clocked(settings, at_seoul(date(2024, 3, 20))))
    assert report.next_session == date(2024, 6, 14)
    assert report.silent and report.overdue <= report.silent
    assert report.overdue  # due at the 2024-03-15 session, now passed
    assert report.teams_never_answered and report.teams_never_opened
    poll(clocked(settings, at_seoul(date(2024, 3, 20), 15)))  # same day again: overwritten
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(select(Snapshot).where(Snapshot.taken_on == date(2024, 3, 20))).all()
        visible = session.exec(select(ActionItem).where(ActionItem.review != "pending")).all()
    assert sum(r.count for r in rows) == len(visible)
