"""Shared fixtures: a real database, inbox and outbox per test, and the real samples.

Every database test gets its database through the ``database_url`` fixture (``settings``
asks for it). ``FOLLOWUP_TEST_DATABASE=postgresql`` (or ``pytest --database postgresql``)
gives each of them a fresh database on one throwaway PostgreSQL server instead of SQLite
under the test's var/, and runs only the tests that use a database: the other tests do not
depend on it and already ran in the SQLite pass.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from followup.calendar import utc_now
from followup.committee import load_committee
from followup.outbox.channels import write_local_config
from followup.settings import Settings, get_settings
from followup.web.app import create_app
from models.db import session_scope
from tests.helpers import (
    COMMITTEE,
    LATER_SESSION,
    PASSWORD,
    SAMPLE,
    SECRETARY,
    WORKDAY,
    Console,
    Mailbox,
    Site,
    add_secretary,
    listening,
    one_pass,
    serving,
    set_gate,
    set_sessions,
)
from tests.postgres import binaries, create_database, postgres_server

DATABASES = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=DATABASES,
        default=os.environ.get("FOLLOWUP_TEST_DATABASE", "sqlite"),
        help="database every database test uses (default: $FOLLOWUP_TEST_DATABASE or sqlite)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--database") not in DATABASES:  # a bad environment variable
        raise pytest.UsageError(f"FOLLOWUP_TEST_DATABASE must be one of {', '.join(DATABASES)}")


def pytest_report_header(config: pytest.Config) -> str:
    return f"followup test database: {config.getoption('--database')}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--database") == "sqlite":
        return
    selected = [item for item in items if "database_url" in getattr(item, "fixturenames", ())]
    deselected = [item for item in items if item not in selected]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """One throwaway PostgreSQL server for the session: the URL of its ``postgres`` database."""
    if binaries() is None:
        pytest.skip("PostgreSQL binaries not installed (scripts/system-deps installs them as root)")
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_database(postgres: str) -> Iterator[str]:
    """A fresh PostgreSQL database, whatever ``--database`` says."""
    with create_database(postgres) as url:
        yield url


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The tracker's database for this test: SQLite under its var/, or a fresh PostgreSQL one."""
    if request.config.getoption("--database") == "postgresql":
        url: str = request.getfixturevalue("postgres_database")
        return url
    return f"sqlite:///{(tmp_path / 'var' / 'followup.db').resolve()}"


