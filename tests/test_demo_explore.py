"""README's "look around" as a new user follows it: `followup demo` in an empty folder, then
the commands the README gives on the demo's state, as written: the item listing, and the web
app, where a team's link from the outbox opens its page and the console signs in with the
name and password the README states, at the demo's time."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.helpers import ROOT, followup, free_port

README = ROOT / "README.md"


def look_around() -> tuple[list[list[str]], str, str]:
    """The README's look-around commands (as argument lists after ``followup``, each with its
    FOLLOWUP_VAR_DIR) and the console's name and password it states."""
    text = README.read_text(encoding="utf-8")
    section = text.split("To look around afterwards", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].split() for line in block.splitlines() if line.strip()]
    account = re.search(r"the name `([^`]+)` and the password\s+`([^`]+)`", section)
    assert account, "README names the console's account"
    return commands, account[1], account[2]


def wait_for(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            assert server.poll() is None, server.communicate()[1][-2000:]
            assert time.monotonic() < deadline, "the web app did not start"
            time.sleep(0.2)


def test_the_demo_state_opens_its_team_links_and_console_as_the_readme_says(
    tmp_path: Path,
) -> None:
    played = followup(tmp_path, "demo")
    assert played.returncode == 0, played.stderr[-2000:]
    commands, name, password = look_around()
    assert [c[0] for c in commands] == ["FOLLOWUP_VAR_DIR=var/demo"] * 2
    assert [c[1] for c in commands] == [".venv/bin/followup"] * 2
    assert [c[2:] for c in commands] == [["items"], ["web"]]
    var_dir = commands[0][0].split("=", 1)[1]
    assert f"이름 {name}, 비밀번호 {password}" in played.stdout  # the demo says the same

    listed = followup(tmp_path, "items", FOLLOWUP_VAR_DIR=var_dir)
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "서울특별시 빅데이터심의위원회" in listed.stdout and "빅데이터기획팀" in listed.stdout

    # The link of the last reminder a team got, as its message has it.
    reminder = sorted((tmp_path / var_dir / "outbox").glob("*다시-알림*빅데이터기획팀*.md"))[0]
    link = re.search(r"http://127\.0\.0\.1:8000(/t/[\w.-]+)", reminder.read_text("utf-8"))
    assert link, "the reminder carries the team's link"

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "PREFECT_"))}
    env.update(PYTHONPATH=str(ROOT), FOLLOWUP_VAR_DIR=var_dir)
    server = subprocess.Popen(
        [sys.executable, "-m", "followup.cli", "web", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", server)
        with urllib.request.urlopen(base + link[1], timeout=10) as response:
            page = response.read().decode()
        assert "빅데이터기획팀 후속조치 이행상황" in page and "링크를 열 수 없습니다" not in page

        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with browser.open(f"{base}/admin/login", timeout=10) as response:
            token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode())
        assert token
        form = {"csrf": token[1], "name": name, "password": password}
        with browser.open(
            f"{base}/admin/login", data=urllib.parse.urlencode(form).encode(), timeout=10
        ) as response:
            assert response.url == f"{base}/admin/"
            board = response.read().decode()
        # At the demo's time: five working days before its session.
        assert re.search(r"다음 회의: <strong>2024\. 6\. 14\.\(금\)</strong>", board), board
        assert "근무일 5일" in board
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert "가상 시계: 2024-06-07 09:30부터" in out
