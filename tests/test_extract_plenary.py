"""Council plenaries (본회의): the presiding officer's procedure, resolutions on the council's
own running, a 시정연설 read out, 5분 자유발언 and 구정질문 in 일문일답. What a department would
receive, on a fixture written for this test, and the error classes measured on real plenaries,
one sentence each (sentences of the same kind as the blind labels, not copied from them).
"""

from __future__ import annotations

import pytest

from followup.committee import parse_committee
from followup.extract.cues import RECOMMENDATION, read_sentence
from followup.extract.items import ExtractedItem, extract_items
from followup.korean import get_kiwi
from followup.minutes.parse import parse_minutes
from tests.helpers import extracted, sent_items

COMMITTEE = """
committee: 가온구의회 본회의
timezone: Asia/Seoul
secretary: 의회사무국
chair_titles: [의장, 부의장, 의장대리]
member_titles: [의원, 위원장, 위원장대리]
sessions: [2025-09-10]
teams:
  - name: 의회사무국
    aliases: [의회사무국장, 의사팀장]
  - name: 기획예산과
    aliases: [구청장, 부구청장]
    keywords: [추경, 예산]
  - name: 도시교통국
    aliases: [도시교통국장]
    keywords: [버스, 정류장, 보행, 횡단보도]
  - name: 복지국
    aliases: [복지국장]
    keywords: [돌봄, 경로당, 어르신]
"""

MINUTES = """\
제300회 가온구의회 본회의 제1차(2025.09.02)

○의장 나하늘  성원이 되었으므로 제300회 가온구의회 임시회 제1차 본회의를 개의하겠습니다.

[안건] 제300회 가온구의회 임시회 회기결정의 건(의장 제의)

○의장 나하늘  의사일정 제1항 회기결정의 건을 상정합니다. 이번 임시회 회기를 9월 2일부터 9월 9일까지 8일간으로 하고자 하는데 의원 여러분 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다.

[안건] 2025년도 제1회 추가경정예산안에 대한 제안설명의 건

○의장 나하늘  의사일정 제2항을 상정합니다. 구청장 나오셔서 제안설명하여 주시기 바랍니다.

○구청장 서가온  존경하는 의장님과 의원 여러분! 이번 추경은 민생 회복에 중점을 두었습니다. 경로당 냉방비 지원을 확대하고 버스 정류장 온열의자를 늘리겠습니다. 의원님들의 변함없는 지도편달과 응원 부탁드리겠습니다.

○의장 나하늘  구청장님 수고하셨습니다. 다음은 5분 자유발언이 있겠습니다. 발언하시는 의원께서는 5분의 발언시간을 준수해 주시기 바랍니다.

○김바름 의원  존경하는 의장님, 동료 의원 여러분! 어르신 돌봄은 가족의 몫이 아니라 지역사회가 함께 책임지는 일입니다. 우리는 어르신을 돌봄의 대상으로만 보는 시각에서 벗어나야 합니다. 주민들은 여름마다 폭염에 시달려야 했습니다. 경로당 안전 점검 결과가 누락되어 사고가 우려됩니다. 구청장께서는 경로당 냉방기 점검 결과를 다음 달까지 의회에 제출해 주시기 바랍니다. 여기 계신 모든 분들이 함께해 주시기를 간곡히 부탁드립니다.

○의장 나하늘  김바름 의원 수고하셨습니다. 이어서 구정질문을 하겠습니다. 도시교통국장님 답변석으로 나와 주시기 바랍니다.

○이슬기 의원  다음 자료 보여주세요. 학교 앞 횡단보도 신호가 너무 짧다고 주민들이 말합니다. 국장님, 초등학교 앞 횡단보도 보행신호 시간을 늘려 주십시오.

○도시교통국장 정다움  네, 경찰서와 협의해서 연말까지 보행신호 시간을 조정하겠습니다.

○이슬기 의원  답변 정확하게 해 주십시오. 그러면 언제까지 되는 겁니까?

○도시교통국장 정다움  10월 말까지 마치겠습니다.

○의장 나하늘  이상으로 구정질문을 마치겠습니다. 다음은 휴회의 건을 의결하고자 합니다. 9월 3일부터 9월 8일까지 본회의를 휴회하고자 하는데 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다. 산회를 선포합니다.
"""


