"""Summary minutes (회의록 요지): the header block, ``□ 안건 N : title`` sections, the
presentation, members' bullets in nominal style, ``→ (부서)`` and ``◎ 답변(직위)`` answers,
``◇ 심의결과`` with numbered ``※ 부대의견``. What a department would receive from them.

The fixture is written for this test; it is not taken from a gold set.
"""

from __future__ import annotations

from datetime import date

import pytest

from followup.committee import parse_committee
from followup.extract.items import ExtractedItem, extract_items
from followup.minutes.parse import parse_minutes

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
