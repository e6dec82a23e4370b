"""The 조치결과 report downloaded from the console, as of the console's clock: a session's and
a meeting's, in every format, opened as a reader would (python-docx, the HWPX zip's XML,
openpyxl, csv) and compared with the table ``followup report`` writes."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import unquote
from xml.etree import ElementTree

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from followup.documents import FORMATS
from followup.documents.table import ReportTable, build_report
from followup.render import korean_date
from followup.settings import Settings
from followup.web.app import create_app
from models.db import session_scope
from models.tables import Meeting
from tests.helpers import (
    NOW,
    SESSION,
    Console,
    add_secretary,
    expected_cells,
    reported_pass,
    session_table,
    sign_in,
)

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "hwpx": "application/hwp+zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@pytest.fixture
def reported(settings: Settings) -> Iterator[Console]:
    """The sample with reports on some items, the console's clock fixed at ``NOW``."""
    reported_pass(settings)
    add_secretary(settings)
    app = create_app(settings, clock=lambda: NOW.astimezone(UTC))
    with TestClient(app, base_url="https://testserver") as client:
        sign_in(client)
        yield Console(settings, client)


def the_meeting(console: Console) -> Meeting:
    with session_scope(console.settings.resolved_database_url) as session:
        return session.exec(select(Meeting)).one()


def rows_in(fmt: str, data: bytes) -> list[list[str]]:
    """The report's table (header row first) as each format's reader sees it."""
    if fmt == "docx":
        (grid,) = docx.Document(io.BytesIO(data)).tables
        return [[cell.text for cell in row.cells] for row in grid.rows]
    if fmt == "hwpx":
        package = zipfile.ZipFile(io.BytesIO(data))
        assert package.read("mimetype") == b"application/hwp+zip"
        root = ElementTree.fromstring(package.read("Contents/section0.xml"))
        rows = []
        for tr in (e for e in root.iter() if e.tag.endswith("}tr")):
            cells = [e for e in tr if e.tag.endswith("}tc")]
            rows.append(
                ["".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in cells]
            )
        return rows
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None

        def shown(value: object) -> str:
            if isinstance(value, datetime):
                return korean_date(value.date())
            return "" if value is None else str(value)

        return [[shown(v) for v in row] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def downloaded_name(disposition: str) -> str:
    match = re.fullmatch(
        r"attachment; filename=\"([\x20-\x7e]+)\"; filename\*=UTF-8''(\S+)", disposition
    )
    assert match, disposition
    return unquote(match.group(2), errors="strict")


def check_download(console: Console, path: str, fmt: str, table: ReportTable) -> str:
    response = console.client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]
    assert rows_in(fmt, response.content) == [
        list(table.headers),
        *expected_cells(console.settings, table),
    ]
    assert "조치결과" in table.headers and "주요 내용" in table.headers
    return downloaded_name(response.headers["content-disposition"])


def test_a_sessions_report_downloads_in_each_format(reported: Console) -> None:
    table = session_table(reported.settings, SESSION, NOW)
    assert len(table.rows) >= 8
    page = reported.client.get("/admin/sessions").text
    assert "조치결과 받기" in page

    for fmt in FORMATS:
        path = f"/admin/sessions/{SESSION.isoformat()}/report.{fmt}"
        name = check_download(reported, path, fmt, table)

        assert name == f"조치결과-{SESSION.isoformat()}.{fmt}"
        assert f'href="{path}?c={reported.committee_id()}" download>{fmt.upper()}</a>' in page


def test_a_meetings_report_downloads_in_each_format(reported: Console) -> None:
    meeting = the_meeting(reported)
    table = build_report(reported.settings, committee_name=None, meeting_id=meeting.id, now=NOW)
    assert table.rows
    pages = [
        reported.client.get(p).text for p in ("/admin/meetings", f"/admin/meetings/{meeting.id}")
    ]

    for fmt in FORMATS:
        path = f"/admin/meetings/{meeting.id}/report.{fmt}"
        name = check_download(reported, path, fmt, table)

        assert name == f"조치결과-회의{meeting.id}.{fmt}"
        assert all(f'href="{path}" download>{fmt.upper()}</a>' in page for page in pages)


def test_an_unknown_report_is_a_korean_404(reported: Console) -> None:
    meeting = the_meeting(reported)
    for path in (
        f"/admin/sessions/{SESSION.isoformat()}/report.pdf",
        "/admin/sessions/2024-06-13/report.docx",  # no session that day
        "/admin/sessions/2024-13-01/report.docx",
        f"/admin/meetings/{(meeting.id or 0) + 1}/report.docx",
        "/admin/meetings/99999999999999/report.csv",
    ):
        response = reported.client.get(path)
        assert response.status_code == 404, path
        assert "페이지나 항목을 찾을 수 없습니다" in response.text, path


def test_another_committees_meeting_report_is_refused(two_committees: Console) -> None:
    meeting = the_meeting(two_committees)
    sign_in(two_committees.client, "청년간사", "youth password 1")
    response = two_committees.client.get(f"/admin/meetings/{meeting.id}/report.docx")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
