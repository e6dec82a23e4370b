"""Deliberation records (심의 결과): the agenda with its 소관부서 and 결정 결과, per item the
presentation, opinions in nominal style with answer lines (반영하겠음 / 협의 후 보완 / 반영 곤란 /
설명), and the decision with numbered conditions. Two secretaries' layouts, both written for
this test (not taken from a gold set).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from followup.committee import parse_committee
from followup.extract.items import ExtractedItem, extract_items
from followup.minutes.parse import parse_minutes
from tests.formats_fixtures import item_readings, read_back

COMMITTEE = """
committee: 가온구 도시계획위원회
timezone: Asia/Seoul
secretary: 도시계획과
chair_titles: [위원장]
member_titles: [위원, 부위원장]
sessions: [2025-07-17]
teams:
  - name: 도시계획과
    aliases: [도시계획과장, 간사]
    keywords: [지구단위계획, 용도지역]
  - name: 공원녹지과
    aliases: [공원녹지과장]
    keywords: [근린공원, 녹지]
  - name: 주택과
    aliases: [주택과장]
    keywords: [가로주택정비사업, 공공임대]
  - name: 교통행정과
    aliases: [교통행정과장]
    keywords: [주차장, 보행안전]
"""

# Layout 1: a table with 소관부서, 【제N호 안건】, ○ 위원 : …, → (과) 답, □ 심의 결과 with 1) 조건
TABLE_LAYOUT = """\
   2025년 제6차 가온구 도시계획위원회 심의 결과

1. 회의 개요
  가. 일    시 : 2025. 6. 19.(목) 15:00 ~ 17:00
  나. 장    소 : 가온구청 5층 회의실
  다. 참석위원 : 위원장 외 9인

2. 상정 안건 및 결정 결과
   순번 │ 안건명                                 │ 소관부서   │ 결정결과
    ①  │ 누리동 12번지 일대 가로주택정비사업 건축계획(안) │ 주택과     │ 조건부 가결
    ②  │ 한빛공원 도시계획시설 변경 결정(안)        │ 공원녹지과 │ 보류

3. 안건별 심의 내용

【제1호 안건】 누리동 12번지 일대 가로주택정비사업 건축계획(안)

 □ 제안 설명 (주택과장)
   ○ 지하 2층 ~ 지상 15층, 공동주택 180세대(공공임대 30세대 포함) 건립 계획

 □ 주요 의견 및 조치계획
   ○ 김○○ 위원 : 공공임대 세대가 한 동에 몰려 있음. 동별 분산 배치 요망
      → (주택과) 반영하겠음 : 공공임대 세대를 3개 동에 나누어 배치하겠음
   ○ 부위원장 : 단지 출입구가 통학로와 겹쳐 보행안전 우려. 출입구 위치 재검토 바람
      → (사업시행자) 반영 곤란 : 대지 형상상 출입구를 옮길 수 없음
   ○ 이○○ 위원 : 어린이놀이터 면적은 법정 기준을 충족하는지?
      → (주택과) 설명 : 법정 기준의 1.2배를 확보하였음

 □ 심의 결과 : 「조건부 가결」 - 아래 2개 조건 이행
   1) 공공임대 세대의 동별 분산 배치안을 건축심의 도서에 반영할 것
   2) 통학로 보행안전시설 설치계획을 2025. 8. 31.까지 교통행정과와 협의하여 제출할 것

【제2호 안건】 한빛공원 도시계획시설 변경 결정(안)

 □ 제안 설명 (공원녹지과장)
   ○ 장기미집행 공원 부지 중 주택 밀집지 3,000㎡를 해제하고 대체 녹지를 편입하는 계획

 □ 주요 의견 및 조치계획
   ○ 박○○ 위원 : 해제에 따른 녹지 총량 변화 분석이 빠져 있음. 분석 자료 보완 필요
      → (공원녹지과) 관련 부서와 협의 후 보완 : 녹지 총량 분석을 7월 중 제출하겠음

 □ 심의 결과 : 「보류」 - 보완 후 재상정
   1) 녹지 총량 변화 분석 결과를 첨부하여 재상정할 것

