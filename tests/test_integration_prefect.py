"""deploy/ as an operator runs it: a Prefect server on PostgreSQL, a process work pool, the
deployments from deploy/prefect.yaml, a worker, and a run of the pass through them.

Everything is real and on 127.0.0.1: the throwaway PostgreSQL server holds both Prefect's
database and the tracker's; ``prefect server start``, ``prefect deploy`` and ``prefect worker
start`` are the commands of deploy/README.md. Everything started here is stopped here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import yaml

from followup.committee import load_committee
from followup.outbox.channels import write_local_config
from tests.helpers import COMMITTEE, COUNCIL_SAMPLE, ROOT, SAMPLE, free_port
from tests.postgres import create_database

PREFECT = Path(sys.executable).parent / "prefect"
POOL = "followup"


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (the worker's flow-run processes among them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def signal_all(pids: list[int], signum: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process and everything it started, by pid; SIGKILL what is left after 15 s."""
    pids = [process.pid, *descendants(process.pid)]
    signal_all(pids, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    signal_all(pids, signal.SIGKILL)
    process.wait(timeout=5)


class Operator:
    """The commands of deploy/README.md, run from the repository root with one environment."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.logs = tmp_path / "logs"
        self.logs.mkdir()
        self.env = env
        self.started: list[subprocess.Popen[bytes]] = []
        self.began = time.monotonic()

    def mark(self, phase: str) -> None:
        """Print how long each phase took (shown with ``pytest -s``)."""
        now = time.monotonic()
        print(f"{phase}: {now - self.began:.1f} s")
        self.began = now

    def run(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [str(PREFECT), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [str(PREFECT), *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-4000:]

    def stop_all(self) -> None:
        for process in reversed(self.started):
            stop(process)


@pytest.fixture
def operator(tmp_path: Path, postgres: str) -> Iterator[tuple[Operator, str]]:
    """A Prefect server on PostgreSQL with the work pool, and the tracker's own database."""
    with (
        create_database(postgres) as prefect_db,
        create_database(postgres) as tracker_url,
        running(tmp_path, prefect_db, tracker_url) as started,
    ):
        yield started


@contextmanager
def running(tmp_path: Path, prefect_db: str, tracker_url: str) -> Iterator[tuple[Operator, str]]:
    prefect_url = prefect_db.replace("postgresql+psycopg://", "postgresql+asyncpg://")
    port = free_port()
    committee = tmp_path / "committee.yaml"
    shutil.copy(COMMITTEE, committee)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_API_DATABASE_CONNECTION_URL": prefect_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_WORKER_PREFETCH_SECONDS": "1",
        "FOLLOWUP_HOME": str(ROOT),
        "FOLLOWUP_DATABASE_URL": tracker_url,
        "FOLLOWUP_VAR_DIR": str(tmp_path / "var"),
        "FOLLOWUP_INBOX": str(tmp_path / "inbox"),
        "FOLLOWUP_OUTBOX": str(tmp_path / "outbox"),
        "FOLLOWUP_COMMITTEES": json.dumps([str(committee)]),
        "FOLLOWUP_BASE_URL": "https://followup.example.org",
        # The sample's tags all lead to the local outbox folder, as in the demo.
        "FOLLOWUP_APPRISE_CONFIG": str(
            write_local_config(
                tmp_path / "apprise.yaml",
                [t[4:] for team in load_committee(committee).teams for t in team.notify],
                tmp_path / "outbox",
            )
        ),
    }
    (tmp_path / "inbox" / "approved").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "inbox" / "approved" / SAMPLE.name)
    shutil.copy(COUNCIL_SAMPLE, tmp_path / "inbox" / COUNCIL_SAMPLE.name)  # a draft
    ops = Operator(tmp_path, env)
    try:
        server = ops.start("server", "server", "start", "--host", "127.0.0.1", "--port", str(port))
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, f"prefect server exited:\n{ops.log('server')}"
            assert time.monotonic() < deadline, f"no server after 90 s:\n{ops.log('server')}"
            try:
                if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        ops.mark("prefect server start (PostgreSQL)")
        ops.run("work-pool", "create", POOL, "--type", "process")
        ops.mark("prefect work-pool create")
        yield ops, tracker_url
    finally:
        ops.stop_all()


def declared_deployments() -> list[dict[str, Any]]:
    declared = yaml.safe_load((ROOT / "deploy" / "prefect.yaml").read_text(encoding="utf-8"))
    deployments: list[dict[str, Any]] = declared["deployments"]
    return deployments


