"""First use and the scheduled steps by hand: `followup init` then `followup run` in an empty
folder; `followup poll` and `followup remind` without a Prefect server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from followup.cli import app
from followup.settings import Settings
from tests.helpers import ROOT, SAMPLE


def followup(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "followup.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_init_then_run_in_an_empty_folder(tmp_path: Path) -> None:
    missing = followup(tmp_path, "run")
    assert missing.returncode == 2
    assert "위원회 파일이 없습니다: committee.yaml" in missing.stderr
    assert "followup init" in missing.stderr and not (tmp_path / "var").exists()

    first = followup(tmp_path, "init")
    assert first.returncode == 0, first.stderr
    for name in ("committee.yaml", "apprise.yaml", ".env"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "var" / "inbox" / "approved").is_dir()
    lines = first.stdout.splitlines()
    steps = [line for line in lines if line.lstrip().startswith(("1. ", "2. ", "3. "))]
    assert [s.split()[1:3] for s in steps] == [
        ["followup", "approve"],
        ["followup", "run"],
        ["followup", "items"],
    ]
    committee = (tmp_path / "committee.yaml").read_text(encoding="utf-8")
    assert "# 위원회 파일" in committee and "committee: ○○위원회" in committee
    channels = yaml.safe_load((tmp_path / "apprise.yaml").read_text(encoding="utf-8"))
    tags = sorted(
        tag["tag"] for entry in channels["urls"] for tags in entry.values() for tag in tags
    )
    assert tags == ["operations", "planning", "secretary"]
    assert all(url.startswith("outbox://") for entry in channels["urls"] for url in entry)

    ran = followup(tmp_path, "run")
    assert ran.returncode == 0, ran.stderr
    assert "followup 실행 결과 — ○○위원회" in ran.stdout
    assert "수신함이 비어 있습니다: 승인된 회의록은 var/inbox/approved/ 에" in ran.stdout

    # Nothing is overwritten: an edited committee file stays as the secretary left it.
    (tmp_path / "committee.yaml").write_text(committee.replace("○○위원회", "시험위원회"), "utf-8")
    again = followup(tmp_path, "init")
    assert again.returncode == 0, again.stderr
    assert "그대로 둠: committee.yaml" in again.stdout and "만듦" not in again.stdout
    assert "시험위원회" in (tmp_path / "committee.yaml").read_text(encoding="utf-8")


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), prog_name="followup")
    assert result.exit_code == 0, result.output
    return result.output


def test_poll_and_remind_run_once_in_process(settings: Settings) -> None:
    from followup.intake.passes import run_in_process

    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    with_clock = {"FOLLOWUP_FIXED_NOW": "2024-05-20T09:30+09:00"}
    os.environ.update(with_clock)
    try:
        run_in_process(Settings())
    finally:
        os.environ.pop("FOLLOWUP_FIXED_NOW")
    before = set(settings.outbox.glob("*.md"))

    polled = invoke("poll", "--now", "2024-05-22T09:00+09:00")
    assert "Prefect 서버 없이 이 프로세스에서 실행" in polled
    assert "서울특별시 빅데이터심의위원회 — 2024. 5. 22.(수)" in polled
    assert "다음 회의: 2024. 6. 14.(금)" in polled and "오늘의 현황" in polled

    # 2024-05-23 is 15 working days before the 14 June session: the D-15 step, one per team;
    # and the third working day since the secretary was told items await confirmation: told
    # again, once.
    reminded = invoke("remind", "--now", "2024-05-23T09:30+09:00")
    assert "오늘의 단계: D-15 회의 전 이행상황 입력 요청" in reminded
    assert "보내기: 보냄 6건" in reminded
    sent = set(settings.outbox.glob("*.md")) - before
    asked = [p for p in sent if "이행상황-입력-요청" in p.name]
    told_again = [p for p in sent if "다시-알림" in p.name and "확인을-기다립니다" in p.name]
    assert len(asked) == 5 and len(told_again) == 1 and len(sent) == 6
    again = invoke("remind", "--now", "2024-05-23T11:00+09:00")
    assert "새 메시지: 0건 (이미 보냈습니다)" in again and "보냄 0건" in again
    assert "FOLLOWUP_FIXED_NOW" not in os.environ  # --now lasts for its command only

    # A scheduled run (cron) on a Saturday does nothing and says why.
    saturday = invoke("remind", "--scheduled", "--now", "2024-05-25T09:00+09:00")
    assert "주말이므로 예약 실행을 건너뜁니다" in saturday and "followup 알림" not in saturday
