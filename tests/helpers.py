"""Builders the tests share: a pass over the sample, a team site, a console, mailboxes,
report scenarios. Fixtures are in conftest.py; no test module imports another."""

from __future__ import annotations

import asyncio
import email
import email.header
import email.message
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import monotonic, sleep
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import col, select

from followup import store
from followup.calendar import utc_now
from followup.committee import configured_committees, load_committee
from followup.documents.table import ReportTable, build_report
from followup.intake import announce, ingest, sync
from followup.loop.signing import link_secret, sign_team_link
from followup.settings import Settings
from followup.web.admin.auth import hash_password
from followup.web.app import SECURITY_HEADERS
from models.db import session_scope
from models.tables import (
    ActionItem,
    Delivery,
    Notification,
    StatusUpdate,
    Team,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLE = EXAMPLES / "inbox" / "approved" / "seoul-bigdata-committee-2023-2.md"
COUNCIL_SAMPLE = EXAMPLES / "inbox" / "seoul-council-ai-special-cmte-2025-10-30.txt"
COMMITTEE = EXAMPLES / "committee.yaml"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening() -> tuple[socket.socket, str]:
    """A socket bound on 127.0.0.1 for a server to come, and its address."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextmanager
def serving(app: FastAPI, sock: socket.socket) -> Iterator[None]:
    """``app`` served by uvicorn on ``sock`` in a thread, until the block ends."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="off", server_header=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = monotonic() + 10
    try:
        while not server.started:
            assert monotonic() < deadline, "uvicorn did not start"
            sleep(0.02)
        yield
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


SECRETARY = "박창현"
PASSWORD = "correct horse battery"


def add_secretary(settings: Settings, name: str = SECRETARY, password: str = PASSWORD) -> None:
    with session_scope(settings.resolved_database_url) as session:
        ids = [
            store.ensure_committee(session, committee=c).committee_id
            for c in configured_committees(settings)
        ]
        store.save_secretary(
            session,
            name=name,
            password_hash=hash_password(password),
            committee_ids=ids,
            now=utc_now(),
        )


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, name: str = SECRETARY, password: str = PASSWORD) -> str:
    page = client.get("/admin/login")
    token = csrf(page.text)
    response = client.post(
        "/admin/login",
        data={"csrf": token, "name": name, "password": password},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf(client.get("/admin/").text)


@dataclass
class Console:
    settings: Settings
    client: TestClient

    def items(self, team: str | None = None) -> list[ActionItem]:
        with session_scope(self.settings.resolved_database_url) as session:
            query = select(ActionItem).join(Team)
            if team:
                query = query.where(Team.name == team)
            return list(session.exec(query.order_by(col(ActionItem.id))))

    def item(self, item_id: int) -> ActionItem:
        with session_scope(self.settings.resolved_database_url) as session:
            row = session.get(ActionItem, item_id)
        assert row is not None
        return row

    def committee_id(self) -> int:
        with session_scope(self.settings.resolved_database_url) as session:
            team = session.exec(select(Team).where(Team.name == "빅데이터기획팀")).one()
        return team.committee_id

    def team_id(self, name: str) -> int:
        with session_scope(self.settings.resolved_database_url) as session:
            team = session.exec(select(Team).where(Team.name == name)).one()
        assert team.id is not None
        return team.id


SEOUL = ZoneInfo("Asia/Seoul")


NOW = datetime(2024, 6, 5, 9, 0, tzinfo=SEOUL)  # seven working days before the 2024-06-14 session


SESSION = date(2024, 6, 14)


LATER_SESSION = date(2024, 9, 20)


WORKDAY = datetime(2024, 6, 24, 9, 30, tzinfo=SEOUL)  # a Monday after the 2024-06-14 session


APPROVED = datetime(2024, 1, 8, 9, 0, tzinfo=SEOUL)  # the pass that approved and announced


@dataclass(frozen=True)
class Scenario:
    done: int
    in_progress: int
    explained: int
    overdue: int
    rejected: int
    repeat: int
    pending: int
    done_before_session: int  # reported done before 2024-06-14: not in the September report


def record_report(
    settings: Settings,
    item_id: int,
    status: str,
    *,
    note: str = "",
    planned_on: date | None = None,
    at: datetime,
) -> None:
    """A team's report as the team page stores it: the status trail row and the report fields."""
    with session_scope(settings.resolved_database_url) as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        team = session.get(Team, item.team_id)
        assert team is not None
        at = at.astimezone(UTC)  # as the app stores every time
        store.set_status(session, item, status, channel="link", actor=team.name, now=at)
        item.report_note, item.planned_on = note, planned_on
        item.reporter, item.reported_at = f"{team.name} 김담당", at
        session.add(item)


def reported_pass(settings: Settings) -> Scenario:
    """The sample through a real pass, then six items given reports or other states."""
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings.model_copy(update={"fixed_now": APPROVED}))
    with session_scope(settings.resolved_database_url) as session:
        visible = session.exec(
            select(ActionItem.id).where(ActionItem.review == "none").order_by(col(ActionItem.id))
        ).all()
        pending = session.exec(select(ActionItem.id).where(ActionItem.review == "pending")).first()
    ids = [i for i in visible if i is not None]
    assert len(ids) >= 10 and pending is not None
    done, in_progress, explained, overdue, rejected, repeat, early = ids[:7]
    record_report(
        settings,
        done,
        "done",
        note="데이터 품질 점검 용역을 발주하여 5월에 완료함",
        planned_on=date(2024, 5, 20),
        at=datetime(2024, 5, 21, 14, 0, tzinfo=SEOUL),
    )
    record_report(
        settings,
        in_progress,
        "in_progress",
        note="관계 부서와 협의 중",
        planned_on=date(2024, 7, 31),
        at=datetime(2024, 5, 22, 10, 0, tzinfo=SEOUL),
    )
    record_report(
        settings,
        explained,
        "explained",
        note="예산 미확보로 올해 추진이 어려움",
        at=datetime(2024, 5, 28, 16, 0, tzinfo=SEOUL),
    )
    with session_scope(settings.resolved_database_url) as session:
        late = session.get(ActionItem, overdue)
        assert late is not None
        late.stated_due = late.effective_due = date(2024, 5, 31)
        session.add(late)
        dropped = session.get(ActionItem, rejected)
        assert dropped is not None
        store.set_status(session, dropped, "rejected", channel="review", now=NOW.astimezone(UTC))
        again = session.get(ActionItem, repeat)
        assert again is not None
        again.repeats_item_id = done
        session.add(again)
    return Scenario(done, in_progress, explained, overdue, rejected, repeat, pending, early)


