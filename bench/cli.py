"""How long a command takes to start and answer, beside Python doing nothing.

    python bench/cli.py [--runs N] [--var DIR]

Builds the demo's state in DIR (default: a fresh temporary folder; ``followup demo`` with
``FOLLOWUP_VAR_DIR=DIR``) once, then runs each command N times (default 9) as a user does,
``python -m followup.cli ...`` in a new process, and prints per command the median and the
best wall time, the median CPU time (user + system) and the ratio of the medians to
``python -c pass``. Targets (wall, median): ``followup --help`` <= 0.3 s, ``followup items``
and ``followup files`` <= 0.4 s. On a busy machine the wall times grow with the load while
the ratios and the CPU times move less; the line for ``python -c pass`` shows how busy it is.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"followup --help": 0.3, "followup items": 0.4, "followup files": 0.4}
COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("followup --help", [sys.executable, "-m", "followup.cli", "--help"]),
    ("followup items", [sys.executable, "-m", "followup.cli", "items"]),
    ("followup files", [sys.executable, "-m", "followup.cli", "files"]),
    ("followup check --help", [sys.executable, "-m", "followup.cli", "check", "--help"]),
]


def environment(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["FOLLOWUP_VAR_DIR"] = str(var)
    env["COLUMNS"] = "200"
    return env


def once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--var", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="followup-bench-cli-"))
    var = (args.var or work / "var").resolve()
    env = environment(var)
    if not (var / "followup.db").exists():
        demo = [sys.executable, "-m", "followup.cli", "demo"]
        subprocess.run(demo, env=env, cwd=work, capture_output=True, check=True)
    # One warm-up run each: the first start after a change compiles bytecode.
    for _, argv in COMMANDS:
        once(argv, env, work)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in COMMANDS}
    for _ in range(args.runs):  # interleaved, so a burst of load hits every command alike
        for name, argv in COMMANDS:
            runs[name].append(once(argv, env, work))
    baseline_wall = statistics.median(w for w, _ in runs["python -c pass"])
    baseline_cpu = statistics.median(c for _, c in runs["python -c pass"])
    print(f"{args.runs} runs each, demo database in {var}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'command':24} {'median':>8} {'best':>8} {'cpu':>8} {'x pass':>8} {'cpu x':>7}  target")
    failed = []
    for name, _ in COMMANDS:
        walls = [w for w, _ in runs[name]]
        cpus = [c for _, c in runs[name]]
        median, best, cpu = statistics.median(walls), min(walls), statistics.median(cpus)
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"<= {target:.1f} s {'ok' if median <= target else 'MISSED'}"
            if median > target:
                failed.append(name)
        print(
            f"{name:24} {median:7.3f}s {best:7.3f}s {cpu:7.3f}s {median / baseline_wall:7.1f}x "
            f"{cpu / max(baseline_cpu, 1e-3):6.1f}x  {verdict}"
        )
    if failed:
        print(f"missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
