"""Backfill through the Prefect flow versus the same pipeline as plain calls, side by side.

Generates N minutes files by varying the sample (meeting dates and numbers, the members'
and signatories' names, the order and presence of the members' turns), then imports them
twice in the same run, each time into a fresh SQLite database and inbox:

* plain: ``followup.backfill.plan`` + ``import_batch`` per batch, in this process, with no
  Prefect server running (every N first);
* flow: ``flows.backfill.backfill_flow`` under a real temporary Prefect server
  (``prefect_test_harness``; the server is started before the clock starts, as a running
  server would be in production).

Kiwi is built once before either is timed (both share the process). Prints, per N: both
times, their ratio (target <= 1.3), files/s, and the peak RSS summed over this process and
all its children (the Prefect server included; target <= 700 MB).

    .venv/bin/python bench/backfill.py              # N = 10, 100, 1000
    .venv/bin/python bench/backfill.py --max-n 100  # quick: N = 10, 100
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "inbox" / "approved" / "seoul-bigdata-committee-2023-2.md"
COMMITTEE = ROOT / "examples" / "committee.yaml"
WEEKDAYS = "월화수목금토일"
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "광섭",
    "지희",
    "선우",
    "은경",
    "유정",
    "효주",
    "은최",
    "현우",
    "민준",
    "서연",
    "도윤",
    "하은",
]
TURN = re.compile(r"^#{2,3} 〈")


def variant(text: str, index: int, rng: random.Random) -> str:
    """One plausible other meeting of the same committee, built from the sample."""
    held = date(2012, 1, 6) + timedelta(days=14 * index)
    number = index % 4 + 1
    text = text.replace(
        "2023. 12. 15.(금)", f"{held.year}. {held.month}. {held.day}.({WEEKDAYS[held.weekday()]})"
    )
    text = text.replace("2023. 12.", f"{held.year}. {held.month}.")
    text = text.replace("2023년 2차", f"{held.year}년 {number}차 ({index + 1}회)")
    for name in [
        "김광섭",
        "김지희",
        "이선우",
        "이은경",
        "송유정",
        "정효주",
        "최은정",
        "황보현우",
        "윤충식",
        "박창현",
    ]:
        text = text.replace(name, rng.choice(SURNAMES) + rng.choice(GIVEN))
    head, body = text.split("## □ 회의록(요약)", 1)
    blocks: list[list[str]] = [[]]
    for line in body.split("\n"):
        if TURN.match(line):
            blocks.append([])
        blocks[-1].append(line)
    opening, turns = blocks[:6], blocks[6:]
    kept = [t for t in turns if "〈000위원〉" not in t[0] or rng.random() > 0.15]
    for i in range(0, len(kept) - 1, 2):  # swap some neighbouring turns
        if rng.random() < 0.2:
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return head + "## □ 회의록(요약)" + "\n".join("\n".join(b) for b in opening + kept)


def generate(folder: Path, n: int, *, seed: int = 7) -> list[Path]:
    """Write N variants of the sample into ``folder``; return their paths."""
    rng = random.Random(seed)
    text = SAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"minutes-{i:05d}.md"
        path.write_text(variant(text, i, rng), encoding="utf-8")
        paths.append(path)
    return paths


class PeakRss:
    """Samples the summed RSS of this process and all its descendants (from /proc)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self.peak = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self.sample())

    @staticmethod
    def sample() -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            parents[int(entry)] = int(fields.get("PPid", "0").strip())
            rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
        ours, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            pid = frontier.pop()
            for child, parent in parents.items():
                if parent == pid and child not in ours:
                    ours.add(child)
                    frontier.append(child)
        return sum(rss.get(pid, 0) for pid in ours)


def use_state(base: Path) -> None:
    """Point the settings at a fresh var/ and inbox under ``base``."""
    from followup.settings import get_settings

    os.environ.update(
        {
            "FOLLOWUP_VAR_DIR": str(base / "var"),
            "FOLLOWUP_INBOX": str(base / "inbox"),
            "FOLLOWUP_OUTBOX": str(base / "outbox"),
            "FOLLOWUP_COMMITTEES": json.dumps([str(COMMITTEE)]),
        }
    )
    os.environ.pop("FOLLOWUP_DATABASE_URL", None)
    get_settings.cache_clear()


def plain(archive: Path, batch_size: int) -> int:
    from followup.backfill import BatchReport, import_batch, plan
    from followup.settings import get_settings

    settings = get_settings()
    work = plan(settings, archive, batch_size=batch_size)
    total = BatchReport()
    for batch in work.batches:
        total.merge(
            import_batch(settings, archive, batch, approved_by="bench", quiet_before=work.cutoff)
        )
    return total.synced


def through_flow(archive: Path, batch_size: int) -> int:
    from flows.backfill import backfill_flow

    report = backfill_flow(str(archive), approved_by="bench", batch_size=batch_size)
    return report.synced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-n", type=int, default=1000, help="largest N to run")
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()
    sizes = [n for n in (10, 100, 1000) if n <= args.max_n]

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    from prefect.testing.utilities import prefect_test_harness

    from followup.committee import load_committee
    from followup.minutes.read import ReadLimits
    from followup.sync import read_and_extract

    read_and_extract(  # build Kiwi once, untimed, for both
        SAMPLE, committees=[load_committee(COMMITTEE)], read_limits=ReadLimits(1 << 26, 1 << 28)
    )
    work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    plain_runs: dict[int, tuple[float, int]] = {}
    try:
        for n in sizes:  # plain calls first, with no Prefect server running
            archive = work / f"archive-{n}"
            generate(archive, n)
            use_state(work / f"plain-{n}")
            with PeakRss() as rss:
                start = time.perf_counter()
                assert plain(archive, args.batch_size) == n
                plain_runs[n] = (time.perf_counter() - start, rss.peak)
        with prefect_test_harness(server_startup_timeout=180):
            for n in sizes:
                use_state(work / f"flow-{n}")
                with PeakRss() as rss:
                    start = time.perf_counter()
                    assert through_flow(work / f"archive-{n}", args.batch_size) == n
                    flow_s = time.perf_counter() - start
                plain_s, plain_peak = plain_runs[n]
                print(
                    f"N={n:>5}  plain {plain_s:7.1f} s ({n / plain_s:5.2f} files/s)  "
                    f"flow {flow_s:7.1f} s ({n / flow_s:5.2f} files/s)  "
                    f"ratio {flow_s / plain_s:4.2f} (target <= 1.3)  "
                    f"peak RSS plain {plain_peak / 2**20:4.0f} MB, "
                    f"flow + server {rss.peak / 2**20:4.0f} MB (target <= 700)",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
