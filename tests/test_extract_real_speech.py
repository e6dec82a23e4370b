"""Real speech in council plenaries: what a department would receive from 구정질문 in 일문일답
and 5분 자유발언, and what it must not. Each error class is one sentence of the kind the blind
labels of real plenaries marked as no item (written for this test, not copied from them),
and the fixture plays the turns as they happen: a member argues, asks the official a question,
the official answers and promises.
"""

from __future__ import annotations

import pytest

from followup.extract.cues import COMMITMENT, RECOMMENDATION, read_sentence
from followup.extract.items import ExtractedItem
from followup.korean import get_kiwi
from tests.helpers import extracted, sent_items

COMMITTEE = """
committee: 가온구의회 본회의
timezone: Asia/Seoul
secretary: 의회사무국
chair_titles: [의장, 부의장]
member_titles: [의원]
teams:
  - name: 의회사무국
    aliases: [의회사무국장]
  - name: 행정지원국
    aliases: [구청장, 행정지원국장]
    keywords: [정보공개, 비공개]
  - name: 환경녹지국
    aliases: [환경녹지국장]
    keywords: [가로수, 소나무]
"""

MINUTES = """\
제310회 가온구의회 본회의 제2차(2025.09.03)

[안건] 구정에 관한 질문

○의장 나하늘  구정질문을 하겠습니다. 한바다 의원 나오셔서 질문해 주시기 바랍니다.

○한바다 의원  구청장님 자리해 주시면 감사하겠습니다. 자료 올려주세요. 저희는 공개가 원칙입니다. 그래서 비공개 사유에 해당하는지 여부는 아주 좁게 해석을 해야 됩니다. 정보공개청구가 20일을 넘길 경우 그 이유를 바로 알려야 됩니다. 이 민원은 왜 한 달이 넘도록 답이 없었습니까?

○구청장 서가온  그 부분은 제가 확인해 보겠습니다. 그리고 법에 맞게 저희가 잘 알아서 할 것입니다.

○한바다 의원  가로수 용역 계약서는 주민들에게 공개해 주십시오. 그리고 가로수 교체 현황 자료를 다음 달까지 의회에 제출해 주시기 바랍니다.

○환경녹지국장 송나무  큰 틀은 제가 답변드리고요. 세부적인 것은 옆에서 보완하도록 하겠습니다. 가로수 교체 현황은 다음 달까지 제출하겠습니다.

○한바다 의원  소나무 피해를 입은 주민들에 대한 보상이 먼저 이루어져야 한다고 생각합니다.

○도움 의원  의장님, 다음부터는 순서에 맞춰 진행해 주십시오.

○한바다 의원  고운결 의원님, 남 탓하지 말고 사과하십시오. 우리는 주민 곁을 지켜야 합니다.
"""


@pytest.fixture(scope="module")
def items() -> list[ExtractedItem]:
    return extracted(MINUTES, COMMITTEE, "gaon-question-time.txt")


sent = sent_items


def sent_text(items: list[ExtractedItem]) -> str:
    return " ".join(i.source_text for i in sent(items))


def test_the_department_receives_the_asks_and_the_promises(items: list[ExtractedItem]) -> None:
    asks = [i for i in sent(items) if i.kind == RECOMMENDATION]
    assert ["계약서는 주민들에게 공개" in i.source_text for i in asks[:1]] == [True]
    assert any("교체 현황 자료를 다음 달까지" in i.source_text for i in asks)
    promises = [i for i in sent(items) if i.kind == COMMITMENT]
    assert any("다음 달까지 제출하겠습니다" in i.source_text for i in promises)
    assert any("확인해 보겠습니다" in i.source_text for i in promises)


def test_a_principle_argued_before_the_question_is_not_sent(items: list[ExtractedItem]) -> None:
    text = sent_text(items)
    assert "좁게 해석을 해야" not in text
    assert "바로 알려야" not in text
    held = [i for i in items if "좁게 해석을 해야" in i.source_text]
    assert held and all(i.confidence < 0.6 for i in held)  # the secretary may still take it


def test_a_guarantee_and_the_staff_beside_are_no_promises(items: list[ExtractedItem]) -> None:
    texts = " ".join(i.source_text for i in items)
    assert "잘 알아서 할 것" not in texts
    assert "옆에서 보완" not in texts


def test_seat_slides_and_the_chair_are_procedure(items: list[ExtractedItem]) -> None:
    texts = " ".join(i.source_text for i in items)
    assert "자리해 주시면" not in texts
    assert "자료 올려주세요" not in texts
    assert "순서에 맞춰 진행" not in texts