4. 기타
   ○ 차기 위원회 : 2025. 7. 17.(목)
"""

# Layout 2: [안건 N] between rules, 가. 제안 설명 (과 / 설계자), - (위원 A) lines with unnamed
# answers, 다. 결정 사항 with 1. 조건
LETTER_LAYOUT = """\
2025년 제7차 가온구 건축위원회 심의 결과

□ 회의 개요
  ○ 일    시 : 2025. 7. 3.(목) 14:00 ~ 16:00
  ○ 참석위원 : 총 8명

□ 상정 안건 (1건)
  1. 새솔동 45번지 일대 공동주택 건축계획(안)

□ 결정 결과
  ○ 안건 1 (새솔동 공동주택) : 조건부 가결

================================================================================
[안건 1] 새솔동 45번지 일대 공동주택 건축계획(안)
================================================================================
가. 제안 설명 (주택과 / 설계자 : ㈜가온건축)
  ○ 지하 3층 ~ 지상 20층, 공동주택 240세대

나. 위원 의견 및 조치계획
  - (위원 A) 저층부 근린생활시설의 가로 활성화 방안 보완 필요
    → 반영하겠음 : 1층 전면을 투시형 입면으로 변경하겠음
  - (위원 B) 지하주차장 진출입구가 간선도로에 면해 보행 안전 우려됨. 이면도로로 이전 검토 바람
    → 반영 곤란 : 이면도로 폭이 좁아 이전이 어려움
  - (위원장) 옥상 조경이 형식적임
    → 설명 : 감사함

다. 결정 사항 : 조건부 가결 (조건 2건)
  1. 가로 활성화 계획을 착공 전까지 보완할 것
  2. 진출입구 주변 보행안전시설 설치계획을 2025. 9. 30.까지 제출할 것

□ 기타
  ○ 다음 위원회는 7월 중 개최 예정
