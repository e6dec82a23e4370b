"""The poll and remind flows on a real Prefect test server, with a fixed clock setting."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlmodel import select

from flows.poll import poll_flow
from flows.remind import remind_flow
from followup.intake import announce, ingest, sync
from followup.settings import Settings, get_settings
from models.db import session_scope
from models.tables import Notification
from tests.helpers import SAMPLE

pytestmark = pytest.mark.flow


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def at(settings: Settings, monkeypatch: pytest.MonkeyPatch, moment: str) -> Settings:
    monkeypatch.setenv("FOLLOWUP_FIXED_NOW", moment)
    get_settings.cache_clear()
    return get_settings()


def approve_sample(settings: Settings) -> None:
    path = settings.committees[0]
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - 2024-06-14", "  - 2024-10-10"),
        encoding="utf-8",
    )
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    for file_id in ingest.scan_inbox(settings).to_sync:
        sync.sync_file(settings, file_id)
    for team_id in announce.team_ids(settings):
        announce.announce_team(settings, team_id)


def reminders(settings: Settings) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(Notification).where(Notification.kind == "reminder")))


def test_scheduled_runs_do_nothing_on_chuseok_and_remind_on_the_next_working_day(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    approve_sample(at(settings, monkeypatch, "2024-01-15T09:30:00+09:00"))

    holiday = at(settings, monkeypatch, "2024-09-17T09:00:00+09:00")  # 추석
    assert poll_flow(scheduled=True) == []
    assert remind_flow(scheduled=True) == []
    assert "예약 실행을 건너뜁니다" in caplog.text
    assert reminders(holiday) == []

    working = at(settings, monkeypatch, "2024-09-19T09:00:00+09:00")
    (polled,) = poll_flow(scheduled=True)
    assert polled.next_session is not None and polled.silent
    (report,) = remind_flow(scheduled=True)
    assert report.steps[0] == "reminder D-15" and report.queued
    sent = reminders(working)
    assert sent and all(r.sent_at is not None for r in sent)
    assert remind_flow(scheduled=True)[0].queued == []  # the same step never twice
