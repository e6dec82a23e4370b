"""Minutes in the browser: the secretary uploads approved minutes with their approval in the
console, lands on the meeting's confirmation page with every item waiting for 확인; a draft,
an oversized file, a name the upload does not take or a file that cannot be read gives a
Korean error naming the file and is listed on the files page; the same file twice makes one
meeting; another committee's secretary sees none of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import col, select

from followup.intake.ingest import Approval, approve_upload
from followup.settings import Settings
from followup.web.app import create_app
from models.db import session_scope
from models.tables import ActionItem, Meeting, MinutesFile
from tests.formats_fixtures import (
    markdown_to_docx,
    markdown_to_hwp,
    markdown_to_hwpx,
    markdown_to_pdf,
)
from tests.helpers import (
    PASSWORD,
    ROOT,
    SECRETARY,
    Console,
    assert_korean_page,
    chromium,
    csrf,
    sign_in,
)

NEW_MINUTES = ROOT / "tests" / "data" / "seoul-bigdata-committee-2024-1.md"
NEW_TITLE = "2024년 1차 빅데이터심의위원회"
APPROVER = "위원장 김정호"
SIGNATORIES = "이은경\n송유정"
TEXT = NEW_MINUTES.read_text(encoding="utf-8")
FORMATS: dict[str, Callable[[], bytes]] = {
    "md": lambda: TEXT.encode(),
    "txt": lambda: TEXT.encode(),
    "docx": lambda: markdown_to_docx(TEXT),
    "hwpx": lambda: markdown_to_hwpx(TEXT),
    "hwp": lambda: markdown_to_hwp(TEXT),
    "pdf": lambda: markdown_to_pdf(TEXT),
}
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The sample committee, whose secretary confirms every item: its file's
    ``auto_confirm_above`` is taken out (for every console fixture built on these settings)."""
    for path in settings.committees:
        text = Path(path).read_text(encoding="utf-8")
        Path(path).write_text(re.sub(r"(?m)^auto_confirm_above:.*$", "", text), encoding="utf-8")
    return settings


def upload(
    client: TestClient,
    token: str,
    name: str,
    content: bytes,
    *,
    by: str = APPROVER,
    on: str = "2024-06-20",
    signatories: str = SIGNATORIES,
    **extra: str,
) -> Response:
    fields = {"csrf": token, "approved_by": by, "approved_on": on, "signatories": signatories}
    return client.post(
        "/admin/files",
        data={**fields, **extra},
        files={"file": (name, content, "application/octet-stream")},
    )


def files(console: Console) -> list[MinutesFile]:
    with session_scope(console.settings.resolved_database_url) as session:
        return list(session.exec(select(MinutesFile).order_by(col(MinutesFile.id))))


def meetings(console: Console) -> list[Meeting]:
    with session_scope(console.settings.resolved_database_url) as session:
        return list(session.exec(select(Meeting).order_by(col(Meeting.id))))


def meeting_items(console: Console, meeting_id: int) -> list[ActionItem]:
    with session_scope(console.settings.resolved_database_url) as session:
        return list(session.exec(select(ActionItem).where(ActionItem.meeting_id == meeting_id)))


def leftovers(console: Console) -> list[Path]:
    """Hidden partial uploads left in the inbox."""
    return sorted(console.settings.inbox.glob(".upload-*"))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_uploaded_minutes_land_on_their_meeting_waiting_for_confirmation(
    console: Console, suffix: str
) -> None:
    token = sign_in(console.client)
    before = {m.id for m in meetings(console)}

    response = upload(console.client, token, f"2024년 1차 회의록.{suffix}", FORMATS[suffix]())

    assert response.status_code == 200
    assert_korean_page(response)
    new = [m for m in meetings(console) if m.id not in before]
    assert [m.title for m in new] == [NEW_TITLE]
    assert response.url.path == f"/admin/meetings/{new[0].id}"
    page = text_of(response.text)
    assert "회의록을 올리고 후속조치를 뽑았습니다" in page
    items = meeting_items(console, new[0].id or 0)
    assert len(items) == 5 and {i.review for i in items} == {"pending"}
    assert f"확인 대기 {len(items)}건" in page
    row = files(console)[-1]
    assert row.path == f"2024년 1차 회의록.{suffix}"
    assert (console.settings.inbox / row.path).is_file()
    assert (row.approved_by, row.signatories.split("\n")) == (APPROVER, ["이은경", "송유정"])
    assert leftovers(console) == []

    listing = text_of(console.client.get("/admin/files").text)
    assert f"2024년 1차 회의록.{suffix}" in listing
    assert f"승인 {APPROVER} · 2024. 6. 20.(목) 서명 위원: 이은경, 송유정" in listing
    assert NEW_TITLE in listing


