"""README command 1 as a user runs it: `followup demo`, twice, then the secretary's listings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def followup(cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
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


def test_demo_prints_items_per_team_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    first = followup(tmp_path, "demo")
    assert first.returncode == 0, first.stderr[-2000:]
    assert "회의록: 승인 1건 · 초안 1건(처리 안 함) · 실패 0건" in first.stdout
    assert "■ 통계조사팀 — 2건" in first.stdout
    outbox = tmp_path / "var" / "demo" / "outbox"
    files = sorted(p.name for p in outbox.glob("*.md"))
    assert len(files) == 5 and any("통계조사팀" in name for name in files)

    second = followup(tmp_path, "demo")
    assert second.returncode == 0, second.stderr[-2000:]
    assert "후속조치: 새로 0건 · 유지 0건 · 철회 0건" in second.stdout
    assert "알림: 새로 보냄 0건" in second.stdout
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
    assert accepted.stdout.startswith(f"#{first_id} open (accepted): ")
