"""Summary minutes (회의록 요지): the header block, ``□ 안건 N : title`` sections, the
presentation, members' bullets in nominal style, ``→ (부서)`` and ``◎ 답변(직위)`` answers,
``◇ 심의결과`` with numbered ``※ 부대의견``. What a department would receive from them.

The fixture is written for this test; it is not taken from a gold set.
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
committee: 서울특별시 물관리위원회
timezone: Asia/Seoul
secretary: 물정책과
chair_titles: [위원장]
member_titles: [위원]
sessions: [2025-05-20]
teams:
  - name: 물정책과
    aliases: [물정책과장]
    keywords: [수도계획, 물수요]
  - name: 하수관리과
    aliases: [하수관리과장]
    keywords: [하수관로, 빗물받이, 침수]
  - name: 아리수과
    aliases: [아리수과장]
    keywords: [음수대, 아리수]
"""

MINUTES = """\
2025년 제2회 서울특별시 물관리위원회 회의록(요지)

□ 일시 : 2025. 4. 10.(목) 14:00~16:00
□ 장소 : 서울시청 본관 3층 회의실
□ 참석위원 : 위원장 한바다, 위원 강나래, 문시내, 오가람 (총 4명)
□ 안건
   <심의안건>
   1. 2025년 수도계획 변경(안)
   <보고안건>
   2. 빗물받이 정비 추진 현황
□ 회의결과
   ○ 안건 1 : 수정 의결(부대의견 2건)
   ○ 안건 2 : 보고 접수

□ 안건 1 : 2025년 수도계획 변경(안)

◎ 제안설명(물정책과장)
   물수요 전망을 다시 산정하여 급수 목표를 조정하는 변경안이며, 하반기 중 고시할 예정임.

◎ 위원 의견 및 답변

○ 강나래 위원
   - 물수요 전망의 기준연도가 자료마다 다름. 기준연도를 통일하여 재작성 바람
   - 인구 감소 추세가 반영되었는지 질의
   → (물정책과) 통계청 장래인구추계를 반영하였음
   - 권역별 급수 목표를 본문 표에 함께 기재하는 것이 좋겠음

○ 문시내 위원
   - 노후 관로 교체 물량 산정 근거 자료 제출 요망
   ◎ 답변(물정책과장) : 산정 근거를 정리하여 5월 말까지 위원들께 송부하겠음

○ 위원장 한바다
   - 지적된 사항을 부대의견으로 붙여 수정 의결하고자 함

◇ 심의결과 : 수정 의결
   ※ 부대의견
      ① 물수요 전망의 기준연도를 통일하여 최종 확정할 것
      ② 노후 관로 교체 물량 산정 근거를 '25년 6월까지 위원회에 서면 보고 바람

□ 안건 2 : 빗물받이 정비 추진 현황(보고)

◎ 보고(하수관리과장)
   빗물받이 1만 2천개소를 정비하였으며, 침수 취약지역 점검을 이어갈 계획임.

○ 오가람 위원
   - 정비 실적이 자치구별로 편차가 큼. 실적이 낮은 자치구의 원인 분석 필요
   - 정비 실적을 꼼꼼하게 정리한 점은 긍정적으로 평가함
   → (하수관리과) 원인 분석 결과를 다음 회의 시 보고하겠음

◇ 심의결과 : 보고 접수

□ 기타
   ○ 차기 회의는 5월 중 개최 예정
"""


@pytest.fixture(scope="module")
def items() -> list[ExtractedItem]:
    minutes = parse_minutes(MINUTES, source="water-summary.txt")
    return extract_items(minutes, parse_committee(COMMITTEE))


def _one(items: list[ExtractedItem], words: str) -> ExtractedItem:
    found = [i for i in items if words in i.source_text]
    assert len(found) == 1, (words, [i.source_text for i in found])
    return found[0]


def test_the_header_gives_date_agenda_and_sections() -> None:
    minutes = parse_minutes(MINUTES, source="water-summary.txt")
    assert minutes.meeting_date == date(2025, 4, 10)
    assert [a.title for a in minutes.agenda] == [
        "2025년 수도계획 변경(안)",
        "빗물받이 정비 추진 현황",
    ]
    presenters = [t for t in minutes.turns if t.presents]
    assert [t.speaker for t in presenters] == ["물정책과장", "하수관리과장"]
    assert [a.owner for a in minutes.agenda] == ["물정책과장", "하수관리과장"]


def test_each_nominal_bullet_is_its_own_ask(items: list[ExtractedItem]) -> None:
    asks = [i for i in items if i.kind == "recommendation"]
    texts = [i.source_text for i in asks]
    assert any("재작성 바람" in t for t in texts)
    assert any("기재하는 것이 좋겠음" in t for t in texts)
    assert any("제출 요망" in t for t in texts)
    assert any("원인 분석 필요" in t for t in texts)
    # two bullets of one member are two items, not one
    assert not any("재작성 바람" in t and "좋겠음" in t for t in texts)


def test_questions_praise_and_the_chairs_motion_are_not_sent(items: list[ExtractedItem]) -> None:
    texts = " ".join(i.source_text for i in items)
    assert "반영되었는지 질의" not in texts
    assert "긍정적으로 평가함" not in texts
    assert "수정 의결하고자 함" not in texts
    assert "장래인구추계를 반영하였음" not in texts  # an answer of fact, no promise


def test_answers_are_promises_of_the_answering_department(items: list[ExtractedItem]) -> None:
    sent = _one(items, "5월 말까지 위원들께 송부하겠음")
    assert sent.kind == "commitment" and sent.team == "물정책과"
    assert sent.stated_due == date(2025, 5, 31)
    later = _one(items, "다음 회의 시 보고하겠음")
    assert later.kind == "commitment" and later.team == "하수관리과"
    assert later.stated_due is not None and later.stated_due.month == 5
    # the ask keeps no date of its own: the answer carries it
    assert _one(items, "제출 요망").stated_due is None


