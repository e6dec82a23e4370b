"""The committee's check as plain functions and through `followup check`."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from followup import store
from followup.calendar import utc_now
from followup.cli import app as cli_app
from followup.loop import checks
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Notification, StatusUpdate
from tests.helpers import SAMPLE, one_pass


def reported(settings: Settings, status: str) -> int:
    with session_scope(settings.resolved_database_url) as session:
        item = session.exec(select(ActionItem).where(ActionItem.review == "none")).first()
        assert item is not None and item.id is not None
        store.set_status(session, item, status, channel="link", actor="팀", now=utc_now())
        return item.id


def test_check_from_the_command_line(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    item_id = reported(settings, "explained")
    runner = CliRunner()

    missing = runner.invoke(cli_app, ["check", str(item_id), "insufficient", "--by", "위원장"])
    assert missing.exit_code == 2 and "사유를 적어 주십시오" in missing.output
    wrong = runner.invoke(cli_app, ["check", str(item_id), "maybe", "--by", "위원장"])
    assert wrong.exit_code == 2 and "적정(adequate) 또는 미흡(insufficient)" in wrong.output

    done = runner.invoke(
        cli_app,
        [
            "check",
            str(item_id),
            "insufficient",
            "--by",
            "위원장",
            "--reason",
            "대안을 검토하십시오",
        ],
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith(
        f"#{item_id} 미흡: 미착수"
    )  # 추진 불가 judged 미흡 is taken up again
    with session_scope(settings.resolved_database_url) as session:
        item = session.get(ActionItem, item_id)
        assert item is not None and (item.status, item.check_result) == ("open", "insufficient")
        (notice,) = session.exec(select(Notification).where(Notification.kind == "check")).all()
        assert "대안을 검토하십시오" in notice.body and notice.team_id == item.team_id

    # Reported done again, then judged adequate: closed for good.
    with session_scope(settings.resolved_database_url) as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        store.set_status(session, item, "done", channel="link", actor="팀", now=utc_now())
    ok = runner.invoke(cli_app, ["check", str(item_id), "adequate", "--by", "위원장"])
    assert ok.exit_code == 0 and ok.output.startswith(f"#{item_id} 적정: 완료")
    again = runner.invoke(cli_app, ["check", str(item_id), "adequate", "--by", "위원장"])
    assert again.exit_code == 2 and "이미 적정으로 확인되었습니다" in again.output
    with session_scope(settings.resolved_database_url) as session:
        trail = session.exec(
            select(StatusUpdate).where(StatusUpdate.channel == checks.CHANNEL)
        ).all()
    assert [(t.old_status, t.new_status, t.actor) for t in trail] == [
        ("explained", "open", "위원장"),
        ("done", "done", "위원장"),
    ]


def test_an_open_item_cannot_be_checked(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    with session_scope(settings.resolved_database_url) as session:
        item = session.exec(select(ActionItem).where(ActionItem.status == "open")).first()
        assert item is not None and item.id is not None
        with pytest.raises(checks.CheckError, match="완료 또는 추진 불가로 보고한 항목이 아니어서"):
            checks.check_item(
                session, settings, item_id=item.id, result="adequate", by="위원장", now=utc_now()
            )
