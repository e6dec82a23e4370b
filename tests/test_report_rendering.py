"""The 조치결과 report as the secretary sees it printed: LibreOffice turns the DOCX and the XLSX
into PDF, and the pages are read back from their word boxes and ruling lines (pdfplumber): how
many pages, the header row on top of every page, no row split across a page end, every header
label, date and team name on one line, all columns on one page, the title centred, the page
number at the foot. The HWPX, which LibreOffice does not open, is read with python-hwpx and
from its XML against the same rules, and paged by python-hwpx's estimate of 한글's layout.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import docx
import openpyxl
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import RGBColor
from PIL import Image

from followup.documents import FORMATS, layout
from followup.documents.table import ReportRow, ReportTable
from followup.render import korean_date
from followup.settings import Settings
from tests.helpers import reported_pass, session_table

HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
DATE, TEAM, KIND, RESULT = 7, 4, 3, 5  # columns of ReportTable.headers


def office() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (scripts/system-deps installs it as root)")
    return found


def to_pdf(tmp_path: Path, table: ReportTable, *formats: str) -> dict[str, Path]:
    """The report in each format, converted to PDF by LibreOffice in one run."""
    sources = []
    for name in formats:
        source = tmp_path / f"report-{name}.{name}"
        source.write_bytes(FORMATS[name].write(table))
        sources.append(str(source))
    subprocess.run(
        [
            office(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            *("--convert-to", "pdf", "--outdir", str(tmp_path)),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: tmp_path / f"report-{name}.pdf" for name in formats}


def sheet_pdf(pdfs: dict[str, Path]) -> Path:
    """The XLSX's PDF: LibreOffice writes none without Calc, a package of its own."""
    if not pdfs["xlsx"].exists():
        pytest.skip("LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)")
    return pdfs["xlsx"]


def pages(pdf: Path) -> list[list[list[str]]]:
    """Each page's table as rows of cell texts, a cell's lines joined by newlines."""
    out = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            (grid,) = page.find_tables()
            out.append([[cell or "" for cell in row] for row in grid.extract()])
    return out


def sheet_date(on: date) -> str:
    """A date as the sheet shows it: 2024. 5. 20."""
    return f"{on.year}. {on.month}. {on.day}."


def check_printed_table(
    pdf: Path, table: ReportTable, shown_date: Callable[[date], str] = korean_date
) -> int:
    """The rules every printed page keeps; the number of pages."""
    printed = pages(pdf)
    numbers = []
    for page in printed:
        # All nine columns on the page, the header row on its top, each label on one line.
        assert page[0] == list(table.headers), page[0]
        for row in page[1:]:
            assert len(row) == len(table.headers)
            # A row split across a page end would leave one with an empty 연번 on the next.
            assert row[0].isdigit(), row
            numbers.append(int(row[0]))
            by_number = table.rows[int(row[0]) - 1]
            for column in (KIND, TEAM, RESULT):  # short values stay on one line
                assert row[column] == by_number.cells()[column], (column, row)
            on = by_number.planned_on
            assert row[DATE] == (shown_date(on) if on else ""), row  # the date on one line
    assert numbers == [row.number for row in table.rows]  # every row once, in order
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        # A centred title.
        title = next(line for line in first.extract_text_lines() if line["text"] == table.title)
        assert abs((title["x0"] + title["x1"]) / 2 - first.width / 2) < 6
        # The page number at the foot of every page: - 1 -, - 2 - ...
        for number, page in enumerate(document.pages, start=1):
            foot = [
                line["text"]
                for line in page.extract_text_lines()
                if line["top"] > page.height * 0.9
            ]
            assert f"- {number} -" in foot, foot
    return len(printed)


def test_the_session_report_prints_as_tabled(settings: Settings, tmp_path: Path) -> None:
    reported_pass(settings)
    table = session_table(settings)
    assert any(row.planned_on for row in table.rows)

    pdfs = to_pdf(tmp_path, table, "docx", "xlsx")

    # The sample's two dozen rows, with a 구분 column added, still on two pages.
    assert check_printed_table(pdfs["docx"], table) <= 2
    # The sheet is one page wide, its rows as tall as their text.
    assert check_printed_table(sheet_pdf(pdfs), table, sheet_date) <= 2