def test_every_item_has_its_agenda_item(items: list[ExtractedItem]) -> None:
    first, second = "2025년 수도계획 변경(안)", "빗물받이 정비 추진 현황"
    assert _one(items, "재작성 바람").agenda == first
    assert _one(items, "원인 분석 필요").agenda == second
    assert all(i.agenda in (first, second) for i in items)


def test_each_attached_opinion_is_a_decision_of_its_own(items: list[ExtractedItem]) -> None:
    decisions = [i for i in items if i.kind == "decision"]
    result = _one(decisions, "심의결과 : 수정 의결")
    first = _one(decisions, "기준연도를 통일하여 최종 확정할 것")
    second = _one(decisions, "서면 보고 바람")
    for decision in (result, first, second):
        assert decision.agenda == "2025년 수도계획 변경(안)"
        assert decision.team == "물정책과"  # the agenda item's owner
    assert second.stated_due == date(2025, 6, 30)
    received = _one(decisions, "보고 접수")
    assert received.agenda == "빗물받이 정비 추진 현황" and received.team == "하수관리과"


# Two more secretaries' layouts of the same format, written for this test: a lettered one
# (■ header lines, ``1. title (심의)`` entries, ``□ 안건 N  title`` without a colon, ``○ 위원 A``
# with ``·`` bullets, a ``◎ 답변(직위)`` block of sub-bullets, ``1)`` and ``①`` lines, ``3. 기타``)
# and an ordinal one (``제N호 title - 과``, ``○ 김OO 위원`` with ``•``/``ㅇ`` bullets, ``◎ 답변 :``
# naming nobody, a bare ``◇ 심의결과`` with the outcome below it, ``(1)`` and ``가.`` lines).
LIBRARY_COMMITTEE = """
committee: 서울특별시 도서관정책위원회
timezone: Asia/Seoul
secretary: 도서관정책과
chair_titles: [위원장, 문화본부장]
member_titles: [위원]
sessions: [2025-09-25]
teams:
  - name: 도서관정책과
    aliases: [도서관정책과장, 간사]
    keywords: [도서관 발전계획, 거점도서관, 회의자료]
  - name: 공공도서관과
    aliases: [공공도서관과장]
    keywords: [작은도서관, 야간 개관]
  - name: 독서문화과
    aliases: [독서문화과장]
    keywords: [독서동아리, 책 축제]
"""

LETTERED = """\
서울특별시 도서관정책위원회
2025년 제3회 회의결과(요지)

                                        문화본부 도서관정책과

1. 회의 개요

  ■ 일    시 : 2025. 6. 12.(목) 10:00 ~ 12:00
  ■ 장    소 : 서울도서관 4층 세미나실
  ■ 참석위원 : 9명
  ■ 안    건 (3건)
       1. 제2차 서울특별시 도서관 발전계획 수정(안) (심의)
       2. 작은도서관 운영 지원기준 개정(안) (소관: 공공도서관과)
       3. 2025년 서울 책 축제 추진 결과 (보고)
  ■ 회의결과
       ○ 안건 1 : 원안 의결 (부대의견 1건)
       ○ 안건 2 : 재심의
       ○ 안건 3 : 보고 접수

2. 안건별 주요 논의 내용

□ 안건 1  제2차 서울특별시 도서관 발전계획 수정(안)

  ◎ 제안설명(도서관정책과장)
    - 권역별 거점도서관 4개소의 개관 일정을 1년씩 늦추는 수정안임

  ○ 위원 A
    · 거점도서관 개관이 늦어지는 권역의 주민 불편이 큼. 개관 전까지 임시 서비스 방안 마련 바람
    · 수정안 작성에 애쓴 점에 감사드림
  ◎ 답변(도서관정책과장)
    - 임시 서비스는 이동도서관 차량 2대를 투입하여 운영하겠음
    - 권역별 개관 일정은 홈페이지에 매 분기 공개하겠음

  ○ 위원 B
    · 권역별 장서 확보 목표가 빠져 있음. 연도별 장서 확보 목표를 계획에 추가할 것
  → (도서관정책과) 연도별 장서 목표를 최종안에 추가하겠음

  ◇ 심의결과 : 원안 의결 (부대의견 1건)
  ※ 부대의견
     1) 개관 지연 권역의 임시 서비스 운영 계획을 10월 말까지 위원회에 보고할 것

□ 안건 2  작은도서관 운영 지원기준 개정(안)

  ◎ 제안설명(공공도서관과장)
    - 운영비 지원 대상을 등록 후 2년 이상 운영한 작은도서관으로 넓히는 개정안임

  ○ 위원 C
    · 지원 대상은 늘어나는데 점검 인력은 그대로임. 현장 점검 계획을 함께 제시 바람
  → (공공도서관과장) 자치구와 합동 점검반을 꾸려 연 2회 점검하겠음

  ◇ 심의결과 : 재심의
  ※ 재상정 시 보완사항
     ① 자치구별 작은도서관 현황과 소요 예산을 제시할 것
     ② 점검 결과를 지원 여부에 반영하는 기준을 마련할 것

□ 안건 3  2025년 서울 책 축제 추진 결과 (보고)

  ◎ 보고(독서문화과장)
    - 책 축제에 12만 명이 방문하였음

  ○ 위원 A
    · 방문객 만족도 조사 결과를 다음 회의 시 보고 바람

  ◇ 심의결과 : 보고 접수

3. 기타

  ○ 위원 C : 회의자료 분량이 많아 미리 읽기 어려움. 다음 회의부터 요약본을 함께 보내 주기 바람
  → (간사) 다음 회의부터 한 쪽 분량의 요약본을 함께 송부하겠음
  ○ 차기 회의는 9월 중 개최 예정
"""

