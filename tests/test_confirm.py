"""Confirmation before sending: a new or corrected meeting's items wait as 확인 대기 until the
secretary confirms them (console or command line); no notice reaches a team before. A
committee file's ``auto_confirm_above`` skips the step for confident items, with the reason
in their trail; the secretary is told once per meeting and the digest lists what waits."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select
from typer.testing import CliRunner

from followup.cli import app as cli_app
from followup.committee import load_committee
from followup.errors import CommitteeError
from followup.loop.digest import build_digest, render_digest
from followup.settings import Settings
from followup.web.app import create_app
from models.db import session_scope
from models.tables import ActionItem, Meeting, Notification, StatusUpdate, Team
from tests.helpers import (
    CHROMEDRIVER,
    CHROMIUM,
    PASSWORD,
    SAMPLE,
    SECRETARY,
    Console,
    add_secretary,
    chromium,
    one_pass,
    set_gate,
    sign_in,
)

SECRETARY_TEAM = "빅데이터담당관"


def notices(settings: Settings, kind: str | None = None) -> list[tuple[Notification, str]]:
    with session_scope(settings.resolved_database_url) as session:
        query = select(Notification, Team.name).join(Team, col(Team.id) == Notification.team_id)
        if kind:
            query = query.where(Notification.kind == kind)
        return list(session.exec(query.order_by(col(Notification.id))))


def team_notices(settings: Settings) -> list[tuple[Notification, str]]:
    return [(n, t) for n, t in notices(settings, "new_items") if t != SECRETARY_TEAM] + [
        (n, t) for n, t in notices(settings, "new_items") if t == SECRETARY_TEAM
    ]


def the_meeting(settings: Settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        (meeting,) = session.exec(select(Meeting)).all()
    assert meeting.id is not None
    return meeting.id


def all_items(settings: Settings) -> list[ActionItem]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(ActionItem).order_by(col(ActionItem.line_start), col(ActionItem.id))
            )
        )


@pytest.fixture
def gated(settings: Settings) -> Iterator[Console]:
    set_gate(settings, None)
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    add_secretary(settings)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        yield Console(settings, client)


def test_no_team_hears_of_a_new_meeting_before_the_secretary_confirms_it(gated: Console) -> None:
    settings = gated.settings
    assert notices(settings, "new_items") == []
    items = all_items(settings)
    assert items and all(i.review == "pending" and i.announced_at is None for i in items)
    (told, team) = notices(settings, "awaiting_confirmation")[0]
    assert team == SECRETARY_TEAM and f"{len(items)}건이 확인을 기다립니다" in told.subject
    meeting_id = the_meeting(settings)
    assert f"https://followup.example.org/admin/meetings/{meeting_id}" in told.body
    assert f"followup review confirm --meeting {meeting_id}" in told.body
    # Once per meeting: the next pass tells no one anything.
    one_pass(settings)
    assert len(notices(settings, "awaiting_confirmation")) == 1
    assert notices(settings, "new_items") == []

    token = sign_in(gated.client)
    board = gated.client.get("/admin/")
    assert f"확인 대기 {len(items)}건" in board.text
    listed = gated.client.get("/admin/meetings")
    assert listed.status_code == 200 and f'href="/admin/meetings/{meeting_id}"' in listed.text
    page = gated.client.get(f"/admin/meetings/{meeting_id}")
    assert page.status_code == 200 and f"확인 대기 {len(items)}건" in page.text
    # One page, minutes order, each with its source, kind, team, due, summary and confidence.
    positions = [page.text.index(f'id="row-{i.id}"') for i in items]
    assert positions == sorted(positions)
    first = items[0]
    card = page.text.split(f'id="row-{first.id}"', 1)[1].split("</fieldset>", 1)[0]
    assert f"신뢰도 {first.confidence:.2f}" in card and "행" in card
    assert first.summary in card and first.source_text[:20] in card
    assert f'<option value="{first.team_id}" selected>' in card
    # Real form controls with labels, so it works from the keyboard.
    for control in re.findall(r'<(?:textarea|select|input)[^>]* id="([^"]+)"', page.text):
        assert f'for="{control}"' in page.text, control
    assert page.text.count('type="checkbox"') == len(items)
    assert 'name="do" value="all"' in page.text and 'name="do" value="selected"' in page.text

    # Edit one inline, reject another, confirm the edited one and a third.
    edited, rejected, third = items[0], items[1], items[2]
    other_team = gated.team_id("통계조사팀")
    form = {"csrf": token}
    for item in items:
        form[f"summary-{item.id}"] = item.summary
        form[f"team-{item.id}"] = str(item.team_id)
        form[f"due-{item.id}"] = item.effective_due.isoformat() if item.effective_due else ""
    form[f"summary-{edited.id}"] = "간사가 고친 요약"
    form[f"team-{edited.id}"] = str(other_team)
    form[f"due-{edited.id}"] = "2024-05-31"
    refused = gated.client.post(
        f"/admin/meetings/{meeting_id}", data={**form, f"due-{third.id}": "내일", "do": "save"}
    )
    assert refused.status_code == 422 and f"No. {third.id} 항목의 기한은 날짜" in refused.text
    gone = gated.client.post(
        f"/admin/meetings/{meeting_id}", data={"csrf": token, "reject": str(rejected.id)}
    )
    assert gone.status_code == 200 and "항목을 반려했습니다" in gone.text
    nothing = gated.client.post(f"/admin/meetings/{meeting_id}", data={**form, "do": "selected"})
    assert nothing.status_code == 422 and "확인할 항목을 하나 이상 골라" in nothing.text
    del form[f"summary-{rejected.id}"]
    done = gated.client.post(
        f"/admin/meetings/{meeting_id}",
        data={**form, "do": "selected", f"pick-{edited.id}": "1", f"pick-{third.id}": "1"},
    )
    assert done.status_code == 200 and "2건을 확인했습니다" in done.text
    assert f"확인 대기 {len(items) - 3}건" in done.text

    one_pass(settings)
    sent = notices(settings, "new_items")
    bodies = "\n".join(n.body for n, _ in sent)
    assert "간사가 고친 요약" in bodies and third.summary in bodies
    assert rejected.summary not in bodies
    assert any(t == "통계조사팀" and "간사가 고친 요약" in n.body for n, t in sent)
    assert "2024. 5. 31." in bodies
    for item in items[3:]:
        assert item.summary not in bodies
    after = gated.item(edited.id or 0)
    assert (after.review, after.team_id, after.effective_due) == (
        "accepted",
        other_team,
        date(2024, 5, 31),
    )

    # Confirm the rest at once.
    rest = gated.client.post(f"/admin/meetings/{meeting_id}", data={**form, "do": "all"})
    assert rest.status_code == 200 and f"{len(items) - 3}건을 확인했습니다" in rest.text
    assert "확인 대기 0건" in rest.text
    one_pass(settings)
    bodies = "\n".join(n.body for n, _ in notices(settings, "new_items"))
    assert all(i.summary in bodies for i in items[3:])
    with session_scope(settings.resolved_database_url) as session:
        trail = session.exec(
            select(StatusUpdate).where(StatusUpdate.note == "confirmed with its meeting")
        ).all()
    assert len(trail) == len(items) - 1 and {t.actor for t in trail} == {SECRETARY}


def test_confirm_a_meeting_from_the_command_line(gated: Console) -> None:
    settings = gated.settings
    meeting_id = the_meeting(settings)
    runner = CliRunner()
    queue = runner.invoke(cli_app, ["review"])
    assert queue.exit_code == 0 and f"회의 #{meeting_id}" in queue.stdout
    assert "확인 대기" in queue.stdout
    done = runner.invoke(
        cli_app, ["review", "confirm", "--meeting", str(meeting_id), "--by", SECRETARY]
    )
    assert done.exit_code == 0, done.output
    count = len(all_items(settings))
    assert f"후속조치 {count}건을 확인했습니다" in done.stdout
    again = runner.invoke(
        cli_app, ["review", "confirm", "--meeting", str(meeting_id), "--by", SECRETARY]
    )
    assert again.exit_code == 0 and "확인 대기 중인 후속조치가 없습니다" in again.stdout
    missing = runner.invoke(cli_app, ["review", "confirm", "--meeting", "999", "--by", "x"])
    assert missing.exit_code != 0 and "회의 #999" in missing.output
    one_pass(settings)
    bodies = "\n".join(n.body for n, _ in notices(settings, "new_items"))
    assert all(i.summary in bodies for i in all_items(settings))


def test_the_digest_lists_the_meetings_waiting(gated: Console) -> None:
    settings = gated.settings
    committee = load_committee(Path(settings.committees[0]))
    with session_scope(settings.resolved_database_url) as session:
        digest = build_digest(
            session,
            committee,
            now=datetime.fromisoformat("2024-06-05T09:00+09:00"),
            templates=settings.templates_dir,
        )
    _, text, html = render_digest(settings.templates_dir, digest)
    first = all_items(settings)[0]
    assert "확인 대기 중인 회의 1건" in text and first.summary in text
    assert "확인 대기 중인 회의 1건" in html


def test_auto_confirm_above_releases_confident_items_with_the_reason(settings: Settings) -> None:
    set_gate(settings, "0.8")
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    items = all_items(settings)
    sure = [i for i in items if i.confidence >= 0.8]
    unsure = [i for i in items if i.confidence < 0.8]
    assert sure and unsure
    assert all(i.review == "none" and i.announced_at is not None for i in sure)
    assert all(i.review == "pending" and i.announced_at is None for i in unsure)
    bodies = "\n".join(n.body for n, _ in notices(settings, "new_items"))
    assert all(i.summary in bodies for i in sure)
    assert not any(i.summary in bodies for i in unsure)
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(select(StatusUpdate).where(StatusUpdate.channel == "extract")).all()
    notes = {r.action_item_id: r.note for r in rows}
    assert all(notes[i.id].startswith("auto-confirmed: confidence") for i in sure)
    assert all(notes[i.id] == "" for i in unsure)
    (told,) = notices(settings, "awaiting_confirmation")
    assert f"{len(unsure)}건이 확인을 기다립니다" in told[0].subject


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high", ".nan"])
def test_auto_confirm_above_must_be_a_confidence(settings: Settings, value: str) -> None:
    set_gate(settings, value)
    with pytest.raises(CommitteeError) as error:
        load_committee(Path(settings.committees[0]))
    assert "'auto_confirm_above'에는 0부터 1 사이의 신뢰도" in str(error.value)
    assert "행" in str(error.value)


@pytest.fixture
def gate_off(settings: Settings) -> None:
    set_gate(settings, None)


def test_a_meeting_is_confirmed_from_the_keyboard_in_chromium(
    gate_off: None, served_console: tuple[str, Console], tmp_path: Path
) -> None:
    pytest.importorskip("selenium")
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base, console = served_console
    items = all_items(console.settings)
    meeting_id = the_meeting(console.settings)
    first = items[0]
    driver = chromium(tmp_path, 1280, 900)
    try:
        driver.get(f"{base}/admin/login")
        driver.find_element(By.ID, "name").send_keys(SECRETARY)
        driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin/"))
        driver.find_element(By.PARTIAL_LINK_TEXT, "확인 대기").send_keys(Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: "/admin/meetings" in d.current_url)
        driver.find_element(By.CSS_SELECTOR, f"a[href='/admin/meetings/{meeting_id}']").send_keys(
            Keys.ENTER
        )
        WebDriverWait(driver, 10).until(lambda d: f"/admin/meetings/{meeting_id}" in d.current_url)
        summary = driver.find_element(By.ID, f"summary-{first.id}")
        summary.send_keys(Keys.CONTROL, "a")
        summary.send_keys("키보드로 고친 요약")
        box = driver.find_element(By.NAME, f"pick-{first.id}")
        box.send_keys(Keys.SPACE)
        assert box.is_selected()
        driver.find_element(By.CSS_SELECTOR, "button[name=do][value=selected]").send_keys(
            Keys.ENTER
        )
        WebDriverWait(driver, 10).until(lambda d: "saved=confirmed" in d.current_url)
        assert "1건을 확인했습니다" in driver.find_element(By.CSS_SELECTOR, ".notice.ok").text
    finally:
        driver.quit()
    row = console.item(first.id or 0)
    assert (row.review, row.summary) == ("accepted", "키보드로 고친 요약")