def test_a_long_report_never_splits_a_row(tmp_path: Path) -> None:
    """Seventy rows, some tall: the header row on every page and no row over a page end."""
    table = long_table(70)

    pdfs = to_pdf(tmp_path, table, "docx", "xlsx")

    assert check_printed_table(pdfs["docx"], table) >= 4
    assert check_printed_table(sheet_pdf(pdfs), table, sheet_date) >= 4


def long_table(count: int) -> ReportTable:
    """A made-up report: every kind, long and short texts, team names up to eight syllables,
    dates with two-figure months and days, and remarks."""
    teams = ("빅데이터플랫폼팀", "통계조사팀", "데이터혁신추진단", "정보공개정책과")
    rows = []
    for number in range(1, count + 1):
        kind = ("recommendation", "commitment", "decision")[number % 3]
        words = "데이터 품질 관리 체계를 갖추고 점검 결과를 위원회에 보고할 것 " * (number % 4 + 1)
        planned = date(2024, 12, 31) if number % 2 else date(2025, 1, 2)
        rows.append(
            ReportRow(
                number=number,
                item_id=number,
                agenda=f"제{number}호 2025년 공공데이터 제공 및 이용 활성화 시행계획(안)",
                kind=kind,
                kind_label={"recommendation": "권고·요청", "commitment": "부서 약속"}.get(
                    kind, "의결"
                ),
                requirement=words.strip() + (" (000위원)" if kind != "decision" else " 원안가결"),
                team=teams[number % len(teams)],
                status="open",
                status_label="원안가결" if kind == "decision" else "추진 불가",
                action="예산 미확보로 추진이 어려움" if number % 5 == 0 else "",
                planned_on=planned,
                remarks="이월(2023. 12. 15. 회의), 기한 경과" if number % 7 == 0 else "",
                summary=words.strip(),
                speaker="000위원",
                meeting_on=date(2024, 6, 14),
                carried_from=None,
                overdue=False,
                repeats=False,
                check_result="",
            )
        )
    return ReportTable(
        committee="서울특별시 빅데이터심의위원회",
        committee_id=1,
        title="서울특별시 빅데이터심의위원회 조치결과 보고",
        subtitle="2024. 9. 20.(금) 회의 보고 · 2024. 9. 10.(화) 기준",
        count_line=f"총 {count}건",
        headers=tuple(
            "연번|안건|주요 내용|구분|담당부서|조치결과|조치내용|완료(예정)일|비고".split("|")
        ),
        rows=tuple(rows),
        counts={},
        today=date(2024, 9, 10),
        author="서울특별시 빅데이터심의위원회 빅데이터담당관",
    )


def test_docx_is_laid_out_for_the_secretary(settings: Settings) -> None:
    """What Word keeps beyond the text: no row may split, the header row repeats shaded, short
    columns are centred, the title is black and centred (not Word's blue Title style), the
    footer holds the page number, the properties name the report and who wrote it in Korean."""
    reported_pass(settings)
    table = session_table(settings)
    document = docx.Document(io.BytesIO(FORMATS["docx"].write(table)))

    title = document.paragraphs[0]
    assert title.text == table.title and title.style.name != "Title"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.font.color.rgb in (None, RGBColor(0, 0, 0)) for run in title.runs)
    (grid,) = document.tables
    for number, row in enumerate(grid.rows):
        properties = row._tr.trPr
        assert properties.find(qn("w:cantSplit")) is not None
        assert (properties.find(qn("w:tblHeader")) is not None) == (number == 0)
        for cell, short in zip(row.cells, layout.SHORT, strict=True):
            if number == 0:
                assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == layout.HEADER_FILL
            centred = cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
            assert centred == (number == 0 or short)
    # Widths fitted to the text: the dates' column is narrower than 주요 내용, 연번 the narrowest.
    widths = [column.width for column in grid.columns]
    assert min(widths) == widths[0] and widths[2] == max(widths)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "- " in footer
    props = document.core_properties
    assert props.title == table.title
    assert props.author == "서울특별시 빅데이터심의위원회 빅데이터담당관"
    assert props.language == "ko-KR" and props.created.date() == table.today
    assert "python-docx" not in (props.author + props.comments + props.last_modified_by)
    package = zipfile.ZipFile(io.BytesIO(FORMATS["docx"].write(table)))
    assert b"<Application>followup</Application>" in package.read("docProps/app.xml")
    assert not [name for name in package.namelist() if "thumbnail" in name]
    lang = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == lang.get(qn("w:eastAsia")) == "ko-KR"


