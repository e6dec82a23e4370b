"""Which agenda item an action item belongs to: headings, mentions, the chair's phase,
similarity to titles and presentations, and continuity of a discussion."""

from __future__ import annotations

from followup.committee import parse_committee
from followup.extract.items import extract_items
from followup.minutes.parse import parse_minutes

COMMITTEE = parse_committee(
    """
committee: 테스트시 도시교통위원회
secretary: 교통기획과
sessions: [2025-06-20]
teams:
  - name: 교통기획과
    aliases: [간사, 교통기획과장]
  - name: 버스정책과
    aliases: [버스정책과장]
    keywords: [버스, 노선]
  - name: 보행환경과
    aliases: [보행환경과장]
    keywords: [보행, 횡단보도, 어린이보호구역]
  - name: 주차계획과
    aliases: [주차계획과장]
    keywords: [주차, 공영주차장]
""",
    source="test",
)

MINUTES = """# 2025년 1차 도시교통위원회 회의록

- 일 시 : 2025. 3. 14.(금) 14:00
- 장 소 : 시청 회의실
- 상정안건
  - 심의 1건
    - 【1】 2025년 시내버스 노선 개편안
  - 보고 2건
    - 【2】 어린이보호구역 보행환경 개선 추진현황
    - 【3】 공영주차장 확충 계획

### 〈교통기획과장〉

#### 〈안건1〉 2025년 시내버스 노선 개편안

간선 노선 12개를 조정하고 심야 노선 3개를 신설하는 개편안입니다.

### 〈교통기획과장〉

#### 〈안건2〉 어린이보호구역 보행환경 개선 추진현황

어린이보호구역 횡단보도 40곳에 보행 신호 연장 장치를 설치하였습니다.

### 〈교통기획과장〉

#### 〈안건3〉 공영주차장 확충 계획

공영주차장 5곳, 1,200면을 확충하는 계획입니다.

### 〈위원장〉

먼저 심의 안건 1건에 대해서 질의해 주시기 바랍니다.

### 〈김민수위원〉

심야 노선은 배차 간격을 20분 이내로 유지할 필요가 있음.

### 〈위원장〉

이의가 없으므로 원안대로 가결되었음을 선포합니다.

다음으로 보고 안건 2건에 대해서 자유롭게 말씀해 주시기 바랍니다.

### 〈이지영위원〉

3번 안건 관련해서 주차장 요금 체계도 함께 검토해 주시기 바랍니다.

### 〈박정호위원〉

어린이보호구역 주변 불법 주정차 단속을 강화해야 함.

### 〈보행환경과장〉

네, 단속 카메라를 상반기 중에 추가로 설치하겠습니다.

### 〈박정호위원〉

설치 후 효과 분석 결과도 다음 회의에 보고해 주시기 바랍니다.
"""


def agenda_of(fragment: str) -> tuple[str | None, str]:
    minutes = parse_minutes(MINUTES, source="test.md")
    items = extract_items(minutes, COMMITTEE)
    (item,) = [i for i in items if fragment in i.source_text]
    return item.agenda, item.team


def test_agenda_list_comes_from_the_header() -> None:
    minutes = parse_minutes(MINUTES, source="test.md")
    assert [a.title for a in minutes.agenda] == [
        "2025년 시내버스 노선 개편안",
        "어린이보호구역 보행환경 개선 추진현황",
        "공영주차장 확충 계획",
    ]
    assert [a.group for a in minutes.agenda] == ["심의", "보고", "보고"]


def test_the_phase_the_chair_opens_holds_the_discussion() -> None:
    assert agenda_of("배차 간격") == ("2025년 시내버스 노선 개편안", "버스정책과")


def test_the_decision_belongs_to_the_item_under_deliberation() -> None:
    assert agenda_of("가결되었음을")[0] == "2025년 시내버스 노선 개편안"


def test_an_explicit_mention_names_the_agenda_item() -> None:
    assert agenda_of("요금 체계") == ("공영주차장 확충 계획", "주차계획과")


def test_similarity_to_title_and_presentation_within_the_phase() -> None:
    assert agenda_of("불법 주정차") == ("어린이보호구역 보행환경 개선 추진현황", "보행환경과")


def test_an_answer_and_a_follow_up_continue_the_same_discussion() -> None:
    agenda, team = agenda_of("단속 카메라")
    assert (agenda, team) == ("어린이보호구역 보행환경 개선 추진현황", "보행환경과")
    assert agenda_of("효과 분석")[0] == "어린이보호구역 보행환경 개선 추진현황"


LISTED = """제330회 도시교통위원회 제2차(2025.3.14)

[안건] 2025년 시내버스 노선 개편안
[안건] 공영주차장 확충 계획

○위원장 김민수  의사일정 제1항 2025년 시내버스 노선 개편안을 상정합니다. 버스정책과장 나오셔서 보고해 주시기 바랍니다.

○버스정책과장 이정훈  노선 개편안을 보고드리겠습니다. 이상입니다.

○박서연 위원  버스 배차 간격이 너무 깁니다. 외곽 노선 배차 간격을 줄이는 방안을 검토해 주시기 바랍니다.

○위원장 김민수  다음은 의사일정 제2항 공영주차장 확충 계획을 상정합니다. 주차계획과장 나오셔서 보고해 주시기 바랍니다.

○주차계획과장 최은정  공영주차장 확충 계획을 보고드리겠습니다. 이상입니다.

○한지수 위원  외곽 지역 공영주차장 부지 확보 계획을 다음 회의 때 보고해 주시기 바랍니다.
"""


def test_a_list_of_agenda_headings_is_not_a_section_over_every_turn() -> None:
    items = extract_items(parse_minutes(LISTED, source="listed"), COMMITTEE)
    by_text = {i.source_text[:12]: i.agenda for i in items if i.kind == "recommendation"}
    assert by_text == {
        "외곽 노선 배차 간격을"[:12]: "2025년 시내버스 노선 개편안",
        "외곽 지역 공영주차장 부지"[:12]: "공영주차장 확충 계획",
    }, [(i.source_text, i.agenda) for i in items]
