"""Minutes text -> header, agenda and speaker turns (followup.minutes.parse), on the real samples."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.errors import MinutesError
from followup.minutes.model import Minutes, Paragraph, Turn
from followup.minutes.parse import parse_minutes

SHARED = Path("/work/shared/minutes")
MD = SHARED / "seoul-bigdata-committee-2023-2.md"
COUNCIL = SHARED / "seoul-council-ai-special-cmte-2025-10-30.txt"
OWN_COUNCIL = Path(__file__).parent / "data" / "council-ai-budget.txt"
SAMPLES = {"md": MD, "council": COUNCIL, "own-council": OWN_COUNCIL}

MD_AGENDA = [
    "'24년 공공데이터 제공 및 이용활성화 시행계획",
    "'24~'26년도 데이터기반행정 활성화 기본계획",
    "서울시 데이터 관련 정부평가 결과",
    "빅데이터 분석·활용 성과",
    "빅데이터 서비스 플랫폼 추진 현황",
    "스마트 서울뷰 추진현황",
    "서울시 가계부채 현황 분석 결과",
]


@cache
def parsed(name: str) -> Minutes:
    path = SAMPLES[name]
    return parse_minutes(path.read_text(encoding="utf-8"), source=str(path))


@cache
def file_lines(name: str) -> tuple[str, ...]:
    return tuple(SAMPLES[name].read_text(encoding="utf-8").split("\n"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def turn_at(name: str, line: int) -> Turn:
    """The turn whose speaker label sits on ``line`` of the file."""
    matches = [t for t in parsed(name).turns if t.line_start == line]
    assert len(matches) == 1, f"no single turn starts at line {line}: {matches}"
    return matches[0]


def turn_containing(name: str, fragment: str) -> Turn:
    matches = [t for t in parsed(name).turns if squash(fragment) in squash(t.text)]
    assert matches, f"no turn contains {fragment!r}"
    return matches[0]


# --- speaker turns ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        ("md", {"위원장", "000위원", "빅데이터담당관", "빅데이터분석팀", "통계조사팀장", "위원"}),
        ("council", {"위원장 서상열", "옥재은 위원", "이경숙 위원", "이병도 위원"}),
    ],
)
def test_both_speaker_styles_give_turns_labelled_as_written(name: str, speakers: set[str]) -> None:
    minutes = parsed(name)
    assert len(minutes.turns) > 0
    labels = {t.speaker for t in minutes.turns}
    assert speakers <= labels
    # no label carries heading marks, brackets or the council bullet
    assert not any(re.search(r"[#〈〉○]", label) for label in labels)
    assert [t.index for t in minutes.turns] == list(range(len(minutes.turns)))


@pytest.mark.parametrize(
    ("name", "line", "speaker", "starts_with"),
    [
        ("md", 48, "위원장", "위원장 인사말씀"),
        ("md", 134, "000위원", "빅데이터 국제포럼 같은 경우"),
        ("md", 156, "빅데이터담당관", "데이터기반 행정 활성화법이"),
        ("md", 235, "빅데이터분석팀", "스마트 펠로우십과 같은 사업입니다."),
        ("council", 5, "위원장 서상열", "의석을 정돈해 주시기 바랍니다."),
        ("council", 9, "옥재은 위원", "그동안 고생 많으셨습니다."),
        ("council", 34, "이병도 위원", "존경하는 서상열 위원장님과"),
    ],
)
def test_turn_speaker_and_first_words(name: str, line: int, speaker: str, starts_with: str) -> None:
    turn = turn_at(name, line)
    assert turn.speaker == speaker
    assert turn.text.startswith(starts_with)


# --- header ----------------------------------------------------------------------------


def test_markdown_header() -> None:
    minutes = parsed("md")
    assert minutes.title == "2023년 2차 빅데이터심의위원회"
    assert minutes.meeting_date == date(2023, 12, 15)
    assert minutes.place == "서울특별시 서소문청사 1동 공용회의실(4층)"
    assert minutes.attendees == [
        "김광섭", "김지희", "이선우", "이은경", "송유정", "정효주", "최은정", "황보현우", "김진만",
    ]  # fmt: skip
    assert minutes.signatories == ["이은경", "송유정"]


def test_council_header() -> None:
    minutes = parsed("council")
    assert minutes.title == "제332회 AI경쟁력강화특별위원회 제4차(2025.10.30)"
    assert minutes.meeting_date == date(2025, 10, 30)


def test_markdown_agenda_lists_the_seven_titles_in_order() -> None:
    minutes = parsed("md")
    assert [a.title for a in minutes.agenda] == MD_AGENDA
    assert [a.position for a in minutes.agenda] == list(range(1, 8))


def test_council_agenda_is_the_square_bracket_title() -> None:
    minutes = parsed("council")
    assert [a.title for a in minutes.agenda] == [
        "AI 경쟁력 강화 특별위원회 활동결과보고서 채택의 건"
    ]


# --- agenda headings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "position", "title"),
    [
        (58, 1, "'24년 공공데이터 제공 및 이용활성화 시행계획"),  # #### 〈안전1〉
        (64, 2, "'24~'26년도 데이터기반행정 활성화 기본계획"),  # #### 〈안전2〉
        (70, 3, "서울시 데이터 관련 정부평가 결과"),  # ### (안전3-1)
        (104, 6, "스마트 서울뷰 추진현황"),  # #### (안전3-4)
        (110, 7, "서울시 가계부채 현황 분석 결과"),  # #### (안전3-5)
    ],
)
def test_agenda_heading_marks_the_presenting_turn(line: int, position: int, title: str) -> None:
    turn = turn_at("md", line)
    assert turn.speaker == "빅데이터담당관"
    assert turn.section_agenda == position
    assert turn.presents
    assert parsed("md").agenda[position - 1].title == title


@pytest.mark.parametrize("line", [122, 134, 289])
def test_discussion_turns_after_presentations_carry_no_heading(line: int) -> None:
    # A heading right under a speaker names only that presentation, not the debate after it.
    turn = turn_at("md", line)
    assert turn.section_agenda is None
    assert not turn.presents


def test_council_square_marker_applies_to_every_following_turn() -> None:
    minutes = parsed("council")
    assert {t.section_agenda for t in minutes.turns} == {1}


# --- words broken at line and page ends ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "joined", "not_joined"),
    [
        (82, "미래에 대한 네트워크 구축을", "네트 워크"),
        (343, "더 심층적인 분석이 필요하다는 생각이", "분석이필요하다는"),
        (148, "생각이 좀 들었어요. 지금까지", "들었어 요"),
        (412, "작년에도 열심히 일을 했고", "열 심히"),
        (422, "빅데이터심의위원회를 마치도록", "심의위 원회를"),
    ],
)
def test_page_breaks_are_joined_like_the_printed_text(
    line: int, joined: str, not_joined: str
) -> None:
    text = turn_at("md", line).text
    assert joined in text
    assert not_joined not in text


def test_line_numbers_of_a_broken_sentence_point_at_both_lines() -> None:
    turn = turn_at("md", 148)
    assert (turn.line_start, turn.line_end) == (148, 154)
    paragraph = next(p for p in turn.paragraphs if "들었어요." in p.text)
    assert paragraph.line_at(paragraph.text.index("사실 지금도")) == 152
    assert paragraph.line_at(paragraph.text.index("들었어요.")) == 152
    assert paragraph.line_at(paragraph.text.index("지금까지 하시는")) == 154


def _pieces(paragraph: Paragraph) -> list[tuple[str, int]]:
    bounds = [*paragraph.offsets, len(paragraph.text)]
    return [
        (paragraph.text[start:end], line)
        for (start, end), line in zip(pairwise(bounds), paragraph.lines, strict=True)
    ]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_turn_points_at_the_lines_it_came_from(name: str) -> None:
    lines = file_lines(name)
    for turn in parsed(name).turns:
        assert turn.speaker.split()[0] in lines[turn.line_start - 1], turn
        assert turn.line_start <= turn.line_end <= len(lines)
        assert turn.paragraphs[-1].lines[-1] == turn.line_end
        for paragraph in turn.paragraphs:
            for piece, line in _pieces(paragraph):
                head = squash(piece)[:8]
                assert head and head in squash(lines[line - 1]), (turn.index, piece, line)


# --- stage directions ------------------------------------------------------------------


def test_stage_directions_are_dropped_from_speech() -> None:
    minutes = parsed("own-council")
    text = "\n".join(t.text for t in minutes.turns)
    for direction in ("의사봉", "「없습니다.」", "하는 위원 있음", "11시 40분"):
        assert direction not in text
    chair = turn_containing("own-council", "더 질의하실 위원님 계십니까?")
    assert chair.speaker == "위원장 홍길동"
    assert "이의가 없으므로 원안대로 가결되었음을 선포합니다." in chair.text
    assert chair.line_end == 41  # the speech line, not the (의사봉 3타) line after it


@pytest.mark.parametrize(
    ("line", "speech"),
    [
        (
            "○위원장 홍길동  이의 없으십니까? (「없습니다.」하는 위원 있음) 가결되었음을 선포합니다.",
            "이의 없으십니까? 가결되었음을 선포합니다.",
        ),
        ("○위원장 홍길동  (의사봉 3타) 개의를 선포합니다.", "개의를 선포합니다."),
        ("○위원장 홍길동  산회를 선포합니다. (의사봉 3타)", "산회를 선포합니다."),
    ],
)
def test_inline_stage_directions_are_dropped(line: str, speech: str) -> None:
    minutes = parse_minutes(line, source="inline.txt", joins=lambda a, b: False)
    assert squash(minutes.turns[0].text) == squash(speech)


def test_parentheses_that_are_speech_are_kept() -> None:
    assert "디벨롭(develop)" in turn_at("md", 387).text


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "2024년 1차 회의록\n일시 : 2024. 1. 5.\n장소 : 시청 회의실\n",
        "# 회의록\n\n## 〈회의개요〉\n\n- 일시 : 2024. 1. 5.\n",
        "[안건] 2025년 예산안\n\n1. 2025년 예산안\n",
    ],
)
def test_text_without_speaker_turns_is_an_error_naming_the_file(text: str) -> None:
    with pytest.raises(MinutesError) as caught:
        parse_minutes(text, source="inbox/empty-minutes.txt")
    assert caught.value.path == "inbox/empty-minutes.txt"
    assert caught.value.code == "no_speaker_turns"
    assert str(caught.value).startswith("empty-minutes.txt: 발언을 찾지 못했습니다")
    assert "\n" not in str(caught.value)


# --- any text: Minutes or MinutesError, nothing else -----------------------------------

_FRAGMENTS = st.sampled_from(
    [
        " ", "  ", "\t", "○", "〈", "〉", "<", ">", "#", "(", ")", "「", "」", "[안건]", "【1】",
        "1. ", "①", "(의사봉 3타)", "(「없습니다.」하는 위원 있음)", "위원장 홍길동", "경제실장",
        "김철수 위원", "상정안건", "의사일정", "심의 2건", "일 시 : 2023. 12. 15.", "2023. 2. 30.",
        "장 소 : ", "참석위원 : ", "성명 ", "서명", "네트", "워크", "필요함.", "바랍니다",
        "하겠습니다", "요.", "\u00a0", "\u200b", "**", "\r", "\ufeff",
    ]
)  # fmt: skip
_WORDS = st.lists(_FRAGMENTS | st.text(max_size=8), max_size=8).map("".join)
_LABELS = st.sampled_from(
    ["위원장", "000위원", "빅데이터담당관", "위원장 홍길동", "김철수 위원", "경제실장 박영희",
     "안전1", "안건3-1", "회의개요", "", " ", "〉", "1"]
) | st.text(max_size=6)  # fmt: skip
_LINES = st.one_of(
    _WORDS,
    st.just(""),
    st.builds("○{}  {}".format, _LABELS, _WORDS),
    st.builds("{}〈{}〉 {}".format, st.sampled_from(["", "## ", "### ", "#### "]), _LABELS, _WORDS),
    st.builds("{}({}) {}".format, st.sampled_from(["", "### "]), _LABELS, _WORDS),
    st.builds("[안건] {}".format, _WORDS),
    st.builds("{}. {}".format, st.integers(0, 12), _WORDS),
)
_TEXTS = st.lists(_LINES, max_size=14).map("\n".join)


def _check_parse(text: str, *, fast: bool) -> None:
    joins = (lambda a, b: False) if fast else None
    try:
        minutes = parse_minutes(text, source="x", joins=joins)
    except MinutesError as err:
        assert str(err).startswith("x: ")
        return
    assert isinstance(minutes, Minutes)
    assert minutes.turns
    positions = {a.position for a in minutes.agenda}
    for turn in minutes.turns:
        assert 1 <= turn.line_start <= turn.line_end <= minutes.line_count
        assert turn.section_agenda is None or turn.section_agenda in positions
        for paragraph in turn.paragraphs:
            assert all(1 <= ln <= minutes.line_count for ln in paragraph.lines)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_any_text_parses_or_raises_minutes_error(text: str) -> None:
    _check_parse(text, fast=True)


@settings(max_examples=15, deadline=None)
@given(_TEXTS)
def test_any_text_parses_or_raises_minutes_error_with_kiwi_joiner(text: str) -> None:
    _check_parse(text, fast=False)


def test_plain_headings_naming_agenda_items_open_their_sections() -> None:
    text = """# 2025년 1차 교통위원회 회의록

