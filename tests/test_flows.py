"""The Prefect flows against a real (test harness) Prefect server, and real SMTP delivery."""

from __future__ import annotations

import email
import email.header
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from prefect.testing.utilities import prefect_test_harness

from flows.run import followup_pass
from followup.intake.ingest import pending_files
from followup.settings import Settings, get_settings
from tests.helpers import COMMITTEE, SAMPLE, Inbox, free_port

pytestmark = pytest.mark.flow


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_one_flow_run_does_the_whole_pass_and_a_rerun_changes_nothing(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)

    state = followup_pass(return_state=True)

    assert state.is_completed()
    first: Any = state.result()
    assert first.synced[0].added >= 18
    files = sorted(settings.outbox.glob("*.md"))
    assert len(files) == sum(n.sent for n in first.announced) >= 5

    second: Any = followup_pass()
    assert second.synced == [] and sum(n.queued + n.sent for n in second.announced) == 0
    assert sorted(settings.outbox.glob("*.md")) == files


def test_teams_with_mail_targets_get_mail_through_apprise_tags(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        committee = yaml.safe_load(COMMITTEE.read_text(encoding="utf-8"))
        config = {"urls": []}
        for team in committee["teams"]:
            tag = team["notify"][0].removeprefix("tag:")
            url = (
                f"mailto://127.0.0.1:{port}?mode=insecure&from=followup@example.org"
                f"&to={tag}@example.org"
            )
            config["urls"].append({url: [{"tag": tag}]})
        apprise_file = tmp_path / "apprise.yaml"
        apprise_file.write_text(yaml.safe_dump(config), encoding="utf-8")
        monkeypatch.setenv("FOLLOWUP_APPRISE_CONFIG", str(apprise_file))
        get_settings.cache_clear()
        shutil.copy(SAMPLE, get_settings().inbox / "approved" / SAMPLE.name)

        result: Any = followup_pass()
    finally:
        controller.stop()

    assert sum(n.sent for n in result.announced) == len(inbox.messages) >= 5
    assert not get_settings().outbox.exists() or not list(get_settings().outbox.glob("*.md"))
    by_rcpt = {m["X-Rcpt"]: m for m in inbox.messages}
    statistics = by_rcpt["statistics@example.org"]
    subject = str(email.header.make_header(email.header.decode_header(statistics["Subject"])))
    assert subject == "[서울특별시 빅데이터심의위원회] 통계조사팀 후속조치 2건 배정 안내"
    plain = next(p for p in statistics.walk() if p.get_content_type() == "text/plain")
    body = plain.get_payload(decode=True)
    assert isinstance(body, bytes)
    text = body.decode(plain.get_content_charset() or "utf-8")
    assert "가계부채" in text and "https://followup.example.org/t/" in text


def test_the_single_step_flows_chain_ingest_then_extract_pending_then_announce(
    settings: Settings,
) -> None:
    from flows.announce import announce_flow
    from flows.extract import extract_flow
    from flows.ingest import ingest_flow

    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)

    scan: Any = ingest_flow()
    synced: Any = extract_flow()  # no ids: every approved file whose content is new
    announced: Any = announce_flow()

    assert len(scan.to_sync) == 1 and synced[0].added >= 18
    assert extract_flow() == []  # nothing left pending
    assert sum(n.sent for n in announced) == len(list(settings.outbox.glob("*.md"))) >= 5


def test_a_scheduled_pass_on_a_korean_holiday_does_nothing_and_logs_why(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    new_year = datetime(2024, 1, 1, 0, 0, tzinfo=UTC)  # 09:00 KST on 1 January (Monday)

    state = followup_pass(scheduled=True, now=new_year, return_state=True)

    assert state.is_completed() and state.result() is None
    assert not settings.outbox.exists()  # nothing read, nothing sent
    assert "2024. 1. 1.(월): 공휴일이므로 예약 실행을 건너뜁니다 (근무일에만 실행)." in [
        r.getMessage() for r in caplog.records if r.name == "prefect.flow_runs"
    ]

    # The same flow started by hand on the holiday runs.
    by_hand: Any = followup_pass(now=new_year)
    assert by_hand.synced[0].added >= 18


def test_followup_run_with_a_prefect_api_configured_is_a_flow_run_on_that_server(
    tmp_path: Path,
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.settings import PREFECT_API_URL

    from followup.outbox.channels import outbox_url
    from tests.helpers import TAGS, channels, followup

    shutil.copy(COMMITTEE, tmp_path / "committee.yaml")
    channels(tmp_path, {tag: outbox_url(tmp_path / "var" / "outbox") for tag in TAGS})
    approved = tmp_path / "var" / "inbox" / "approved"
    approved.mkdir(parents=True)
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    api = str(PREFECT_API_URL.value())
    started = datetime.now(UTC)

    done = followup(tmp_path, "run", PREFECT_API_URL=api)

    assert done.returncode == 0, done.stderr[-3000:]
    assert f"Prefect 서버 {api}에서 실행" in done.stdout
    assert f"approved/{SAMPLE.name}: 새로 29건" in done.stdout
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["followup-pass"]))
        )
    mine = [r for r in runs if r.created and r.created >= started]
    assert len(mine) == 1 and mine[0].state is not None and mine[0].state.is_completed()


def test_a_console_upload_is_extracted_as_a_flow_run_when_a_server_is_configured(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.settings import PREFECT_API_URL

    from followup.intake.ingest import approve_file
    from followup.web.admin.files import extract_now

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    row = approve_file(settings, SAMPLE, by="위원장")

    extract_now(settings, row.id or 0)

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["extract"])))
    # The other tests' extract runs took no ids: this one is the console's.
    mine = [r.state_name for r in runs if r.parameters == {"file_ids": [row.id]}]
    assert mine == ["Completed"], [(r.parameters, r.state_name) for r in runs]
    assert pending_files(settings) == []
