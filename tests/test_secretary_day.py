"""The secretary's whole day in Chromium, with no terminal: sign in, upload approved minutes
with their approval, land on the meeting's confirmation page and confirm its items after
editing one summary and moving one item to another team; the scheduled pass (called here as
the scheduler would) sends the notices, and the team's mail (aiosmtpd on 127.0.0.1) carries
the edited summary and the team's link; the team opens that link on a phone-width browser,
reports progress on one item and asks for a 기한 연장 on another; the secretary accepts the
request with a note (the team's mail says so, the due date moves); downloads the meeting's
조치결과 report as DOCX and XLSX (read with python-docx and openpyxl, the DOCX printed by
LibreOffice); and sends again, after a confirmation step, the notice that failed while the
other team's mail server was down."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import urllib.request
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pytest
from openpyxl import load_workbook

from followup.intake.passes import run_in_process
from tests.helpers import (
    CHROMEDRIVER,
    CHROMIUM,
    LATER_SESSION,
    PASSWORD,
    ROOT,
    SECRETARY,
    SECRETARY_TEAM,
    TEAM,
    Console,
    Mailbox,
    chromium,
)

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium chromium-driver)",
)

MINUTES = ROOT / "tests" / "data" / "seoul-bigdata-committee-2024-1.md"
MEETING = "2024년 1차 빅데이터심의위원회"
COMMITTEE = "서울특별시 빅데이터심의위원회"
STATS = "통계조사팀"
APPROVER = "위원장 김정호"
EDITED = "전국·다른 시도와 서울시 가계부채 비교 분석 결과 보고"
PROGRESS = "한국은행 가계부채 자료를 받아 시도별 비교표를 만드는 중입니다."
PLANNED = date(2024, 8, 30)
NEW_DUE = date(2024, 10, 31)
NOTE = "10월 말까지 결과를 보고해 주십시오."
COOKIE = "followup_admin"
CONFIRMED = "확인했습니다. 다음 알림 때 담당부서에 보냅니다."
HEADERS = ["연번", "안건", "주요 내용", "구분", "담당부서", "조치결과", "조치내용"]


def wait_for(driver: Any, part: str, seconds: float = 10, *, on: str = "current_url") -> None:
    """Wait until ``part`` is in the browser's address (or, ``on="page_source"``, its page)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds).until(lambda d: part in getattr(d, on))


