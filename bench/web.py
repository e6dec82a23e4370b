"""The team page and the secretary's dashboard under load, served the way README documents
for production.

Starts ``uvicorn --factory followup.web.app:create_app --workers 2 --no-server-header
--proxy-headers`` on 127.0.0.1 over a fresh SQLite database holding a team with 50 items
(each with a report, a trail row and an open request) and, around it, a committee's backlog
(every team, three meetings, 60 days of the poll's snapshots, overdue, silent and failed
messages); signs a secretary in through the console's form, then drives both pages from a
separate process (``bench/web.py --client``: raw HTTP/1.1 keep-alive connections on asyncio):

* closed loop, 50 clients, for a bounded time: the team page, ``/healthz``, then the
  signed-in dashboard (``/admin/``, with the session cookie);
* open loop at 100 requests/s on the team page (latency counted from each request's
  scheduled time, so a stall is not hidden).

Prints req/s and p50/p95/p99 for each, and each target's ratio. Targets on 2 cores:
>= 300 req/s closed loop on the team page, p95 <= 30 ms at 100 req/s; the dashboard
>= 300 req/s and p95 <= 200 ms with 50 clients.

    .venv/bin/python bench/web.py [--seconds 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRETARY = "벤치간사"
PASSWORD = "bench password 1"
BACKLOG_ITEMS = 60  # per meeting, over every team


# --- the client (runs in its own process) ---


async def _connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def _get(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], request: bytes) -> int:
    reader, writer = conn
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


def _request(path: str, cookie: str = "") -> bytes:
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n{extra}\r\n".encode()


async def closed_loop(
    port: int, path: str, clients: int, seconds: float, cookie: str = ""
) -> dict[str, object]:
    request = _request(path, cookie)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        conn = await _connect(port)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            if await _get(conn, request) != 200:
                errors += 1
            latencies.append(time.perf_counter() - start)
        conn[1].close()

    begun = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return _summary(latencies, time.perf_counter() - begun, errors)


async def open_loop(port: int, path: str, rate: float, seconds: float) -> dict[str, object]:
    request = _request(path)
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    latencies: list[float] = []
    errors = 0

    async def one(scheduled: float) -> None:
        nonlocal errors
        conn = idle.pop() if idle else await _connect(port)
        try:
            status = await _get(conn, request)
        except (asyncio.IncompleteReadError, ConnectionError):
            # the server closed a keep-alive connection left idle past its timeout (5 s)
            conn = await _connect(port)
            status = await _get(conn, request)
        if status != 200:
            errors += 1
        latencies.append(time.perf_counter() - scheduled)
        idle.append(conn)

    begun = time.perf_counter()
    tasks = []
    for n in range(int(rate * seconds)):
        scheduled = begun + n / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    return _summary(latencies, time.perf_counter() - begun, errors)


def _summary(latencies: list[float], elapsed: float, errors: int) -> dict[str, object]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "requests": len(ordered),
        "errors": errors,
        "rps": len(ordered) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
    }


def client_main(args: argparse.Namespace) -> None:
    async def run() -> dict[str, object]:
        # Warm every worker's caches first.
        await closed_loop(args.port, args.page, 8, 1.0)
        await closed_loop(args.port, "/admin/", 8, 1.0, args.cookie)
        return {
            "team page, closed loop, 50 clients": await closed_loop(
                args.port, args.page, 50, args.seconds
            ),
            "/healthz, closed loop, 50 clients": await closed_loop(
                args.port, "/healthz", 50, args.seconds
            ),
            "team page, open loop, 100 req/s": await open_loop(
                args.port, args.page, 100.0, args.seconds
            ),
            "dashboard, closed loop, 50 clients": await closed_loop(
                args.port, "/admin/", 50, args.seconds, args.cookie
            ),
        }

    print(json.dumps(asyncio.run(run())))


# --- set-up and the server ---


def seed(env: dict[str, str], items: int) -> str:
    """A fresh database with one team holding ``items`` items; the team page's path."""
    os.environ.update(env)
    from followup import store
    from followup.calendar import utc_now
    from followup.codes import FileStatus
    from followup.committee import configured_committees
    from followup.loop import team_links
    from followup.settings import get_settings
    from followup.web.admin.auth import hash_password
    from models.db import session_scope
    from models.tables import Meeting, MinutesFile, StatusUpdate, Team

    get_settings.cache_clear()
    settings = get_settings()
    committee = configured_committees(settings)[0]
    team_name = committee.teams[1].name
    now = utc_now()
    with session_scope(settings.resolved_database_url) as session:
        ids = store.ensure_committee(session, committee=committee)
        team_id = ids.teams[team_name]
        meeting = Meeting(
            committee_id=ids.committee_id, title="벤치 회의", held_on=date(2024, 1, 5)
        )
        file = MinutesFile(path="bench.md", status=FileStatus.APPROVED)
        session.add(meeting)
        session.add(file)
        session.flush()
        for n in range(items):
            item = bench_item(
                file,
                meeting,
                n,
                key=f"bench-{n}",
                summary=f"데이터 기반 행정 활성화를 위한 후속 조치 {n}번을 마련할 것",
                team_id=team_id,
                routing_reason="keywords: 데이터기반행정",
                effective_due=date(2024, 6, 14),
                report_note="관계 부서와 협의 중입니다.",
                reporter="김담당",
                reported_at=now,
            )
            session.add(item)
            session.flush()
            session.add(
                StatusUpdate(
                    action_item_id=item.id or 0,
                    new_status=item.status,
                    channel="link",
                    actor="김담당",
                    report_note="관계 부서와 협의 중입니다.",
                )
            )
            if n % 5 == 0:
                store.add_change_request(
                    session,
                    item_id=item.id or 0,
                    team_id=team_id,
                    kind="extension",
                    new_due=date(2099, 1, 1),
                    reason="예산 협의",
                    requested_by="김담당",
                    now=now,
                )
        others = [t for t in ids.teams.values() if t != team_id]
        seed_backlog(session, ids.committee_id, others, now)
        store.save_secretary(
            session,
            name=SECRETARY,
            password_hash=hash_password(PASSWORD),
            committee_ids=[ids.committee_id],
            now=now,
        )
        team = session.get(Team, team_id)
        assert team is not None
        link = team_links.link_for(settings, team, now=now)
    return link.removeprefix(settings.base_url.rstrip("/"))