@pytest.fixture(scope="module")
def items() -> list[ExtractedItem]:
    return extracted(MINUTES, COMMITTEE, "gaon-plenary.txt")


sent = sent_items


def test_the_presiding_officers_procedure_is_not_sent(items: list[ExtractedItem]) -> None:
    texts = " ".join(i.source_text for i in sent(items))
    assert "발언시간을 준수" not in texts
    assert "답변석으로 나와" not in texts


def test_resolutions_on_the_councils_running_go_to_its_secretariat(
    items: list[ExtractedItem],
) -> None:
    decisions = [i for i in items if i.kind == "decision"]
    assert len(decisions) == 2
    for decision in decisions:
        assert decision.team == "의회사무국"
        assert decision.stated_due is None  # the period decided is no deadline


def test_a_budget_speech_is_a_programme_not_promises(items: list[ExtractedItem]) -> None:
    speech = [i for i in items if i.speaker.startswith("구청장")]
    assert speech and all(i.presentation_plan for i in speech if i.kind == "commitment")
    assert not any("지도편달" in i.source_text for i in sent(items))


def test_a_free_speech_sends_its_ask_and_nothing_else(items: list[ExtractedItem]) -> None:
    free = [i for i in sent(items) if i.speaker.startswith("김바름")]
    assert len(free) == 1, [i.source_text for i in free]
    ask = free[0]
    assert "냉방기 점검 결과를 다음 달까지 의회에 제출" in ask.source_text
    assert ask.team == "복지국"


def test_question_time_sends_the_ask_and_the_answers_promises(
    items: list[ExtractedItem],
) -> None:
    asks = [i for i in sent(items) if i.speaker.startswith("이슬기")]
    assert [("보행신호 시간을 늘려" in i.source_text) for i in asks] == [True]
    promises = [i for i in sent(items) if i.kind == "commitment" and not i.presentation_plan]
    assert any("보행신호 시간을 조정하겠습니다" in i.source_text for i in promises)
    assert all(i.team == "도시교통국" for i in asks + promises)


# The error classes measured on real plenaries: each sentence is no item of its own.
NOT_ITEMS = {
    "procedure: come to the answer seat": "국장님께서는 답변석으로 이동하여 주시기 바랍니다.",
    "procedure: the next slide": "다음 화면 좀 보여 주십시오.",
    "procedure: distributed material": "기타 세부사항은 배부하여 드린 자료를 참고해 주시기 바랍니다.",
    "procedure: speaking time": "발언하시는 의원께서는 규정된 발언시간을 준수해 주시기 바랍니다.",
    "procedure: answer manner": "그 부분에 대해서 답변 정확하게 해 주십시오.",
    "courtesy: cooperation and encouragement": "앞으로도 많은 협조와 격려 부탁드리겠습니다.",
    "courtesy: health": "의원님들 각별히 건강에 유의하시길 바랍니다.",
    "courtesy: effort": "구정 발전을 위해 최선을 다해 주시기 바랍니다.",
    "courtesy: to the room": "여기 계신 분들이 그 길에 함께해 주시길 부탁드립니다.",
    "courtesy: understanding": "이해해 주시기 바라고, 의원님 수고하셨습니다.",
    "no addressee: a stance": "어르신을 돌봄의 대상으로만 보는 시각에서 벗어나야 합니다.",
    "no addressee: what had to be borne": "주민들은 오랜 세월 소음에 시달려야 했습니다.",
    "no addressee: a prohibition that only modifies a noun": (
        "이것은 우리 사회가 외면해서는 안 될 숙제라고 생각합니다."
    ),
    "no addressee: a concern": "역사 공사로 인한 상권 피해도 우려됩니다.",
    "quoted: what others say": "시장 상인들은 두 시장의 통합이 필요하다고 합니다.",
    "quoted: a past saying": "지난 회기에 전통시장을 살려야 한다고 말씀드렸습니다.",
    "quoted: a past request": "구청에 지원사업을 더 고민해 줄 것을 요청했습니다.",
    "quoted: within quotation marks": "노조는 “추가 조치가 필요하다”고 밝힌 바 있습니다.",
    "a reason": "왜냐하면 개인정보를 가려야 할 필요가 있죠.",
    "a duty set against what is": "결제 창에 해외 결제가 지원돼야 하는데 전혀 지원되지 않고 있습니다.",
    "a duty quoted into a noun": "실질적인 이행이 필요하다는 발언을 했습니다.",
}


