"""What one sentence asks for, promises or decides (followup.extract.cues.read_sentence).

Every family is checked in both styles minutes are written in: the secretary's report style
(``~필요함.``, ``~할 계획임.``) and verbatim speech (``~해 주시면 좋겠습니다``, ``~하겠습니다``).
The sentences are written for these tests, not taken from the sample minutes.
"""

from __future__ import annotations

from typing import Any

import pytest

from followup.extract.cues import (
    COMMITMENT,
    DECISION,
    RECOMMENDATION,
    SentenceReading,
    read_sentence,
)
from followup.korean import get_kiwi


def read(text: str) -> SentenceReading:
    return read_sentence(get_kiwi().tokenize(text), text)


def families(reading: SentenceReading) -> set[str]:
    return {c.family for c in reading.cues}


def cases(report: list[str], speech: list[str], harder: dict[str, str] | None = None) -> list[Any]:
    """pytest params named by style; ``harder`` maps a sentence to what makes it hard
    (irregular verbs, particles between the parts of a cue, relative clauses ...)."""
    params = [pytest.param(t, id=f"report-{i}") for i, t in enumerate(report, 1)]
    params += [pytest.param(t, id=f"speech-{i}") for i, t in enumerate(speech, 1)]
    params += [pytest.param(t, id=f"harder-{i}") for i, t in enumerate((harder or {}), 1)]
    return params


def assert_actionable(text: str, family: str, kind: str) -> None:
    """The sentence carries the cue, and nothing marks it as procedure, question or thanks."""
    reading = read(text)
    assert any(c.family == family and c.kind == kind for c in reading.cues), reading
    assert not reading.question, reading
    assert not reading.procedure, reading
    assert not reading.to_members, reading
    assert not reading.thanks, reading
    assert not reading.acknowledgement_only, reading