ORDINAL = """\
2025년 제4회 서울특별시 도서관정책위원회 회의록 요지

□ 일시 : 2025. 9. 25.(목) 15:00~17:00
□ 장소 : 서울도서관 3층 회의실
□ 상정안건
   - 제1호 서울도서관 야간 개관 확대 계획(안) - 공공도서관과
   - 제2호 독서동아리 지원사업 개선(안) - 독서문화과
□ 회의결과
   ○ 제1호 : 수정 의결
   ○ 제2호 : 원안 의결

□ 제1호 안건 : 서울도서관 야간 개관 확대 계획(안)

◎ 제안설명(공공도서관과장)
   ㅇ 평일 야간 개관을 주 2일에서 주 4일로 늘리는 계획임

○ 김OO 위원
   • 이용자 수요 조사 없이 개관 요일을 정했음. 수요 조사를 거쳐 개관 요일을 다시 정할 것
   • 야간 근무 인력의 휴게 공간 확보 방안 검토 요청
◎ 답변 : 휴게 공간은 열람실 옆 사무실을 고쳐 연말까지 마련하겠음

○ 이OO 위원
   ㅇ 야간에도 어린이실을 여는지 질의

◇ 심의결과
   ○ 수정 의결
   (1) 야간 개관 요일은 이용자 수요 조사 결과에 따라 조정할 것
   (2) 야간 근무자 휴게 공간은 2025. 12. 31.까지 마련할 것

□ 제2호 안건 : 독서동아리 지원사업 개선(안)

◎ 제안설명(독서문화과장)
   ㅇ 동아리당 지원금을 연 50만원에서 70만원으로 올리는 개선안임

○ 이OO 위원
   • 지원금 정산 서류가 많아 동아리의 부담이 큼. 정산 절차 간소화 필요
   → (독서문화과) 정산 서류를 3종에서 1종으로 줄이겠음

◇ 심의결과 : 원안 의결
※ 부대의견
   가. 동아리 활동 실적 보고 양식을 간소화할 것
"""


def _extract(text: str, committee: str) -> list[ExtractedItem]:
    return extract_items(parse_minutes(text, source="summary.txt"), parse_committee(committee))


def _library(text: str) -> list[ExtractedItem]:
    return _extract(text, LIBRARY_COMMITTEE)


@pytest.fixture(scope="module")
def lettered() -> list[ExtractedItem]:
    return _library(LETTERED)


@pytest.fixture(scope="module")
def ordinal() -> list[ExtractedItem]:
    return _library(ORDINAL)


def test_agenda_entries_lose_their_kind_note_and_give_their_owner() -> None:
    minutes = parse_minutes(LETTERED, source="library-summary.txt")
    assert [(a.title, a.group, a.owner) for a in minutes.agenda] == [
        ("제2차 서울특별시 도서관 발전계획 수정(안)", "심의", "도서관정책과장"),
        ("작은도서관 운영 지원기준 개정(안)", "", "공공도서관과"),
        ("2025년 서울 책 축제 추진 결과", "보고", "독서문화과장"),
    ]
    ordinal = parse_minutes(ORDINAL, source="library-summary.txt")
    assert [(a.title, a.owner) for a in ordinal.agenda] == [
        ("서울도서관 야간 개관 확대 계획(안)", "공공도서관과"),
        ("독서동아리 지원사업 개선(안)", "독서문화과"),
    ]


def test_lettered_members_and_their_bullets(lettered: list[ExtractedItem]) -> None:
    ask = _one(lettered, "임시 서비스 방안 마련 바람")
    assert (ask.kind, ask.speaker, ask.speaker_role) == ("recommendation", "위원 A", "member")
    assert ask.agenda == "제2차 서울특별시 도서관 발전계획 수정(안)"
    assert ask.team == "도서관정책과"
    assert not any("감사드림" in i.source_text for i in lettered)


def test_an_answer_block_is_the_departments_not_the_members(
    lettered: list[ExtractedItem],
) -> None:
    for words in ("차량 2대를 투입하여 운영하겠음", "매 분기 공개하겠음"):
        promise = _one(lettered, words)
        assert promise.kind == "commitment" and promise.speaker_role == "department"
        assert promise.team == "도서관정책과"


def test_numbered_lines_under_results_are_decisions_of_the_owner(
    lettered: list[ExtractedItem],
) -> None:
    report = _one(lettered, "10월 말까지 위원회에 보고할 것")
    assert report.kind == "decision" and report.team == "도서관정책과"
    assert report.stated_due == date(2025, 10, 31)
    result = _one(lettered, "원안 의결 (부대의견 1건)")
    assert "부대의견" not in result.source_text.replace("(부대의견 1건)", "")
    for words in ("소요 예산을 제시할 것", "지원 여부에 반영하는 기준을 마련할 것"):
        again = _one(lettered, words)
        assert again.kind == "decision" and again.team == "공공도서관과"
        assert again.agenda == "작은도서관 운영 지원기준 개정(안)"


def test_other_business_is_not_owned_by_the_last_agenda_item(
    lettered: list[ExtractedItem],
) -> None:
    ask = _one(lettered, "요약본을 함께 보내 주기 바람")
    assert ask.kind == "recommendation" and ask.speaker == "위원 C"
    assert ask.team == "도서관정책과"
    answer = _one(lettered, "요약본을 함께 송부하겠음")
    assert answer.kind == "commitment" and answer.speaker_role == "department"
    assert answer.team == "도서관정책과"  # the 간사 answers for the secretary's department
    assert "차기 회의는" not in answer.source_text


def test_ordinal_members_answers_and_a_bare_result_heading(
    ordinal: list[ExtractedItem],
) -> None:
    night = "서울도서관 야간 개관 확대 계획(안)"
    ask = _one(ordinal, "개관 요일을 다시 정할 것")
    assert (ask.kind, ask.speaker, ask.agenda, ask.team) == (
        "recommendation",
        "김OO 위원",
        night,
        "공공도서관과",
    )
    promise = _one(ordinal, "연말까지 마련하겠음")
    assert promise.kind == "commitment" and promise.team == "공공도서관과"
    assert promise.stated_due == date(2025, 12, 31)
    assert not any("어린이실을 여는지" in i.source_text for i in ordinal)
    decisions = [i for i in ordinal if i.kind == "decision" and i.agenda == night]
    assert len(decisions) == 3  # 수정 의결 and its two conditions
    assert _one(decisions, "수정 의결").team == "공공도서관과"
    assert _one(decisions, "2025. 12. 31.까지 마련할 것").stated_due == date(2025, 12, 31)
    simpler = _one(ordinal, "보고 양식을 간소화할 것")
    assert simpler.kind == "decision" and simpler.team == "독서문화과"


