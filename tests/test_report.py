"""The 조치결과 report on a database built by a real pass over the sample minutes, with some
teams' reports recorded: which items it lists, and each file format read back."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pypdfium2
import pytest
from docx.oxml.ns import qn
from sqlmodel import select

from followup import store
from followup.documents import FORMATS
from followup.documents.table import build_report
from followup.errors import FollowupError
from followup.minutes.formats.hwpx import hwpx_text
from followup.render import korean_date
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Meeting
from tests.helpers import (
    LATER_SESSION,
    NOW,
    SEOUL,
    expected_cells,
    record_report,
    reportable_ids,
    reported_pass,
    session_table,
)


def test_the_session_report_lists_every_reportable_item_with_its_report(
    settings: Settings,
) -> None:
    s = reported_pass(settings)

    table = session_table(settings)

    listed = [row.item_id for row in table.rows]
    assert sorted(listed) == reportable_ids(settings)
    assert s.rejected not in listed and s.pending not in listed
    by_id = {row.item_id: row for row in table.rows}
    assert by_id[s.done].status_label == "완료"
    assert by_id[s.done].action == "데이터 품질 점검 용역을 발주하여 5월에 완료함"
    assert by_id[s.done].cells()[7] == "2024. 5. 20.(월)"
    assert by_id[s.in_progress].status_label == "추진 중"
    assert by_id[s.explained].status_label == "추진 불가"
    assert by_id[s.explained].action == "예산 미확보로 올해 추진이 어려움"
    assert by_id[s.overdue].remarks == "기한 경과"
    assert by_id[s.repeat].remarks == "재요구(2023. 12. 15. 회의)"
    assert not any("이월" in row.remarks for row in table.rows)  # all from the last meeting
    decisions = sum(row.kind == "decision" for row in table.rows)
    assert decisions >= 1  # the sample's 시행계획 원안가결
    open_count = len(listed) - 3 - decisions
    assert table.count_line == (
        f"총 {len(listed)}건: 완료 1 · 추진 중 1 · 미착수 {open_count} · 추진 불가 1"
        f" · 의결 {decisions}"
    )
    assert table.title == "서울특별시 빅데이터심의위원회 조치결과 보고"
    assert "2024. 6. 14.(금) 회의 보고" in table.subtitle
    assert "2023. 12. 15.(금) 회의 이후" in table.subtitle
    assert [row.number for row in table.rows] == list(range(1, len(listed) + 1))
    assert all(row.agenda for row in table.rows)


def test_each_row_says_its_kind_and_a_resolution_its_outcome_not_a_status(
    settings: Settings,
) -> None:
    """A member's ask, a department's promise and a resolution in one table, told apart by 구분;
    a resolution is tabled with its outcome (from its summary, the secretary's edit winning),
    never as a request 미착수, and is never overdue."""
    reported_pass(settings)
    with session_scope(settings.resolved_database_url) as session:
        decision = session.exec(
            select(ActionItem).where(ActionItem.kind == "decision", ActionItem.review == "none")
        ).first()
        assert decision is not None
        decision.stated_due = decision.effective_due = date(2024, 1, 5)  # long past
        session.add(decision)
        decision_id = decision.id

    table = session_table(settings)

    assert table.headers[2] == "주요 내용" and table.headers[3] == "구분"
    words = {"recommendation": "권고·요청", "commitment": "부서 약속", "decision": "의결"}
    assert {row.kind for row in table.rows} == set(words)
    for row in table.rows:
        assert row.cells()[3] == words[row.kind]
    resolution = next(row for row in table.rows if row.item_id == decision_id)
    assert resolution.summary.endswith("원안가결")
    assert resolution.status_label == resolution.cells()[5] == "원안가결"
    assert resolution.requirement == resolution.summary  # no (위원장) after a resolution
    assert "기한 경과" not in resolution.remarks
    assert all(row.status_label != "미착수" for row in table.rows if row.kind == "decision")

    # The secretary's summary wins: an outcome and its 부대의견 as the summary states them.
    for summary, outcome, remarks in (
        ("조례 일부개정조례안 수정가결(부대의견 첨부)", "수정가결", "부대의견 첨부"),
        ("청원 심사 보류", "보류", ""),
        ("시행계획 재심의", "재심의", ""),
        ("예산안 가결, 부대의견 2건", "가결", "부대의견 2건"),
        ("동의안 수정안 부결", "수정안 부결", ""),
        ("시행계획을 의결함", "의결", ""),
        # No outcome in the summary: as the chair proclaimed it in the source.
        ("'24년 공공데이터 제공 및 이용활성화 시행계획", "가결", ""),
    ):
        with session_scope(settings.resolved_database_url) as session:
            item = session.get(ActionItem, decision_id)
            assert item is not None
            item.summary = summary
            session.add(item)
        row = next(r for r in session_table(settings).rows if r.item_id == decision_id)
        assert (row.status_label, row.remarks) == (outcome, remarks), summary


def test_the_next_session_carries_over_open_items_and_drops_what_was_reported_before(
    settings: Settings,
) -> None:
    s = reported_pass(settings)
    record_report(
        settings,
        s.done_before_session,
        "done",
        note="6월 회의 전에 완료",
        at=datetime(2024, 6, 10, 9, 0, tzinfo=SEOUL),
    )
    record_report(
        settings,
        s.in_progress,
        "done",
        note="7월 완료",
        at=datetime(2024, 7, 30, 9, 0, tzinfo=SEOUL),
    )
    with session_scope(settings.resolved_database_url) as session:
        committee_id = session.exec(select(Meeting.committee_id)).first()
        assert committee_id is not None
        store.add_session_dates(
            session, committee_id=committee_id, dates=[LATER_SESSION], added_by="간사", now=NOW
        )

    table = session_table(settings, LATER_SESSION, now=datetime(2024, 9, 10, 9, tzinfo=SEOUL))

    by_id = {row.item_id: row for row in table.rows}
    # Reported before the June session: tabled there, not again.
    for gone in (s.done, s.explained, s.done_before_session):
        assert gone not in by_id
    assert by_id[s.in_progress].status_label == "완료"
    assert by_id[s.in_progress].remarks == "이월(2023. 12. 15. 회의)"
    still_open = [row for row in table.rows if row.status in ("open", "in_progress")]
    assert still_open and all(
        row.remarks.startswith("이월(2023. 12. 15. 회의)") for row in still_open
    )
    assert "기한 경과" in by_id[s.overdue].remarks
    assert "2024. 6. 14.(금) 회의 이후" in table.subtitle


def test_a_meeting_report_lists_that_meetings_items(settings: Settings) -> None:
    reported_pass(settings)
    with session_scope(settings.resolved_database_url) as session:
        meeting_id = session.exec(select(Meeting.id)).one()

    table = build_report(settings, committee_name=None, meeting_id=meeting_id, now=NOW)

    assert sorted(row.item_id for row in table.rows) == reportable_ids(settings)
    assert table.title == "2023년 2차 빅데이터심의위원회 조치결과 보고"


def test_docx_has_the_table_landscape_and_a_korean_font(settings: Settings) -> None:
    reported_pass(settings)
    table = session_table(settings)

    document = docx.Document(io.BytesIO(FORMATS["docx"].write(table)))

    section = document.sections[0]
    assert section.page_width > section.page_height
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == [table.title, table.subtitle, table.count_line]
    (grid,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in grid.rows]
    assert cells[0] == list(table.headers)
    assert cells[1:] == expected_cells(settings, table)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "맑은 고딕"


def test_hwpx_reads_back_through_our_reader_and_python_hwpx(settings: Settings) -> None:
    from hwpx import HwpxDocument

    reported_pass(settings)
    table = session_table(settings)
    data = FORMATS["hwpx"].write(table)

    package = zipfile.ZipFile(io.BytesIO(data))
    first = package.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert package.read("mimetype") == b"application/hwp+zip"
    names = set(package.namelist())
    assert {"version.xml", "Contents/content.hpf", "Contents/header.xml"} <= names
    assert "함초롬" in package.read("Contents/header.xml").decode("utf-8")

    lines = hwpx_text(data, max_unpacked_bytes=50_000_000, max_members=100).split("\n")
    assert table.title in lines and table.count_line in lines
    rows = [line.split("\t") for line in lines if "\t" in line]
    assert rows[0] == list(table.headers)
    assert rows[1:] == expected_cells(settings, table)

    document = HwpxDocument.open(io.BytesIO(data))
    (grid,) = [t for p in document.paragraphs for t in p.tables]
    read = [[cell.text for cell in row.cells] for row in grid.rows]
    assert read[0] == list(table.headers)
    assert read[1:] == expected_cells(settings, table)


def test_xlsx_and_csv_hold_the_same_rows(settings: Settings) -> None:
    reported_pass(settings)
    table = session_table(settings)
    expected = [list(table.headers), *expected_cells(settings, table)]

    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].write(table)))
    sheet = book.active
    assert sheet is not None

    def shown(value: object) -> str:  # as the sheet shows it: 2024. 5. 20.(월)
        if isinstance(value, datetime):
            return korean_date(value.date())
        return "" if value is None else str(value)

    values = [[shown(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    # 연번 is a number and 완료(예정)일 a date, shown as the other formats write it.
    for line in sheet.iter_rows(min_row=5):
        assert isinstance(line[0].value, int)
        assert line[7].value is None or isinstance(line[7].value, datetime)
        assert line[7].number_format == "yyyy. m. d."
    assert [values[0][0], values[1][0], values[2][0]] == [
        table.title,
        table.subtitle,
        table.count_line,
    ]
    assert values[3:] == expected

    data = FORMATS["csv"].write(table)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel in Korea reads UTF-8 only with the BOM
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == expected


def test_the_docx_converts_to_pdf_with_the_korean_table_text(
    settings: Settings, tmp_path: Path
) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (scripts/system-deps installs it as root)")
    reported_pass(settings)
    table = session_table(settings)
    source = tmp_path / "report.docx"
    source.write_bytes(FORMATS["docx"].write(table))

    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    pdf = pypdfium2.PdfDocument(tmp_path / "report.pdf")
    width, height = pdf[0].get_size()
    assert width > height
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    squeezed = "".join(text.split())
    for phrase in (table.count_line, *table.headers, table.rows[0].team, "기한경과"):
        assert "".join(phrase.split()) in squeezed
    for row in table.rows:
        assert "".join(row.action.split()) in squeezed


def test_report_command_writes_the_file_and_explains_bad_input(
    settings: Settings, tmp_path: Path
) -> None:
    reported_pass(settings)
    out = tmp_path / "out" / "조치결과.csv"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "followup.cli", "report", *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    done = run("--session", "2024-06-14", "--out", str(out), "--now", NOW.isoformat())
    assert done.returncode == 0, done.stderr
    assert "총 " in done.stdout and str(out) in done.stdout
    expected = session_table(settings)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[1:] == expected_cells(settings, expected)

    wrong = run("--session", "2024-06-14", "--out", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2 and "지원하지 않습니다" in wrong.stderr
    with pytest.raises(FollowupError, match="회의 999번이 없습니다"):
        build_report(settings, committee_name=None, meeting_id=999, now=NOW)
    with pytest.raises(FollowupError, match="하나만 지정"):
        build_report(settings, committee_name=None, now=NOW)
