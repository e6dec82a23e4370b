"""Summaries a secretary would table (개조식): one nominal phrase per item, on sentences
written for these tests, one rule each; and every gold set's summaries pass the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.committee import load_committee
from followup.extract.score import gold_files, load_gold
from followup.extract.summary import (
    SUMMARY_CHARS,
    answer,
    bare,
    core,
    decision_summary,
    referent,
    summarize,
    summary_check,
)
from followup.intake.ingest import limits
from followup.intake.sync import read_and_extract
from followup.settings import get_settings
from tests.helpers import EXAMPLES, ROOT

# --- spoken endings and the request wrapped around the action


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("주차장 운영 실태를 점검해 주시기 바랍니다.", "주차장 운영 실태 점검"),
        ("야간 순찰 인력 충원 계획을 마련해 주십시오.", "야간 순찰 인력 충원 계획 마련"),
        ("민원 응대 매뉴얼을 개정했으면 좋겠습니다.", "민원 응대 매뉴얼 개정"),
        ("청사 안내 표지를 정비할 필요가 있습니다.", "청사 안내 표지 정비"),
        ("공모 절차를 간소화해야 한다고 생각합니다.", "공모 절차 간소화"),
        ("보육교사 처우 개선이 시급합니다.", "보육교사 처우 개선"),
    ],
)
def test_the_request_around_the_action_goes(sentence: str, phrase: str) -> None:
    assert summarize(sentence) == phrase
    assert summary_check(phrase) == []


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("하천 정비 지침을 새로 만들어 주세요.", "하천 정비 지침을 새로 마련"),
        ("지원 대상 연령을 만 39세까지 늘려 주시기 바랍니다.", "지원 대상 연령을 만 39세까지 확대"),
        ("심사 기준을 바꿔야 합니다.", "심사 기준 전환"),
    ],
)
def test_a_native_verb_becomes_the_noun_a_report_writes(sentence: str, phrase: str) -> None:
    # 만들다 -> 마련, 늘리다 -> 확대, 바꾸다 -> 전환 (the object keeps its particle only
    # when an adverb stands between it and the action)
    assert summarize(sentence).replace("을 새로", " 새로").replace("을 만", " 만") == (
        phrase.replace("을 새로", " 새로").replace("을 만", " 만")
    )


# --- fillers and lead-ins


def test_fillers_lead_ins_and_the_speaker_go() -> None:
    sentence = (
        "그리고 국장님, 사실 저는 이제 좀 그 경로당 냉방비 지원 기준을 뭐 재검토해 주셨으면 합니다."
    )
    phrase = summarize(sentence)
    assert phrase == "경로당 냉방비 지원 기준 재검토"
    for word in ("그리고", "국장님", "사실", "저는", "이제", "좀", "뭐"):
        assert word not in phrase.split()


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        # the speech's closing clause is the speaker leaving the podium
        (
            "보행로 확장 공사를 조속히 추진해 주실 것을 당부드리며, 이상으로 발언을 마치겠습니다.",
            "보행로 확장 공사 조속히 추진",
        ),
        # a wish for the district on the way out, after the ask
        (
            "놀이터 안전 점검 결과를 공개해 주실 것을 요청드리며, 우리 구가 더욱 발전하기를 기원합니다.",
            "놀이터 안전 점검 결과 공개",
        ),
        # the speaker as subject, said formally (본 의원은), after "and so" (하여)
        (
            "본 의원은 어린이 놀이공간 조성을 조속히 추진해 주실 것을 간곡히 부탁드립니다.",
            "어린이 놀이공간 조성 조속히 추진",
        ),
        (
            "하여 본 의원은 공영주차장 요금 체계를 재검토해 주실 것을 요청드립니다.",
            "공영주차장 요금 체계 재검토",
        ),
        # the ask said again, a wish with a 기 clause, a request wrapped in thanks
        ("다시 한번 경로당 신축 사업 추진을 당부드립니다.", "경로당 신축 사업 추진"),
        (
            "체육시설 위탁 운영을 철저하게 관리하기를 바랍니다.",
            "체육시설 위탁 운영을 철저하게 관리",
        ),
        (
            "지난해 행사 예산 집행 내역을 자료로 제출해 주시면 감사하겠습니다.",
            "지난해 행사 예산 집행 내역 자료로 제출",
        ),
        # two promised acts joined by -겠고: both kept, the second with its partner
        (
            "공공 와이파이를 내년 3월부터 확대하겠고, 경로당 연계는 어르신복지과와 협의하겠습니다.",
            "공공 와이파이 내년 3월부터 확대 및 경로당 연계 어르신복지과와 협의",
        ),
        # a wish said twice, the second time whole; its negation stays
        (
            "자전거도로 겸용은 좀 안 했으면 좋겠다, 보도 겸용을 안 했으면 좋겠다는 말씀을 드리고 싶습니다.",
            "보도 겸용 안 하기",
        ),
        # what must never be peeled: the action's own negation, thinking again as the action
        ("공사 일지가 누락되지 않기를 바랍니다.", "공사 일지가 누락되지 않기"),
        ("동 명칭에 대해 다시 한번 생각해 보시기 바랍니다.", "동 명칭에 대해 다시 한번 생각"),
    ],
)
def test_what_a_council_speech_wraps_its_ask_in_goes(sentence: str, phrase: str) -> None:
    assert summarize(sentence) == phrase
    assert summary_check(phrase) == []


def test_a_sentence_that_only_closes_the_speech_has_no_phrase() -> None:
    assert summarize("이상으로 5분 자유발언을 마치겠습니다.") == ""
    assert summarize("연말까지 보고를 마치겠습니다.") == "연말까지 보고 완료"


# --- demonstratives


def test_a_demonstrative_takes_what_the_turn_named_before() -> None:
    before = "공영주차장 야간 개방 시간이 자치구마다 다릅니다."
    phrase = summarize("이 부분은 통일해 주시기 바랍니다.", before=before)
    assert "이 부분" not in phrase and "야간 개방 시간" in phrase
    assert phrase.endswith("통일")
    assert summary_check(phrase) == []


def test_a_pronoun_takes_what_the_item_said_first() -> None:
    sentences = [
        "어린이 통학로 안전 점검 결과가 아직 공개되지 않았습니다.",
        "이를 위원회에 보고해 주십시오.",
    ]
    phrase = summarize(sentences, focus=1)
    assert "이를" not in phrase and "통학로 안전 점검 결과" in phrase
    assert phrase.endswith("위원회에 보고")


def test_without_an_earlier_noun_the_agenda_item_stands_in() -> None:
    phrase = summarize(
        "이 부분은 잘 챙겨 주세요.", agenda="서울특별시 공공자전거 운영 개선계획 보고"
    )
    assert phrase == "공공자전거 운영 개선계획 점검"


def test_referent_is_the_matter_of_the_last_sentence() -> None:
    assert (
        referent("오늘 말씀드린 폐교 부지 활용 방안을 검토하고 있습니다.") == "폐교 부지 활용 방안"
    )
    assert referent("어제 말씀드렸습니다.") is None


# --- dates


def test_the_stated_date_stays_in_the_phrase() -> None:
    phrase = summarize(
        "다음 달 말까지 공사 현황 자료를 제출해 주시기 바랍니다.", due_text="다음 달 말까지"
    )
    assert phrase == "다음 달 말까지 공사 현황 자료 제출"


def test_a_date_stated_in_another_sentence_is_added() -> None:
    sentences = ["연말까지 부탁드립니다.", "공사 현황 자료를 제출해 주시기 바랍니다."]
    phrase = summarize(sentences, due_text="연말까지")
    assert phrase == "공사 현황 자료 제출(연말까지)"


def test_a_date_with_its_particle_is_not_added_twice() -> None:
    phrase = summarize("5월 중에 결과를 보고드리겠습니다.", "commitment", due_text="5월 중에")
    assert phrase == "5월 중 결과 보고"


# --- summary-style bullets (개조식 minutes)


@pytest.mark.parametrize(
    ("bullet", "phrase"),
    [
        ("- 경계부 높이 관리 방안 마련 필요", "경계부 높이 관리 방안 마련"),
        ("- 보행 안전 대책을 수립할 것", "보행 안전 대책 수립"),
        ("- 인근 주민 의견 수렴 결과 제출 바람", "인근 주민 의견 수렴 결과 제출"),
        ("○ 주차 수요 조사 후 규모 재산정 요망", "주차 수요 조사 후 규모 재산정"),
        ("박○○ 위원 : 공공기여 항목 및 규모 제시 바람", "공공기여 항목 및 규모 제시"),
    ],
)
def test_a_summary_style_bullet_becomes_its_nominal_core(bullet: str, phrase: str) -> None:
    assert summarize(bullet) == phrase


def test_the_minutes_note_after_an_arrow_is_not_the_ask() -> None:
    phrase = summarize("전면공지 폭 확대 검토 바람 → (도시계획과) 반영")
    assert phrase == "전면공지 폭 확대 검토"


# --- commitments


@pytest.mark.parametrize(
    ("promise", "phrase"),
    [
        (
            "네, 버스정류장 온열의자 고장 현황을 이달 안에 전수 점검하겠습니다.",
            "버스정류장 온열의자 고장 현황 이달 안 전수 점검",
        ),
        ("급식 단가 개선 방안은 검토하도록 하겠습니다.", "급식 단가 개선 방안 검토"),
        ("결과는 정리해서 보고드리겠습니다.", "결과 정리하여 보고"),
        ("내년 상반기까지 안내판을 설치할 계획입니다.", "내년 상반기까지 안내판 설치"),
    ],
)
def test_a_commitment_is_what_will_be_done(promise: str, phrase: str) -> None:
    assert summarize(promise, "commitment") == phrase


def test_a_bare_promise_takes_the_matter_of_the_ask() -> None:
    ask = "배당 내역 정리하여 위원회에 보고"
    assert bare("네, 다음 달까지 보고드리겠습니다.")
    assert not bare("배당 내역은 다음 달까지 보고드리겠습니다.")
    assert answer(ask, "네, 다음 달까지 보고드리겠습니다.", "다음 달까지") == (
        "배당 내역 정리하여 위원회에 보고(다음 달까지)"
    )
    assert answer("노선 조정 방안 마련", "네, 검토하겠습니다.", None) == "노선 조정 방안 마련 검토"


def test_a_bare_promise_without_an_ask_names_the_agenda_item() -> None:
    phrase = summarize("네, 다음 달까지 보고드리겠습니다.", "commitment", agenda="공영주차장 조례")
    assert phrase == "공영주차장 조례: 다음 달까지 보고"


# --- decisions


def test_a_decision_names_the_bill_and_the_outcome() -> None:
    title = "서울특별시 공원 조례 일부개정조례안(시장 제출)"
    proclaimed = ["의사일정 제1항은 원안대로 가결되었음을 선포합니다."]
    assert decision_summary(proclaimed, title) == "서울특별시 공원 조례 일부개정조례안: 원안가결"
    amended = [
        "수정한 부분은 수정한 대로, 나머지는 원안대로 의결하고자 합니다.",
        "부대의견 2건을 붙여 가결되었음을 선포합니다.",
    ]
    assert (
        decision_summary(amended, title)
        == "서울특별시 공원 조례 일부개정조례안: 수정가결(부대의견 2건)"
    )
    rejected = ["의사일정 제2항은 부결되었음을 선포합니다."]
    assert decision_summary(rejected, title).endswith(": 부결")
    assert summarize(proclaimed, "decision", agenda=title).endswith(": 원안가결")


@pytest.mark.parametrize(
    ("result", "outcome"),
    [
        ("◇ 심의결과 : 재심의 (보완 후 차기 회의 재상정)", "재심의"),
        ("3) 결정 사항 : 재자문", "재자문"),
        ("○ 심의결과 : 조건부 가결", "조건부 가결"),
        ("◇ 심의결과 : 보고 접수 (위원 의견은 소관부서에서 검토)", "보고 접수"),
        ("○ 보고결과 : 보고 수용", "보고 접수"),
        ("3) 결정 사항 : 보류 (차기 위원회 재상정)", "보류"),
    ],
)
def test_a_record_s_result_is_tabled_as_decided_never_as_passed(result: str, outcome: str) -> None:
    # A team told 가결 of a matter sent back for 재심의 would act on a decision not taken.
    title = "서울형 공공자전거 대여소 확충 계획(안)"
    assert decision_summary([result], title) == f"{title}: {outcome}"


def test_a_decision_s_numbered_condition_reads_as_what_it_asks() -> None:
    title = "서울형 공공자전거 대여소 확충 계획(안)"
    condition = "대여소 간 최소 이격거리 기준을 자치구와 협의하여 재자문 전까지 제시할 것"
    summary = summarize([condition], "decision", agenda=title)
    # 이격거리 whole: Kiwi reads its 이 as a determiner, which is no demonstrative glued on
    assert ": " not in summary and "최소 이격거리 기준" in summary and summary.endswith("제시")
    assert summary_check(summary) == []


# --- length


def test_a_long_request_keeps_its_action_and_fits() -> None:
    sentence = (
        "집행부에서는 내년도 예산을 편성하실 때 오늘 여러 위원님들께서 말씀하신 취약계층 "
        "냉난방비 지원 확대와 관련한 의견을 충분히 반영해서 하반기 중에 지원 기준 개정안을 "
        "위원회에 먼저 보고해 주시기 바랍니다."
    )
    phrase = summarize(sentence)
    assert len(phrase) <= SUMMARY_CHARS
    assert phrase.endswith("보고") and "지원 기준 개정안" in phrase
    assert summary_check(phrase) == []


# --- the check


@pytest.mark.parametrize(
    ("summary", "problem"),
    [
        ("자료를 제출해 주시기 바랍니다", "spoken ending"),
        ("결과를 보고드리겠습니다", "spoken ending"),
        ("좀 이제 예산 반영", "filler"),
        ("이 부분 개선", "dangling demonstrative"),
        ("이를 위원회에 보고", "dangling demonstrative"),
        ("검토", "too short"),
        ("가" * 61, "too long"),
    ],
)
def test_the_check_names_each_problem(summary: str, problem: str) -> None:
    assert any(p.startswith(problem) for p in summary_check(summary)), summary_check(summary)


def test_a_tabled_phrase_passes_the_check() -> None:
    assert summary_check("데이터 품질 평가 전 내부 사전 점검 체계 마련") == []
    assert summary_check("공원 조례 일부개정조례안: 수정가결(부대의견 2건)") == []


# --- every gold set

GOLD_SETS = [*gold_files(ROOT / "tests" / "data"), *gold_files(EXAMPLES / "gold")]


@pytest.mark.parametrize("gold", GOLD_SETS, ids=lambda p: p.parent.name + "/" + p.stem)
def test_every_summary_of_every_gold_set_passes_the_check(gold: Path) -> None:
    spec = load_gold(gold)
    _, _, items = read_and_extract(
        spec.minutes,
        committees=[load_committee(spec.committee)],
        read_limits=limits(get_settings()),
    )
    failing = [(i.summary, summary_check(i.summary)) for i in items if summary_check(i.summary)]
    assert failing == []
    for item in items:  # the verbatim source stays beside the phrase
        if item.source_text.rstrip(". ").endswith("니다"):
            assert item.summary != item.source_text


def test_a_cue_without_a_report_noun_gives_way_to_the_items_request() -> None:
    sentences = [
        "버스 준공영제 개편 과정에서 운수 종사자 처우 개선이 빠져서는 안 된다고 생각합니다.",
        "처우 개선 방안을 마련해서 다음 회기 전까지 제출해 주십시오.",
    ]
    phrase = summarize(sentences, focus=0, due_text="다음 회기 전까지")
    assert phrase == "처우 개선 방안을 마련하여 다음 회기 전까지 제출"


def test_a_background_clause_goes_but_the_topic_stays() -> None:
    sentence = (
        "가족 상담 전화는 지금은 대표번호로 통합 운영하고 있는데, 별도 번호 신설을 검토하겠습니다."
    )
    assert summarize(sentence, "commitment") == "가족 상담 전화 별도 번호 신설 검토"


def test_a_clause_closed_with_a_polite_yo_sets_the_scene_and_goes() -> None:
    phrase = core("그 예산에 대해 가지고요, 내년 1분기까지 집행 계획을 다시 세우도록 하겠습니다.")
    assert "요" not in phrase and not summary_check(phrase)
    assert phrase.startswith("내년 1분기까지 집행 계획")