# --- recommendation families -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "공원 관리 인력을 확충해야 함.",
            "노후 하수관 교체 예산은 추경에 반영되어야 함.",
            "저소득층 가구에 대한 별도 지원 기준이 마련되어야 한다고 봄.",
        ],
        speech=[
            "민원 처리 기간을 단축해야 합니다.",
            "이 부분은 예산 심의 전에 반드시 바로잡으셔야 됩니다.",
            "시설 운영 규정이 하루빨리 정비돼야 합니다.",
            "보행자 안전을 위해 신호 체계를 개선해야 된다고 봅니다.",
        ],
    ),
)
def test_obligation(text: str) -> None:
    assert_actionable(text, "obligation", RECOMMENDATION)


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "청년 일자리 사업의 성과 분석이 필요함.",
            "취약계층 대상 홍보를 강화할 필요가 있음.",
            "공사 현장 안전 관리 강화 필요.",
        ],
        speech=[
            "어르신들을 위한 디지털 교육 확대가 필요합니다.",
            "민간 전문가 참여를 확대할 필요가 있다고 생각합니다.",
            "이런 부분은 좀 더 세심한 관리가 필요해 보입니다.",
        ],
    ),
)
def test_necessity(text: str) -> None:
    assert_actionable(text, "necessity", RECOMMENDATION)


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "사업 초기부터 성과 지표를 설계하는 것이 중요함.",
            "사후 관리 체계를 갖추는 것이 중요하다고 봄.",
        ],
        speech=[
            "주민들이 체감할 수 있는 변화를 만드는 것이 중요하다고 봅니다.",
            "무엇보다 현장의 목소리를 듣는 게 중요합니다.",
        ],
        harder={
            "예산 집행의 투명성을 확보하는 것이 무엇보다 중요합니다.": (
                "importance looks for 것 only 3 morphemes before 중요; 무엇보다 in between hides it"
            ),
            "사업 추진 전에 주민 의견을 충분히 듣는 것이 중요함.": (
                "Kiwi tags 듣 as VV-I; _acts only takes tag 'VV', so the act falls back to the "
                "noun 의견 (a PROCEDURE_ACTS word) and the sentence is read as procedure"
            ),
        },
    ),
)
def test_importance(text: str) -> None:
    assert_actionable(text, "importance", RECOMMENDATION)


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "민간 위탁 기관의 계약 현황을 검토 바람.",
            "분기별 추진 상황을 서면으로 보고 바람.",
            "실태 조사 결과를 위원회에 제출 바람.",
        ],
        speech=[
            "다음 회의 때 추진 실적을 보고해 주시기 바랍니다.",
            "관련 통계를 자치구별로 정리해서 제출해 주시기 바랍니다.",
            "자료를 제출하시기 바랍니다.",
            "사업비 산출 근거를 다시 검토해 주시길 부탁드립니다.",
            "민원 처리 결과를 주민들께 꼭 알려 주시기를 부탁드립니다.",
        ],
        harder={
            "예산 집행 내역을 사업별로 공개해 주시길 바랍니다.": (
                "-길 바랍니다 is 기 + ᆯ(JKO) + 바라: the request cue wants 기/ETN right before 바라"
            ),
            "관련 규정을 조속히 정비해 주시기를 바랍니다.": (
                "-기를 바랍니다: the object particle 를 sits between 기 and 바라"
            ),
            "관련 자료를 정리해서 제출해 주십시오.": "the imperative -(으)십시오 is no request cue",
        },
    ),
)
def test_request(text: str) -> None:
    assert_actionable(text, "request", RECOMMENDATION)


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "외국인 주민을 위한 다국어 안내를 마련하면 좋겠음.",
            "중소기업 지원 창구를 한 곳으로 통합하면 좋을 것 같음.",
            "공모 기간을 한 달 정도 연장하면 좋겠음.",
        ],
        speech=[
            "시민 참여 예산의 홍보를 강화해 주시면 좋겠습니다.",
            "시범 사업 결과를 공개해 주시면 좋을 것 같습니다.",
            "청년 창업 공간을 자치구마다 하나씩 마련해 주셨으면 좋겠습니다.",
            "야간 운영 시간을 늘리면 좋을 것 같습니다.",
        ],
    ),
)
def test_wish(text: str) -> None:
    assert_actionable(text, "wish", RECOMMENDATION)


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "자치구와의 협의체 구성을 제안함.",
            "사업 대상을 중소기업까지 넓힐 것을 권고함.",
            "데이터 개방 범위를 넓혀 줄 것을 요청함.",
        ],
        speech=[
            "통합 콜센터 설치를 제안드립니다.",
            "전기차 충전소 설치 기준을 재검토할 것을 권고합니다.",
            "재난 대응 매뉴얼의 전면 개정을 요청드립니다.",
            "지하철 역사의 엘리베이터 추가 설치를 건의합니다.",
        ],
    ),
)
def test_proposal(text: str) -> None:
    assert_actionable(text, "proposal", RECOMMENDATION)


# --- commitment families ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "하반기 중 실태 조사를 다시 실시할 계획임.",
            "시범 운영 결과를 분석하여 확대 여부를 결정할 예정임.",
            "2026년 1월 서비스 개통 예정.",
            "연말까지 시스템 개편을 마칠 계획임.",
        ],
        speech=[
            "내년 3월까지 조례 개정안을 마련할 예정입니다.",
            "내년부터 전 자치구로 확대 시행할 계획입니다.",
            "지적하신 사항은 내년 예산에 반영할 계획입니다.",
        ],
        harder={
            "위원님께서 말씀하신 대로 내년 예산에 반영할 계획입니다.": (
                "to_members fires on any 위원님께서, also when it is the subject of a relative "
                "clause (위원님께서 말씀하신 ...) in a department's answer"
            ),
        },
    ),
)
def test_plan(text: str) -> None:
    assert_actionable(text, "plan", COMMITMENT)


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "관련 기관과 협의해서 조속히 조치하겠음.",
            "현장 점검 결과는 추후 서면으로 보고하겠음.",
        ],
        speech=[
            "위원님 지적하신 부분은 내부적으로 검토하겠습니다.",
            "다음 회의 때 결과를 보고드리겠습니다.",
            "관련 부서와 협의해서 개선 방안을 마련하겠습니다.",
            "예산 부족분은 추경을 통해 확보하도록 하겠습니다.",
            "그 부분은 향후 제도 개선을 통해 보완해 나가겠습니다.",
        ],
        harder={
            "위원님께서 말씀하신 부분은 적극 반영하겠습니다.": (
                "to_members fires on 위원님께서 as the subject of 말씀하신: the promise is dropped"
            ),
            "미비점은 보완하여 다음 회의에 재상정하겠음.": (
                "재상정 ends in 상정 (a PROCEDURE_ACTS word), so a promise to resubmit the "
                "bill at the next meeting is read as procedure"
            ),
        },
    ),
)
def test_promise(text: str) -> None:
    assert_actionable(text, "promise", COMMITMENT)


