"""The team page behind the signed link, on a real database after a real pass over the sample
minutes: FastAPI's TestClient for the routes, and headless Chromium on a phone-sized window for
one report made the way a department would make it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from followup.web.app import create_app
from models.db import session_scope
from models.tables import Team
from tests.helpers import (
    CHROMEDRIVER,
    CHROMIUM,
    OTHER,
    SECRETARY_TEAM,
    TEAM,
    Site,
    article,
    chromium,
    listening,
    serving,
    set_item,
    shown_ids,
)


def test_page_lists_exactly_the_teams_visible_items(site: Site) -> None:
    mine = site.items(TEAM)
    assert any(i.review == "pending" for i in mine), "the sample holds items for review"
    shown = [i for i in mine if i.review != "pending"]
    withdrawn, rejected, done, hostile = shown[-1], shown[-2], shown[-3], shown[-4]
    set_item(site, withdrawn.id or 0, status="withdrawn")
    set_item(site, rejected.id or 0, status="rejected", review="accepted")
    set_item(site, done.id or 0, status="done")
    set_item(site, hostile.id or 0, summary="<script>alert('x')</script> & 조치")

    response = site.client.get(f"/t/{site.token(TEAM)}")

    assert response.status_code == 200
    html = response.text
    expected = site.visible(TEAM)
    assert withdrawn.id not in {i.id for i in expected}
    # One meeting, in minutes order, the done items folded at its end.
    order = [i.id for i in expected if i.status != "done"] + [done.id]
    assert shown_ids(html) == order
    assert re.search(r'<details class="finished">\s*<summary>완료한 항목 1건 보기</summary>', html)
    assert not set(shown_ids(html)) & {i.id for i in site.items(OTHER)}
    assert "서울특별시 빅데이터심의위원회" in html and f"{TEAM} 후속조치 이행상황" in html
    assert "2023년 2차 빅데이터심의위원회" in html

    first = article(html, expected[0].id or 0)
    assert expected[0].source_text in first and "<details>" in first
    assert "2024. 6. 14.(금)" in first  # the next session, in the committee's calendar
    assert "기한 경과" in first  # the sample's due date is past and the item still open
    assert "기한 경과" not in article(html, done.id or 0)
    assert '<li class="tag status-done">완료</li>' in article(html, done.id or 0)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 조치" in html
    assert "<script" not in html and "<link" not in html and "src=" not in html

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_expired_or_tampered_links_are_refused(site: Site) -> None:
    expired = site.token(TEAM, expires_in=timedelta(seconds=-1))
    good = site.token(TEAM)
    payload, signature = good.split(".")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    other = site.token(OTHER).split(".")[0]
    item = site.visible(TEAM)[0]

    for token in (expired, f"{payload}.{flipped}", f"{other}.{signature}", "not-a-token"):
        page = site.client.get(f"/t/{token}")
        post = site.client.post(f"/t/{token}/items/{item.id}", data={"status": "done", "note": "x"})
        for response in (page, post):
            assert response.status_code == 403
            assert "링크가 만료되었거나 올바르지 않습니다" in response.text
            assert f"간사({SECRETARY_TEAM})" in response.text and "새 링크" in response.text
            assert item.summary not in response.text
            assert response.headers["cache-control"] == "no-store"
    assert site.link_updates() == []
    assert site.item(item.id or 0).status == "open"


def test_reporting_done_is_stored_with_its_trail_and_shown(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    note = "행안부 시스템 등록 완료(2024. 3.)"
    form = {"status": "done", "note": note, "planned_on": "2024-03-15", "reporter": "김담당"}

    response = site.client.post(f"/t/{token}/items/{item.id}", data=form, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{token}?saved={item.id}#item-{item.id}"
    stored = site.item(item.id or 0)
    assert stored.status == "done" and stored.updated_at > item.updated_at
    assert (stored.report_note, stored.planned_on, stored.reporter) == (
        note,
        date(2024, 3, 15),
        "김담당",
    )
    assert stored.reported_at is not None
    (update,) = site.link_updates()
    assert (update.action_item_id, update.old_status, update.new_status) == (
        item.id,
        "open",
        "done",
    )
    assert (update.channel, update.actor, update.report_note, update.planned_on) == (
        "link",
        "김담당",
        note,
        date(2024, 3, 15),
    )

    page = site.client.get(response.headers["location"])
    assert page.status_code == 200
    shown = article(page.text, item.id or 0)
    assert '<li class="tag status-done">완료</li>' in shown
    assert note in shown and "최근 보고" in shown and "저장했습니다" in shown
    assert "김담당" in shown and "완료일 2024. 3. 15.(금)" in shown
    assert '<input type="radio" name="status" value="done" checked>' in shown
    assert 'name="planned_on" value="2024-03-15"' in shown
    assert '<details class="finished" open>' in page.text  # the item just saved is unfolded
    # Every other form on the page offers the name last used.
    other = article(page.text, site.visible(TEAM)[1].id or 0)
    assert 'name="reporter" maxlength="50" autocomplete="name" required value="김담당"' in other

    # The same report again (a double click, a reload) adds nothing; a changed note does.
    again = site.client.post(f"/t/{token}/items/{item.id}", data=form, follow_redirects=False)
    assert again.headers["location"].startswith(f"/t/{token}?unchanged={item.id}")
    assert len(site.link_updates()) == 1
    site.client.post(f"/t/{token}/items/{item.id}", data={**form, "note": "확인"})
    updates = site.link_updates()
    assert [(u.old_status, u.new_status, u.report_note) for u in updates[1:]] == [
        ("done", "done", "확인")
    ]
    trail = article(site.client.get(f"/t/{token}").text, item.id or 0)
    assert "지난 보고와 요청 2건" in trail


def test_invalid_reports_are_refused_with_the_page_and_nothing_stored(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    who = {"reporter": "김담당"}
    cases = [
        ({"status": "explained", "note": "  \r\n ", **who}, "사유를 적어 주셔야 합니다"),
        ({"status": "withdrawn", "note": "x", **who}, "진행 상황을 하나 골라 주십시오"),
        ({"note": "상태 없이", **who}, "진행 상황을 하나 골라 주십시오"),
        ({"status": "in_progress", "note": "가" * 2001, **who}, "2,000자 이내로"),
        ({"status": "in_progress", "note": "x", "planned_on": "2024-02-30", **who}, "날짜를"),
        ({"status": "in_progress", "note": "x", "planned_on": "99999-01-01", **who}, "날짜를"),
        ({"status": "in_progress", "note": "x", "reporter": " \t"}, "담당자 이름을"),
    ]
    for data, message in cases:
        response = site.client.post(f"/t/{token}/items/{item.id}", data=data)
        assert response.status_code == 422, data
        assert message in response.text
        assert set(shown_ids(response.text)) == {i.id for i in site.visible(TEAM)}
        assert response.headers["cache-control"] == "no-store"
    assert site.link_updates() == []
    assert site.item(item.id or 0).status == "open"

    # Once a reason is given, it is accepted.
    reason = "예산 미확보로 2025년 이후 검토"
    ok = site.client.post(
        f"/t/{token}/items/{item.id}", data={"status": "explained", "note": reason, **who}
    )
    assert ok.status_code == 200 and reason in article(ok.text, item.id or 0)
    assert site.item(item.id or 0).status == "explained"


def test_other_teams_and_hidden_items_are_not_found(site: Site) -> None:
    token = site.token(TEAM)
    theirs = site.visible(OTHER)[0]
    pending = next(i for i in site.items(TEAM) if i.review == "pending")
    missing = max(i.id or 0 for i in site.items(TEAM) + site.items(OTHER)) + 1000

    bodies = set()
    for item_id in (theirs.id, pending.id, missing):
        response = site.client.post(
            f"/t/{token}/items/{item_id}", data={"status": "done", "note": "x"}
        )
        assert response.status_code == 404
        assert "해당 후속조치를 찾을 수 없습니다" in response.text
        assert theirs.summary not in response.text
        bodies.add(response.text)
    assert len(bodies) == 1  # another team's item looks like one that does not exist
    assert site.link_updates() == []
    assert site.item(theirs.id or 0).status == "open"


def test_unreadable_forms_are_refused_and_a_plain_visit_goes_to_the_page(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    path = f"/t/{token}/items/{item.id}"

    as_json = site.client.post(path, json={"status": "done"})
    too_big = site.client.post(path, data={"status": "done", "note": "가" * 30_000})
    visit = site.client.get(path, follow_redirects=False)

    assert (as_json.status_code, too_big.status_code) == (415, 413)
    assert "저장하지 못했습니다" in as_json.text and f'href="/t/{token}"' in as_json.text
    assert site.link_updates() == []
    assert visit.status_code == 303 and visit.headers["location"] == f"/t/{token}#item-{item.id}"


def test_health_check(site: Site) -> None:
    response = site.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert response.headers["x-frame-options"] == "DENY"


@pytest.fixture
def served(site: Site) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 and a free port, in a background thread."""
    sock, base = listening()
    # The page's forms must come from the base URL's host (the app checks Origin on POSTs).
    with serving(create_app(site.settings.model_copy(update={"base_url": base})), sock):
        yield base


needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium chromium-driver)",
)


@needs_chromium
def test_a_phone_reports_and_asks_and_the_secretary_decides(
    site: Site, served: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from followup.calendar import utc_now
    from followup.intake import announce
    from followup.loop import requests
    from models.tables import ChangeRequest, Notification

    token = site.token(TEAM)
    note = "행안부 시스템 등록을 진행하고 있습니다."
    first, second, third = (i.id or 0 for i in site.visible(TEAM)[:3])
    driver = chromium(tmp_path)
    try:
        driver.get(f"{served}/t/{token}")
        assert driver.find_element(By.TAG_NAME, "h1").text == f"{TEAM} 후속조치 이행상황"
        assert driver.find_element(By.CSS_SELECTOR, ".counts").text.startswith(
            f"{len(site.visible(TEAM))}건: 미착수"
        )
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= driver.execute_script("return window.innerWidth")  # no sideways scroll

        # 1. A report: 추진 중, with 조치내용, a planned date and the reporter's name.
        card = driver.find_element(By.ID, f"item-{first}")
        card.find_element(By.XPATH, ".//label[normalize-space()='추진 중']").click()
        card.find_element(By.NAME, "note").send_keys(note)
        planned = card.find_element(By.NAME, "planned_on")
        driver.execute_script("arguments[0].value = '2024-05-31'", planned)  # the date picker
        card.find_element(By.NAME, "reporter").send_keys("김담당")
        card.find_element(By.CSS_SELECTOR, "form.report button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: f"saved={first}" in d.current_url)
        card = driver.find_element(By.ID, f"item-{first}")
        assert card.find_element(By.CSS_SELECTOR, ".tag.status-in_progress").text == "추진 중"
        assert note in card.find_element(By.CSS_SELECTOR, ".last .note").text
        assert "완료 예정일 2024. 5. 31.(금)" in card.find_element(By.CSS_SELECTOR, ".last").text

        # 2. 소관 아님, to another team; the name is filled in from the last report.
        card = driver.find_element(By.ID, f"item-{second}")
        card.find_element(By.CSS_SELECTOR, "details.requests > summary").click()
        form = card.find_element(By.CSS_SELECTOR, "form[action$='/transfer']")
        Select(form.find_element(By.NAME, "suggested_team")).select_by_visible_text(OTHER)
        form.find_element(By.NAME, "reason").send_keys("공공데이터 개방 업무입니다.")
        assert form.find_element(By.NAME, "reporter").get_attribute("value") == "김담당"
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: f"requested={second}" in d.current_url)
        assert "간사의 결정을 기다리는 중" in driver.find_element(By.ID, f"item-{second}").text

        # 3. 기한 연장 요청.
        card = driver.find_element(By.ID, f"item-{third}")
        card.find_element(By.CSS_SELECTOR, "details.requests > summary").click()
        form = card.find_element(By.CSS_SELECTOR, "form[action$='/extension']")
        driver.execute_script(
            "arguments[0].value = '2099-07-31'", form.find_element(By.NAME, "new_due")
        )
        form.find_element(By.NAME, "reason").send_keys("예산 협의가 길어지고 있습니다.")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: f"requested={third}" in d.current_url)

        # 4. The secretary accepts both; the next pass tells the new team.
        url = site.settings.resolved_database_url
        with session_scope(url) as session:
            opened = list(session.exec(select(ChangeRequest).order_by(col(ChangeRequest.id))))
            assert [(r.kind, r.action_item_id) for r in opened] == [
                ("transfer", second),
                ("extension", third),
            ]
            for row in opened:
                requests.accept(session, site.settings, row.id or 0, by="박간사", now=utc_now())
        with session_scope(url) as session:
            other = session.exec(select(Team).where(Team.name == OTHER)).one()
        assert site.item(second).team_id == other.id
        announce.announce_team(site.settings, other.id or 0)
        with session_scope(url) as session:
            told = session.exec(
                select(Notification).where(
                    Notification.team_id == other.id, Notification.kind == "new_items"
                )
            ).all()
        assert any(site.item(second).summary in n.body for n in told)

        # 5. The page: the moved item is gone, the extended due date shows.
        driver.get(f"{served}/t/{token}")
        assert not driver.find_elements(By.ID, f"item-{second}")
        card = driver.find_element(By.ID, f"item-{third}")
        assert "2099. 7. 31.(금)" in card.find_element(By.CSS_SELECTOR, ".facts").text
        assert driver.save_screenshot(str(tmp_path / "team-page.png"))
    finally:
        driver.quit()

    (update,) = site.link_updates()
    assert (update.action_item_id, update.new_status, update.report_note, update.actor) == (
        first,
        "in_progress",
        note,
        "김담당",
    )
    assert update.planned_on == date(2024, 5, 31)
    data = (tmp_path / "team-page.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
