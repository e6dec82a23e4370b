"""Wall time of a one-shot `followup run` next to the work it does, measured inside.

    python bench/pass.py [--rounds N]

For N fresh folders (the committee file and the sample inbox, no var/): the wall time of
`followup run` as a subprocess (a pass with the sample minutes, then an idle pass with
nothing new), and the same pass as plain calls in this process (`run_in_process`, imports
done and Kiwi built beforehand, so only the work is timed). Prints the medians, wall and
CPU, side by side with their difference (start-up and other overhead; target <= 3 s) and
ratio, Kiwi's build on its own (with its first analysis, which loads the rest of its model; a
pass with a file pays it, an idle pass never), and the idle pass's wall time (target <= 3 s).
On a busy machine read the CPU rows. A set PREFECT_API_URL is removed: this measures the
default mode, without a Prefect server.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def fresh_folder(base: Path) -> Path:
    """A folder as a new user has it: the committee file, its channels (every tag to the
    local outbox folder, as the demo has them), the sample minutes in var/inbox."""
    from followup.committee import load_committee
    from followup.outbox.channels import write_local_config

    base.mkdir(parents=True)
    shutil.copy(EXAMPLES / "committee.yaml", base / "committee.yaml")
    tags = [
        target.removeprefix("tag:")
        for team in load_committee(base / "committee.yaml").teams
        for target in team.notify
    ]
    config = write_local_config(base / "apprise.yaml", tags, base / "var" / "outbox")
    (base / ".env").write_text(f"FOLLOWUP_APPRISE_CONFIG={config}\n", encoding="utf-8")
    for source in sorted((EXAMPLES / "inbox").rglob("*")):
        if source.is_file():
            target = base / "var" / "inbox" / source.relative_to(EXAMPLES / "inbox")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return base


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def followup_run(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `followup run` subprocess in ``folder``."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "followup.cli", "run"],
        cwd=folder,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"followup run failed in {folder}:\n{done.stdout}\n{done.stderr}")
    return wall, children_cpu() - cpu


def in_process(folder: Path) -> Callable[[], tuple[float, float]]:
    """The same pass as plain calls here, with this folder's settings; returns a timer of
    wall and CPU seconds."""
    from followup.intake.passes import run_in_process
    from followup.settings import Settings

    settings = Settings(
        var_dir=folder / "var",
        inbox=folder / "var" / "inbox",
        outbox=folder / "var" / "outbox",
        committees=[folder / "committee.yaml"],
        apprise_config=folder / "apprise.yaml",
    )

    def timed() -> tuple[float, float]:
        cpu, start = time.process_time(), time.perf_counter()
        run_in_process(settings)
        return time.perf_counter() - start, time.process_time() - cpu

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from followup.korean import get_kiwi

    # Built once before timing; its cost is shown on its own, as part of a pass with a file.
    # The build includes Kiwi's first analysis, which loads the rest of its model.
    kiwi_cpu, start = time.process_time(), time.perf_counter()
    get_kiwi()
    kiwi_wall, kiwi_cpu = time.perf_counter() - start, time.process_time() - kiwi_cpu
    rows: dict[str, list[float]] = {
        "sample_wall": [],
        "sample_cpu": [],
        "idle_wall": [],
        "idle_cpu": [],
        "sample_work": [],
        "sample_work_cpu": [],
        "idle_work": [],
        "idle_work_cpu": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-pass-") as tmp:
        for n in range(args.rounds):
            cli = fresh_folder(Path(tmp) / f"cli-{n}")
            wall, cpu = followup_run(cli)
            rows["sample_wall"].append(wall)
            rows["sample_cpu"].append(cpu)
            wall, cpu = followup_run(cli)
            rows["idle_wall"].append(wall)
            rows["idle_cpu"].append(cpu)

            timer = in_process(fresh_folder(Path(tmp) / f"plain-{n}"))
            for name in ("sample", "idle"):
                wall, cpu = timer()
                rows[f"{name}_work"].append(wall)
                rows[f"{name}_work_cpu"].append(cpu)

    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"followup run, median of {args.rounds} fresh folders (no Prefect server)")
    print(f"{'':12}{'':6}{'followup run':>13}{'work inside':>13}{'overhead':>10}{'ratio':>8}")
    for name in ("sample", "idle"):
        for kind, run_key, work_key in (
            ("wall", f"{name}_wall", f"{name}_work"),
            ("cpu", f"{name}_cpu", f"{name}_work_cpu"),
        ):
            run, work = med[run_key], med[work_key]
            print(
                f"{name + ' pass':12}{kind:6}{run:12.2f}s{work:12.2f}s"
                f"{run - work:9.2f}s{run / work:7.1f}x"
            )
    print(
        "Kiwi build and first analysis (once per process, only for a pass with a file): "
        f"{kiwi_wall:.2f} s wall, {kiwi_cpu:.2f} s cpu"
    )
    overhead = med["sample_wall"] - med["sample_work"] - kiwi_wall
    print(
        f"overhead beyond the work and Kiwi's build: {overhead:.2f} s wall, "
        f"{med['sample_cpu'] - med['sample_work_cpu'] - kiwi_cpu:.2f} s cpu (target <= 3 s); "
        f"idle pass in all: {med['idle_wall']:.2f} s (target <= 3 s); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(json.dumps({k: [round(x, 3) for x in v] for k, v in rows.items()}))


if __name__ == "__main__":
    main()