@pytest.mark.parametrize("suffix", ["docx", "hwpx", "pdf"])
@pytest.mark.parametrize("layout", ["LETTERED", "ORDINAL"])
def test_documents_of_the_layouts_give_the_same_items(
    suffix: str, layout: str, tmp_path: Path
) -> None:
    text = {"LETTERED": LETTERED, "ORDINAL": ORDINAL}[layout]
    assert item_readings(_library(read_back(text, suffix, tmp_path))) == item_readings(
        _library(text)
    )


# Sections headed only by the listed title and its number (``1. title``), as the list has them;
# the result lines in the header (``1. title : 원안 의결``) are not headings
NUMBERED = """\
2025년 제5회 서울특별시 도서관정책위원회 회의록(요지)

□ 일시 : 2025. 10. 16.(목) 14:00
□ 안건
   1. 공공도서관 휴관일 조정(안)
   2. 전자책 구독 서비스 확대 계획
□ 회의결과
   1. 공공도서관 휴관일 조정(안) : 원안 의결
   2. 전자책 구독 서비스 확대 계획 : 보고 접수

1. 공공도서관 휴관일 조정(안)
 ◎ 제안설명(공공도서관과장)
   - 월요일 일괄 휴관을 권역별 순환 휴관으로 바꾸는 안임
 ○ 위원 A
   - 순환 휴관 일정을 주민이 알기 어려움. 휴관 달력을 누리집 첫 화면에 게시할 것
   → (공공도서관과) 11월부터 누리집 첫 화면에 휴관 달력을 게시하겠음
 ◇ 심의결과 : 원안 의결

2. 전자책 구독 서비스 확대 계획
 ◎ 보고(독서문화과장)
   - 전자책 구독 이용자가 전년보다 40% 늘었음
 ○ 위원 B
   - 고령층 이용 실적이 낮음. 고령층 대상 이용 안내 교육 필요
   → (독서문화과) 복지관과 연계한 이용 안내 교육을 연 4회 운영하겠음
 ◇ 심의결과 : 보고 접수
"""


def test_a_numbered_line_repeating_a_listed_title_opens_its_section() -> None:
    minutes = parse_minutes(NUMBERED, source="library-summary.txt")
    assert [a.title for a in minutes.agenda] == [
        "공공도서관 휴관일 조정(안)",
        "전자책 구독 서비스 확대 계획",
    ]
    assert [(t.speaker, t.section_agenda) for t in minutes.turns] == [
        ("공공도서관과장", 1),
        ("위원 A", 1),
        ("공공도서관과", 1),
        ("위원장", 1),
        ("독서문화과장", 2),
        ("위원 B", 2),
        ("독서문화과", 2),
        ("위원장", 2),
    ]
    items = _library(NUMBERED)
    assert _one(items, "이용 안내 교육 필요").agenda == "전자책 구독 서비스 확대 계획"
    assert _one(items, "보고 접수").team == "독서문화과"


# Opinions and answers as the rows of a table: one row holds a member's opinion and the
# department's answer, the answer led by its status and ended by the answering department.
TABLE_COMMITTEE = """
committee: 서울특별시 가로수위원회
timezone: Asia/Seoul
secretary: 조경과
chair_titles: [위원장]
member_titles: [위원]
sessions: [2025-12-04]
teams:
  - name: 조경과
    aliases: [조경과장]
    keywords: [가로수 조성, 수종]
  - name: 보도관리과
    aliases: [보도관리과장]
    keywords: [보도 포장, 보도 턱]
  - name: 녹지관리과
    aliases: [녹지관리과장]
    keywords: [가지치기, 병해충]
"""

TABLE = """\
서울특별시 가로수위원회 2025년 제4차 회의결과(요지)

가. 일    시 : 2025. 11. 6.(목) 10:00
나. 장    소 : 서울시청 서소문청사 2층 회의실
다. 안    건 : 심의 2건
   1) 도심 가로수 수종 다양화 계획(안)        [조경과]
   2) 가로수 가지치기 작업 기준 개정(안)      [녹지관리과]

1) 도심 가로수 수종 다양화 계획(안) [제안: 조경과]

  | 위원 | 주요 의견 | 조치 계획 |
  |------|-----------|-----------|
  | 남○○ | 은행나무 비중이 여전히 높음. 열매 악취가 적은 수종으로 교체하는 연차 계획 수립 바람 | 반영 : 교체 수종과 연차별 물량을 정하여 내년 2월까지 제출하겠음 |
  | 문○○ | 뿌리가 보도 포장을 들어 올리는 구간이 많음. 뿌리 보호판 설치 기준 마련 필요 | 반영 : 뿌리 보호판 설치 기준을 보도 정비 지침에 넣겠음 (보도관리과) |
  | 배○○ | 가로 화단 폭을 넓혀 보행자 그늘을 늘리는 방안 검토 바람 | 미반영 : 보도 유효폭 기준 때문에 화단 폭을 넓히기 어려움 |
  |  | 수종별 탄소 흡수량 비교 자료 제출 요망 | ─ |
  | 송○○ | 수종 선정 과정에 주민 설문을 거친 점은 바람직함 | ─ |

다. 심의결과 : 조건부가결
  ⇒ 조건 ① 교체 수종별 관리 비용을 산출하여 계획에 포함할 것
  ⇒ 조건 ② 보도 구간별 식재 간격 기준을 명시할 것
  ⇒ 조치계획 : 조건을 반영한 계획을 12월 말까지 간사 부서에 제출하겠음 (조경과)

2) 가로수 가지치기 작업 기준 개정(안) [제안: 녹지관리과]

  | 위원 | 주요 의견 | 조치 계획 |
  |------|-----------|-----------|
  | 남○○ | 강전정으로 수형이 훼손된 사례가 반복됨. 작업 전 현장 확인 절차 도입 필요 | 검토 중 : 자치구 작업 여건을 조사한 후 판단할 사항임 |
  | 문○○ | 병해충 방제와 가지치기 시기를 묶어 작업 횟수를 줄일 필요가 있음 | 반영 : 방제 시기에 맞춘 작업 일정표를 작성하여 자치구에 배포하겠음 |

다. 심의결과 : 원안가결
  ⇒ 권고사항 : 가지치기 작업자 대상 교육 과정을 마련할 것
"""