def test_a_draft_is_kept_as_a_draft_until_approved_in_the_console(console: Console) -> None:
    token = sign_in(console.client)
    count = len(meetings(console))
    response = upload(console.client, token, "초안 회의록.md", TEXT.encode(), by="  ")

    assert response.status_code == 200 and "/admin/files/" in response.url.path
    page = text_of(response.text)
    assert "초안 회의록.md: 승인한 사람이 적혀 있지 않아 초안으로 등록했습니다" in page
    assert len(meetings(console)) == count
    row = files(console)[-1]
    assert (row.status, row.approved_by) == ("draft", None)
    listing = text_of(console.client.get("/admin/files").text)
    assert "초안 회의록.md 등록" in listing and "초안 승인 전이라 추출하지 않음" in listing

    approved = console.client.post(
        f"/admin/files/{row.id}/approve",
        data={"csrf": token, "approved_by": APPROVER, "signatories": "이은경, 송유정"},
    )

    assert approved.url.path.startswith("/admin/meetings/")
    assert "확인 대기 5건" in text_of(approved.text)
    row = files(console)[-1]
    assert (row.status, row.approved_by, row.signatories) == (
        "approved",
        APPROVER,
        "이은경\n송유정",
    )


@pytest.mark.parametrize(
    ("on", "problem"),
    [("2999-01-01", "승인일이 오늘보다 뒤입니다"), ("2024-13-01", "승인일을 날짜(YYYY-MM-DD)로")],
)
def test_a_bad_approval_date_leaves_a_draft_and_says_why(
    console: Console, on: str, problem: str
) -> None:
    token = sign_in(console.client)
    response = upload(console.client, token, "회의록.md", TEXT.encode(), on=on)

    assert f"회의록.md: {problem}" in text_of(response.text)
    assert files(console)[-1].status == "draft"


def test_an_oversized_file_is_refused_by_name_and_listed(console: Console) -> None:
    small = console.settings.model_copy(update={"max_file_mb": 0.001})  # 1,048 bytes
    with TestClient(create_app(small), base_url="https://testserver") as client:
        token = sign_in(client)
        response = upload(client, token, "큰 회의록.md", TEXT.encode())

        assert response.status_code == 200
        page = text_of(response.text)
        assert f"큰 회의록.md: 파일 크기가 {len(TEXT.encode()) / 1024:.1f} KB로 한도" in page
        row = files(console)[-1]
        assert (row.status, row.path) == ("failed", "큰 회의록.md")
        assert not (console.settings.inbox / row.path).exists()
        assert leftovers(console) == []
        listing = text_of(client.get("/admin/files").text)
        assert "큰 회의록.md" in listing and "실패" in listing and "한도 1 KB를 넘습니다" in listing
        assert client.get("/admin/").status_code == 200


def test_a_name_the_upload_does_not_take_is_quarantined_and_listed(console: Console) -> None:
    token = sign_in(console.client)
    response = upload(console.client, token, "회의 결과.xlsx", b"PK\x03\x04 not minutes")

    page = text_of(response.text)
    assert "회의 결과.xlsx: .xlsx 파일은 회의록으로 받지 않습니다" in page
    assert (console.settings.inbox / "quarantine" / "회의 결과.xlsx").is_file()
    assert "격리 폴더: 회의 결과.xlsx" in page
    listing = text_of(console.client.get("/admin/files").text)
    assert ".xlsx 파일은 회의록으로 받지 않습니다" in listing
    assert "격리된 사본: 회의 결과.xlsx" in listing


def test_a_file_that_cannot_be_read_says_so_on_its_page(console: Console) -> None:
    token = sign_in(console.client)
    response = upload(console.client, token, "깨진 회의록.docx", b"\x00\x01 broken " * 50)

    assert response.url.path.startswith("/admin/files/")
    page = text_of(response.text)
    assert "깨진 회의록.docx: 텍스트가 아닌 이진 파일로 보입니다(널 바이트 10%)" in page
    assert files(console)[-1].status == "failed"
    assert (console.settings.inbox / "quarantine" / "깨진 회의록.docx").is_file()
    assert "실패" in text_of(console.client.get("/admin/files").text)


def test_while_the_file_is_extracted_its_page_says_so_and_looks_again(console: Console) -> None:
    token = sign_in(console.client)
    draft = upload(console.client, token, "회의록.md", TEXT.encode(), by="")
    row = files(console)[-1]
    approval = Approval(by=APPROVER, on=date(2024, 6, 20))
    now = console.settings.now()
    assert approve_upload(console.settings, row.id or 0, approval, timezone="Asia/Seoul", now=now)

    waiting = console.client.get(f"/admin/files/{row.id}?upload=1")

    assert draft.status_code == 200 and waiting.status_code == 200
    assert "후속조치를 뽑는 중입니다" in waiting.text
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "추출 중" in text_of(console.client.get("/admin/files").text)


