"""The secretary is told when a meeting's items await confirmation, and once more when they
still wait three working days later (Korean holidays are not working days)."""

from __future__ import annotations

import shutil
from datetime import date

from sqlmodel import col, select

from followup.committee import load_committee
from followup.loop.poll import poll_committee
from followup.settings import Settings
from models.db import session_scope
from models.tables import Notification
from tests.helpers import SAMPLE, at_seoul, clocked, one_pass, set_gate

TOLD = at_seoul(date(2025, 10, 2), 10, 0)  # Thursday before 개천절 and the Chuseok holidays


def awaiting(settings: Settings) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(Notification)
                .where(Notification.kind == "awaiting_confirmation")
                .order_by(col(Notification.id))
            )
        )


def poll_on(settings: Settings, day: date) -> None:
    poll_committee(clocked(settings, at_seoul(day, 9, 0)), load_committee(settings.committees[0]))


def test_a_meeting_still_waiting_three_working_days_later_is_told_again_once(
    settings: Settings,
) -> None:
    set_gate(settings, None)
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(clocked(settings, TOLD))
    (first,) = awaiting(settings)
    assert "확인을 기다립니다" in first.subject and "다시 알림" not in first.subject
    # 10.3 개천절, 10.5–8 추석 and its substitute day, 10.9 한글날: the 3rd working day after
    # Thursday 10.2 is Tuesday 10.14.
    for day in (date(2025, 10, 3), date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 13)):
        poll_on(settings, day)
        assert len(awaiting(settings)) == 1, day
    poll_on(settings, date(2025, 10, 14))
    poll_on(settings, date(2025, 10, 15))
    poll_on(settings, date(2025, 10, 20))
    first_again, again = awaiting(settings)
    assert first_again.id == first.id
    assert again.subject.startswith("[서울특별시 빅데이터심의위원회] 다시 알림: ")
    assert "2025. 10. 2.(목)에 알려 드린 확인 요청이 근무일 3일이 지나도록" in again.body
    assert "/admin/meetings/" in again.body and again.team_id == first.team_id


def test_a_meeting_confirmed_in_time_is_not_told_again(settings: Settings) -> None:
    from typer.testing import CliRunner

    from followup.cli import app as cli_app

    set_gate(settings, None)
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(clocked(settings, TOLD))
    (first,) = awaiting(settings)
    meeting = first.body.split("/admin/meetings/", 1)[1].split()[0]
    confirmed = CliRunner().invoke(
        cli_app, ["review", "confirm", "--meeting", meeting, "--by", "간사"]
    )
    assert confirmed.exit_code == 0, confirmed.output
    poll_on(settings, date(2025, 10, 14))
    assert [n.id for n in awaiting(settings)] == [first.id]
