"""README command 1 as a user runs it: `followup demo`, twice, then the secretary's listings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def followup(cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env["PYTHONPATH"] = str(ROOT)  # this checkout, wherever the package is installed from
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-m", "followup.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_demo_plays_one_cycle_into_the_local_outbox_and_a_second_run_adds_nothing(
    tmp_path: Path,
) -> None:
    first = followup(tmp_path, "demo")
    assert first.returncode == 0, first.stderr[-2000:]
    out = first.stdout
    assert "회의록: 승인 1건 · 초안 1건(처리 안 함) · 실패 0건" in out
    assert "통계조사팀이 링크에서 이행상황을 입력" in out and "추진 중: 기록함" in out
    assert "D-15 (2024-06-14 회의): 회의 전 이행상황 입력 요청" in out
    assert "회의 전 현황 보고 1건" in out
    outbox = tmp_path / "var" / "demo" / "outbox"
    assert str(outbox.resolve()) in out
    files = sorted(p.name for p in outbox.glob("*.md"))
    assigned = [n for n in files if "배정-안내" in n]
    reminders = [n for n in files if "이행상황-입력-요청" in n]
    digests = [n for n in files if "조치결과-현황" in n]
    assert len(assigned) == 5 and any("통계조사팀" in n for n in assigned)
    assert len(reminders) == 10  # D-15 and D-7, one per team with open items
    assert len(digests) == 1
    attached = sorted(p.name for p in (outbox / digests[0]).with_suffix(".files").iterdir())
    assert {"report-2024-06-14.docx", "report-2024-06-14.hwpx", "report-2024-06-14.csv"} <= set(
        attached
    )
    assert (outbox / digests[0]).with_suffix(".html").exists()

    second = followup(tmp_path, "demo")
    assert second.returncode == 0, second.stderr[-2000:]
    assert "후속조치: 새로 0건 · 유지 0건 · 철회 0건" in second.stdout
    assert "알림: 보냄 0건 · 실패 0건" in second.stdout
    assert "이미 기록됨" in second.stdout and "새 메시지: 없음" in second.stdout
    # The summary says what changed and the totals, never the backlog item by item.
    assert "가계부채" not in second.stdout.split("시연 한 주기")[0]
    assert sorted(p.name for p in outbox.glob("*.md")) == files

    listed = followup(tmp_path, "files", FOLLOWUP_VAR_DIR="var/demo")
    assert listed.returncode == 0, listed.stderr
    assert "승인 approved/seoul-bigdata-committee-2023-2.md (approved 폴더에 넣어 승인)" in (
        listed.stdout
    )
    assert "초안 seoul-council-ai-special-cmte-2025-10-30.txt" in listed.stdout
    queue = followup(tmp_path, "review", FOLLOWUP_VAR_DIR="var/demo")
    assert queue.returncode == 0, queue.stderr
    assert "신뢰도가 낮아 아직 보내지 않은 항목" in queue.stdout
    first_id = queue.stdout.split("#", 1)[1].split(" ", 1)[0]
    accepted = followup(
        tmp_path, "review", "accept", first_id, "--by", "박창현", FOLLOWUP_VAR_DIR="var/demo"
    )
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith(f"#{first_id} 미착수 (간사 확인): ")
