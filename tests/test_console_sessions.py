"""D5 and D6: a console session ends at sign-out and at a new password (kept on the server,
not only in the cookie), and the lockout neither reveals which names exist nor lets a
guesser elsewhere lock the real secretary out."""

from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from followup.cli import app as cli_app
from followup.web.admin.app import COOKIE
from followup.web.app import create_app
from tests.helpers import PASSWORD, SECRETARY, Console, csrf, sign_in

ATTACKER = ("203.0.113.9", 40000)


def client(console: Console, *, address: tuple[str, int] = ("testclient", 50000), clock=None):  # type: ignore[no-untyped-def]
    app = create_app(console.settings, clock=clock) if clock else create_app(console.settings)
    return TestClient(app, base_url="https://testserver", client=address)


def opens_dashboard(browser: TestClient) -> bool:
    response = browser.get("/admin/", follow_redirects=False)
    return response.status_code == 200 and SECRETARY in response.text


def with_cookie(console: Console, value: str) -> TestClient:
    copy = client(console)
    copy.cookies.set(COOKIE, value, domain="testserver.local", path="/admin")
    return copy


def test_a_copy_of_the_cookie_opens_nothing_after_sign_out(console: Console) -> None:
    token = sign_in(console.client)
    stolen = console.client.cookies.get(COOKIE)
    assert stolen and opens_dashboard(with_cookie(console, stolen))
    out = console.client.post("/admin/logout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303
    copy = with_cookie(console, stolen)
    answer = copy.get("/admin/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/login"


def test_a_new_password_ends_every_session_of_that_secretary(console: Console) -> None:
    sign_in(console.client)
    laptop = client(console)
    sign_in(laptop)
    assert opens_dashboard(console.client) and opens_dashboard(laptop)
    changed = CliRunner().invoke(
        cli_app,
        ["secretary", "add", SECRETARY, "--committee", "빅데이터심의위원회", "--password-stdin"],
        input="a brand new password\n",
    )
    assert changed.exit_code == 0, changed.output
    assert not opens_dashboard(console.client) and not opens_dashboard(laptop)
    sign_in(laptop, SECRETARY, "a brand new password")
    assert opens_dashboard(laptop)


def test_a_session_still_ends_after_eight_hours(console: Console) -> None:
    start = datetime.now(UTC)
    morning = client(console, clock=lambda: start)
    sign_in(morning)
    cookie = morning.cookies.get(COOKIE)
    assert cookie
    for hours, opens in ((7.9, True), (8.01, False)):
        later = client(console, clock=lambda h=hours: start + timedelta(hours=h))
        later.cookies.set(COOKIE, cookie, domain="testserver.local", path="/admin")
        assert opens_dashboard(later) is opens, hours


def attempt(browser: TestClient, name: str, password: str) -> tuple[int, str, float]:
    token = csrf(browser.get("/admin/login").text)
    began = time.perf_counter()
    response = browser.post(
        "/admin/login",
        data={"csrf": token, "name": name, "password": password},
        follow_redirects=False,
    )
    took = time.perf_counter() - began
    page = re.sub(r'name="csrf" value="[^"]+"', "", response.text).replace(name, "NAME")
    return response.status_code, page, took


def test_a_guesser_elsewhere_cannot_lock_the_secretary_out(console: Console) -> None:
    guesser = client(console, address=ATTACKER)
    answers = [attempt(guesser, SECRETARY, f"guess number {n}")[0] for n in range(6)]
    assert answers == [401, 401, 401, 401, 429, 429]
    # The secretary at their own desk signs in as usual; the guesser stays locked out.
    sign_in(console.client)
    assert opens_dashboard(console.client)
    status, page, _ = attempt(guesser, SECRETARY, PASSWORD)
    assert status == 429 and "계정이 잠겼습니다" in page


def test_an_unknown_name_is_answered_like_a_known_one(console: Console) -> None:
    known, unknown = client(console), client(console)
    seen = {}
    for browser, name in ((known, SECRETARY), (unknown, "없는간사")):
        seen[name] = [attempt(browser, name, "wrong password 1") for _ in range(5)]
    # The same statuses and the same Korean pages, lockout included.
    for one, other in zip(seen[SECRETARY], seen["없는간사"], strict=True):
        assert one[:2] == other[:2]
    assert [a[0] for a in seen[SECRETARY]] == [401, 401, 401, 401, 429]
    assert "이름 또는 비밀번호가 올바르지 않습니다" in seen[SECRETARY][0][1]
    assert "계정이 잠겼습니다" in seen["없는간사"][4][1]
    # Both wrong answers cost one password hash check: the same order of time.
    slow = statistics.median(a[2] for a in seen[SECRETARY][:4])
    fast = statistics.median(a[2] for a in seen["없는간사"][:4])
    assert 1 / 4 < fast / slow < 4, (fast, slow)