- 일 시 : 2025. 3. 14.(금)
- 상정안건
  1. 시내버스 노선 개편안
  2. 공영주차장 확충 계획

## 1. 시내버스 노선 개편안

### 〈위원장〉

노선 개편안을 상정합니다.

### 〈김민수 위원〉

심야 노선 배차 간격을 줄여야 함.

## 2. 공영주차장 확충 계획

### 〈이지영 위원〉

주차 요금 체계를 함께 검토해 주시기 바랍니다.
"""
    minutes = parse_minutes(text, source="headings.md")
    assert [a.title for a in minutes.agenda] == ["시내버스 노선 개편안", "공영주차장 확충 계획"]
    assert [(t.speaker, t.section_agenda) for t in minutes.turns] == [
        ("위원장", 1),
        ("김민수 위원", 1),
        ("이지영 위원", 2),
    ]


def test_header_bullets_with_the_council_mark_are_not_speakers() -> None:
    text = """제1차 회의록
○ 일시: 2025. 3. 14.
○ 상정안건
  1. 조례안
○ 회의개요

○위원장 홍길동  개의하겠습니다.
○위원장(김철수)  상정합니다.
○ 경제실장 박영희  보고드리겠습니다.
○김철수 위원  질의합니다.
"""
    minutes = parse_minutes(text, source="bullets.txt", joins=lambda a, b: False)
    assert [a.title for a in minutes.agenda] == ["조례안"]
    assert minutes.meeting_date == date(2025, 3, 14)
    assert [t.speaker for t in minutes.turns] == [
        "위원장 홍길동",
        "위원장(김철수)",
        "경제실장 박영희",
        "김철수 위원",
    ]


def test_bullets_inside_heading_turns_are_speech_not_speakers() -> None:
    text = """일 시 : 2024. 3. 22.

