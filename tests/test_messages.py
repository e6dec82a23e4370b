"""Codes stored, Korean shown: every file-error code and every routing-reason code has Korean
words, a bad file reaches the secretary in Korean by its name, and `followup files`, the
review list and the new-items mail show Korean."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from followup.cli import app
from followup.errors import FILE_ERRORS, MinutesError, describe_file_error, file_error_reason
from followup.extract.route import REASONS
from followup.render import environment, render, render_message
from followup.settings import PROJECT_ROOT, Settings
from models.db import session_scope
from models.tables import MinutesFile, Notification
from tests.helpers import ROOT, SAMPLE, one_pass

TEMPLATES = PROJECT_ROOT / "templates"

# Format, encoding and unit names a Korean message may keep as they are.
KEPT = {
    "DOCX", "HWPX", "HWP", "PDF", "ZIP", "XML", "OLE", "OCR", "RTF", "UTF", "EUC", "KR",
    "CP949", "doc", "MB", "KB", "YYYY", "MM", "DD", "Contents", "section", "xml", "TXT", "MD",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
HANGUL = re.compile("[\uac00-\ud7a3]")

SAMPLE_ARGS: dict[str, object] = {
    "size": 54_945_382,
    "limit": 20 * 1024 * 1024,
    "count": 10_050,
    "kind": "DOCX",
    "member": "word/document.xml",
    "error": "Input/output error",
    "encoding": "UTF-16",
    "percent": 12,
    "stream": "BodyText/Section0",
    "page": 3,
    "title": "제2차 빅데이터심의위원회",
    "suffix": ".xlsx",
}


def english_left(text: str, *args: object) -> list[str]:
    for arg in args:
        text = text.replace(str(arg), " ")
    return [w for w in LATIN_WORD.findall(text) if w not in KEPT]


@pytest.mark.parametrize("code", sorted(FILE_ERRORS))
def test_every_file_error_code_has_a_korean_line(code: str) -> None:
    args = {name: SAMPLE_ARGS[name] for name in FILE_ERRORS[code]}
    text = file_error_reason(code, args)
    assert code not in text, f"{code}: no Korean label, the code is shown"
    assert HANGUL.search(text) and "\n" not in text and text == text.strip(), text
    assert not english_left(text, *args.values()), f"{code}: {text}"
    if code != "no_speaker_turns":  # its hint quotes a speaker name
        assert "홍길동" not in text


def test_the_catalogue_has_no_label_without_a_code() -> None:
    module = environment(TEMPLATES).get_template("errors/minutes.j2").module
    macros = {name for name in dir(module) if not name.startswith("_")}
    assert macros == set(FILE_ERRORS)


def test_every_raise_site_uses_a_registered_code() -> None:
    call = re.compile(r"(?:FormatError|MinutesError)\((?:[^()\"]*?,\s*)?\"([a-z0-9_]+)\"")
    table = re.compile(r"\(\s*b\"[^\"]*\",\s*\"([a-z0-9_]+)\"|:\s*\(\"([a-z0-9_]+)\",\s*\{")
    found: set[str] = set()
    for path in [*(ROOT / "followup").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        found |= set(call.findall(source))
        found |= {a or b for a, b in table.findall(source)}
    assert found, "no raise site found"
    assert found <= set(FILE_ERRORS), found - set(FILE_ERRORS)
    assert len(found) >= 60


def test_sizes_read_as_people_write_them() -> None:
    assert file_error_reason("too_large", {"size": 1_572_864, "limit": 1024 * 1024}) == (
        "파일 크기가 1.5 MB로 한도 1 MB를 넘습니다"
    )
    assert "1.5 MB를" in file_error_reason("still_growing", {"limit": 1_572_864})
    assert "10,050개로 한도 10,000개" in file_error_reason(
        "too_many_members", {"kind": "DOCX", "count": 10_050, "limit": 10_000}
    )


def test_stored_errors_render_with_the_file_name_and_old_text_still_shows() -> None:
    error = MinutesError("approved/2024-1차.docx", "zip_bomb", kind="DOCX", limit=100 * 1024**2)
    assert error.stored == '{"code":"zip_bomb","args":{"kind":"DOCX","limit":104857600}}'
    assert str(error) == "2024-1차.docx: DOCX 파일을 풀면 100 MB를 넘습니다(압축 폭탄?)"
    assert describe_file_error(error.stored, path="approved/2024-1차.docx") == str(error)
    assert describe_file_error(error.stored) == error.reason
    old = "approved/a.rtf: RTF is not supported; save it as DOCX, HWPX or PDF"
    assert describe_file_error(old, path="approved/a.rtf") == old
    with pytest.raises(ValueError):
        MinutesError("a.txt", "no such code")
    with pytest.raises(ValueError):
        MinutesError("a.txt", "empty_file", size=3)


# --- routing reasons ---------------------------------------------------------------------

REASON_ARGS = {
    "named": "통계조사팀장",
    "committed": "통계조사팀",
    "answered": "빅데이터담당관",
    "keywords": "사일로,칸막이",
    "answers_ask": "통계조사팀",
    "keywords_turn": "사일로",
    "agenda_owner": "2024년 빅데이터 활용 계획",
    "triage": "",
    "reassigned": "박창현",
    "transferred": "박창현",
    "named_subject": "보조금,체육회|관광체육국",
    "committed_subject": "마을버스|교통실장",
    "answered_subject": "마을버스,배당|교통실장",
    "answered_keywords": "돌봄|복지정책과장",
}


def reason_of(code: str) -> str:
    stored = f"{code}:{REASON_ARGS[code]}" if REASON_ARGS[code] else code
    module = environment(TEMPLATES).get_template("mail/_labels.j2").module
    return str(module.reason(stored))  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", REASONS)
def test_every_routing_reason_has_korean_words(code: str) -> None:
    text = reason_of(code)
    assert HANGUL.search(text) and not english_left(text), text
    assert code not in text
    for word in re.split("[,|]", REASON_ARGS[code]):
        assert word in text


def test_keywords_are_listed_with_a_comma_and_a_space() -> None:
    assert reason_of("keywords") == "담당 키워드 일치(사일로, 칸막이)"
    assert reason_of("keywords_turn") == "같은 발언의 담당 키워드 일치(사일로)"


def test_a_new_items_mail_gives_a_korean_reason_for_every_code() -> None:
    items = [
        {
            "summary": f"요구 {code}",
            "kind": "recommendation",
            "speaker": "위원 김OO",
            "speaker_role": "member",
            "agenda": None,
            "due": None,
            "stated": False,
            "routing_reason": f"{code}:{REASON_ARGS[code]}" if REASON_ARGS[code] else code,
            "source": "2023-2차.md",
            "line_start": 10,
            "line_end": 12,
            "source_text": "원문",
        }
        for code in REASONS
    ]
    _, body = render_message(
        TEMPLATES,
        "mail/new_items.txt.j2",
        committee="빅데이터심의위원회",
        team="통계조사팀",
        secretary="빅데이터담당관",
        meetings=[{"title": "제2차 회의", "held_on": date(2023, 12, 15)}],
        next_session=None,
        link="https://followup.example.org/t/x",
        link_expires=None,
        items=items,
    )
    reasons = [line.split("배정 사유: ", 1)[1] for line in body.splitlines() if "배정 사유" in line]
    assert reasons == [reason_of(code) for code in REASONS]
    assert all(HANGUL.search(r) and not english_left(r) for r in reasons)


def test_the_review_list_shows_korean_reasons() -> None:
    items = [
        {
            "id": 7,
            "kind": "recommendation",
            "team": "빅데이터담당관",
            "confidence": 0.4,
            "summary": "데이터 칸막이 해소",
            "agenda": None,
            "routing_reason": "triage",
            "source_text": "원문",
        },
        {
            "id": 8,
            "kind": "commitment",
            "team": "통계조사팀",
            "confidence": 0.5,
            "summary": "조사표 개선",
            "agenda": None,
            "routing_reason": "reassigned:박창현",
            "source_text": "원문",
        },
    ]
    text = render(TEMPLATES, "cli/review.txt.j2", items=items)
    assert "배정: 담당 부서를 정하지 못해 간사 검토" in text
    assert "배정: 간사 검토로 재배정(박창현)" in text


# --- a bad file in a pass, end to end ------------------------------------------------------


def test_a_bad_file_reaches_the_secretary_in_korean_by_its_name(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved = settings.inbox / "approved"
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    (approved / "2024-1차 회의록.rtf").write_bytes(b"{\\rtf1\\ansi hello}")
    (approved / "빈 파일.md").write_bytes(b"")

    _, synced, _ = one_pass(settings)

    with session_scope(settings.resolved_database_url) as session:
        rows = {r.path: r for r in session.exec(select(MinutesFile))}
        notices = {
            n.subject: n.body
            for n in session.exec(select(Notification).where(Notification.kind == "failed_file"))
        }
    rtf = rows["approved/2024-1차 회의록.rtf"]
    assert rtf.status == "failed"
    assert rtf.error == '{"code":"rtf_unsupported","args":{}}'
    subject = (
        "[서울특별시 빅데이터심의위원회] 회의록 파일을 처리하지 못했습니다: 2024-1차 회의록.rtf"
    )
    body = notices[subject]
    assert "- 파일: 2024-1차 회의록.rtf\n" in body
    assert (
        "- 문제: RTF 파일은 지원하지 않습니다. "
        "DOCX, HWPX 또는 PDF로 저장해 수신함에 다시 넣어 주십시오\n" in body
    )
    assert "approved/2024-1차 회의록.rtf" not in body and "not supported" not in body
    assert "빈 파일.md: 파일이 비어 있습니다" in [r.error for r in synced]

    monkeypatch.setenv("COLUMNS", "200")
    listed = CliRunner().invoke(app, ["files"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    at = lines.index("실패 approved/2024-1차 회의록.rtf (approved 폴더에 넣어 승인)")
    assert lines[at + 1].strip() == (
        "RTF 파일은 지원하지 않습니다. DOCX, HWPX 또는 PDF로 저장해 수신함에 다시 넣어 주십시오"
    )
    empty = lines.index("실패 approved/빈 파일.md (approved 폴더에 넣어 승인)")
    assert lines[empty + 1].strip() == "파일이 비어 있습니다"
    assert f"승인 approved/{SAMPLE.name} (approved 폴더에 넣어 승인)" in listed.output


def test_followup_extract_on_a_bad_file_prints_korean(tmp_path: Path) -> None:
    bad = tmp_path / "사진.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = CliRunner().invoke(
        app, ["extract", str(bad), "--committee", str(ROOT / "examples" / "committee.yaml")]
    )
    assert result.exit_code == 2
    assert result.output.strip() == (
        "오류: 사진.png: 이미지 파일(PNG)입니다. 글자 인식(OCR)은 지원하지 않습니다"
    )


def test_committee_file_errors_are_korean_with_file_and_line(tmp_path: Path) -> None:
    committee = tmp_path / "committee.yaml"
    committee.write_text(
        "committee: 시험위원회\nsecretary: 간사팀\nteams:\n  - name: 간사팀\n    keyword: [데이터]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(SAMPLE), "--committee", str(committee)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"오류: {committee} 5행: 알 수 없는 팀 키 'keyword'입니다"
        "(쓸 수 있는 키: aliases, keywords, name, notify, renamed_from)"
    )


def test_the_sample_pass_sends_korean_reasons_to_every_team(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    with session_scope(settings.resolved_database_url) as session:
        bodies = [
            n.body
            for n in session.exec(select(Notification).where(Notification.kind == "new_items"))
        ]
    reasons = [
        line.split("배정 사유: ", 1)[1]
        for body in bodies
        for line in body.splitlines()
        if "배정 사유: " in line
    ]
    assert len(bodies) >= 3 and len(reasons) >= 10
    labels = [re.sub(r"\(.*\)$", "", r) for r in reasons]  # the argument may be a name like AI
    assert all(HANGUL.search(r) and not english_left(r) for r in labels), reasons