def _as_tab_rows(text: str) -> str:
    """The pipe table rows of ``text`` as the DOCX and HWPX readers give a table's rows."""
    lines = []
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            if "---" not in line:
                lines.append("\t".join(c.strip() for c in line.strip()[1:-1].split("|")))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _trees(text: str) -> list[ExtractedItem]:
    return _extract(text, TABLE_COMMITTEE)


@pytest.fixture(scope="module")
def tabled() -> list[ExtractedItem]:
    return _trees(TABLE)


def test_a_table_row_is_the_members_opinion_and_the_departments_answer(
    tabled: list[ExtractedItem],
) -> None:
    species = "도심 가로수 수종 다양화 계획(안)"
    ask = _one(tabled, "연차 계획 수립 바람")
    assert (ask.kind, ask.speaker, ask.speaker_role, ask.agenda, ask.team) == (
        "recommendation",
        "남○○ 위원",
        "member",
        species,
        "조경과",
    )
    promise = _one(tabled, "내년 2월까지 제출하겠음")
    assert promise.kind == "commitment" and promise.speaker_role == "department"
    assert (promise.agenda, promise.team) == (species, "조경과")  # the item's own department
    assert promise.stated_due == date(2026, 2, 28)
    assert "반영 :" not in promise.source_text
    named = _one(tabled, "보도 정비 지침에 넣겠음")
    assert (named.kind, named.speaker, named.team) == ("commitment", "보도관리과", "보도관리과")
    assert "(보도관리과)" not in named.source_text
    later = _one(tabled, "작업 일정표를 작성하여 자치구에 배포하겠음")
    assert later.team == "녹지관리과" and later.agenda == "가로수 가지치기 작업 기준 개정(안)"


def test_a_declining_answer_is_no_promise_but_the_opinion_stays(
    tabled: list[ExtractedItem],
) -> None:
    shade = _one(tabled, "그늘을 늘리는 방안 검토 바람")
    assert shade.kind == "recommendation" and shade.team == "조경과"
    check = _one(tabled, "현장 확인 절차 도입 필요")
    assert check.kind == "recommendation" and check.team == "녹지관리과"
    for answer in ("넓히기 어려움", "판단할 사항임"):
        assert not any(answer in i.source_text for i in tabled)


def test_a_row_without_an_answer_keeps_the_opinion_and_the_member_above(
    tabled: list[ExtractedItem],
) -> None:
    carbon = _one(tabled, "탄소 흡수량 비교 자료 제출 요망")
    assert (carbon.kind, carbon.speaker) == ("recommendation", "배○○ 위원")  # merged cell
    assert not any("바람직함" in i.source_text for i in tabled)
    assert not any(i.source_text.strip() in ("─", "") for i in tabled)


def test_arrow_conditions_after_a_result_are_decisions_of_the_owner(
    tabled: list[ExtractedItem],
) -> None:
    for words in ("관리 비용을 산출하여 계획에 포함할 것", "식재 간격 기준을 명시할 것"):
        condition = _one(tabled, words)
        assert (condition.kind, condition.team) == ("decision", "조경과")
        assert "조건" not in condition.source_text
    result = _one(tabled, "조건부가결")
    assert result.kind == "decision" and "관리 비용" not in result.source_text
    plan = _one(tabled, "12월 말까지 간사 부서에 제출하겠음")
    assert (plan.kind, plan.team) == ("commitment", "조경과")
    advice = _one(tabled, "교육 과정을 마련할 것")
    assert (advice.kind, advice.team) == ("decision", "녹지관리과")


@pytest.mark.parametrize("suffix", ["docx", "hwpx"])
def test_a_table_reads_the_same_as_text_rows_docx_or_hwpx(suffix: str, tmp_path: Path) -> None:
    expected = item_readings(_trees(TABLE))
    tabbed = _as_tab_rows(TABLE)
    assert item_readings(_trees(tabbed)) == expected
    assert item_readings(_trees(read_back(tabbed, suffix, tmp_path))) == expected


# A record in prose sections with no speaker named: per agenda item a heading of discussion
# whose bullets are members' points, one of actions whose bullets are what a department will
# do by when, and the result; no agenda list in the header, the titles head the sections.
PROSE_COMMITTEE = """
committee: 서울특별시 자전거정책위원회
timezone: Asia/Seoul
secretary: 자전거정책과
chair_titles: [위원장]
member_titles: [위원]
sessions: [2025-12-09]
teams:
  - name: 자전거정책과
    aliases: [자전거정책과장]
    keywords: [대여소, 따릉이]
  - name: 자전거시설과
    aliases: [자전거시설과장]
    keywords: [자전거도로, 미끄럼 방지, 조명]
"""

PROSE = """\
서울특별시 자전거정책위원회 2025년 제3차 회의결과

○ 일    시 : 2025. 10. 14.(화) 15:00
○ 장    소 : 서울시청 본관 3층 회의실
○ 참석위원 : 위원 9명

1. 따릉이 대여소 확충 계획(안)
 ○ 안건 개요 (자전거정책과)
   - 대여소 300곳을 '26년까지 추가로 설치하는 계획임
 ○ 논의 내용
   - 대여소가 지하철역 출구에 몰려 있어 주거지역 주민의 이용이 불편함. 주거지역 배치 비율
     상향 필요
   - 고장 자전거를 신고한 뒤 수거까지 평균 닷새가 걸림. 수거 기한 단축 방안 검토 요청
   - 올해 이용 건수가 크게 늘어난 점은 고무적임
 ○ 조치 계획
   - 주거지역 대여소 배치 비율을 재산정하여 계획에 반영 (자전거정책과, '25. 12월)
   - 고장 자전거 수거 기한을 단축하는 위탁 계약 변경 (자전거시설과, '26. 2월)
 ○ 심의결과 : 조건부 가결
   1. 주거지역 배치 비율의 산정 근거를 계획서에 명시할 것
   2. 대여소 설치 전 보도의 유효 폭을 확인할 것

2. 자전거도로 안전시설 정비 현황 (보고)
 ○ 주요 의견
   - 한강 진입로 경사 구간에 미끄럼 방지 포장 설치 바람
   - 야간 조명이 어두운 구간의 목록 제출 요망
 ○ 후속 조치
   - 미끄럼 방지 포장을 설치할 구간 선정 (자전거시설과, '26. 3월)
 ○ 보고결과 : 보고 접수
"""