def text_of(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def set_value(driver: Any, element: Any, value: str) -> None:
    """A date input's value, as its picker would set it."""
    driver.execute_script("arguments[0].value = arguments[1]", element, value)


def plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def one_mail(box: Mailbox, subject: str) -> str:
    found = [m for m in box.messages if str(m["Subject"]) == subject]
    assert len(found) == 1, box.subjects()
    return plain(found[0])


def download(driver: Any, link_text: str) -> bytes:
    """The file behind the page's link ``link_text``, fetched with the browser's session."""
    from selenium.webdriver.common.by import By

    href = str(driver.find_element(By.LINK_TEXT, link_text).get_attribute("href"))
    cookie = driver.get_cookie(COOKIE)
    assert cookie is not None
    request = urllib.request.Request(href, headers={"Cookie": f"{COOKIE}={cookie['value']}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return bytes(response.read())


def shown(on: date) -> str:
    """A date as the pages and documents show it: 2024. 10. 31.(목)."""
    return f"{on.year}. {on.month}. {on.day}.({'월화수목금토일'[on.weekday()]})"


def sign_in(driver: Any, base: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}/admin/")
    wait_for(driver, "/admin/login")
    driver.find_element(By.ID, "name").send_keys(SECRETARY)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/admin/login'] button").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url == f"{base}/admin/")
    assert "후속조치 현황" in text_of(driver, "h1")


def upload_minutes(driver: Any, minutes: Path) -> int:
    """The minutes uploaded through the console's form; the meeting the secretary lands on."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.LINK_TEXT, "회의록 올리기").click()
    wait_for(driver, "/admin/files/new")
    form = driver.find_element(By.ID, "upload-form")
    form.find_element(By.ID, "approved_by").send_keys(APPROVER)
    set_value(driver, form.find_element(By.ID, "approved_on"), "2024-06-21")
    form.find_element(By.ID, "signatories").send_keys("이은경\n송유정")
    form.find_element(By.ID, "file").send_keys(str(minutes))
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(driver, "saved=uploaded", 90)  # extracted in the server's background
    match = re.search(r"/admin/meetings/(\d+)", driver.current_url)
    assert match
    return int(match.group(1))


def teams_on_page(driver: Any) -> dict[int, str]:
    """Each item on the confirmation page and the team chosen for it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    out = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "fieldset[id^=row-]"):
        n = int(str(row.get_attribute("id")).removeprefix("row-"))
        out[n] = Select(row.find_element(By.ID, f"team-{n}")).first_selected_option.text
    return out


def confirm_with_edits(driver: Any, edited: int, moved: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    summary = driver.find_element(By.ID, f"summary-{edited}")
    summary.send_keys(Keys.CONTROL, "a")
    summary.send_keys(EDITED)
    Select(driver.find_element(By.ID, f"team-{moved}")).select_by_visible_text(TEAM)
    driver.find_element(By.CSS_SELECTOR, "button[name=do][value=all]").click()
    wait_for(driver, "saved=confirmed")


def team_reports(phone: Any, link: str, progressed: int, extended: int) -> None:
    """The team's day on its page: progress on one item, a 기한 연장 on another."""
    from selenium.webdriver.common.by import By

    phone.get(link)
    assert text_of(phone, "h1") == f"{STATS} 후속조치 이행상황"
    assert text_of(phone, ".counts").startswith("4건: 미착수 4")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= (
        phone.execute_script("return window.innerWidth")
    )
    card = phone.find_element(By.ID, f"item-{progressed}")
    assert card.find_element(By.TAG_NAME, "h3").text == EDITED
    card.find_element(By.XPATH, ".//label[normalize-space()='추진 중']").click()
    card.find_element(By.NAME, "note").send_keys(PROGRESS)
    set_value(phone, card.find_element(By.NAME, "planned_on"), PLANNED.isoformat())
    card.find_element(By.NAME, "reporter").send_keys("통계조사팀 이주무관")
    card.find_element(By.CSS_SELECTOR, "form.report button[type=submit]").click()
    wait_for(phone, f"saved={progressed}")
    card = phone.find_element(By.ID, f"item-{progressed}")
    assert card.find_element(By.CSS_SELECTOR, ".tag.status-in_progress").text == "추진 중"
    assert PROGRESS in card.find_element(By.CSS_SELECTOR, ".last .note").text

    card = phone.find_element(By.ID, f"item-{extended}")
    card.find_element(By.CSS_SELECTOR, "details.requests > summary").click()
    form = card.find_element(By.CSS_SELECTOR, "form[action$='/extension']")
    set_value(phone, form.find_element(By.NAME, "new_due"), NEW_DUE.isoformat())
    form.find_element(By.NAME, "reason").send_keys("자치구 자료 협조가 늦어지고 있습니다.")
    assert form.find_element(By.NAME, "reporter").get_attribute("value") == "통계조사팀 이주무관"
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(phone, f"requested={extended}")
    assert "간사의 결정을 기다리는 중" in phone.find_element(By.ID, f"item-{extended}").text


def decide_extension(driver: Any, extended: int) -> None:
    """The secretary accepts the team's request with a note on the requests page."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.PARTIAL_LINK_TEXT, "요청 처리").click()
    wait_for(driver, "/admin/requests")
    assert text_of(driver, "h1") == "부서 요청 처리"
    (card,) = driver.find_elements(By.CSS_SELECTOR, "section[id^=request-]")
    request_id = str(card.get_attribute("id")).removeprefix("request-")
    assert f"기한 연장 · {STATS}" in card.find_element(By.TAG_NAME, "h2").text
    assert f"{shown(LATER_SESSION)} → {shown(NEW_DUE)}" in card.text
    assert "자치구 자료 협조가 늦어지고 있습니다." in card.text
    card.find_element(By.TAG_NAME, "textarea").send_keys(NOTE)
    card.find_element(By.CSS_SELECTOR, "button[value=accept]").click()
    decided = (
        f"요청 #{request_id}(기한 연장, {STATS})을 수락했습니다. "
        f"No. {extended} 항목의 기한은 {shown(NEW_DUE)}입니다."
    )
    wait_for(driver, decided, on="page_source")
    assert f"{STATS}에 결정을 알렸습니다." in text_of(driver, ".notice.ok")
    assert "결정을 기다리는 요청이 없습니다" in driver.page_source


def report_rows(docx_data: bytes, xlsx_data: bytes) -> tuple[list[list[str]], list[list[str]]]:
    """The report's table as python-docx and openpyxl read it (header row first)."""
    (grid,) = docx.Document(io.BytesIO(docx_data)).tables
    in_docx = [[cell.text for cell in row.cells] for row in grid.rows]
    sheet = load_workbook(io.BytesIO(xlsx_data)).active
    assert sheet is not None
    in_xlsx = [
        [shown(v.date()) if isinstance(v, datetime) else "" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(min_row=4, values_only=True)
    ]
    return in_docx, in_xlsx


def printed_text(tmp_path: Path, docx_data: bytes) -> str:
    """The DOCX printed to PDF by LibreOffice, its first page drawn to PNG: the PDF's text,
    spaces removed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return ""
    source = tmp_path / "report.docx"
    source.write_bytes(docx_data)
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            *("--convert-to", "pdf", "--outdir", str(tmp_path), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = pypdfium2.PdfDocument(tmp_path / "report.pdf")
    picture = pdf[0].render(scale=1.5).to_pil()
    picture.save(tmp_path / "report.png")
    width, height = picture.size
    assert width > height > 500  # a landscape page with something drawn
    assert len(set(picture.convert("L").getdata())) > 2
    return "".join("".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())


def test_the_secretarys_whole_day_without_a_terminal(
    served_workday: tuple[str, Console],
    team_box: Mailbox,
    secretary_box: Mailbox,
    planning_box: Mailbox,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    base, console = served_workday
    minutes = tmp_path / "2024년 1차 회의록.md"
    minutes.write_bytes(MINUTES.read_bytes())
    desk = chromium(tmp_path, 1366, 900)
    phone = chromium(tmp_path, 390, 844)
    try:
        # Morning: sign in, upload the approved minutes, land on the confirmation page.
        sign_in(desk, base)
        meeting_id = upload_minutes(desk, minutes)
        assert text_of(desk, "h1") == f"{MEETING} ({shown(date(2024, 6, 14))}) 후속조치 확인"
        assert "회의록을 올리고 후속조치를 뽑았습니다" in text_of(desk, ".notice.ok")
        assert text_of(desk, "#waiting-count") == "확인 대기 5건"
        teams = teams_on_page(desk)
        stats = [n for n, team in teams.items() if team == STATS]
        (secretarys,) = [n for n, team in teams.items() if team == SECRETARY_TEAM]
        assert len(stats) == 4
        progressed, extended = stats[0], stats[1]
        before, given = console.item(progressed).summary, console.item(secretarys).summary

        # Confirm every item, one summary edited and one item given to 빅데이터기획팀.
        confirm_with_edits(desk, progressed, secretarys)
        assert text_of(desk, ".notice.ok") == f"5건을 {CONFIRMED}"
        assert text_of(desk, "#waiting-count") == "확인 대기 0건"
        assert team_box.messages == []  # nothing reaches a team before the pass

        # The scheduled pass sends the notices; 빅데이터기획팀's mail server is down.
        result = run_in_process(console.settings)
        assert len(result.failed_sends) == 1 and TEAM in result.failed_sends[0]
        subject = f"[{COMMITTEE}] {STATS} 후속조치 4건 배정 안내"
        notice = one_mail(team_box, subject)
        assert f"1. {EDITED}" in notice and before not in notice
        link = re.search(r"이행상황 입력: (\S+)", notice)
        assert link and link.group(1).startswith(f"{base}/t/")
        failed_subject = f"{TEAM} 후속조치 1건 배정 안내"
        told = one_mail(secretary_box, f"[{COMMITTEE}] 알림을 보내지 못했습니다: {failed_subject}")
        assert "메일 서버가 연결을 받지 않습니다" in told
        outbox = re.search(rf"^({re.escape(base)}/admin/outbox\S*)$", told, re.M)
        assert outbox, told  # where the secretary sends it again, in the console

        # The team, on a phone, through the link in its mail.
        team_reports(phone, link.group(1), progressed, extended)
        phone.save_screenshot(str(tmp_path / "team-390.png"))

        # The secretary decides the request; the team hears of it at once.
        decide_extension(desk, extended)
        decided = one_mail(team_box, f"[{COMMITTEE}] No. {extended} 기한 연장 요청 수락 안내")
        assert f"기한이 {shown(NEW_DUE)}으로 바뀌었습니다." in decided
        assert f"간사 의견: {NOTE}" in decided
        assert console.item(extended).effective_due == NEW_DUE
        phone.refresh()
        assert shown(NEW_DUE) in phone.find_element(By.ID, f"item-{extended}").text

        # The meeting's 조치결과 report, as DOCX and XLSX.
        desk.get(f"{base}/admin/meetings/{meeting_id}")
        docx_data, xlsx_data = download(desk, "DOCX"), download(desk, "XLSX")

        # The failed notice, opened from the secretary's mail, sent again once the server is up.
        desk.get(outbox.group(1))
        assert text_of(desk, "h1") == "발송 대기열"
        (row,) = desk.find_elements(By.CSS_SELECTOR, "tr[id^=delivery-]")
        delivery = str(row.get_attribute("id")).removeprefix("delivery-")
        for part in ("실패", failed_subject, "메일 서버가 연결을 받지 않습니다"):
            assert part in row.text, part
        assert f"127.0.0.1:{planning_box.port}" in row.text
        planning_box.up()
        row.find_element(By.CSS_SELECTOR, "button").click()
        wait_for(desk, f"/admin/outbox/{delivery}/retry")
        assert text_of(desk, "h1") == f"배달 #{delivery}: 다시 보내기"
        assert planning_box.messages == []  # the first click sends nothing
        desk.find_element(By.CSS_SELECTOR, "#confirm-form button").click()
        wait_for(desk, "보냈습니다", 15, on="page_source")
        assert text_of(desk, ".notice.ok").startswith(f"배달 #{delivery}을 보냈습니다.")
        assert "보내지 않은 알림이 없습니다" in desk.page_source
        moved = one_mail(planning_box, f"[{COMMITTEE}] {failed_subject}")
        assert given in moved
        desk.save_screenshot(str(tmp_path / "outbox.png"))
    finally:
        desk.quit()
        phone.quit()

    in_docx, in_xlsx = report_rows(docx_data, xlsx_data)
    for rows in (in_docx, in_xlsx):
        assert rows[0][:7] == HEADERS
        assert len(rows) == 1 + 5
        (reported,) = [r for r in rows if r[2].startswith(EDITED)]
        assert reported[4:8] == [STATS, "추진 중", PROGRESS, shown(PLANNED)]
        assert [r[4] for r in rows if r[2].startswith(given)] == [TEAM]
        assert not any(before in r[2] for r in rows)
        assert sorted(r[5] for r in rows[1:]) == ["미착수"] * 4 + ["추진 중"]
    printed = printed_text(tmp_path, docx_data)
    if printed:
        for phrase in (EDITED, PROGRESS, "추진 중", MEETING):
            assert "".join(phrase.split()) in printed, phrase