@pytest.mark.parametrize("text", list(NOT_ITEMS.values()), ids=list(NOT_ITEMS))
def test_error_classes_carry_no_ask(text: str) -> None:
    reading = read_sentence(get_kiwi().tokenize(text), text)
    asks = [c for c in reading.cues if c.kind == RECOMMENDATION and c.strength >= 0.45]
    assert not asks or reading.procedure or reading.to_members, reading


ASKS = {
    "a nominal ask in a record": "높이 계획 재검토 요망",
    "a nominal request in a record": "실제 감축량 기반 지표로 전환 검토 요청",
    "a soft suggestion with content": "본문 표에 함께 기재하는 것이 좋겠음",
    "an ask with 부탁을 드립니다": "변전소는 다른 곳으로 이전할 수 있도록 부탁을 드립니다.",
    "a duty quoted and proposed": "결제대행사를 바꿔야 된다는 것을 제안드립니다.",
    "a report asked": "추진 결과는 보고 바랍니다.",
}


@pytest.mark.parametrize("text", list(ASKS.values()), ids=list(ASKS))
def test_real_asks_stay_asks(text: str) -> None:
    reading = read_sentence(get_kiwi().tokenize(text), text)
    assert any(c.kind == RECOMMENDATION for c in reading.cues), reading
    assert not reading.procedure and not reading.to_members, reading


def test_a_promise_that_is_only_politeness_is_none() -> None:
    for text in ("일반안건 27건이 되겠습니다.", "구매하겠다는 연락이 왔습니다.",
                 "그 부분은 걱정하지 않으셔도 될 것입니다."):  # fmt: skip
        reading = read_sentence(get_kiwi().tokenize(text), text)
        assert not [c for c in reading.cues if c.kind == "commitment"], (text, reading)


TABLED_TOGETHER = """\
제301회 가온구의회 본회의 제2차(2025.09.09)

[안건] 가온구 경로당 운영 지원 조례 일부개정조례안(가온구청장 제출)

[안건] 가온구 버스정류장 온열의자 설치 조례안(김바름 의원 대표발의)

○의장 나하늘  의사일정 제1항, 가온구 경로당 운영 지원 조례 일부개정조례안, 의사일정 제2항, 가온구 버스정류장 온열의자 설치 조례안, 이상 2건을 일괄상정합니다. 복지도시위원장 나오셔서 심사결과를 보고해 주시기 바랍니다.

○복지도시위원장 오누리  복지도시위원장 오누리입니다. 상정된 2건의 안건을 심사한 결과 모두 원안가결하였습니다. 자세한 내용은 배부해 드린 심사보고서를 참고해 주시기 바랍니다.

○의장 나하늘  복지도시위원장 수고하셨습니다. 그러면 의결은 안건별로 하겠습니다. 의사일정 제1항, 가온구 경로당 운영 지원 조례 일부개정조례안을 위원회에서 심사보고한 대로 의결코자 하는데 의원 여러분 이의 없으십니까?

○김바름 의원  의석에서 – 의장님, 이의 있습니다.) 그러면 표결하겠습니다. 출석의원 15명 중 찬성 10명, 반대 5명으로 가온구 경로당 운영 지원 조례 일부개정조례안은 가결되었음을 선포합니다. 의사일정 제2항, 가온구 버스정류장 온열의자 설치 조례안을 위원회에서 심사보고한 대로 의결코자 하는데 의원 여러분 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다.
"""