"""


def _extract(text: str) -> list[ExtractedItem]:
    return extract_items(parse_minutes(text, source="record.txt"), parse_committee(COMMITTEE))


@pytest.fixture(scope="module")
def table_items() -> list[ExtractedItem]:
    return _extract(TABLE_LAYOUT)


@pytest.fixture(scope="module")
def letter_items() -> list[ExtractedItem]:
    return _extract(LETTER_LAYOUT)


def _one(items: list[ExtractedItem], words: str) -> ExtractedItem:
    found = [i for i in items if words in i.source_text]
    assert len(found) == 1, (words, [i.source_text for i in found])
    return found[0]


def test_the_agenda_table_gives_titles_and_owners() -> None:
    minutes = parse_minutes(TABLE_LAYOUT, source="record.txt")
    assert [(a.title, a.owner) for a in minutes.agenda] == [
        ("누리동 12번지 일대 가로주택정비사업 건축계획(안)", "주택과"),
        ("한빛공원 도시계획시설 변경 결정(안)", "공원녹지과"),
    ]
    assert minutes.meeting_date == date(2025, 6, 19)


def test_opinions_are_asks_with_their_ground(table_items: list[ExtractedItem]) -> None:
    spread = _one(table_items, "동별 분산 배치 요망")
    assert spread.kind == "recommendation" and spread.speaker_role == "member"
    assert "한 동에 몰려 있음" in spread.source_text  # what the ask rests on goes with it
    assert spread.team == "주택과"
    assert spread.agenda == "누리동 12번지 일대 가로주택정비사업 건축계획(안)"


def test_a_refused_opinion_stays_an_ask_and_the_refusal_is_no_promise(
    table_items: list[ExtractedItem],
) -> None:
    refused = _one(table_items, "출입구 위치 재검토 바람")
    assert refused.kind == "recommendation" and refused.team == "주택과"
    assert not any("옮길 수 없음" in i.source_text for i in table_items)


def test_answers_add_promises_and_explanations_do_not(table_items: list[ExtractedItem]) -> None:
    promise = _one(table_items, "3개 동에 나누어 배치하겠음")
    assert promise.kind == "commitment" and promise.team == "주택과"
    later = _one(table_items, "녹지 총량 분석을 7월 중 제출하겠음")
    assert later.team == "공원녹지과" and later.stated_due == date(2025, 7, 31)
    assert not any("법정 기준" in i.source_text for i in table_items)  # a question, answered


def test_each_condition_is_a_decision_of_the_items_department(
    table_items: list[ExtractedItem],
) -> None:
    decisions = [i for i in table_items if i.kind == "decision"]
    assert len(decisions) == 5  # 2 results + 3 conditions
    first = _one(decisions, "분산 배치안을 건축심의 도서에 반영할 것")
    second = _one(decisions, "교통행정과와 협의하여 제출할 것")
    assert {first.team, second.team} == {"주택과"}
    assert second.stated_due == date(2025, 8, 31)
    held = _one(decisions, "「보류」")
    again = _one(decisions, "재상정할 것")
    assert held.team == again.team == "공원녹지과"
    assert held.agenda == again.agenda == "한빛공원 도시계획시설 변경 결정(안)"
    assert not any("차기 위원회" in i.source_text for i in table_items)  # 기타 is no item


def test_unnamed_answers_belong_to_the_presenting_department(
    letter_items: list[ExtractedItem],
) -> None:
    promise = _one(letter_items, "투시형 입면으로 변경하겠음")
    assert promise.kind == "commitment" and promise.team == "주택과"
    ask = _one(letter_items, "가로 활성화 방안 보완 필요")
    assert ask.kind == "recommendation" and ask.team == "주택과"
    refused = _one(letter_items, "이면도로로 이전 검토 바람")
    assert refused.kind == "recommendation"
    assert not any("이전이 어려움" in i.source_text for i in letter_items)
    assert not any("형식적임" in i.source_text for i in letter_items)  # a remark, no ask


def test_letter_layout_conditions_are_decisions(letter_items: list[ExtractedItem]) -> None:
    decisions = [i for i in letter_items if i.kind == "decision"]
    assert len(decisions) == 3
    assert all(d.team == "주택과" for d in decisions)
    assert all(d.agenda == "새솔동 45번지 일대 공동주택 건축계획(안)" for d in decisions)
    dated = _one(decisions, "설치계획을 2025. 9. 30.까지 제출할 것")
    assert dated.stated_due == date(2025, 9, 30)
    assert _one(decisions, "착공 전까지 보완할 것").stated_due is None


# Layout 3: lettered 상정 안건 with `` - 소관부서`` and ``(소관부서 : …)``, ▣ sections, ``1) 제안
# 설명`` / ``2) 위원 의견`` / ``3) 결정 사항`` parts, opinions under ``-``, ``•`` and ``ㅇ``,
# labelled conditions ``(조건 n)`` / ``(보완 n)``, a bare 결정 사항 with the outcome below it
PARTS_LAYOUT = """\
        2025년 제8차 가온구 도시공원위원회 심의 결과

                                         가온구 공원녹지과
                                         (2025. 8. 22. 공개)

□ 회의 개요
   ○ 일    시 : 2025. 8. 20.(수) 14:00 ~ 16:30
   ○ 장    소 : 가온구청 8층 회의실
   ○ 참석위원 : 9명
        - 위원장, 부위원장, 위원 A·B·C·D·E·F·G

□ 상정 안건 (2건)
   가. 별빛근린공원 공원조성계획 변경(안) - 공원녹지과
   나. 누리동 노상주차장 부지 도시계획시설 변경(안) (소관부서 : 교통행정과)

□ 결정 결과
   가. 별빛근린공원 조성계획 변경 : 조건부 가결 (조건 2건)
   나. 누리동 노상주차장 부지 변경 : 보류