@pytest.fixture
def settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> Iterator[Settings]:
    """Settings pointing at a fresh var/ folder, as the flows read them from the environment."""
    var = tmp_path / "var"
    committee = tmp_path / "committee.yaml"
    shutil.copy(COMMITTEE, committee)
    env = {
        "FOLLOWUP_VAR_DIR": str(var),
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
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    if database_url.startswith("sqlite"):
        monkeypatch.delenv("FOLLOWUP_DATABASE_URL", raising=False)  # the default: var/followup.db
    else:
        monkeypatch.setenv("FOLLOWUP_DATABASE_URL", database_url)
    get_settings.cache_clear()
    (tmp_path / "inbox" / "approved").mkdir(parents=True)
    current = get_settings()
    assert current.resolved_database_url == database_url
    yield current
    get_settings.cache_clear()


@pytest.fixture
def site(settings: Settings) -> Iterator[Site]:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    with TestClient(create_app(settings)) as client:
        yield Site(settings, client)


def _mailbox(*, up: bool) -> Iterator[Mailbox]:
    box = Mailbox()
    if up:
        box.up()
    yield box
    box.down()


@pytest.fixture
def team_box() -> Iterator[Mailbox]:
    yield from _mailbox(up=False)


@pytest.fixture
def secretary_box() -> Iterator[Mailbox]:
    yield from _mailbox(up=True)


def route_mail(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    team_box: Mailbox,
    secretary_box: Mailbox,
    **elsewhere: Mailbox,
) -> Settings:
    """The settings with every team's tag leading to ``team_box``, the secretary's to
    ``secretary_box``, a tag named in ``elsewhere`` to its own box, and tag ``spare`` to a
    second address on ``team_box``."""
    committee = load_committee(settings.committees[0])
    urls = []
    for team in committee.teams:
        tag = team.notify[0].removeprefix("tag:")
        box = secretary_box if team.name == committee.secretary else team_box
        urls.append({elsewhere.get(tag, box).url(f"{tag}@example.org"): [{"tag": tag}]})
    urls.append({team_box.url("spare@example.org"): [{"tag": "spare"}]})
    config = tmp_path / "apprise-mail.yaml"
    config.write_text(yaml.safe_dump({"urls": urls}), encoding="utf-8")
    monkeypatch.setenv("FOLLOWUP_APPRISE_CONFIG", str(config))
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def mail(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    team_box: Mailbox,
    secretary_box: Mailbox,
) -> Settings:
    """Every team's tag leads to ``team_box``; the secretary's to ``secretary_box``; tag
    ``spare`` to a second address on ``team_box``."""
    return route_mail(settings, tmp_path, monkeypatch, team_box, secretary_box)


def _console(settings: Settings) -> Iterator[Console]:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    add_secretary(settings)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        yield Console(settings, client)


@pytest.fixture
def console(settings: Settings) -> Iterator[Console]:
    yield from _console(settings)


@pytest.fixture
def mail_console(mail: Settings) -> Iterator[Console]:
    """The console after a pass over the sample, its teams' mail going to ``team_box`` (down
    until a test starts it) and the secretary's to ``secretary_box``."""
    yield from _console(mail)


@pytest.fixture
def two_committees(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Console]:
    other = tmp_path / "other.yaml"
    other.write_text(
        "committee: 서울특별시 청년정책위원회\nsecretary: 청년정책담당관\nteams:\n"
        "  - name: 청년정책담당관\n  - name: 청년일자리팀\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(
        "FOLLOWUP_COMMITTEES", json.dumps([str(p) for p in settings.committees] + [str(other)])
    )
    get_settings.cache_clear()
    both = get_settings()
    shutil.copy(SAMPLE, both.inbox / "approved" / SAMPLE.name)
    one_pass(both)
    from followup import store
    from followup.committee import configured_committees
    from followup.web.admin.auth import hash_password

    with session_scope(both.resolved_database_url) as session:
        ids = {
            c.name: store.ensure_committee(session, committee=c).committee_id
            for c in configured_committees(both)
        }
        store.save_secretary(
            session,
            name="청년간사",
            password_hash=hash_password("youth password 1"),
            committee_ids=[ids["서울특별시 청년정책위원회"]],
            now=utc_now(),
        )
        store.save_secretary(
            session,
            name=SECRETARY,
            password_hash=hash_password(PASSWORD),
            committee_ids=[ids["서울특별시 빅데이터심의위원회"]],
            now=utc_now(),
        )
    with TestClient(create_app(both), base_url="https://testserver") as client:
        yield Console(both, client)


def _served(
    app: FastAPI, sock: socket.socket, base: str, settings: Settings
) -> Iterator[tuple[str, Console]]:
    with serving(app, sock), TestClient(app) as client:
        yield base, Console(settings, client)


@pytest.fixture
def served_console(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Console]]:
    sock, base = listening()
    monkeypatch.setenv("FOLLOWUP_BASE_URL", base)
    get_settings.cache_clear()
    local = get_settings()
    shutil.copy(SAMPLE, local.inbox / "approved" / SAMPLE.name)
    one_pass(local)
    add_secretary(local)
    yield from _served(create_app(local), sock, base, local)


@pytest.fixture
def planning_box() -> Iterator[Mailbox]:
    yield from _mailbox(up=False)


@pytest.fixture
def served_workday(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    team_box: Mailbox,
    secretary_box: Mailbox,
    planning_box: Mailbox,
) -> Iterator[tuple[str, Console]]:
    """A served console on the morning of ``WORKDAY`` (the app's clock and the settings'),
    before any minutes are in: the committee confirms every item (no ``auto_confirm_above``),
    its next session is ``LATER_SESSION``, and a delivery that fails once fails for good.
    The teams' mail goes to ``team_box`` and the secretary's to ``secretary_box`` (both up),
    빅데이터기획팀's (tag ``planning``) to ``planning_box``, down until a test starts it."""
    set_gate(settings, None)
    set_sessions(settings, LATER_SESSION)
    sock, base = listening()
    monkeypatch.setenv("FOLLOWUP_BASE_URL", base)
    routed = route_mail(
        settings, tmp_path, monkeypatch, team_box, secretary_box, planning=planning_box
    )
    day = routed.model_copy(update={"fixed_now": WORKDAY, "send_attempts": 1})
    add_secretary(day)
    team_box.up()
    yield from _served(create_app(day, clock=day.now), sock, base, day)