### 〈김하늘 위원〉

○ 담당 부서에서 유지관리 예산을 검토해 주시기 바랍니다.
- 점검 결과도 공유해 주시기 바랍니다.

### 〈기후정책과장〉

네, 검토하겠습니다.
"""
    minutes = parse_minutes(text, source="bullets.md", joins=lambda a, b: False)
    assert [t.speaker for t in minutes.turns] == ["김하늘 위원", "기후정책과장"]
    assert [p.text for p in minutes.turns[0].paragraphs] == [
        "담당 부서에서 유지관리 예산을 검토해 주시기 바랍니다.",
        "점검 결과도 공유해 주시기 바랍니다.",
    ]


def test_agenda_list_under_roman_numbered_sections_with_grouped_counts() -> None:
    text = """# 2024년 제2차 위원회 회의록
Ⅰ. 회의 개요
 - 일시 : 2024. 5. 3.
Ⅱ. 심의안건
 ◦ 심의안건(2건)
   1. 가 조례안
   2. 나 계획안
 ◦ 보고안건(1건)
   1. 다 추진현황

### 〈위원장〉

개의합니다.
"""
    minutes = parse_minutes(text, source="roman.md", joins=lambda a, b: False)
    assert [(a.position, a.title, a.group) for a in minutes.agenda] == [
        (1, "가 조례안", "심의안건"),
        (2, "나 계획안", "심의안건"),
        (3, "다 추진현황", "보고안건"),
    ]
    assert minutes.meeting_date == date(2024, 5, 3)


SPEAKER_LINES = """\
              2025년 제2차 서울특별시 보행정책위원회
                         회  의  록

