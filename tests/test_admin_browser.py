"""The console in headless Chromium at phone and desktop width, against a real server: sign
in, filter, open an item, reassign it, mark a team's 완료 as 미흡 with a reason, and export
the filtered list as XLSX (fetched with the browser's session cookie, read with openpyxl);
every page at 390 px without sideways scrolling, with tables as cards, buttons and cells on
a few lines and chart text of at least 11 px, and with tables at 1366 px."""

from __future__ import annotations

import io
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from models.db import session_scope
from models.tables import ActionItem, Snapshot
from tests.helpers import (
    PASSWORD,
    SECRETARY,
    Console,
    chromium,
    report_done,
    visible,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TEAM = "빅데이터기획팀"
OTHER = "빅데이터개방팀"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium chromium-driver)",
)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_a_secretary_works_through_the_console(
    served_console: tuple[str, Console], tmp_path: Path, width: int, height: int
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, console = served_console
    mine = visible(console, TEAM)
    moved, checked = mine[0], mine[1]
    report_done(console, checked, note="보고서 제출")
    reason = "근거 자료가 첨부되지 않았습니다"
    driver = chromium(tmp_path, width, height)
    try:
        driver.get(f"{base}/admin/")
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin/login"))
        driver.find_element(By.ID, "name").send_keys(SECRETARY)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/admin/login'] button").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin/"))
        assert "후속조치 현황" in driver.find_element(By.TAG_NAME, "h1").text
        assert driver.find_elements(By.CSS_SELECTOR, ".chart.bars i.segment")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= (
            driver.execute_script("return window.innerWidth")
        )

        # Filter: the team's items only.
        driver.find_element(By.LINK_TEXT, "후속조치 목록").click()
        Select(driver.find_element(By.ID, "f-team")).select_by_visible_text(TEAM)
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        WebDriverWait(driver, 10).until(lambda d: "team=" in d.current_url)
        rows = driver.find_elements(By.CSS_SELECTOR, "table.items tbody tr")
        assert {r.get_attribute("id") for r in rows} >= {f"row-{moved.id}", f"row-{checked.id}"}
        assert all(r.find_elements(By.XPATH, f".//td[normalize-space()='{TEAM}']") for r in rows)
        export_href = driver.find_element(By.PARTIAL_LINK_TEXT, "엑셀").get_attribute("href")

        # Open an item and reassign it.
        driver.find_element(By.CSS_SELECTOR, f"#row-{moved.id} a").click()
        WebDriverWait(driver, 10).until(lambda d: f"/admin/items/{moved.id}" in d.current_url)
        assert driver.find_elements(By.CSS_SELECTOR, ".source div.quoted")
        Select(driver.find_element(By.ID, "team-select")).select_by_visible_text(OTHER)
        driver.find_element(By.CSS_SELECTOR, "#reassign-form button").click()
        WebDriverWait(driver, 10).until(lambda d: "saved=reassign" in d.current_url)
        assert driver.find_element(By.ID, "team").text == OTHER

        # The team's 완료 is 미흡.
        driver.get(f"{base}/admin/items/{checked.id}")
        form = driver.find_element(By.ID, "check-form")
        form.find_element(By.CSS_SELECTOR, "input[value=insufficient]").click()
        form.find_element(By.ID, "reason").send_keys(reason)
        form.find_element(By.CSS_SELECTOR, "button").click()
        WebDriverWait(driver, 10).until(lambda d: "saved=check" in d.current_url)
        assert driver.find_element(By.ID, "status").text == "추진 중"
        assert reason in driver.find_element(By.CSS_SELECTOR, "table.trail").text

        # Export the filtered list with the browser's session.
        cookie = driver.get_cookie("followup_admin")
        assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        request = urllib.request.Request(
            str(export_href), headers={"Cookie": f"followup_admin={cookie['value']}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            data = response.read()
        assert driver.save_screenshot(str(tmp_path / f"console-{width}.png"))
    finally:
        driver.quit()

    assert console.item(moved.id or 0).team_id == console.team_id(OTHER)
    stored = console.item(checked.id or 0)
    assert (stored.status, stored.check_result) == ("in_progress", "insufficient")
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "번호"
    by_id = {r[0]: r for r in rows[1:]}
    # The export is the filtered list at the time of the export: the team's live items, which
    # no longer include the one reassigned away.
    live = ("open", "in_progress", "done", "explained")
    assert set(by_id) == {i.id for i in console.items(TEAM) if i.status in live}
    assert moved.id not in by_id and checked.id in by_id
    assert by_id[checked.id][4] == TEAM and by_id[checked.id][6] == checked.summary


# What a page looks like to a person, measured in the browser: whether the page scrolls
# sideways; each short button or cell text's height in lines; each chart text's size on the
# screen (SVG text scaled with its chart); whether the item tables are laid out as tables.
MEASURE = """
const out = {scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
             tall: [], small: [], tables: []};
for (const el of document.querySelectorAll('button, td, th')) {
  const text = el.innerText.trim();
  if (!el.getClientRects().length || !text || text.length > 20) continue;
  if (el.tagName !== 'BUTTON' && el.querySelector('button')) continue;  // measured one by one
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = Math.round(range.getBoundingClientRect().height / line);
  if (lines > 3) out.tall.push([el.tagName, text, lines]);
}
for (const el of document.querySelectorAll('.chart text, .chart .label, .chart .total, .legend li')) {
  let size = parseFloat(getComputedStyle(el).fontSize);
  const svg = el.ownerSVGElement;
  if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  if (size < 11) out.small.push([el.textContent.trim(), Math.round(size * 10) / 10]);
}
out.charts = document.querySelectorAll('.chart').length;
for (const t of document.querySelectorAll('table')) out.tables.push(getComputedStyle(t).display);
return out;
"""


def console_pages(console: Console) -> dict[str, str]:
    """The console's pages, by name: the first page, the lists, one meeting to confirm,
    one item, the sessions, the preview, the requests, the outbox and the files."""
    with session_scope(console.settings.resolved_database_url) as session:
        waiting = session.exec(
            select(ActionItem.meeting_id).where(ActionItem.review == "pending")
        ).first()
    assert waiting is not None, "the sample leaves items to confirm"
    item = visible(console, TEAM)[0]
    return {
        "dashboard": "/admin/",
        "items": "/admin/items",
        "meetings": "/admin/meetings",
        "meeting": f"/admin/meetings/{waiting}",
        "item": f"/admin/items/{item.id}",
        "sessions": "/admin/sessions",
        "preview": "/admin/preview",
        "requests": "/admin/requests",
        "outbox": "/admin/outbox",
        "files": "/admin/files",
        "upload": "/admin/files/new",
    }


def add_trend(console: Console) -> None:
    """Twenty days of the daily poll's snapshots, so the dashboard draws its trend."""
    today = date.today()
    with session_scope(console.settings.resolved_database_url) as session:
        for day in range(20):
            for status, count in (("open", 12 - day // 3), ("in_progress", 3 + day // 4)):
                session.add(
                    Snapshot(
                        committee_id=console.committee_id(),
                        team_id=console.team_id(TEAM),
                        taken_on=today - timedelta(days=20 - day),
                        status=status,
                        count=count,
                    )
                )


def test_every_console_page_fits_a_phone_and_keeps_its_tables_on_a_desktop(
    served_console: tuple[str, Console], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, console = served_console
    report_done(console, visible(console, TEAM)[1], note="보고서 제출")
    add_trend(console)
    pages = console_pages(console)
    seen: dict[tuple[int, str], dict[str, Any]] = {}
    for width, height in ((390, 844), (1366, 900)):
        driver = chromium(tmp_path, width, height)
        try:
            driver.get(f"{base}/admin/login")
            seen[(width, "login")] = driver.execute_script(MEASURE)
            driver.find_element(By.ID, "name").send_keys(SECRETARY)
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "form[action='/admin/login'] button").click()
            WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin/"))
            for name, path in pages.items():
                driver.get(base + path)
                seen[(width, name)] = driver.execute_script(MEASURE)
                tall = driver.execute_script("return document.scrollingElement.scrollHeight")
                driver.set_window_size(width, min(int(tall) + 120, 9000))
                assert driver.save_screenshot(str(tmp_path / f"{name}-{width}.png"))
                driver.set_window_size(width, height)
        finally:
            driver.quit()

    for (width, name), page in seen.items():
        where = f"{name} at {width} px"
        assert page["scroll"] <= page["inner"], f"{where} scrolls sideways: {page}"
        assert not page["tall"], f"{where}: short texts broken over many lines: {page['tall']}"
        assert not page["small"], f"{where}: chart text under 11 px: {page['small']}"
    assert seen[(390, "dashboard")]["charts"] >= 3  # the teams', the meetings', the trend
    # Tables are cards on a phone and tables on a desktop.
    for name in ("dashboard", "items", "meetings", "item", "sessions", "files"):
        assert set(seen[(390, name)]["tables"]) == {"block"}, name
        assert set(seen[(1366, name)]["tables"]) == {"table"}, name