RENTAL = "따릉이 대여소 확충 계획(안)"
SAFETY = "자전거도로 안전시설 정비 현황"


def _bikes(text: str) -> list[ExtractedItem]:
    return _extract(text, PROSE_COMMITTEE)


@pytest.fixture(scope="module")
def prose() -> list[ExtractedItem]:
    return _bikes(PROSE)


def test_prose_sections_give_the_agenda_from_their_titles() -> None:
    minutes = parse_minutes(PROSE, source="prose.txt")
    assert minutes.meeting_date == date(2025, 10, 14)
    assert [(a.title, a.owner) for a in minutes.agenda] == [
        (RENTAL, "자전거정책과"),
        (SAFETY, ""),
    ]


def test_discussion_bullets_are_asks_of_an_unnamed_member(prose: list[ExtractedItem]) -> None:
    for words, agenda, team in (
        ("배치 비율 상향 필요", RENTAL, "자전거정책과"),
        # the department whose action line takes it up
        ("수거 기한 단축 방안 검토 요청", RENTAL, "자전거시설과"),
        ("미끄럼 방지 포장 설치 바람", SAFETY, "자전거시설과"),
        ("목록 제출 요망", SAFETY, "자전거시설과"),
    ):
        ask = _one(prose, words)
        assert (ask.kind, ask.speaker, ask.speaker_role) == ("recommendation", "위원", "member")
        assert (ask.agenda, ask.team) == (agenda, team)
    assert not any("고무적" in i.source_text for i in prose)  # a remark asks nothing
    assert not any("300곳" in i.source_text for i in prose)  # the overview is no discussion


def test_action_bullets_are_promises_of_the_department_they_name(
    prose: list[ExtractedItem],
) -> None:
    own = _one(prose, "배치 비율을 재산정하여 계획에 반영")
    assert (own.kind, own.speaker_role) == ("commitment", "department")
    assert (own.agenda, own.team, own.stated_due) == (RENTAL, "자전거정책과", date(2025, 12, 31))
    other = _one(prose, "위탁 계약 변경")
    assert (other.kind, other.agenda, other.team) == ("commitment", RENTAL, "자전거시설과")
    assert other.stated_due == date(2026, 2, 28)
    later = _one(prose, "설치할 구간 선정")
    assert (later.kind, later.agenda, later.team) == ("commitment", SAFETY, "자전거시설과")


def test_prose_results_and_conditions_are_decisions(prose: list[ExtractedItem]) -> None:
    for words in ("조건부 가결", "산정 근거를 계획서에 명시할 것", "유효 폭을 확인할 것"):
        decision = _one(prose, words)
        assert (decision.kind, decision.agenda) == ("decision", RENTAL)
        assert decision.team == "자전거정책과"  # the owner its overview names
    assert len([i for i in prose if i.kind == "decision" and i.agenda == RENTAL]) == 3


@pytest.mark.parametrize("style", ["□ ", "가. ", ""])
def test_any_title_line_above_the_sections_heads_an_item(style: str) -> None:
    text = PROSE.replace("1. 따릉이", f"{style}따릉이").replace(
        "2. 자전거도로", f"{style}자전거도로"
    )
    if style == "가. ":
        text = text.replace(f"{style}자전거도로", "나. 자전거도로")
    assert item_readings(_bikes(text)) == item_readings(_bikes(PROSE))


def test_a_bullet_naming_its_member_is_that_members() -> None:
    text = PROSE.replace("   - 한강 진입로", "   - 박○○ 위원은 한강 진입로")
    ask = _one(_bikes(text), "미끄럼 방지 포장 설치 바람")
    assert (ask.kind, ask.speaker, ask.speaker_role) == ("recommendation", "박○○ 위원", "member")


# --- a record of labelled questions and answers: 1) 질의(김○○ 위원): …, 답변(과장): …

QA_COMMITTEE = """
committee: 서울특별시 공원녹지위원회
timezone: Asia/Seoul
secretary: 공원정책과
chair_titles: [위원장]
member_titles: [위원]
sessions: [2025-12-10]
teams:
  - name: 공원정책과
    aliases: [공원정책과장, 공원정책팀장]
    keywords: [공원 조성, 녹지 확충]
  - name: 조경과
    aliases: [조경과장]
    keywords: [가로수, 수목, 그늘막]
"""

QA = """\
                서울특별시 공원녹지위원회
                  2025년도 제3회 회의록

Ⅰ. 회의 개요
  1. 일    시 : 2025. 9. 17.(수) 14:00
  2. 상정안건
     가. 도심 녹지 확충 기본계획(안)
     나. 가로수 병해충 방제 현황(보고)

Ⅱ. 안건 심의

 1. 도심 녹지 확충 기본계획(안)

  □ 제안설명(공원정책과장)
   ○ 자투리 녹지 120곳 조성, '27년까지 단계 추진

  □ 질의·답변

   1) 질의(강○○ 위원): 자투리 녹지는 관리 주체가 불분명하면 금방 방치됩니다. 조성 전에
      자치구와 관리 협약을 먼저 맺어 주시기 바랍니다.
      답변(공원정책과장): 올해 12월까지 25개 자치구와 관리 협약을 체결하겠습니다.

   2) 질의(문○○ 위원): 지난해 조성한 녹지는 모두 몇 곳입니까?
      답변(공원정책과장): 모두 38곳입니다.

   3) 의견(오○○ 위원): 녹지마다 수목 생육 상태를 매년 조사해야 합니다.
      답변(조경과장): 매년 전수 조사는 인력 사정으로 반영이 곤란합니다. 다만 표본 조사를
      격년으로 실시하겠습니다.

   위원장: 더 질의하실 위원님 없으십니까? 제1호 안건은 원안대로 가결되었음을 선포합니다.

 2. 가로수 병해충 방제 현황

  □ 보고(조경과장)
   ○ 미국흰불나방 방제 완료 구간 42km

  □ 질의·답변

   1) 질의(한○○ 위원): 방제 약제가 보행자에게 닿지 않도록 살포 시간을 새벽으로 옮겨 주시기
      바랍니다.
      답변(조경과장): 내년 방제부터 새벽 시간대로 조정하겠습니다.

Ⅲ. 심의 결과

  1. 도심 녹지 확충 기본계획(안) : 원안 가결
  2. 가로수 병해충 방제 현황(보고) : 보고 접수
"""