# --- decisions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    cases(
        report=["원안 가결됨.", "본 안건은 수정안대로 의결되었음."],
        speech=[
            "이의가 없으므로 원안대로 가결되었음을 선포합니다.",
            "상정된 조례안은 원안대로 의결되었습니다.",
            "수정안대로 가결되었음을 선포합니다.",
            "해당 조례안은 부결되었음을 선포합니다.",
            "원안대로 채택되었음을 선포합니다.",
        ],
    ),
)
def test_decision(text: str) -> None:
    reading = read(text)
    assert any(c.family == "decision" and c.kind == DECISION for c in reading.cues), reading
    assert not reading.question


@pytest.mark.parametrize(
    "text",
    [
        "원안대로 의결하고자 하는데 이의 없으십니까?",
        "잠시 정회를 선포합니다.",
        "산회를 선포합니다.",
        "의사일정 제1항 2026년도 AI 산업 육성 예산안을 상정합니다.",
    ],
    ids=["motion", "recess", "adjourn", "table"],
)
def test_motions_and_other_proclamations_are_not_decisions(text: str) -> None:
    reading = read(text)
    assert not any(c.kind == DECISION for c in reading.cues), reading


# --- what is not an action item --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    cases(
        report=["담당관 발표 후 질의응답을 진행함."],
        speech=[
            "담당관님께서는 안건별로 발표를 해 주시기 부탁드립니다.",
            "다음은 정책관님께서 발표를 해 주시기 바랍니다.",
            "순서대로 질의해 주시기 바랍니다.",
            "궁금하신 점이 있는 위원님께서는 질의해 주시기 바랍니다.",
            "회의가 다소 늦게 시작된 점 양해해 주시기 바랍니다.",
            "자료 준비가 늦어진 점 양해해 주시기 바랍니다.",
            "위원님들 의석을 정돈해 주시기 바랍니다.",
            "간단하게 답변해 주시기 부탁드립니다.",
            "이 부분에 대해 설명해 주시기 바랍니다.",
            "잠시 휴식을 가진 후 회의를 속개하겠습니다.",
        ],
        harder={
            "다음은 경제실장님께서 업무보고를 해 주시기 바랍니다.": (
                "the act is 보고 (not a PROCEDURE_ACTS word, so that 보고 바랍니다 stays a "
                "request); a call for the presentation itself is not told apart"
            ),
            "이상으로 보고를 마치겠습니다.": (
                "마치 is no procedure act and 보고 is excluded: the closing line of a "
                "department's presentation reads as a promise"
            ),
            "이상으로 제안설명을 마치겠습니다.": "마치겠습니다 after 제안설명 reads as a promise",
            "2026년도 예산안에 대해 제안설명 드리겠습니다.": (
                "제안설명 (presenting a bill) is read as the proposal noun 제안 + 드리다"
            ),
            "검토보고 드리겠습니다.": (
                "the committee staff's review report (검토보고) now is read as a promise"
            ),
        },
    ),
)
def test_procedure(text: str) -> None:
    reading = read(text)
    assert reading.procedure or not reading.cues, reading
    assert not any(c.family == "proposal" for c in reading.cues), reading