▣ 안건 가. 별빛근린공원 공원조성계획 변경(안)

 1) 제안 설명 (공원녹지과)
   ◦ 공원 서측 유휴부지 1,200㎡에 어린이 물놀이터와 그늘막 쉼터를 조성하는 계획

 2) 위원 의견 및 조치계획
   - (위원 A) 물놀이터 수질 관리 주체가 정해지지 않음. 수질 검사 주기와 관리 주체 명시 필요
     → 반영하겠음 : 수질 검사를 주 1회 실시하고 그 결과를 현장 게시판에 공개하겠음
   • (위원 B) 그늘막 쉼터가 놀이터와 떨어져 있어 보호자가 아이를 보기 어려움. 쉼터를 놀이터 가까이 옮기는 방안 검토 바람
     → 반영 곤란 : 지하 배관이 지나가 쉼터를 옮길 수 없음. 대신 놀이터 쪽에 그늘 벤치 4개를 추가로 설치하겠음
   ㅇ (부위원장) 물놀이터를 여름철에만 운영하면 나머지 기간에 공간이 비게 됨. 비운영 기간 활용 방안 마련 요망
     → 반영 곤란 : 겨울철에는 동파 우려로 시설을 비워 두어야 함
   - (위원 C) 설계 단계부터 주민 의견을 들은 점은 긍정적임

 3) 결정 사항 : 조건부 가결
   (조건 1) 물놀이터 수질 관리 주체와 검사 주기를 운영계획에 반영할 것
   (조건 2) 보호자 휴게시설 배치 보완안을 2025. 10. 31.까지 제출할 것

▣ 안건 나. 누리동 노상주차장 부지 도시계획시설 변경(안)

 1) 제안 설명 (교통행정과)
   ◦ 노상주차장 부지 일부를 공공공지로 바꾸는 계획

 2) 위원 의견 및 조치계획
   - (위원 D) 주차면이 줄어드는데 인근 주택가 대책이 없음. 대체 주차 공간 확보 계획 제출 바람
     → 관련 부서와 협의 후 보완 : 거주자우선주차 구획 30면을 9월 중 추가 지정하겠음

 3) 결정 사항
   - 보류 (차기 위원회 재상정)
   [재상정 시 보완사항]
   (보완 1) 주차 수요 조사 결과와 대체 주차 공간 확보 방안을 제시할 것

□ 기타
   ○ 차기 위원회 : 2025. 9. 17.(수) 14:00