def bench_item(file: Any, meeting: Any, n: int, *, key: str, summary: str, **fields: Any) -> Any:
    """The ``n``-th item of a meeting: a recommendation of the 4 live statuses in turn."""
    from followup.codes import LIVE_STATUSES
    from models.tables import ActionItem

    return ActionItem(
        minutes_file_id=file.id or 0,
        meeting_id=meeting.id or 0,
        natural_key=key,
        kind="recommendation",
        summary=summary,
        source_text="위원 발언 원문 " * 20,
        line_start=n * 3,
        line_end=n * 3 + 2,
        speaker="위원 홍길동",
        speaker_role="member",
        status=LIVE_STATUSES[n % 4],
        **fields,
    )


def seed_backlog(session: Any, committee_id: int, team_ids: list[int], now: datetime) -> None:
    """What the dashboard summarises: three meetings' items over every team (some overdue,
    some never reported on), 60 days of the poll's snapshots and a few failed messages."""
    from followup.codes import LIVE_STATUSES, DeliveryState, FileStatus, ItemStatus
    from models.tables import Meeting, MinutesFile, Notification, Snapshot

    today = now.date()
    for m in range(3):
        meeting = Meeting(
            committee_id=committee_id,
            title=f"벤치 {m + 1}차 위원회",
            held_on=today - timedelta(days=90 * (3 - m)),
        )
        file = MinutesFile(path=f"backlog-{m}.md", status=FileStatus.APPROVED)
        session.add(meeting)
        session.add(file)
        session.flush()
        for n in range(BACKLOG_ITEMS):
            status = LIVE_STATUSES[n % 4]  # as bench_item sets it
            session.add(
                bench_item(
                    file,
                    meeting,
                    n,
                    key=f"backlog-{m}-{n}",
                    summary=f"{m + 1}차 회의 권고 {n}번: 부서 간 데이터 연계 방안을 마련할 것",
                    team_id=team_ids[n % len(team_ids)],
                    effective_due=today + timedelta(days=30 * (m - 1) + n % 7),
                    announced_at=now - timedelta(days=60),
                    reported_at=None if status == ItemStatus.OPEN else now - timedelta(days=n % 20),
                )
            )
    for day in range(60):
        for team_id in team_ids:
            for k, status in enumerate(LIVE_STATUSES):
                session.add(
                    Snapshot(
                        committee_id=committee_id,
                        team_id=team_id,
                        taken_on=today - timedelta(days=day),
                        status=status,
                        count=5 + (day + k) % 7,
                    )
                )
    for n in range(5):
        session.add(
            Notification(
                dedupe_key=f"bench-failed-{n}",
                kind="reminder",
                committee_id=committee_id,
                team_id=team_ids[n % len(team_ids)],
                subject=f"이행상황 입력 요청 {n}",
                body="본문",
                status=DeliveryState.FAILED,
                last_error="연결이 거부되었습니다",
            )
        )


