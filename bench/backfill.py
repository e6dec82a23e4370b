"""Backfill through the Prefect flow versus the same pipeline as plain calls, side by side.

Generates N minutes files by varying the sample (meeting dates and numbers, the members'
and signatories' names, the order and presence of the members' turns), then imports them
twice in the same run, each time into a fresh SQLite database and inbox:

* plain: ``followup.intake.backfill.plan`` + ``import_batch`` per batch, with no Prefect server
  running (every N first);
* flow: ``flows.backfill.backfill_flow`` against a real ``prefect server start`` (SQLite,
  127.0.0.1), started once before the flow runs, as a running server would be in production.

Each run is a fresh process, as a CLI call or a worker's flow run is, on databases migrated
before it starts (a deployment migrates once, at setup): it builds Kiwi and runs its path once
on a two-file archive (the first flow run in a process imports Prefect's engine) before the
clock starts. Prints, per N: both times (the median of several runs for small N),
their ratio (target <= 1.3), files/s, the peak RSS of each path's process (ru_maxrss), and the
peak of the flow process and the Prefect server summed (target <= 700 MB).

    .venv/bin/python bench/backfill.py              # N = 10, 100, 1000
    .venv/bin/python bench/backfill.py --max-n 100  # quick: N = 10, 100
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

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
# A flow run's fixed cost (API calls, the heartbeat thread's join) is up to a second either
# way: small archives are timed several times and the medians compared.
REPEATS = {10: 5, 100: 3}


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
    """Samples, from /proc, the RSS summed over this process's descendants (the measured run
    and, for the flow path, the Prefect server): ``peak`` is the largest sum seen."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
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
        ours, frontier = set(), [os.getpid()]
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
    from followup.intake.backfill import BatchOutcome, import_batch, plan
    from followup.settings import get_settings

    settings = get_settings()
    work = plan(settings, archive, batch_size=batch_size)
    total = BatchOutcome()
    for batch in work.batches:
        total.merge(
            import_batch(settings, archive, batch, approved_by="bench", quiet_before=work.cutoff)
        )
    return total.synced


def through_flow(archive: Path, batch_size: int) -> int:
    from flows.backfill import backfill_flow

    report = backfill_flow(str(archive), approved_by="bench", batch_size=batch_size)
    return report.synced


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path) -> subprocess.Popen[bytes]:
    """``prefect server start`` on 127.0.0.1 with its own home, as an operator runs it; this
    process's Prefect settings point at it (set before Prefect is first imported)."""
    port = free_port()
    os.environ.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
    )
    prefect = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while True:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("prefect server start did not come up")
        try:
            with urllib.request.urlopen(f"{os.environ['PREFECT_API_URL']}/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)


def measured_run(path: str, archive: Path, warm: Path, state: Path, batch_size: int) -> None:
    """The child: build Kiwi and run ``path`` once on the warm-up archive, untimed, then time
    it on ``archive``; print the time, the files synced and this process's peak RSS as JSON."""
    from followup.committee import load_committee
    from followup.intake.sync import read_and_extract
    from followup.minutes.read import ReadLimits

    run = plain if path == "plain" else through_flow
    read_and_extract(
        SAMPLE, committees=[load_committee(COMMITTEE)], read_limits=ReadLimits(1 << 26, 1 << 28)
    )
    use_state(state / "warm-up")
    run(warm, batch_size)
    use_state(state / "run")
    start = time.perf_counter()
    synced = run(archive, batch_size)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "synced": synced, "peak": peak}))


class Run(NamedTuple):
    seconds: float
    own: int  # the measured process's peak RSS
    every: int  # the peak of the RSS summed over it and the Prefect server, if any


def spawn(path: str, archive: Path, warm: Path, state: Path, n: int, batch_size: int) -> Run:
    """One measured run in a fresh process, as a worker's flow run or a CLI call is, on
    databases migrated beforehand (by this process), as a deployment's setup migrates once."""
    from followup.settings import get_settings
    from models.db import get_engine

    for database in ("warm-up", "run"):
        use_state(state / database)
        get_engine(get_settings().resolved_database_url).dispose()
    command = [sys.executable, __file__, "--batch-size", str(batch_size)]
    command += ["--run", path, str(archive), str(warm), str(state)]
    with PeakRss() as rss:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{path} run failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["synced"] == n, result
    return Run(result["seconds"], result["peak"], max(rss.peak, result["peak"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-n", type=int, default=1000, help="largest N to run")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--run", nargs=4, metavar=("PATH", "ARCHIVE", "WARM", "STATE"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.run:
        path, archive, warm, state = args.run
        measured_run(path, Path(archive), Path(warm), Path(state), args.batch_size)
        return
    sizes = [n for n in (10, 100, 1000) if n <= args.max_n]
    work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    warm = work / "archive-warm-up"
    generate(warm, 2, seed=1)
    runs = {n: REPEATS.get(n, 1) for n in sizes}
    plain_runs: dict[int, list[Run]] = {}
    server = None
    try:
        for n in sizes:  # plain calls first, with no Prefect server running
            archive = work / f"archive-{n}"
            generate(archive, n)
            plain_runs[n] = [
                spawn("plain", archive, warm, work / f"plain-{n}-{k}", n, args.batch_size)
                for k in range(runs[n])
            ]
        server = start_server(work / "prefect-home")
        for n in sizes:
            archive = work / f"archive-{n}"
            flow_runs = [
                spawn("flow", archive, warm, work / f"flow-{n}-{k}", n, args.batch_size)
                for k in range(runs[n])
            ]
            plain_s = statistics.median(r.seconds for r in plain_runs[n])
            flow_s = statistics.median(r.seconds for r in flow_runs)
            print(
                f"N={n:>5}  plain {plain_s:7.1f} s ({n / plain_s:5.2f} files/s)  "
                f"flow {flow_s:7.1f} s ({n / flow_s:5.2f} files/s)  "
                f"ratio {flow_s / plain_s:4.2f} (target <= 1.3)"
                + (f", median of {runs[n]} runs" if runs[n] > 1 else "")
                + f"  peak RSS: plain {max(r.own for r in plain_runs[n]) / 2**20:4.0f} MB; "
                f"flow process {max(r.own for r in flow_runs) / 2**20:4.0f} MB, "
                f"with the Prefect server {max(r.every for r in flow_runs) / 2**20:4.0f} MB "
                "(target <= 700)",
                flush=True,
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