def test_bills_tabled_together_are_decided_one_by_one_each_with_its_owner() -> None:
    minutes = parse_minutes(TABLED_TOGETHER, source="gaon-plenary-2.txt")
    # the remark from the floor does not take the chair's speech over
    assert [t.speaker for t in minutes.turns][-2:] == ["김바름 의원", "의장 나하늘"]
    decisions = [
        i for i in extract_items(minutes, parse_committee(COMMITTEE)) if i.kind == "decision"
    ]
    assert [(d.agenda, d.team) for d in decisions] == [
        ("가온구 경로당 운영 지원 조례 일부개정조례안(가온구청장 제출)", "복지국"),
        ("가온구 버스정류장 온열의자 설치 조례안(김바름 의원 대표발의)", "도시교통국"),
    ]


# Four bills tabled together: two share one agenda line as the minutes print it, titles are
# spoken without their 「」 and brackets, and the committee's report speaks of all of them.
FOUR_BILLS = """\
제302회 가온구의회 본회의 제3차(2025.09.10)

[안건] 가온구 경로당 운영 지원 조례 일부개정조례안(가온구청장 제출)

[안건] 가온구 보행환경 개선 조례안(김바름 의원 발의) 3.「가온 어르신복지관」 운영사무의 민간위탁 동의안(가온구청장 제출)

[안건] 「가온 버스쉼터(스마트쉼터)」 관리사무의 민간위탁(재위탁) 동의안(가온구청장 제출)

○의장 나하늘  의사일정 제1항부터 제4항까지 4건을 일괄 상정합니다. 복지도시위원장 나오셔서 심사결과를 보고해 주시기 바랍니다.

○복지도시위원장 오누리  먼저 경로당 운영 지원 조례 개정안은 경로당 냉방비를 늘리는 것으로 원안가결하였습니다. 보행환경 개선 조례안은 횡단보도 정비를 위한 것으로 원안가결하였습니다. 어르신복지관 위탁은 어르신 돌봄을 맡기는 것으로 원안가결하였습니다. 버스쉼터 재위탁은 경로당 어르신들이 많이 찾는 쉼터를 맡기는 것으로, 어르신 돌봄과 경로당 연계를 고려해 원안가결하였습니다.

○의장 나하늘  의결은 안건별로 하겠습니다. 의사일정 제1항 「가온구 경로당 운영 지원 조례 일부개정조례안」을 원안대로 의결코자 하는데 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다. 의사일정 제2항 「가온구 보행환경 개선 조례안」을 원안대로 의결코자 하는데 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다. 의사일정 제3항 「가온 어르신복지관 운영사무의 민간위탁 동의안」을 원안대로 의결코자 하는데 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다. 의사일정 제4항 「가온 버스쉼터 스마트쉼터 관리사무의 민간위탁 재위탁 동의안」을 원안대로 의결코자 하는데 이의 없으십니까? (「없습니다」하는 의원 있음) 이의가 없으므로 가결되었음을 선포합니다.
"""


def test_each_bill_of_a_group_is_routed_to_its_owner() -> None:
    minutes = parse_minutes(FOUR_BILLS, source="gaon-plenary-3.txt")
    assert len(minutes.agenda) == 3  # two bills on one line, as printed
    decisions = [
        i for i in extract_items(minutes, parse_committee(COMMITTEE)) if i.kind == "decision"
    ]
    shared_line = minutes.agenda[1].title
    assert [(d.agenda, d.team) for d in decisions] == [
        ("가온구 경로당 운영 지원 조례 일부개정조례안(가온구청장 제출)", "복지국"),
        (shared_line, "도시교통국"),
        (shared_line, "복지국"),
        (minutes.agenda[2].title, "도시교통국"),
    ]


def test_thanks_are_not_the_audit_keyword() -> None:
    from followup.extract.route import route_item

    committee = parse_committee(COMMITTEE + "  - name: 감사담당관\n    keywords: [감사, 청렴]\n")
    route = route_item(
        kind="recommendation",
        text="답변 감사합니다. 경로당 냉방기 점검 결과를 제출해 주십시오.",
        speaker_team=None,
        answered_by=[],
        agenda_owner=None,
        agenda_title=None,
        committee=committee,
    )
    assert route.team == "복지국"