def test_words_to_a_colleague_and_our_own_duty_are_no_asks(items: list[ExtractedItem]) -> None:
    texts = " ".join(i.source_text for i in items)
    assert "사과하십시오" not in texts
    assert "주민 곁을 지켜야" not in texts


def test_an_opinion_on_a_passive_duty_is_held(items: list[ExtractedItem]) -> None:
    opinion = [i for i in items if "보상이 먼저 이루어져야" in i.source_text]
    assert opinion and all(i.confidence < 0.6 for i in opinion)


def reading(text: str):  # type: ignore[no-untyped-def]
    return read_sentence(get_kiwi().tokenize(text), text)


NO_PROMISE = {
    "a thought quoted": "그래서 이 구간은 인도를 좀 넓혀야 되겠다, 이런 생각이 먼저였고요.",
    "a hedge": "조금 분석을 더 해봐야 되겠는데 요즘은 개인이 직접 구입하는 비율이 높습니다.",
    "a concession": "물론 면허를 딸 때 여러 가지 교육을 받겠습니다만 그 뒤로는 통제가 어렵습니다.",
    "a plan asked about": "그분들에 대한 교육을 어떻게 강화하고 통제할 것인가, 이것이 과제입니다.",
    "a plan others tell of": "이 산업이 앞으로 지역을 먹여 살릴 것이라고 하는데 지켜봐야 합니다.",
    "a guarantee": "그 부분은 저도 잘 알아서 할 것입니다.",
    "the staff beside": "세부적인 것은 옆에서 보완하도록 하겠습니다.",
}


@pytest.mark.parametrize("text", list(NO_PROMISE.values()), ids=list(NO_PROMISE))
def test_what_an_official_says_without_undertaking(text: str) -> None:
    assert not [c for c in reading(text).cues if c.kind == COMMITMENT], text


NO_ASK = {
    "put the material up": "다음 자료 올려주세요.",
    "take the seat": "국장님 자리해 주시면 감사하겠습니다.",
    "a vote asked of the house": "당 위원회에서 의결한 대로 가결하여 주시기 바랍니다.",
    "a colleague called": "고운결 의원님, 남 탓하지 말고 사과하십시오.",
    "the chair called": "의장님, 다음부터는 순서에 맞춰 진행해 주십시오.",
    "our own duty": "우리는 주민 곁을 지켜야 합니다.",
    "the council's own duty": "이제는 가온구의회가 분명한 메시지를 남겨야 합니다.",
    "what everyone knows": "아시다시피 자전거는 자전거 전용도로에서만 이용해야 합니다.",
    "an ask told as a means": "제가 정책지원관님께 부탁해서 100명을 조사했어요.",
}


HELD = {
    "a rule under a condition": "20일을 넘길 경우 그 이유를 바로 알려야 됩니다.",
    "an opinion on a passive duty": "주민들에 대한 보상이 먼저 이루어져야 한다고 생각합니다.",
}


@pytest.mark.parametrize("text", list(HELD.values()), ids=list(HELD))
def test_duties_that_may_be_grounds_are_held(text: str) -> None:
    asks = [c for c in reading(text).cues if c.kind == RECOMMENDATION]
    assert asks and max(c.strength for c in asks) < 0.6


STILL_ASKS = {
    "shown in the budget": "내년도 예산으로도 좀 보여주셨으면 좋겠습니다.",
    "an ask if feasible": "기술적으로 가능하다면 최대한 빨리 보도 열선을 설치해야 될 것입니다.",
    "a duty the member thinks": "이런 거 개선해야 된다고 본 의원은 생각하고 있습니다.",
    "our district's duty": "우리 구도 전담 팀을 만들어야 합니다.",
    "a colleague's words cited": "김 의원님 말씀처럼 정류장 안내판을 바꿔야 합니다.",
}


def sends_an_ask(text: str) -> bool:
    """Whether a department would be sent an ask from this sentence alone."""
    found = reading(text)
    asks = [c for c in found.cues if c.kind == RECOMMENDATION and c.strength >= 0.6]
    return bool(asks) and not found.procedure and not found.to_members


@pytest.mark.parametrize(
    ("text", "expected"),
    [(t, False) for t in NO_ASK.values()] + [(t, True) for t in STILL_ASKS.values()],
    ids=[f"no ask: {k}" for k in NO_ASK] + [f"ask: {k}" for k in STILL_ASKS],
)
def test_what_a_member_asks_of_the_executive(text: str, expected: bool) -> None:
    assert sends_an_ask(text) is expected, reading(text)


def test_a_promise_stays_a_promise() -> None:
    for text in ("가로수 교체 현황은 다음 달까지 제출하겠습니다.", "연말까지 보완할 계획입니다."):
        assert [c for c in reading(text).cues if c.kind == COMMITMENT], text