def test_prefect_yaml_declares_what_followup_serve_serves() -> None:
    """Operators get the same deployments from a server and work pool as from `followup serve`."""
    from flows.deployments import deployments

    def from_yaml(d: dict[str, Any]) -> tuple[Any, ...]:
        schedules = [
            (s["cron"], s["timezone"], s.get("parameters", {})) for s in d.get("schedules", [])
        ]
        limit = d["concurrency_limit"]
        return d["name"], d["entrypoint"], schedules, limit["limit"], limit["collision_strategy"]

    served = []
    for d in deployments():
        schedules = [(s.schedule.cron, s.schedule.timezone, s.parameters) for s in d.schedules]  # type: ignore[union-attr]
        assert d.parameters == {}  # a run started by hand always runs, even on a holiday
        assert d.concurrency_options is not None
        strategy = d.concurrency_options.collision_strategy.value
        served.append((d.name, d.entrypoint, schedules, d.concurrency_limit, strategy))
    assert [from_yaml(d) for d in declared_deployments()] == served
    for _, entrypoint, *_ in served:
        assert (ROOT / entrypoint.split(":")[0]).is_file()  # relative to the repository root


def flow_run(api: str, run_id: str) -> dict[str, Any]:
    response = httpx.get(f"{api}/flow_runs/{run_id}", timeout=10)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def test_a_worker_runs_the_deployed_pass_into_the_trackers_postgresql(
    operator: tuple[Operator, str],
) -> None:
    ops, tracker_url = operator
    api = ops.env["PREFECT_API_URL"]
    deployed = ops.run("--no-prompt", "deploy", "--all", "--prefect-file", "deploy/prefect.yaml")
    assert "followup-pass/followup-pass" in deployed, deployed
    ops.mark("prefect deploy --all")

    listed = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
    by_name = {d["name"]: d for d in listed}
    assert sorted(by_name) == sorted(d["name"] for d in declared_deployments())
    (schedule,) = by_name["followup-pass"]["schedules"]
    assert schedule["schedule"] == {
        "cron": "0 8,13 * * 1-5",
        "timezone": "Asia/Seoul",
        "day_or": True,
    }
    assert schedule["parameters"] == {"scheduled": True}
    assert by_name["followup-pass"]["parameters"] == {}
    assert all(d["global_concurrency_limit"]["limit"] == 1 for d in listed)
    assert all(d["concurrency_options"]["collision_strategy"] == "ENQUEUE" for d in listed)
    assert all(d["work_pool_name"] == POOL for d in listed)

    worker = ops.start("worker", "worker", "start", "--pool", POOL, "--type", "process")
    started = ops.run("deployment", "run", "followup-pass/followup-pass")
    match = re.search(r"UUID:\s*([0-9a-f-]{36})", started)
    assert match, started
    run_id = match.group(1)
    ops.mark("prefect deployment run")

    deadline = time.monotonic() + 150
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        assert worker.poll() is None, f"worker exited:\n{ops.log('worker')}"
        state = flow_run(api, run_id)["state"]
        if state["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            break
        time.sleep(1)
    assert state.get("type") == "COMPLETED", f"{state}\n{ops.log('worker')}"
    ops.mark("worker picks up and completes the pass")

    engine = sa.create_engine(tracker_url)
    try:
        with engine.connect() as connection:
            items = connection.execute(sa.text("SELECT count(*) FROM action_item")).scalar_one()
            files = connection.execute(
                sa.text("SELECT path, status FROM minutes_file ORDER BY path")
            ).all()
            notices = connection.execute(
                sa.text("SELECT kind, subject FROM notification ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert items >= 18
    assert [tuple(row) for row in files] == [
        (f"approved/{SAMPLE.name}", "approved"),
        (COUNCIL_SAMPLE.name, "draft"),
    ]
    # Each team's notice, and the secretary's that the doubtful items wait for confirmation.
    assert sum(kind == "new_items" for kind, _ in notices) >= 5
    assert {kind for kind, _ in notices} == {"new_items", "awaiting_confirmation"}
    assert any("통계조사팀 후속조치 2건 배정 안내" in subject for _, subject in notices)
    outbox = Path(ops.env["FOLLOWUP_OUTBOX"])
    assert len(list(outbox.glob("*.md"))) == len(notices)