GREEN = "도심 녹지 확충 기본계획(안)"
PESTS = "가로수 병해충 방제 현황(보고)"


@pytest.fixture(scope="module")
def labelled() -> list[ExtractedItem]:
    return _extract(QA, QA_COMMITTEE)


def test_labelled_questions_are_the_members_and_answers_the_departments(
    labelled: list[ExtractedItem],
) -> None:
    ask = _one(labelled, "관리 협약을 먼저 맺어 주시기 바랍니다")
    assert (ask.kind, ask.speaker, ask.speaker_role) == ("recommendation", "강○○ 위원", "member")
    assert ask.agenda == GREEN
    promise = _one(labelled, "관리 협약을 체결하겠습니다")
    assert (promise.kind, promise.speaker, promise.team) == (
        "commitment",
        "공원정책과장",
        "공원정책과",
    )
    assert promise.stated_due == date(2025, 12, 31)
    later = _one(labelled, "새벽 시간대로 조정하겠습니다")
    assert (later.kind, later.team, later.agenda) == ("commitment", "조경과", PESTS)
    assert not any("몇 곳입니까" in i.source_text for i in labelled)  # answered at once
    assert not any("38곳" in i.source_text for i in labelled)


def test_a_refusal_is_no_promise_but_what_follows_it_is(labelled: list[ExtractedItem]) -> None:
    promise = _one(labelled, "격년으로 실시하겠습니다")
    assert (promise.kind, promise.team) == ("commitment", "조경과")
    assert not any(
        i.kind == "commitment"
        and "반영이 곤란합니다" in i.source_text
        and "격년" not in i.source_text
        for i in labelled
    )


def test_the_chair_and_the_list_of_results_give_each_item_its_decision(
    labelled: list[ExtractedItem],
) -> None:
    decisions = [i for i in labelled if i.kind == "decision"]
    assert {i.agenda for i in decisions} == {GREEN, PESTS}
    assert any("원안대로 가결되었음을 선포합니다" in i.source_text for i in decisions)
    listed = _one(labelled, "기본계획(안) : 원안 가결")
    assert (listed.kind, listed.agenda, listed.team) == ("decision", GREEN, "공원정책과")


# --- a written review (서면심의): opinions by letter, the department's plan per opinion

REVIEW_COMMITTEE = """
committee: 서울특별시 경관위원회
timezone: Asia/Seoul
secretary: 도시경관과
chair_titles: [위원장]
member_titles: [위원]
sessions: [2025-12-03]
teams:
  - name: 도시경관과
    aliases: [도시공간본부 도시경관과]
    keywords: [야간경관, 경관계획]
  - name: 보행정책과
    aliases: [도시교통실 보행정책과]
    keywords: [보행, 육교]
"""

REVIEW = """\
              2025년 제5차 서울특별시 경관위원회
                     서면심의 결과

□ 심의 개요
  ○ 심의기간 : 2025. 11. 3.(월) ~ 11. 7.(금)
  ○ 심의위원 : 5명

━━━━━━━━━━━━━━━━━━━━━━━━
 [안건 1] 청계천 야간경관 개선(안)
━━━━━━━━━━━━━━━━━━━━━━━━
 1. 사업부서 : 도시공간본부 도시경관과
 2. 위원별 검토의견
   위원 A : 조명 색온도가 구간마다 달라 산만함. 3000K 이하로 통일 바람
   위원 B : 이견 없음
   위원 C : 수변 생물 서식지 주변은 조도를 낮출 필요
   위원 D : 점멸 연출을 자제할 것
 3. 사업부서 조치계획
   ○ 위원 A 의견 → 반영 예정('25. 12월) : 전 구간 색온도를 3000K로 통일
   ○ 위원 C 의견 → 반영 곤란 : 안전 조도 기준에 따라 낮추기 어려움
   ○ 위원 D 의견 → 참고
 4. 심의 결과 : 조건부 의결
   < 조 건 >
    1. 조명 색온도를 3000K 이하로 통일할 것

━━━━━━━━━━━━━━━━━━━━━━━━
 [안건 2] 보행육교 경관 개선(안)
━━━━━━━━━━━━━━━━━━━━━━━━
 1. 사업부서 : 도시교통실 보행정책과
 2. 위원별 검토의견
   위원 E : 육교 난간 높이를 도면에 표기 바람
 3. 사업부서 조치계획
   ○ 위원 E 의견 → 반영 : 난간 높이를 도면에 표기(기 반영)
 4. 심의 결과 : 원안 의결
"""

NIGHT = "청계천 야간경관 개선(안)"


@pytest.fixture(scope="module")
def reviewed() -> list[ExtractedItem]:
    return _extract(REVIEW, REVIEW_COMMITTEE)


def test_a_written_review_sends_each_opinion_to_the_department_of_its_item(
    reviewed: list[ExtractedItem],
) -> None:
    for words, team in (
        ("3000K 이하로 통일 바람", "도시경관과"),
        ("조도를 낮출 필요", "도시경관과"),
        ("점멸 연출을 자제할 것", "도시경관과"),
        ("난간 높이를 도면에 표기 바람", "보행정책과"),
    ):
        ask = _one(reviewed, words)
        assert (ask.kind, ask.speaker_role, ask.team) == ("recommendation", "member", team)
    assert not any("이견 없음" in i.source_text for i in reviewed)