def test_the_same_file_twice_makes_one_meeting(console: Console) -> None:
    token = sign_in(console.client)
    first = upload(console.client, token, "회의록.md", TEXT.encode())
    count, stored = len(meetings(console)), len(files(console))

    again = upload(console.client, token, "회의록 사본.md", TEXT.encode())

    assert first.url.path.startswith("/admin/meetings/")
    assert "같은 내용의 회의록이 이미 등록되어 있어 새로 등록하지 않았습니다" in text_of(again.text)
    assert (len(meetings(console)), len(files(console))) == (count, stored)
    assert not (console.settings.inbox / "회의록 사본.md").exists()
    assert "/admin/meetings/" in again.text  # the page leads to the meeting


def test_a_name_taken_in_the_inbox_gets_a_number(console: Console) -> None:
    token = sign_in(console.client)
    upload(console.client, token, "../approved/회의록.md", TEXT.encode())
    upload(console.client, token, "회의록.md", TEXT.encode().replace(b"15:00", b"16:00"))

    assert [f.path for f in files(console)][-2:] == ["회의록.md", "회의록-2.md"]
    assert len(meetings(console)) == 2  # the second is a correction of the same meeting


def test_an_upload_without_the_csrf_token_is_refused_and_keeps_nothing(
    console: Console,
) -> None:
    sign_in(console.client)
    before = files(console)
    response = upload(console.client, "forged", "회의록.md", TEXT.encode())

    assert response.status_code == 403
    assert "요청을 확인할 수 없습니다" in response.text
    assert files(console) == before and leftovers(console) == []
    assert not (console.settings.inbox / "회의록.md").exists()


def test_the_upload_page_asks_for_the_approval_and_names_the_formats(console: Console) -> None:
    sign_in(console.client)
    response = console.client.get("/admin/files/new")

    assert response.status_code == 200
    assert_korean_page(response)
    page = text_of(response.text)
    for label in ("승인한 사람", "승인일", "서명 위원", "회의록 파일"):
        assert label in page
    assert "TXT, MD, DOCX, HWPX, HWP, PDF 파일, 20 MB까지" in page
    assert 'enctype="multipart/form-data"' in response.text
    assert 'accept=".txt,.md,.docx,.hwpx,.hwp,.pdf"' in response.text


def test_an_upload_without_a_file_asks_for_one(console: Console) -> None:
    token = sign_in(console.client)
    response = console.client.post(
        "/admin/files",
        data={"csrf": token, "approved_by": APPROVER},
        files={"file": ("", b"", "application/octet-stream")},
    )

    assert response.status_code == 422
    assert "올릴 회의록 파일을 골라 주십시오" in response.text


def test_another_committees_secretary_sees_none_of_it(two_committees: Console) -> None:
    client = two_committees.client
    token = sign_in(client)
    landed = upload(client, token, "회의록.md", TEXT.encode(), c=str(two_committees.committee_id()))
    assert landed.url.path.startswith("/admin/meetings/")
    row = files(two_committees)[-1]
    client.post("/admin/logout", data={"csrf": token})

    sign_in(client, "청년간사", "youth password 1")

    assert "회의록.md" not in client.get("/admin/files").text
    assert client.get(f"/admin/files/{row.id}").status_code == 404
    token = csrf(client.get("/admin/").text)
    forged = upload(client, token, "y.md", TEXT.encode(), c=str(two_committees.committee_id()))
    assert forged.status_code == 403 and "맡은 위원회가 아닙니다" in forged.text
    assert leftovers(two_committees) == []


@pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium chromium-driver)",
)
def test_a_secretary_uploads_minutes_through_the_real_form(
    served_console: tuple[str, Console], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, console = served_console
    minutes = tmp_path / "2024년 1차 회의록.md"
    minutes.write_bytes(NEW_MINUTES.read_bytes())
    driver = chromium(tmp_path, 1280, 900)
    try:
        driver.get(f"{base}/admin/login")
        driver.find_element(By.ID, "name").send_keys(SECRETARY)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/admin/login'] button").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin/"))
        driver.find_element(By.LINK_TEXT, "회의록 올리기").click()
        WebDriverWait(driver, 10).until(lambda d: "/admin/files/new" in d.current_url)
        form = driver.find_element(By.ID, "upload-form")
        form.find_element(By.ID, "approved_by").send_keys(APPROVER)
        form.find_element(By.ID, "signatories").send_keys(SIGNATORIES)
        form.find_element(By.ID, "file").send_keys(str(minutes))
        form.find_element(By.CSS_SELECTOR, "button").click()
        WebDriverWait(driver, 90).until(lambda d: "/admin/meetings/" in d.current_url)

        assert "2024년 1차" in driver.find_element(By.TAG_NAME, "h1").text
        assert driver.find_element(By.ID, "waiting-count").text == "확인 대기 5건"
        driver.find_element(By.LINK_TEXT, "회의록").click()
        row = driver.find_element(By.XPATH, "//tr[.//a[text()='2024년 1차 회의록.md']]")
        assert "이은경, 송유정" in row.text and APPROVER in row.text
        assert files(console)[-1].signatories == "이은경\n송유정"
    finally:
        driver.quit()