@pytest.mark.parametrize(
    "text",
    cases(
        report=["다른 시도와의 비교 자료가 있는지?"],
        speech=[
            "올해 예산 대비 집행률이 어떻게 되나요?",
            "이 시스템은 언제 개통됩니까?",
            "다른 시도와 비교하면 어느 수준인지요?",
            "혹시 다른 지자체 사례도 검토하셨습니까?",
            "그러면 이 사업을 왜 내년으로 미뤄야 합니까?",
            "이 사업은 계속 추진할 필요가 있지 않습니까?",
        ],
        harder={
            "이 사업을 내년에 확대할 필요가 있는지 궁금합니다.": (
                "an indirect question (~는지 궁금합니다) is not flagged, and 필요가 있 makes it "
                "a necessity cue: a member's question becomes a recommendation"
            ),
        },
    ),
)
def test_questions(text: str) -> None:
    assert read(text).question


@pytest.mark.parametrize(
    "text",
    cases(
        report=["발표에 대해 감사를 표함.", "실무진의 노고를 치하하며 감사를 전함."],
        speech=[
            "바쁘신 가운데 참석해 주셔서 감사합니다.",
            "그동안 준비하시느라 고생 많으셨습니다.",
            "실무진의 노고에 깊이 감사드립니다.",
            "좋은 의견 주셔서 고맙습니다.",
            "짧은 기간에 큰 성과를 내신 것을 축하드립니다.",
            "홍보를 잘 해 주셔서 감사합니다.",
        ],
    ),
)
def test_thanks(text: str) -> None:
    reading = read(text)
    assert reading.thanks
    assert not any(c.kind == RECOMMENDATION and c.strength >= 0.85 for c in reading.cues)


@pytest.mark.parametrize(
    "text",
    cases(
        report=["성과 향상을 높이 평가함.", "품질 관리가 크게 개선된 점을 긍정적으로 평가함."],
        speech=[
            "준비를 정말 잘해 주셨습니다.",
            "이번 성과는 정말 대단한 일입니다.",
            "올해 투자 유치 실적이 크게 늘어난 점은 높이 평가합니다.",
        ],
    ),
)
def test_praise_carries_no_cue(text: str) -> None:
    assert read(text).cues == ()


@pytest.mark.parametrize(
    "text",
    cases(
        report=["위원님들께서는 회의 자료를 사전에 검토해 주시기 바람."],
        speech=[
            "위원님들께서는 배부된 자료를 참고해 주시기 바랍니다.",
            "위원님들께서도 지역 현안이 있으면 적극 건의해 주시기 바랍니다.",
            "각 위원님께서는 서명란에 서명해 주시기 바랍니다.",
            "위원님들께서는 현장 방문 일정을 확인해 주시면 좋겠습니다.",
            "의원님들께서는 예산 심사 자료를 미리 검토해 주시기 바랍니다.",
        ],
    ),
)
def test_asks_addressed_to_the_members(text: str) -> None:
    reading = read(text)
    assert reading.cues
    assert reading.to_members


@pytest.mark.parametrize(
    "text",
    cases(
        report=["알겠음."],
        speech=["네, 알겠습니다.", "예, 잘 알겠습니다.", "알겠습니다, 위원님.", "네. 알겠습니다."],
    ),
)
def test_bare_acknowledgement(text: str) -> None:
    reading = read(text)
    assert reading.acknowledgement_only
    assert reading.cues == ()


@pytest.mark.parametrize(
    "text",
    cases(
        report=[
            "관련 부서와 협의를 진행하고 있음.",
            "교육 과정을 운영 중임.",
            "올해 2월 시스템 개편을 완료함.",
            "현재 시범 운영 중이며 이용자 반응이 좋음.",
        ],
        speech=[
            "현재 데이터 센터 구축 사업을 추진하고 있습니다.",
            "올해 상반기에 1차 시범 사업을 완료했습니다.",
            "지난달 실태 조사를 완료했습니다.",
            "작년에 관련 조례 개정을 마쳤습니다.",
            "3개 구에서 시범 운영을 하고 있습니다.",
            "작년에 계획했던 시범 사업은 지난달 완료했습니다.",
        ],
        harder={
            "당초 올해 완료할 예정이었던 공사는 이미 마무리되었습니다.": (
                "-ㄹ 예정이었던 (a past plan, already carried out) still gives a plan cue"
            ),
            "추진할 계획이었으나 예산 문제로 보류했습니다.": (
                "-ㄹ 계획이었으나 (a plan given up) still gives a plan cue"
            ),
        },
    ),
)
def test_work_done_or_under_way(text: str) -> None:
    assert read(text).cues == ()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "주민 불편이 상당히 크겠네요.",
            id="guess-adjective",
        ),
        pytest.param(
            "그렇게 하면 비용이 더 들겠지요.",
            id="guess-verb",
        ),
        pytest.param("그 부분은 제가 잘 모르겠습니다.", id="not-know"),
        pytest.param("네, 그렇게 하면 좋겠습니다.", id="wish"),
    ],
)
def test_guesses_and_wishes_are_not_promises(text: str) -> None:
    assert not any(c.family == "promise" for c in read(text).cues)


