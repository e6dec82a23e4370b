"""The console in headless Chromium at phone and desktop width, against a real server: sign
in, filter, open an item, reassign it, mark a team's 완료 as 미흡 with a reason, and export
the filtered list as XLSX (fetched with the browser's session cookie, read with openpyxl)."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook

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
        assert driver.find_elements(By.CSS_SELECTOR, "svg.chart.bars rect.segment")
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