def reportable_ids(settings: Settings) -> list[int]:
    """What any report may list, straight from the table."""
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(
            select(ActionItem.id).where(
                col(ActionItem.status).in_(("open", "in_progress", "done", "explained")),
                ActionItem.review != "pending",
            )
        ).all()
    return sorted(r for r in rows if r is not None)


def session_table(settings: Settings, held_on: date = SESSION, now: datetime = NOW) -> ReportTable:
    return build_report(settings, committee_name=None, session_on=held_on, now=now)


def expected_cells(settings: Settings, table: ReportTable) -> list[list[str]]:
    """Each row's cells rebuilt from the database, for the files to be checked against."""
    with session_scope(settings.resolved_database_url) as session:
        items = {i.id: i for i in session.exec(select(ActionItem))}
        teams = {t.id: t.name for t in session.exec(select(Team))}
    out = []
    for row in table.rows:
        item = items[row.item_id]
        if item.kind == "decision":  # the committee's resolution: no speaker after it
            assert row.requirement == item.summary
        else:
            assert row.requirement == f"{item.summary} ({item.speaker})"
        assert row.team == teams[item.team_id]
        assert row.action == item.report_note
        out.append(row.cells())
    return out


TEAM = "빅데이터기획팀"


OTHER = "빅데이터개방팀"


SECRETARY_TEAM = "빅데이터담당관"


VISIBLE = ("open", "in_progress", "done", "explained")


CHROMIUM = Path("/usr/bin/chromium")


CHROMEDRIVER = Path("/usr/bin/chromedriver")


