"""read_minutes_text on DOCX, HWPX, HWP 5 and PDF files generated from the sample minutes."""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from followup.errors import MinutesError
from followup.minutes.formats.hwp import para_text
from followup.minutes.read import read_minutes_text
from tests.formats_fixtures import (
    BIGDATA_SAMPLE,
    CID_FONT,
    COUNCIL_SAMPLE,
    comparable_lines,
    docx_with_body,
    hwpx_with_sections,
    markdown_to_docx,
    markdown_to_hwp,
    markdown_to_hwpx,
    markdown_to_pdf,
    squashed,
)

BIGDATA = BIGDATA_SAMPLE
COUNCIL = COUNCIL_SAMPLE
RUNNING_HEADER = "2023년 2차 빅데이터심의위원회 회의록 (서울특별시)"

CONVERTERS: dict[str, Callable[[str], bytes]] = {
    "docx": markdown_to_docx,
    "hwpx": markdown_to_hwpx,
    "hwp": markdown_to_hwp,
}


def sample_text(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"sample minutes {path} not present")
    return path.read_text(encoding="utf-8")


def headings(text: str) -> list[tuple[int, str]]:
    out = []
    for line in text.splitlines():
        match = re.match(r"^(#{1,6})\s+(.*\S)", line)
        if match:
            out.append((len(match.group(1)), " ".join(match.group(2).split())))
    return out