@pytest.mark.parametrize(
    "text",
    [
        "관련 기준을 검토해 주시면 감사하겠습니다.",
        "대응 방안을 강구해 주시면 고맙겠습니다.",
        "재발 방지 대책을 마련하십시오.",
        "조속히 개선하도록 하십시오.",
        "추진 결과는 보고 바랍니다.",
    ],
)
def test_polite_requests_and_imperatives_are_requests(text: str) -> None:
    reading = read(text)
    assert "request" in families(reading) and not reading.procedure


@pytest.mark.parametrize(
    "text", ["내년부터 시범 사업을 추진하고자 합니다.", "관련 조례 개정을 검토하고자 합니다."]
)
def test_a_department_stating_what_it_will_do_is_a_commitment(text: str) -> None:
    from followup.committee import parse_committee
    from followup.extract.items import extract_items
    from followup.minutes.parse import parse_minutes

    committee = parse_committee(
        "committee: 위원회\nsecretary: 기획과\nteams:\n  - name: 기획과\n    aliases: [기획과장]\n",
        source="t",
    )
    minutes = parse_minutes(
        f"일 시 : 2025. 3. 14.\n\n○위원장 홍길동  질의하실 위원님 계십니까?\n\n○기획과장 김철수  {text}\n",
        source="t",
    )
    (item,) = extract_items(minutes, committee)
    assert (item.kind, item.speaker_role, item.team) == ("commitment", "department", "기획과")


@pytest.mark.parametrize(
    "text",
    [
        "처우 개선이 빠져서는 안 된다고 생각합니다.",
        "예산이 낭비되어서는 안 됨.",
        "같은 사고가 반복되면 안 됩니다.",
    ],
)
def test_a_prohibition_is_an_obligation(text: str) -> None:
    assert "obligation" in families(read(text))


def test_a_plain_negative_is_not_a_prohibition() -> None:
    assert read("비가 오면 안 나갑니다.").cues == ()


@pytest.mark.parametrize("text", ["심의 결과 원안 의결.", "원안대로 통과되었음을 선포합니다."])
def test_more_ways_to_record_a_resolution(text: str) -> None:
    assert "decision" in families(read(text))


def test_a_resolution_in_the_future_is_not_one() -> None:
    assert "decision" not in families(read("예산안이 통과되면 바로 집행하겠습니다."))


@pytest.mark.parametrize(
    "text", ["지표로 보완이 요구됨.", "축소로 이어지지 않도록 유의해야 할 것임."]
)
def test_report_style_requirements(text: str) -> None:
    assert families(read(text)) & {"necessity", "obligation"}


@pytest.mark.parametrize("text", ["해야 할 일이 많습니다.", "요구되는 서류를 제출했습니다."])
def test_modifiers_are_not_requirements(text: str) -> None:
    assert not families(read(text)) & {"necessity", "obligation"}


@pytest.mark.parametrize(
    "text",
    [
        "앞으로도 더 노력하겠습니다.",
        "네, 계속 노력하겠습니다.",
        "네, 명심하겠습니다.",
        "유념하겠습니다.",
        "더 세심하게 챙기겠습니다.",
        "적극 반영하도록 하겠습니다.",
        "올해도 시민들께서 만족하실 수 있도록 더 노력하겠습니다.",
    ],
)
def test_empty_promises_are_not_commitments(text: str) -> None:
    assert not any(c.family == "promise" for c in read(text).cues)