@dataclass
class Site:
    settings: Settings
    client: TestClient

    def token(self, team: str, *, expires_in: timedelta = timedelta(days=30)) -> str:
        with session_scope(self.settings.resolved_database_url) as session:
            row = session.exec(select(Team).where(Team.name == team)).one()
        assert row.id is not None
        return sign_team_link(
            link_secret(self.settings),
            team_id=row.id,
            committee_id=row.committee_id,
            version=row.link_version,
            expires=utc_now() + expires_in,
        )

    def items(self, team: str) -> list[ActionItem]:
        with session_scope(self.settings.resolved_database_url) as session:
            return list(
                session.exec(
                    select(ActionItem)
                    .join(Team)
                    .where(Team.name == team)
                    .order_by(col(ActionItem.line_start), col(ActionItem.id))
                )
            )

    def visible(self, team: str) -> list[ActionItem]:
        return [i for i in self.items(team) if i.status in VISIBLE and i.review != "pending"]

    def item(self, item_id: int) -> ActionItem:
        with session_scope(self.settings.resolved_database_url) as session:
            row = session.get(ActionItem, item_id)
        assert row is not None
        return row

    def link_updates(self) -> list[StatusUpdate]:
        with session_scope(self.settings.resolved_database_url) as session:
            return list(
                session.exec(
                    select(StatusUpdate)
                    .where(StatusUpdate.channel == "link")
                    .order_by(col(StatusUpdate.id))
                )
            )


def shown_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="item" id="item-(\d+)"', html)]


def article(html: str, item_id: int) -> str:
    match = re.search(rf'<article class="item" id="item-{item_id}">(.*?)</article>', html, re.S)
    assert match, f"item {item_id} not on the page"
    return match.group(1)


def set_item(site: Site, item_id: int, **values: object) -> None:
    with session_scope(site.settings.resolved_database_url) as session:
        row = session.get(ActionItem, item_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)


def assert_korean_page(response: object) -> None:
    text = response.text  # type: ignore[attr-defined]
    headers = response.headers  # type: ignore[attr-defined]
    assert '<html lang="ko">' in text and headers["content-type"].startswith("text/html")
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value


def team_link(console: Console, item: ActionItem) -> str:
    """The address of the item's team's page, as its signed link opens it."""
    token = sign_team_link(
        link_secret(console.settings),
        team_id=item.team_id,
        committee_id=console.committee_id(),
        version=1,
        expires=utc_now() + timedelta(days=1),
    )
    return f"/t/{token}"