def test_hwpx_is_laid_out_for_the_secretary(settings: Settings) -> None:
    """한글's own rules: header cells marked (so 한글 repeats the header row), rows moved whole
    over a page end, lines 100-130% apart broken between words, short columns centred, the
    page number control, the properties and a preview; two pages in 한글's layout."""
    from hwpx import HwpxDocument
    from hwpx.layout.pages import estimate_pages

    reported_pass(settings)
    table = session_table(settings)
    data = FORMATS["hwpx"].write(table)

    document = HwpxDocument.open(io.BytesIO(data))
    (grid,) = [t for p in document.paragraphs for t in p.tables]
    assert grid.element.get("repeatHeader") == "1"
    assert grid.element.get("pageBreak") == "TABLE"  # row by row, never inside a row
    assert grid.treat_as_char is False  # flows over the pages
    package = zipfile.ZipFile(io.BytesIO(data))
    header = ElementTree.fromstring(package.read("Contents/header.xml"))
    shapes = {p.get("id"): p for p in header.iter(f"{HH}paraPr")}
    for number, row in enumerate(grid.rows):
        for cell, short in zip(row.cells, layout.SHORT, strict=True):
            assert (cell.element.get("header") == "1") == (number == 0)
            shape = shapes[cell.paragraphs[0].element.get("paraPrIDRef")]
            spacing = {int(s.get("value")) for s in shape.iter(f"{HH}lineSpacing")}
            assert spacing and all(100 <= value <= 130 for value in spacing)
            assert shape.find(f"{HH}breakSetting").get("breakNonLatinWord") == "KEEP_WORD"
            horizontal = shape.find(f"{HH}align").get("horizontal")
            assert horizontal == ("CENTER" if number == 0 or short else "LEFT")
    # Widths as the DOCX's: 연번 the narrowest, 주요 내용 the widest.
    widths = [int(c.element.find(f"{HP}cellSz").get("width")) for c in grid.rows[0].cells]
    assert min(widths) == widths[0] and max(widths) == widths[2]

    section = package.read("Contents/section0.xml").decode("utf-8")
    assert '<hp:pageNum pos="BOTTOM_CENTER" formatType="DIGIT" sideChar="-"' in section
    metadata = package.read("Contents/content.hpf").decode("utf-8")
    assert f"<opf:title>{table.title}</opf:title>" in metadata
    assert ">서울특별시 빅데이터심의위원회 빅데이터담당관</opf:meta>" in metadata
    assert "synthetic-fixture-author" not in metadata and "2025" not in metadata
    preview = package.read("Preview/PrvText.txt").decode("utf-8")
    assert preview.startswith(table.title) and table.count_line in preview
    assert "".join(f"<{label}>" for label in table.headers) in preview
    image = Image.open(io.BytesIO(package.read("Preview/PrvImage.png")))
    assert image.width > image.height  # the landscape page
    assert len(set(image.getdata())) > 1  # not the blank template's

    # 한글 lays the sample's 24 rows out on two pages (four at 160% with the old widths).
    assert estimate_pages(data).pages <= 2


def test_an_empty_report_is_written_in_every_format() -> None:
    """Nothing to table: each file still opens, with its header row and the empty line."""
    from hwpx import HwpxDocument

    table = replace(
        long_table(1), rows=(), count_line="총 0건", empty_line="보고할 조치사항이 없습니다."
    )

    document = docx.Document(io.BytesIO(FORMATS["docx"].write(table)))
    assert table.empty_line in [p.text for p in document.paragraphs]
    assert [c.text for c in document.tables[0].rows[0].cells] == list(table.headers)
    sheet = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].write(table))).active
    assert sheet is not None
    assert [c.value for c in sheet[4]] == list(table.headers)
    assert sheet["A5"].value == table.empty_line
    hwpx = HwpxDocument.open(io.BytesIO(FORMATS["hwpx"].write(table)))
    assert table.empty_line in [p.text for p in hwpx.paragraphs]
    assert FORMATS["csv"].write(table).decode("utf-8-sig").count("\r\n") == 1