def test_a_plan_taken_up_is_a_promise_and_one_declined_or_done_is_not(
    reviewed: list[ExtractedItem],
) -> None:
    promise = _one(reviewed, "색온도를 3000K로 통일")
    assert (promise.kind, promise.team, promise.agenda) == ("commitment", "도시경관과", NIGHT)
    assert promise.stated_due == date(2025, 12, 31)
    assert (
        promise.summary == "전 구간 색온도 3000K로 통일('25. 12월)"
    )  # the status goes, the date stays
    promises = [i for i in reviewed if i.kind == "commitment"]
    assert len(promises) == 1  # 반영 곤란, 참고 and 기 반영 promise nothing


def test_a_written_review_s_results_and_conditions_are_decisions(
    reviewed: list[ExtractedItem],
) -> None:
    decisions = [(i.agenda, i.team) for i in reviewed if i.kind == "decision"]
    assert decisions.count((NIGHT, "도시경관과")) == 2  # the result and its condition
    assert ("보행육교 경관 개선(안)", "보행정책과") in decisions


# --- an advisory meeting's report: the member named after the point, the plans listed apart

ADVISORY_COMMITTEE = """
committee: 서울특별시 도시농업위원회
timezone: Asia/Seoul
secretary: 도시농업과
chair_titles: [위원장, 분과위원장]
member_titles: [위원]
sessions: [2026-02-05]
teams:
  - name: 도시농업과
    aliases: [도시농업과장]
    keywords: [텃밭, 도시농업]
  - name: 푸른도시과
    aliases: [푸른도시과장]
    keywords: [옥상녹화, 녹화]
"""

ADVISORY = """\
             서울특별시 도시농업위원회 2025년 제3차 자문회의 결과 보고

1. 회의 개요
  가. 일    시 : 2025. 11. 20.(목) 14:00
  나. 안    건 : 자문 2건
      1) 공공텃밭 운영 개선(안) ……………………… 도시농업과
      2) 옥상녹화 지원사업 개편(안) ……………… 푸른도시과
  다. 진행순서 : 개회 → 안건 보고 → 자문 → 폐회

2. 주요 자문의견

  가. 공공텃밭 운영 개선(안)
    - 분양 경쟁률이 높은 텃밭은 추첨 방식이 불공정하다는 민원이 있음. 신규 신청자 우선
      배정 비율을 두는 방안 검토 바람(김○○ 위원)
    - 올해 새로 연 텃밭 두 곳은 이용 만족도가 높음(이○○ 위원)

  나. 옥상녹화 지원사업 개편(안)
    - 지원 대상 건물의 구조 안전 점검 기준을 먼저 마련할 필요가 있음
      (박○○ 위원)

3. 향후 조치계획
  - (도시농업과) 신규 신청자 우선 배정 비율(30%)을 운영지침에 반영하겠음('26. 2월)
  - (푸른도시과) 구조 안전 점검은 건축법에 따른 사항으로 별도 기준 마련은 곤란함
  - (푸른도시과) 옥상녹화 지원 단가를 정비를 완료하였음

4. 결론
  ㅇ 자문의견을 반영하여 추진하고, 조치 결과는 차기 위원회에 보고하겠음
"""


@pytest.fixture(scope="module")
def advised() -> list[ExtractedItem]:
    return _extract(ADVISORY, ADVISORY_COMMITTEE)


def test_the_member_named_after_a_point_is_its_speaker(advised: list[ExtractedItem]) -> None:
    minutes = parse_minutes(ADVISORY, source="advisory.txt")
    assert [(a.title, a.owner) for a in minutes.agenda] == [
        ("공공텃밭 운영 개선(안)", "도시농업과"),
        ("옥상녹화 지원사업 개편(안)", "푸른도시과"),
    ]  # the owner after the leader dots; 다. 진행순서 ends the list
    ask = _one(advised, "우선 배정 비율을 두는 방안 검토 바람")
    assert (ask.kind, ask.speaker, ask.agenda) == (
        "recommendation",
        "김○○ 위원",
        "공공텃밭 운영 개선(안)",
    )
    assert "(김○○ 위원)" not in ask.source_text  # the speaker, not the point
    wrapped = _one(advised, "구조 안전 점검 기준을 먼저 마련할 필요가 있음")
    assert (wrapped.speaker, wrapped.team) == ("박○○ 위원", "푸른도시과")
    assert not any("만족도가 높음" in i.source_text for i in advised)  # praise asks nothing


def test_listed_plans_promise_what_they_will_do_and_nothing_refused_or_done(
    advised: list[ExtractedItem],
) -> None:
    promises = [i for i in advised if i.kind == "commitment"]
    plan = _one(promises, "운영지침에 반영하겠음")
    assert (plan.team, plan.stated_due) == ("도시농업과", date(2026, 2, 28))
    assert _one(promises, "차기 위원회에 보고하겠음").speaker_role == "department"  # 결론
    assert not any("곤란함" in i.source_text or "완료하였음" in i.source_text for i in promises)


def test_questions_and_answers_by_letter_are_members_and_departments() -> None:
    text = QA.replace("1) 질의(강○○ 위원): ", "Q. (강○○ 위원) ").replace(
        "답변(공원정책과장): 올해 12월까지", "A. (공원정책과장) 올해 12월까지"
    )
    text = text.replace("1) 질의(한○○ 위원): ", "Q 한○○ 위원 : ").replace(
        "답변(조경과장): 내년 방제부터", "A. (조경과장) 내년 방제부터"
    )
    items = _extract(text, QA_COMMITTEE)
    ask = _one(items, "관리 협약을 먼저 맺어 주시기 바랍니다")
    assert (ask.kind, ask.speaker) == ("recommendation", "강○○ 위원")
    assert _one(items, "관리 협약을 체결하겠습니다").team == "공원정책과"
    assert _one(items, "살포 시간을 새벽으로 옮겨 주시기").speaker == "한○○ 위원"
    assert _one(items, "새벽 시간대로 조정하겠습니다").team == "조경과"
