"""`followup run` as a new user runs it: a fresh folder, no Prefect server, no var/."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.guard import skip_if_not_working_day
from followup.outbox.channels import outbox_url
from tests.helpers import COMMITTEE, ROOT, SAMPLE, TAGS, channels, followup


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A folder with only the committee file and its channels (every tag to the local
    outbox folder), as the README's everyday use starts."""
    shutil.copy(COMMITTEE, tmp_path / "committee.yaml")
    channels(tmp_path, {tag: outbox_url(tmp_path / "var" / "outbox") for tag in TAGS})
    return tmp_path


def test_run_in_a_fresh_folder_works_without_a_prefect_server_and_creates_var(
    fresh: Path,
) -> None:
    empty = followup(fresh, "run")
    assert empty.returncode == 0, empty.stderr[-2000:]
    assert "Prefect 서버 없이 이 프로세스에서 실행" in empty.stdout
    assert "회의록: 새로 처리 0건 · 실패 0건" in empty.stdout
    assert (fresh / "var" / "followup.db").is_file()
    assert not (fresh / "var" / "prefect").exists()  # no Prefect state, no temporary server

    approved = fresh / "var" / "inbox" / "approved"
    approved.mkdir(parents=True)
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    first = followup(fresh, "run")
    assert first.returncode == 0, first.stderr[-2000:]
    assert "회의록: 새로 처리 1건 · 실패 0건" in first.stdout
    assert f"approved/{SAMPLE.name}: 새로 29건 · 철회 0건" in first.stdout
    # Five teams' notices, and the secretary's that the doubtful items wait for confirmation,
    # all kept in the local folder.
    assert "알림: 보냄 0건 · 로컬 보관 6건(부서에 보내지 않음) · 실패 0건" in first.stdout
    assert len(list((fresh / "var" / "outbox").glob("*.md"))) == 6

    idle = followup(fresh, "run")
    assert idle.returncode == 0, idle.stderr[-2000:]
    assert "후속조치: 새로 0건 · 유지 0건 · 철회 0건" in idle.stdout
    assert "알림: 보냄 0건" in idle.stdout and "미착수 29건" in idle.stdout


IDLE_PASS = """
import sys
from followup.intake.passes import run_in_process
from followup.settings import get_settings
result = run_in_process(get_settings())
print(len(result.synced), "kiwi" if "kiwipiepy" in sys.modules else "no-kiwi")
"""


def test_a_pass_with_nothing_to_extract_never_loads_kiwi(fresh: Path) -> None:
    approved = fresh / "var" / "inbox" / "approved"
    approved.mkdir(parents=True)
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    assert followup(fresh, "run").returncode == 0

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env["PYTHONPATH"] = str(ROOT)
    idle = subprocess.run(
        [sys.executable, "-c", IDLE_PASS],
        cwd=fresh,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert idle.returncode == 0, idle.stderr[-2000:]
    assert idle.stdout.split() == ["0", "no-kiwi"]


def test_a_failed_file_or_a_failed_send_makes_the_exit_status_non_zero(fresh: Path) -> None:
    approved = fresh / "var" / "inbox" / "approved"
    approved.mkdir(parents=True)
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    (approved / "blank.md").write_bytes(b"")
    # 통계조사팀's channel is a JSON webhook on a closed loopback port: the send fails.
    outbox = outbox_url(fresh / "var" / "outbox")
    channels(fresh, {t: "json://127.0.0.1:9/" if t == "statistics" else outbox for t in TAGS})

    failed = followup(fresh, "run")

    assert failed.returncode == 1, failed.stdout
    assert "회의록: 새로 처리 1건 · 실패 1건" in failed.stdout
    # The secretary's notices of the failed file and of the items waiting for confirmation,
    # and four teams' notices, kept in the folder.
    assert "알림: 보냄 0건 · 로컬 보관 6건(부서에 보내지 않음) · 실패 1건" in failed.stdout
    assert "통계조사팀: 보냄 0건 · 실패 1건" in failed.stdout
    assert "! blank.md: " in failed.stdout  # the file by its name, the reason in Korean
    assert (
        "오류: 이번 실행에서 회의록 파일 1건을 처리하지 못했습니다, 알림 1건을 보내지 못했습니다"
        in failed.stderr
    )
    assert failed.stderr.count("\n") == 1  # one line saying why; no traceback, no log noise


def test_the_schedule_guard_skips_korean_holidays_and_weekends_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("test.guard")
    with caplog.at_level(logging.INFO, logger="test.guard"):
        # 2024-01-01 09:00 KST is New Year's Day (a Monday); 2024-01-06 is a Saturday.
        assert skip_if_not_working_day(datetime(2024, 1, 1, 0, 0, tzinfo=UTC), logger=log)
        assert skip_if_not_working_day(datetime(2024, 1, 6, 0, 0, tzinfo=UTC), logger=log)
        # 2024-01-02 08:00 KST is a working day, although it is still 1 January in UTC.
        assert not skip_if_not_working_day(datetime(2024, 1, 1, 23, 0, tzinfo=UTC), logger=log)
    assert [r.getMessage() for r in caplog.records] == [
        "2024. 1. 1.(월): 공휴일이므로 예약 실행을 건너뜁니다 (근무일에만 실행).",
        "2024. 1. 6.(토): 주말이므로 예약 실행을 건너뜁니다 (근무일에만 실행).",
    ]