def sign_in(port: int) -> str:
    """The console's session cookie after signing in through its form, as a browser would."""
    base = f"http://127.0.0.1:{port}/admin"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/login", timeout=10) as response:
        token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode())
    assert token, "the sign-in form's CSRF token"
    form = urllib.parse.urlencode({"csrf": token[1], "name": SECRETARY, "password": PASSWORD})
    with opener.open(f"{base}/login", data=form.encode(), timeout=10) as response:
        assert response.url.endswith("/admin/"), response.url
    cookie = next(c for c in jar if c.name == "followup_admin")
    return f"followup_admin={cookie.value}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--page", default="", help=argparse.SUPPRESS)
    parser.add_argument("--cookie", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(args)
        return

    work = Path(tempfile.mkdtemp(prefix="followup-bench-web-"))
    port = free_port()
    shutil.copy(ROOT / "examples" / "committee.yaml", work / "committee.yaml")
    env = {
        "FOLLOWUP_VAR_DIR": str(work / "var"),
        "FOLLOWUP_COMMITTEES": json.dumps([str(work / "committee.yaml")]),
        "FOLLOWUP_BASE_URL": f"http://127.0.0.1:{port}",
        "FOLLOWUP_LINK_SECRET": "bench-" + "0123456789abcdef" * 3,
    }
    page = seed(env, args.items)
    server_env = {**os.environ, **env}
    command = [
        str(Path(sys.executable).parent / "uvicorn"),
        "--factory",
        "followup.web.app:create_app",
        "--workers",
        str(args.workers),
        "--no-server-header",
        "--proxy-headers",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=server_env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{page}", timeout=10) as response:
            size = len(response.read())
        cookie = sign_in(port)
        dashboard = urllib.request.Request(
            f"http://127.0.0.1:{port}/admin/", headers={"Cookie": cookie}
        )
        with urllib.request.urlopen(dashboard, timeout=10) as response:
            board_size = len(response.read())
        client = subprocess.run(
            [
                sys.executable,
                __file__,
                "--client",
                "--port",
                str(port),
                "--page",
                page,
                "--cookie",
                cookie,
                "--seconds",
                str(args.seconds),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if client.returncode != 0:
            raise SystemExit(f"the load client failed:\n{client.stderr[-3000:]}")
        results = json.loads(client.stdout)
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"followup web: {args.workers} workers on {os.cpu_count()} cores, "
        f"team page with {args.items} items ({size:,} bytes), dashboard of "
        f"{args.items + 3 * BACKLOG_ITEMS} items ({board_size:,} bytes), {args.seconds:g} s per run"
    )
    print(f"{'run':40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(
            f"{name:40} {r['rps']:8.0f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} {r['errors']:7}"
        )
    closed = results["team page, closed loop, 50 clients"]
    opened = results["team page, open loop, 100 req/s"]
    board = results["dashboard, closed loop, 50 clients"]
    print(
        f"targets, team page: closed loop >= 300 req/s: {closed['rps']:.0f} "
        f"({closed['rps'] / 300:.2f}x); "
        f"p95 at 100 req/s <= 30 ms: {opened['p95']:.1f} ms ({opened['p95'] / 30:.2f}x)"
    )
    print(
        f"targets, dashboard: closed loop >= 300 req/s: {board['rps']:.0f} "
        f"({board['rps'] / 300:.2f}x); "
        f"p95 with 50 clients <= 200 ms: {board['p95']:.1f} ms ({board['p95'] / 200:.2f}x)"
    )


if __name__ == "__main__":
    main()