"""


@pytest.fixture(scope="module")
def parts_items() -> list[ExtractedItem]:
    return _extract(PARTS_LAYOUT)


def test_lettered_agenda_entries_give_their_owner() -> None:
    minutes = parse_minutes(PARTS_LAYOUT, source="record.txt")
    assert [(a.title, a.owner) for a in minutes.agenda] == [
        ("별빛근린공원 공원조성계획 변경(안)", "공원녹지과"),
        ("누리동 노상주차장 부지 도시계획시설 변경(안)", "교통행정과"),
    ]
    assert minutes.meeting_date == date(2025, 8, 20)


def test_opinions_under_any_bullet_are_asks(parts_items: list[ExtractedItem]) -> None:
    park = "별빛근린공원 공원조성계획 변경(안)"
    for words, member in (
        ("관리 주체 명시 필요", "위원 A"),
        ("놀이터 가까이 옮기는 방안 검토 바람", "위원 B"),
        ("비운영 기간 활용 방안 마련 요망", "부위원장"),
    ):
        ask = _one(parts_items, words)
        assert (ask.kind, ask.speaker, ask.speaker_role) == ("recommendation", member, "member")
        assert (ask.agenda, ask.team) == (park, "공원녹지과")
    assert not any("긍정적임" in i.source_text for i in parts_items)


def test_a_refusal_promises_only_what_it_offers_instead(
    parts_items: list[ExtractedItem],
) -> None:
    instead = _one(parts_items, "그늘 벤치 4개를 추가로 설치하겠음")
    assert instead.kind == "commitment" and instead.team == "공원녹지과"
    assert not any("비워 두어야 함" in i.source_text for i in parts_items)
    assert _one(parts_items, "현장 게시판에 공개하겠음").kind == "commitment"


def test_labelled_conditions_and_a_bare_result_heading(parts_items: list[ExtractedItem]) -> None:
    decisions = [i for i in parts_items if i.kind == "decision"]
    assert len(decisions) == 5  # 2 results, 2 조건, 1 보완
    dated = _one(decisions, "2025. 10. 31.까지 제출할 것")
    assert dated.stated_due == date(2025, 10, 31) and dated.team == "공원녹지과"
    held = _one(decisions, "보류")
    again = _one(decisions, "대체 주차 공간 확보 방안을 제시할 것")
    for decision in (held, again):
        assert decision.agenda == "누리동 노상주차장 부지 도시계획시설 변경(안)"
        assert decision.team == "교통행정과"
    assert not any("재상정 시 보완사항" in d.source_text for d in decisions)
    promise = _one(parts_items, "30면을 9월 중 추가 지정하겠음")
    assert promise.team == "교통행정과" and promise.stated_due == date(2025, 9, 30)
    assert not any("차기 위원회 : " in i.source_text for i in parts_items)


@pytest.mark.parametrize("suffix", ["docx", "hwpx", "pdf"])
@pytest.mark.parametrize("layout", ["TABLE", "LETTER", "PARTS"])
def test_documents_of_the_layouts_give_the_same_items(
    suffix: str, layout: str, tmp_path: Path
) -> None:
    text = {"TABLE": TABLE_LAYOUT, "LETTER": LETTER_LAYOUT, "PARTS": PARTS_LAYOUT}[layout]
    assert item_readings(_extract(read_back(text, suffix, tmp_path))) == item_readings(
        _extract(text)
    )


# Layout 4: the list as ``○ 안건 N : title`` with no owners; the owner in the section heading
# (``(소관: 과)``), a designer presenting, answers naming an official with his name
OWNER_IN_HEADING = """\
2025년 제9차 가온구 건축위원회 심의 결과

□ 회의 개요
  ○ 일    시 : 2025. 9. 4.(목) 14:00 ~ 15:30

□ 상정 안건
  ○ 안건 1 : 새봄동 공공임대주택 건축계획(안)

□ 결정 결과
  ○ 안건 1 : 조건부 가결

□ 안건 1 : 새봄동 공공임대주택 건축계획(안) (소관: 주택과)

가. 제안 설명 (설계자 : ㈜새봄건축)
  ○ 지하 1층 ~ 지상 12층, 공공임대주택 96세대

나. 위원 의견 및 조치계획
  - (위원 A) 경비실이 단지 안쪽에 있어 출입 관리가 어려움. 경비실을 주출입구 옆으로 옮길 것
    → (주택과장 홍길동) 경비실을 주출입구 옆으로 옮기겠음
  - (위원 B) 저층 세대의 사생활 보호가 부족함. 가림 식재 보완 필요
    → (주택과장 홍길동) 가림 식재를 보완하여 착공 전까지 도면에 반영하겠음

다. 결정 사항 : 조건부 가결
  1. 저층 세대 가림 식재 계획을 착공 전까지 보완할 것
"""


def test_the_section_heading_names_the_owner_when_the_list_does_not() -> None:
    minutes = parse_minutes(OWNER_IN_HEADING, source="record.txt")
    assert [(a.title, a.owner) for a in minutes.agenda] == [
        ("새봄동 공공임대주택 건축계획(안)", "주택과")
    ]
    items = _extract(OWNER_IN_HEADING)
    moved = _one(items, "주출입구 옆으로 옮기겠음")
    assert (moved.kind, moved.speaker, moved.team) == ("commitment", "주택과장", "주택과")
    for decision in (i for i in items if i.kind == "decision"):
        assert decision.team == "주택과"
        assert decision.agenda == "새봄동 공공임대주택 건축계획(안)"
    assert len([i for i in items if i.kind == "decision"]) == 2