def report_done(console: Console, item: ActionItem, note: str = "조치 완료") -> None:
    """The team reports through its own link, as a department would."""
    response = console.client.post(
        f"{team_link(console, item)}/items/{item.id}",
        data={"status": "done", "note": note, "reporter": "담당 주무관"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def team_asks(console: Console, item: ActionItem, kind: str, **form: str) -> None:
    """The team asks the secretary through its own link (``transfer``: 소관 아님 with
    ``suggested_team``; ``extension``: 기한 연장 with ``new_due``), with a reason."""
    response = console.client.post(
        f"{team_link(console, item)}/items/{item.id}/{kind}",
        data={"reason": "담당 업무가 아닙니다", "reporter": "김담당", **form},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def visible(console: Console, team: str) -> list[ActionItem]:
    return [i for i in console.items(team) if i.review != "pending" and i.status == "open"]


def one_pass(
    settings: Settings,
) -> tuple[ingest.ScanResult, list[sync.SyncOutcome], list[announce.AnnounceOutcome]]:
    scan = ingest.scan_inbox(settings)
    synced = [sync.sync_file(settings, file_id) for file_id in scan.to_sync]
    announced = [
        announce.announce_team(settings, team_id) for team_id in announce.team_ids(settings)
    ]
    return scan, synced, announced


def items(settings: Settings) -> list[ActionItem]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(ActionItem).order_by(ActionItem.id)))


def outbox_files(settings: Settings) -> list[Path]:
    return sorted(settings.outbox.glob("*.md")) if settings.outbox.exists() else []


class Mailbox:
    """An SMTP server on 127.0.0.1 that keeps what it receives; ``up()``/``down()``."""

    def __init__(self, delay: float = 0.0) -> None:
        self.port = free_port()
        self.delay = delay
        self.messages: list[email.message.EmailMessage] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        message["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def up(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def url(self, to: str) -> str:
        return f"mailto://127.0.0.1:{self.port}?mode=insecure&from=followup@example.org&to={to}"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]


class Inbox:
    """An SMTP server on 127.0.0.1 that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        message["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


def followup(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    clean["PYTHONPATH"] = str(ROOT)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "followup.cli", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


TAGS = [
    target.removeprefix("tag:")
    for team in yaml.safe_load(COMMITTEE.read_text(encoding="utf-8"))["teams"]
    for target in team["notify"]
]


def channels(folder: Path, urls: dict[str, str]) -> None:
    config = {"urls": [{url: [{"tag": tag}]} for tag, url in urls.items()]}
    (folder / "apprise.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (folder / ".env").write_text(f"FOLLOWUP_APPRISE_CONFIG={folder / 'apprise.yaml'}\n")


def chromium(tmp_path: Path, width: int = 390, height: int = 844):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / f'chromium-{width}'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    driver.set_window_size(width, height)
    return driver


def at_seoul(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


def clocked(settings: Settings, moment: datetime) -> Settings:
    return settings.model_copy(update={"fixed_now": moment})


def set_sessions(settings: Settings, *days: date, reminders: str = "") -> None:
    path = settings.committees[0]
    text = path.read_text(encoding="utf-8")
    listed = "".join(f"  - {d.isoformat()}\n" for d in days)
    text = text.replace("sessions:", "sessions:\n" + listed + "  # was:", 1)
    path.write_text(text + reminders, encoding="utf-8")


def approval_pass(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    scan = ingest.scan_inbox(settings)
    for file_id in scan.to_sync:
        sync.sync_file(settings, file_id)
    for team_id in announce.team_ids(settings):
        announce.announce_team(settings, team_id)


def set_gate(settings: Settings, line: str | None) -> None:
    """The committee file with ``auto_confirm_above`` removed, or set to ``line``."""
    path = Path(settings.committees[0])
    text = re.sub(r"^auto_confirm_above:.*\n(?:\s+#.*\n)?", "", path.read_text("utf-8"), flags=re.M)
    if line is not None:
        text = text.replace("\nsessions:", f"\nauto_confirm_above: {line}\nsessions:", 1)
    path.write_text(text, encoding="utf-8")


T0 = datetime(2024, 6, 3, 0, 0, tzinfo=UTC)  # Monday 09:00 in Seoul


def queue(
    settings: Settings,
    n: int,
    *,
    targets: list[str] | None = None,
    team: str = "통계조사팀",
    not_before: datetime | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    html: str | None = None,
) -> list[int]:
    committee = load_committee(settings.committees[0])
    ids = []
    with session_scope(settings.resolved_database_url) as session:
        committee_ids = store.ensure_committee(session, committee=committee)
        for i in range(n):
            ids.append(
                store.queue_notification(
                    session,
                    dedupe_key=f"reminder:{team}:d15:2024-06-14:{i}",
                    kind="reminder",
                    step="d15",
                    subject=f"[위원회] {team} 이행상황 알림 {i}",
                    body=f"{team} 담당자님께\n\n미착수 2건\n\n입력: https://followup.example.org/t/{i}\n",
                    html=html,
                    attachments=attachments or [],
                    targets=targets if targets is not None else committee.team(team).notify,
                    committee_id=committee_ids.committee_id,
                    team_id=committee_ids.teams[team],
                    not_before=not_before,
                    follow_team=targets is None,
                    now=T0,
                ).id
            )
    return ids


def deliveries(settings: Settings) -> list[Delivery]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)))


def outbox_notices(settings: Settings) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(select(Notification).where(Notification.kind == "delivery_failed"))
        )


def extracted(minutes: str, committee: str, source: str) -> list[Any]:
    """The items extracted from minutes text with a committee file given as YAML text."""
    from followup.committee import parse_committee
    from followup.extract.items import extract_items
    from followup.minutes.parse import parse_minutes

    return extract_items(parse_minutes(minutes, source=source), parse_committee(committee))


def sent_items(items: list[Any]) -> list[Any]:
    """What departments receive: items at or above the review threshold that are not a
    programme read out in a presentation."""
    return [i for i in items if not i.presentation_plan and i.confidence >= 0.6]
