"""The reminder ladder's dates across weekends, 추석 2024, 설날 2025 and a substitute holiday."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup.committee import Reminders
from followup.loop.ladder import due_reminder_on, send_after, session_steps

SEOUL = ZoneInfo("Asia/Seoul")
DEFAULT = Reminders()


def first_day_of_each_step(session: date, start: date, reminders: Reminders) -> dict[str, date]:
    seen: dict[str, date] = {}
    day = start
    while day <= session:
        for step in session_steps(day, session, reminders):
            seen.setdefault(f"{step.kind} {step.name}", day)
        day += timedelta(days=1)
    return seen


def test_steps_of_a_session_after_chuseok_skip_the_holidays() -> None:
    # Session Thu 2024-10-10: counting back skips 10-09 한글날, 10-03 개천절, 10-01 국군의 날
    # and 추석 (09-16..18).
    seen = first_day_of_each_step(date(2024, 10, 10), date(2024, 8, 1), DEFAULT)
    assert seen == {
        "reminder D-15": date(2024, 9, 11),
        "reminder D-7": date(2024, 9, 26),
        "escalation D-5": date(2024, 9, 30),
        "digest D-5": date(2024, 9, 30),
    }


def test_only_the_latest_reminder_step_reached_is_due() -> None:
    session = date(2024, 10, 10)
    assert [s.name for s in session_steps(date(2024, 9, 25), session, DEFAULT)] == ["D-15"]
    kinds = [(s.kind, s.name) for s in session_steps(date(2024, 10, 2), session, DEFAULT)]
    assert kinds == [("reminder", "D-7"), ("escalation", "D-5"), ("digest", "D-5")]
    assert session_steps(session, session, DEFAULT) == []
    assert session_steps(date(2024, 10, 11), session, DEFAULT) == []


def test_steps_before_a_session_after_seollal_2025() -> None:
    # 2025-01-27 (임시공휴일) and 설날 01-28..30 are not working days.
    seen = first_day_of_each_step(date(2025, 2, 5), date(2024, 12, 1), DEFAULT)
    assert seen["reminder D-15"] == date(2025, 1, 9)
    assert seen["reminder D-7"] == date(2025, 1, 21)
    assert seen["escalation D-5"] == date(2025, 1, 23)


def test_due_date_reminder_counts_working_days_across_seollal() -> None:
    assert due_reminder_on(date(2025, 2, 3), 3) == date(2025, 1, 23)
    assert due_reminder_on(date(2024, 9, 20), 3) == date(2024, 9, 12)


def seoul(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


def test_messages_wait_for_the_next_working_morning() -> None:
    hours = DEFAULT.office_hours
    # Inside office hours on a working day: now.
    assert send_after(seoul(date(2024, 9, 12), 10), "Asia/Seoul", hours) is None
    # Before opening on a working day: that morning.
    assert send_after(seoul(date(2024, 9, 12), 7), "Asia/Seoul", hours) == seoul(
        date(2024, 9, 12), 9
    )
    # Friday evening before 추석: Thursday after it.
    assert send_after(seoul(date(2024, 9, 13), 20), "Asia/Seoul", hours) == seoul(
        date(2024, 9, 19), 9
    )
    # Saturday 삼일절, then the substitute holiday on Monday: Tuesday.
    assert send_after(seoul(date(2025, 3, 1), 11), "Asia/Seoul", hours) == seoul(
        date(2025, 3, 4), 9
    )
    # At closing time exactly: the next working morning.
    assert send_after(seoul(date(2025, 3, 4), 18), "Asia/Seoul", hours) == seoul(
        date(2025, 3, 5), 9
    )