@pytest.mark.parametrize(
    "text",
    [
        "말씀하신 처리시간 기준은 협약서에 반영하도록 하겠습니다.",
        "위원님께서 말씀하신 부분은 적극 반영하겠습니다.",
        "사고 재발 방지 대책을 마련하도록 노력하겠습니다.",
    ],
)
def test_promises_with_content_stay_commitments(text: str) -> None:
    assert any(c.family == "promise" for c in read(text).cues)


@pytest.mark.parametrize(
    "text",
    [
        "잘 부탁드립니다.",
        "네, 꼭 좀 부탁드립니다.",
        "자세한 내용은 배부해 드린 자료를 참고해 주시기 바랍니다.",
        "마을버스도 공공성이 좀 강화됐으면 하는 바람입니다.",
        "택시도 대중교통으로 봐야 된다는 것이 본 위원의 생각입니다.",
        "준공영제 틀 자체를 근본적으로 손봐야 되지 않을까요?",
        "교육청이 좀 더 적극적으로 나서야 되지 않을까 싶습니다.",
        "이 조례가 개정되면 학교 매뉴얼도 바뀌어야 되잖아요.",
        "그러니까 수정이 필요하다는 거죠.",
    ],
)
def test_courtesies_pointers_opinions_and_musings_ask_nothing(text: str) -> None:
    reading = read(text)
    asks = [c for c in reading.cues if c.kind == RECOMMENDATION]
    assert not asks or reading.procedure or reading.question


@pytest.mark.parametrize(
    "text",
    [
        "충전구역 확충 계획도 함께 마련해 주셨으면 좋겠습니다.",
        "요금 체계 개편안을 검토해 주시기 바랍니다.",
        "분기별로 추진상황을 위원회에 보고할 것.",
        "가져오셔야 되지 않겠습니까?",
        "하반기 중에 시행규칙안을 위원회에 먼저 보고해 주시기 바랍니다.",
    ],
)
def test_asks_stay_asks(text: str) -> None:
    reading = read(text)
    assert any(c.kind == RECOMMENDATION for c in reading.cues)
    assert not reading.procedure and not reading.question


def test_a_deferral_proclaimed_is_a_decision_a_project_on_hold_is_not() -> None:
    assert "decision" in families(read("이의가 없으므로 보류되었음을 선포합니다."))
    assert "decision" not in families(read("예산 문제로 사업을 보류했습니다."))


def test_so_do_it_points_back_to_the_ask_before_it() -> None:
    # ... 알 수 있게 해 달라는 겁니다. 그렇게 해 주시기 바랍니다.: the extractor joins the two
    assert "request" in families(read("그렇게 해 주시기 바랍니다."))
    assert not read("네, 그렇게 해 주시고요.").cues or read("네, 그렇게 해 주시고요.").procedure


@pytest.mark.parametrize(
    ("text", "family", "kind"),
    [
        (
            "오○○ 위원은 공원 출입구마다 안내판을 추가 설치하기 바란다고 함.",
            "request",
            RECOMMENDATION,
        ),
        ("공원조성과장은 연말까지 설치 계획을 보완하겠다고 답변함.", "promise", COMMITMENT),
    ],
    ids=["an ask reported", "a promise reported"],
)
def test_a_record_s_third_person_report_is_this_meeting_s(
    text: str, family: str, kind: str
) -> None:
    # a record written in reported speech (…라고 함, …겠다고 답변함) records what was said at
    # its meeting: the ask and the promise are made there
    assert_actionable(text, family, kind)


@pytest.mark.parametrize(
    "text",
    ["안내판을 추가로 설치해야 한다고 합니다.", "연말까지 보완하겠다고 했습니다."],
    ids=["hearsay", "a promise told of"],
)
def test_speech_that_tells_of_an_ask_or_a_promise_still_makes_none(text: str) -> None:
    assert not [c for c in read(text).cues if c.family in ("request", "obligation", "promise")]
