"""Teams and sessions follow the committee file: a renamed team keeps its items, links and
history; a removed team's open items go to the secretary for triage; a session removed from
the file or with ``followup session remove`` gets no reminder. Real passes and reminder runs on
SQLite and PostgreSQL (``settings``)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from followup.cli import app as cli_app
from followup.codes import ItemStatus, MessageKind, ReviewState
from followup.committee import parse_committee
from followup.errors import CommitteeError
from followup.loop.remind import remind
from followup.settings import Settings, get_settings
from models.db import session_scope
from models.tables import ActionItem, Notification, StatusUpdate, Team
from tests.helpers import COMMITTEE, approval_pass, at_seoul, clocked, one_pass, set_sessions

OLD, NEW = "통계조사팀", "통계데이터팀"
SESSION = date(2024, 10, 10)  # D-15: 2024-09-11, D-7: 2024-09-26


def edit_committee(settings: Settings, old: str, new: str) -> None:
    path = settings.committees[0]
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def team(settings: Settings, name: str) -> Team | None:
    with session_scope(settings.resolved_database_url) as session:
        return session.exec(select(Team).where(Team.name == name)).first()


def items_of(settings: Settings, team_id: int | None) -> list[ActionItem]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(ActionItem).where(ActionItem.team_id == team_id).order_by(col(ActionItem.id))
            )
        )


def notices(settings: Settings, kind: str | None = None) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(select(Notification).order_by(col(Notification.id))).all()
    return [n for n in rows if kind is None or n.kind == kind]


def report(settings: Settings, item: ActionItem, status: str) -> None:
    """The team reports on its page: the status and its trail row."""
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(ActionItem, item.id)
        assert row is not None and row.id is not None
        session.add(
            StatusUpdate(
                action_item_id=row.id,
                old_status=row.status,
                new_status=status,
                channel="link",
                actor="김담당",
                report_note="조사 진행 중",
            )
        )
        row.status = status
        session.add(row)


def trail(settings: Settings, item_id: int | None) -> list[StatusUpdate]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(StatusUpdate)
                .where(StatusUpdate.action_item_id == item_id)
                .order_by(col(StatusUpdate.id))
            )
        )


def test_a_renamed_team_keeps_its_items_link_and_history_and_gets_its_reminder(
    settings: Settings,
) -> None:
    set_sessions(settings, SESSION)
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    before = team(settings, OLD)
    assert before is not None
    mine = items_of(settings, before.id)
    assert mine
    report(settings, mine[0], ItemStatus.IN_PROGRESS)
    with session_scope(settings.resolved_database_url) as session:  # one not told yet
        row = session.get(ActionItem, mine[-1].id)
        assert row is not None
        row.announced_at = None
        session.add(row)

    edit_committee(settings, f"- name: {OLD}\n", f"- name: {NEW}\n    renamed_from: [{OLD}]\n")
    one_pass(clocked(settings, at_seoul(date(2024, 9, 10))))
    remind(clocked(settings, at_seoul(date(2024, 9, 11))))

    after = team(settings, NEW)
    assert after is not None and team(settings, OLD) is None
    assert (after.id, after.link_version) == (before.id, before.link_version)  # links still work
    assert [i.id for i in items_of(settings, after.id)] == [i.id for i in mine]
    assert items_of(settings, after.id)[0].status == ItemStatus.IN_PROGRESS
    assert [t.new_status for t in trail(settings, mine[0].id)] == ["open", "in_progress"]
    first, told = [n for n in notices(settings, MessageKind.NEW_ITEMS) if n.team_id == after.id]
    assert OLD in first.subject  # the notice of January, under the old name
    assert NEW in told.subject and mine[-1].summary in told.body
    reminders = [n for n in notices(settings, MessageKind.REMINDER) if n.team_id == after.id]
    assert len(reminders) == 1 and NEW in reminders[0].body
    assert len(notices(settings, MessageKind.REMINDER)) >= 3  # the teams after it too


def test_a_bad_renamed_from_is_a_korean_error_with_its_line() -> None:
    text = COMMITTEE.read_text(encoding="utf-8")
    taken = text.replace(f"- name: {OLD}\n", f"- name: {NEW}\n    renamed_from: [빅데이터기획팀]\n")
    with pytest.raises(CommitteeError, match="renamed_from '빅데이터기획팀'은\\(는\\) 지금"):
        parse_committee(taken)
    twice = text.replace(f"- name: {OLD}\n", f"- name: {NEW}\n    renamed_from: [옛팀]\n").replace(
        "- name: 빅데이터분석팀\n", "- name: 빅데이터분석팀\n    renamed_from: [옛팀]\n"
    )
    with pytest.raises(CommitteeError, match="이전 이름 '옛팀'"):
        parse_committee(twice)
    scalar = text.replace(f"- name: {OLD}\n", f"- name: {NEW}\n    renamed_from: {{a: b}}\n")
    with pytest.raises(CommitteeError, match="목록이 와야 합니다"):
        parse_committee(scalar)
    good = parse_committee(
        text.replace(f"- name: {OLD}\n", f"- name: {NEW}\n    renamed_from: [{OLD}]\n")
    )
    assert good.team(NEW).renamed_from == (OLD,)


def test_a_removed_teams_open_items_go_to_the_secretary_for_triage(settings: Settings) -> None:
    set_sessions(settings, SESSION)
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    gone = team(settings, OLD)
    secretary = team(settings, "빅데이터담당관")
    assert gone is not None and secretary is not None
    mine = items_of(settings, gone.id)
    report(settings, mine[0], ItemStatus.IN_PROGRESS)

    path = settings.committees[0]
    text = path.read_text(encoding="utf-8")
    block = text.index(f"  - name: {OLD}")
    path.write_text(text[:block], encoding="utf-8")
    one_pass(clocked(settings, at_seoul(date(2024, 9, 10))))
    remind(clocked(settings, at_seoul(date(2024, 9, 11))))  # no crash on the team that is gone

    assert items_of(settings, gone.id) == []
    moved = {i.id: i for i in items_of(settings, secretary.id)}
    assert set(moved) >= {i.id for i in mine}
    assert moved[mine[0].id].status == ItemStatus.IN_PROGRESS
    assert all(moved[i.id].review == ReviewState.PENDING for i in mine)
    assert "triage" in trail(settings, mine[0].id)[-1].note
    (told,) = [n for n in notices(settings) if n.dedupe_key.startswith("team_removed:")]
    assert told.team_id == secretary.id and OLD in told.body and "재배정" in told.subject
    assert all(i.summary in told.body for i in mine)
    reminders = notices(settings, MessageKind.REMINDER)
    assert reminders and gone.id not in {n.team_id for n in reminders}
    one_pass(clocked(settings, at_seoul(date(2024, 9, 12))))  # told once
    assert len([n for n in notices(settings) if n.dedupe_key.startswith("team_removed:")]) == 1


def session_reminders(settings: Settings, day: date) -> list[Notification]:
    return [
        n
        for n in notices(settings)
        if n.kind in (MessageKind.REMINDER, MessageKind.ESCALATION, MessageKind.DIGEST)
        and n.dedupe_key.endswith(day.isoformat())
    ]


def test_a_session_removed_from_the_file_gets_no_reminder(settings: Settings) -> None:
    set_sessions(settings, SESSION, date(2024, 12, 12))
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    remind(clocked(settings, at_seoul(date(2024, 9, 10))))
    assert session_reminders(settings, SESSION) == []

    edit_committee(settings, f"  - {SESSION.isoformat()}\n", "")
    for day in (date(2024, 9, 11), date(2024, 9, 26), date(2024, 9, 30), date(2024, 10, 2)):
        (outcome,) = remind(clocked(settings, at_seoul(day)))
        assert outcome.next_session == date(2024, 12, 12)

    assert session_reminders(settings, SESSION) == []
    assert {n.dedupe_key[-10:] for n in notices(settings, MessageKind.REMINDER)} <= {"2024-12-12"}


def test_followup_session_remove_cancels_the_session_and_what_was_queued_for_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_sessions(settings, SESSION, date(2024, 12, 12))
    approval_pass(clocked(settings, at_seoul(date(2024, 1, 15))))
    remind(clocked(settings, at_seoul(date(2024, 9, 11), 20)))  # D-15 queued for the next morning
    queued = session_reminders(settings, SESSION)
    assert queued and all(n.sent_at is None for n in queued)

    monkeypatch.setenv("FOLLOWUP_FIXED_NOW", "2024-09-11T21:00+09:00")
    get_settings.cache_clear()
    runner = CliRunner()
    done = runner.invoke(cli_app, ["session", "remove", SESSION.isoformat(), "--by", "박창현"])
    assert done.exit_code == 0, done.output
    assert "취소했습니다" in done.output
    missing = runner.invoke(cli_app, ["session", "remove", "2024-11-01", "--by", "박창현"])
    assert missing.exit_code != 0 and "예정된 회의가 없습니다" in missing.output
    listed = runner.invoke(cli_app, ["session", "list"])
    assert "2024. 10. 10." not in listed.output and "2024. 12. 12." in listed.output

    assert session_reminders(settings, SESSION) == []  # what was queued never goes out
    for day in (date(2024, 9, 12), date(2024, 9, 26), date(2024, 10, 2)):
        (outcome,) = remind(clocked(settings, at_seoul(day)))
        assert outcome.next_session == date(2024, 12, 12)
    assert session_reminders(settings, SESSION) == []  # the file still lists it: still removed