def read_bytes(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return read_minutes_text(path, root=tmp_path)


@pytest.mark.parametrize("sample", [BIGDATA, COUNCIL], ids=["bigdata-md", "council-txt"])
@pytest.mark.parametrize("fmt", list(CONVERTERS))
def test_structured_formats_round_trip(tmp_path: Path, sample: Path, fmt: str) -> None:
    markdown = sample_text(sample)
    text = read_bytes(tmp_path, f"minutes.{fmt}", CONVERTERS[fmt](markdown))
    assert comparable_lines(text) == comparable_lines(markdown)
    # Heading structure survives as "#" marks of the same level.
    assert headings(text) == headings(markdown)
    # Paragraphs are separated by blank lines; no run of blank lines.
    assert "\n\n\n" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("fmt", list(CONVERTERS))
def test_signature_table_rows_are_tab_separated(tmp_path: Path, fmt: str) -> None:
    markdown = sample_text(BIGDATA)
    table = [line.rstrip() for line in markdown.splitlines() if "\t" in line]
    assert "열람·서명자\t빅데이터심의위원\t성명 이은경" in table
    lines = read_bytes(tmp_path, f"minutes.{fmt}", CONVERTERS[fmt](markdown)).split("\n")
    start = lines.index(table[0])
    assert lines[start : start + len(table)] == table


@pytest.mark.parametrize("sample", [BIGDATA, COUNCIL], ids=["bigdata-md", "council-txt"])
def test_pdf_round_trip_drops_running_header_and_page_numbers(tmp_path: Path, sample: Path) -> None:
    markdown = sample_text(sample)
    data = markdown_to_pdf(markdown, header=RUNNING_HEADER)
    assert len(pdfium.PdfDocument(data)) >= 2  # the header rule needs pages to compare
    text = read_bytes(tmp_path, "minutes.pdf", data)
    assert squashed(text) == squashed(markdown)
    lines = text.splitlines()
    assert RUNNING_HEADER not in lines
    assert not [line for line in lines if re.fullmatch(r"-\s*\d+\s*-", line.strip())]
    # One line per visual line: every output line is a piece of a source line.
    source = squashed(markdown)
    assert all("".join(line.split()) in source for line in lines)


def test_pdf_paragraph_gaps_become_blank_lines(tmp_path: Path) -> None:
    paragraphs = [f"〈위원{i}〉 {'발언 내용입니다. ' * (8 + 4 * i)}".strip() for i in range(4)]
    text = read_bytes(tmp_path, "a.pdf", markdown_to_pdf("\n\n".join(paragraphs), header=None))
    assert text.count("\n") > 8  # wrapped into several visual lines per paragraph
    assert [" ".join(block.split()) for block in text.split("\n\n")] == paragraphs


def _pdf_pages(pages: Sequence[tuple[str | None, list[str], str | None]]) -> bytes:
    """A PDF whose pages have an optional top line, body lines and an optional bottom line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    width, height = A4
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for top, body, bottom in pages:
        pdf.setFont(CID_FONT, 10)
        if top:
            pdf.drawString(60, height - 40, top)
        for i, line in enumerate(body):
            pdf.drawString(60, height - 120 - i * 16, line)
        if bottom:
            pdf.drawCentredString(width / 2, 30, bottom)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_page_number_styles_are_dropped(tmp_path: Path) -> None:
    footers = ["- 1 -", "2 / 5", "페이지 3", "4", "Page 5 of 5"]
    pages = [
        ("서울특별시의회", ["〈위원장〉", f"{n + 1}쪽 본문입니다."], footer)
        for n, footer in enumerate(footers)
    ]
    text = read_bytes(tmp_path, "a.pdf", _pdf_pages(pages))
    expected = [line for n in range(5) for line in ("〈위원장〉", f"{n + 1}쪽 본문입니다.")]
    assert text.splitlines() == expected


def test_pdf_keeps_repeated_lines_outside_the_margins(tmp_path: Path) -> None:
    # The same speaker label starts every page's body: it is content, not a header.
    pages = [(None, ["〈위원장〉", f"발언 {n}"], None) for n in range(4)]
    text = read_bytes(tmp_path, "a.pdf", _pdf_pages(pages))
    assert text.splitlines().count("〈위원장〉") == 4


def test_pdf_two_pages_with_a_header_on_both(tmp_path: Path) -> None:
    pages = [("회의록", ["첫 쪽"], None), ("회의록", ["둘째 쪽"], None)]
    assert read_bytes(tmp_path, "a.pdf", _pdf_pages(pages)) == "첫 쪽\n둘째 쪽\n"


def test_pdf_owner_password_only_is_readable(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    markdown = "〈위원장〉 회의를 시작합니다."
    data = markdown_to_pdf(markdown, header=None, page_numbers=False, encrypt=None)
    encrypted = markdown_to_pdf(
        markdown,
        header=None,
        page_numbers=False,
        encrypt=StandardEncryption("", ownerPassword="owner", canModify=0),
    )
    assert encrypted != data
    assert read_bytes(tmp_path, "a.pdf", encrypted) == markdown + "\n"


def test_pdf_encrypted_and_image_only(tmp_path: Path) -> None:
    from formats_fixtures import image_only_pdf

    with pytest.raises(MinutesError, match=r"^e\.pdf: PDF가 암호화되어 있습니다$") as info:
        read_bytes(tmp_path, "e.pdf", markdown_to_pdf("본문", encrypt="secret"))
    assert info.value.code == "pdf_encrypted"
    with pytest.raises(MinutesError, match=r"^i\.pdf: PDF에 글자 층이 없습니다") as info:
        read_bytes(tmp_path, "i.pdf", image_only_pdf())
    assert info.value.code == "pdf_no_text_layer"


# --- DOCX details ----------------------------------------------------------------------


def _p(text: str, style: str | None = None, extra: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'


def _tc(content: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{content}</w:tc>"


def test_docx_runs_breaks_revisions_and_controls(tmp_path: Path) -> None:
    body = "".join(
        [
            _p("〈위원장〉", "Heading2"),
            "<w:p><w:r><w:t>첫 줄</w:t><w:br/><w:t>둘째 줄</w:t><w:tab/><w:t>탭 뒤</w:t></w:r></w:p>",
            '<w:p><w:r><w:t xml:space="preserve">남은 </w:t></w:r><w:del w:id="1" w:author="a">'
            '<w:r><w:delText>지운 글</w:delText></w:r></w:del><w:ins w:id="2" w:author="a">'
            "<w:r><w:t>넣은 글</w:t></w:r></w:ins></w:p>",
            f"<w:sdt><w:sdtContent>{_p('콘텐츠 컨트롤 안')}</w:sdtContent></w:sdt>",
            '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>개요 수준 제목</w:t></w:r></w:p>',
            "<w:p><w:r><w:t>본문</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
            f"{_p('글상자')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
            "<w:p/>",
            "<w:p><w:r><w:t>   </w:t></w:r></w:p>",
        ]
    )
    text = read_bytes(tmp_path, "a.docx", docx_with_body(body))
    assert text.split("\n") == [
        "## 〈위원장〉",
        "",
        "첫 줄",
        "둘째 줄\t탭 뒤",
        "",
        "남은 넣은 글",
        "",
        "콘텐츠 컨트롤 안",
        "",
        "# 개요 수준 제목",
        "",
        "본문",
        "",
    ]


def test_docx_merged_cells_and_nested_tables(tmp_path: Path) -> None:
    nested = f"<w:tbl><w:tr>{_tc(_p('안쪽1'))}{_tc(_p('안쪽2'))}</w:tr></w:tbl>"
    rows = [
        _tc(_p("열람·서명자"), '<w:vMerge w:val="restart"/>')
        + _tc(_p("빅데이터심의위원"))
        + _tc(_p("성명 이은경")),
        _tc("<w:p/>", "<w:vMerge/>") + _tc(_p("빅데이터심의위원")) + _tc(_p("성명 송유정")),
        _tc(_p("합친 칸"), '<w:gridSpan w:val="2"/>') + _tc(_p("끝") + _p("둘째 문단", "Heading1")),
        _tc(_p("표 안 표")) + _tc(nested + "<w:p/>") + _tc("<w:p/>"),
    ]
    body = "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>" + _p("표 뒤")
    text = read_bytes(tmp_path, "a.docx", docx_with_body(body))
    assert text.split("\n") == [
        "열람·서명자\t빅데이터심의위원\t성명 이은경",
        "\t빅데이터심의위원\t성명 송유정",
        "합친 칸\t\t끝 둘째 문단",
        "표 안 표\t안쪽1 안쪽2",
        "",
        "표 뒤",
        "",
    ]


def test_docx_detected_by_content_not_extension(tmp_path: Path) -> None:
    data = markdown_to_docx("### 〈위원장〉\n\n회의를 시작합니다.")
    assert read_bytes(tmp_path, "minutes.txt", data) == "### 〈위원장〉\n\n회의를 시작합니다.\n"


# --- HWPX details ----------------------------------------------------------------------


def _hp(text: str, style: int = 0) -> str:
    return f'<hp:p styleIDRef="{style}"><hp:run><hp:t>{text}</hp:t></hp:run></hp:p>'


def _hc(text: str, col: int, row: int, col_span: int = 1, row_span: int = 1) -> str:
    return (
        f"<hp:tc><hp:subList>{_hp(text)}</hp:subList>"
        f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        f'<hp:cellSpan colSpan="{col_span}" rowSpan="{row_span}"/></hp:tc>'
    )


def test_hwpx_runs_controls_tables_and_section_order(tmp_path: Path) -> None:
    table = (
        "<hp:tbl>"
        f"<hp:tr>{_hc('열람·서명자', 0, 0, row_span=2)}{_hc('빅데이터심의위원', 1, 0)}"
        f"{_hc('성명 이은경', 2, 0)}</hp:tr>"
        f"<hp:tr>{_hc('빅데이터심의위원', 1, 1)}{_hc('성명 송유정', 2, 1)}</hp:tr>"
        f"<hp:tr>{_hc('합친 칸', 0, 2, col_span=2)}{_hc('끝', 2, 2)}</hp:tr>"
        "</hp:tbl>"
    )
    section0 = "".join(
        [
            _hp("〈위원장〉", style=3),  # 개요 2
            '<hp:p styleIDRef="0"><hp:run><hp:t>첫 줄<hp:lineBreak/>둘째 줄<hp:tab/>탭 뒤'
            "<hp:fwSpace/>끝</hp:t></hp:run></hp:p>",
            "<hp:p><hp:run><hp:ctrl><hp:header><hp:subList>"
            f"{_hp('머리말')}</hp:subList></hp:header></hp:ctrl><hp:t>본문</hp:t></hp:run>"
            "<hp:run><hp:t> 이어짐</hp:t></hp:run></hp:p>",
            f"<hp:p><hp:run>{table}</hp:run></hp:p>",
        ]
    )
    data = hwpx_with_sections(
        {
            "Contents/section0.xml": section0,
            "Contents/section2.xml": _hp("둘째 구역"),
            "Contents/section10.xml": _hp("열째 구역"),
        }
    )
    text = read_bytes(tmp_path, "a.hwpx", data)
    assert text.split("\n") == [
        "## 〈위원장〉",
        "",
        "첫 줄",
        "둘째 줄\t탭 뒤 끝",
        "",
        "본문 이어짐",
        "",
        "열람·서명자\t빅데이터심의위원\t성명 이은경",
        "\t빅데이터심의위원\t성명 송유정",
        "합친 칸\t\t끝",
        "",
        "둘째 구역",
        "",
        "열째 구역",
        "",
    ]


# --- HWP 5 details -----------------------------------------------------------------------


def _units(*parts: str | list[int]) -> bytes:
    out = b""
    for part in parts:
        out += (
            part.encode("utf-16-le")
            if isinstance(part, str)
            else struct.pack(f"<{len(part)}H", *part)
        )
    return out


def test_hwp5_para_text_controls() -> None:
    table = [11, *struct.unpack("<2H", b" lbt"), 0, 0, 0, 0, 11]  # extended control, 8 units
    tab = [9, 0, 0, 0, 0, 0, 0, 9]  # inline control, 8 units
    field = [3, *struct.unpack("<2H", b"klh%"), 0, 0, 0, 0, 3]
    payload = _units(
        table,
        "표 앞",
        tab,
        "탭 뒤",
        [10],
        "줄바꿈",
        [30],
        "묶음",
        [31],
        "고정",
        [24],
        field,
        "끝",
        [13],
    )
    assert para_text(payload) == "표 앞\t탭 뒤\n줄바꿈 묶음 고정-끝"
    # A truncated control at the end of the record is dropped, not an error.
    assert para_text(_units("가나", [11, 0, 0])) == "가나"
    assert para_text(b"\x00") == ""