일    시 : 2025년 9월 4일(목) 10시 00분

의사일정
  1. 보행길 정비 기본계획(안)

위원장 한○○
    성원이 되었으므로 회의를 개회하겠습니다.

[의사일정 제1항] 보행길 정비 기본계획(안)

위원장 한○○
    의사일정 제1항을 상정합니다. 보행정책과장님 설명해 주십시오.
보행정책과장
    보행정책과장입니다. 보행길 120곳을 정비하는 계획입니다.
김○○ 위원
    김○○ 위원입니다. 정비 순서를 사고 다발 지점부터 정해 주시기
    바랍니다.
"""


def test_a_speaker_named_alone_on_a_line_opens_a_turn() -> None:
    minutes = parse_minutes(SPEAKER_LINES, source="speaker-lines.txt")
    assert minutes.meeting_date == date(2025, 9, 4)
    assert [a.title for a in minutes.agenda] == ["보행길 정비 기본계획(안)"]
    turns = [(t.speaker, t.line_start, t.section_agenda) for t in minutes.turns]
    assert turns == [
        ("위원장 한○○", 9, None),
        ("위원장 한○○", 14, 1),
        ("보행정책과장", 16, 1),
        ("김○○ 위원", 18, 1),
    ]
    # the speech wrapped over two lines is one paragraph, the ask whole
    assert minutes.turns[-1].paragraphs[0].text.endswith("정해 주시기 바랍니다.")


def test_a_few_short_flush_left_lines_are_not_taken_for_speakers() -> None:
    # one such line in ○-style minutes is a line of the text, not a speaker
    text = "○위원장 한○○  회의를 시작하겠습니다.\n보행정책과장\n    설명드리겠습니다.\n"
    minutes = parse_minutes(text, source="council.txt")
    assert [t.speaker for t in minutes.turns] == ["위원장 한○○"]


TAB_TABLE = (
    "구분\t내용\n"
    "일시\t2025. 11. 12.(수) 14:00\n"
    "참석위원\t위원장 박○○, 위원 김○○\n"
    "안건\t1. 놀이터 안전점검 계획(안) (심의)\n"
    "\t2. 공원 조명 개선 현황 (보고)\n"
    "발언자\t발언 내용\n"
    "위원장 박○○\t회의를 시작하겠습니다.\n"
    "\t[안건 1] 놀이터 안전점검 계획(안)\n"
    "위원장 박○○\t의사일정 제1항을 상정합니다.\n"
    "공원관리과장 송○○\t공원관리과장입니다. 점검 대상은 모두\n"
    "\t120곳입니다.\n"
    "위원 김○○\t점검 결과를 누리집에 공개해 주시기 바랍니다.\n"
    "안건\t2. 공원 조명 개선 현황\n"
    "위원장 박○○\t보고를 받겠습니다.\n"
)


def test_a_two_column_table_saved_as_text_reads_as_turns() -> None:
    minutes = parse_minutes(TAB_TABLE, source="tab-table.txt")
    assert minutes.meeting_date == date(2025, 11, 12)
    assert [a.title for a in minutes.agenda] == ["놀이터 안전점검 계획(안)", "공원 조명 개선 현황"]
    turns = [(t.speaker, t.line_start, t.section_agenda) for t in minutes.turns]
    assert turns == [
        ("위원장 박○○", 7, None),
        ("위원장 박○○", 9, 1),
        ("공원관리과장 송○○", 10, 1),
        ("위원 김○○", 12, 1),
        ("위원장 박○○", 14, 2),
    ]  # the header's 참석위원 row is no speaker; a row with an empty first cell goes on
    assert minutes.turns[2].paragraphs[0].text.endswith("모두 120곳입니다.")
