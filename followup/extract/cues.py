"""Kiwi morphemes of one sentence -> the intent it carries.

Each cue family is a morpheme pattern, not a string list, so that report-style minutes
(``~필요함.``, ``~제안함.``) and verbatim speech (``~해 주시면 좋겠습니다``) are read alike:

* recommendation: obligation ``-어야 하다/되다``, necessity ``필요``, importance ``~것이 중요``,
  request ``-기 바라다`` / ``부탁드리다`` / ``~ 바람``, wish ``-(으)면 좋겠다``, proposal nouns
  ``제안/권고/요청/건의`` used as predicates, and weaker ``강조``, ``우려/걱정``, ``지적``;
* commitment: plan ``-ㄹ 예정/계획``, ``-ㄹ 것임``, a final ``예정``, and ``-겠-``;
* decision: ``가결/부결/채택/의결`` declared done or proclaimed.

Filters mark what is not an item: questions, thanks and praise, procedure (asks whose act
is the meeting itself: ``발표``, ``질의``, ``양해`` ...), asks addressed to the members
themselves, and the bare acknowledgement ``알겠습니다``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from followup.codes import ItemKind
from followup.korean import EO_FORMS, EOSEO_FORMS, word_set


class Morpheme(Protocol):
    @property
    def form(self) -> str: ...
    @property
    def tag(self) -> str: ...


RECOMMENDATION = ItemKind.RECOMMENDATION
COMMITMENT = ItemKind.COMMITMENT
DECISION = ItemKind.DECISION

# Acts of running the meeting itself: an ask or promise about these is procedure.
PROCEDURE_ACTS = word_set("""
    발표 질의 질문 답변 발언 발언권 말씀 설명 양해 정돈 착석 협조 소개 인사 진행 마무리
    시작 상정 개의 산회 정회 속개 심의 의결 토론 휴식 이석 참석 배부 서명 경청 박수
    선포 개회 폐회 회의 의견 질의응답 답 보고 이해 대답 호명 개표 낭독
""")
# Acts that may be the meeting's own or a piece of work: procedure only without an object
_MEETING_OR_WORK = word_set("마무리 시작 진행 신청")  # 발언 신청 / 서울시에 신청
_THANKS = word_set("감사 고맙 수고 고생 노고 축하 환영 죄송")
_PROPOSAL_NOUNS = word_set("제안 권고 요청 건의 주문 당부 권장 촉구 제언 요구")
# decision nouns that tell of a state (보류했습니다) or an act (선임하다) unless proclaimed
_PROCLAIMED_ONLY = word_set("보류 선임 선출")
# 통과 counts only as the chair's word (the extractor takes decisions from the chair alone).
_DECISION_NOUNS = word_set("가결 부결 채택 의결 통과") | _PROCLAIMED_ONLY
_GENERIC_NOUNS = word_set("""
    시간 부분 사항 안건 오늘 자리 여러분 경우 정도 이번 먼저 혹시 손 기회 때 다음 위원 의원
    각 좀 당부 분
""")
_COMMITTEE_BODIES = word_set("위원회 특위 특별위원회 의회 상임위 상임위원회 분과")
_CONCERN_NOUNS = word_set("우려 걱정")
# A record's nominal ask closing a line: 재검토 요망, 전환 검토 요청, 추가 요구
_NOMINAL_ASKS = word_set("요망 요청 요구")
_QUESTION_ENDINGS = ("까", "나요", "가요", "는지요", "니까", "ㄴ가", "은가", "는가", "까요", "죠?")
_ADDRESSEE_MEMBERS = word_set("위원 의원")
# Whom a member may call on who is no executive: a colleague, or the chair
_COLLEAGUES = _ADDRESSEE_MEMBERS | word_set("의장 위원장 부의장")
_NEXT_MEETING = word_set("회의 회기 위원회 정례회 임시회 달 해 분기 반기 심의")
# Verbs that carry no act of their own: the act is their object (보고를 마치겠습니다 -> 보고).
_LIGHT_VERBS = word_set("하 주 드리 마치 끝내 마무리하")
# Verbs after which -겠- is not a promise: acknowledgement, wish, thanks, greeting.
# (있겠습니다, 없겠습니다: "there would be", a judgement, not an undertaking)
_NON_PROMISE_VERBS = word_set("알 좋 모르 그렇 같 감사 고맙 반갑 죄송 있 없")
# 부탁드리겠습니다, 촉구하겠습니다: -겠- on an ask is politeness, not an undertaking
_ASKING_VERBS = word_set("부탁 당부 촉구 요청 건의 요구 바라")
# 보고 is a presentation now, unless it points past this meeting or names what to report.
# Words that put a report after this meeting: on their own ...
_LATER = word_set("따로 별도 추후 향후 나중 차기 매년 정기 서면 이내 까지 전까지 기한")
# ... or, for these time nouns, when a particle makes them adverbial (하반기에, 연말까지), not
# when they modify a noun (2025년도 하반기 주요업무)
_LATER_TIMES = word_set("연말 내년 상반기 하반기 분기 반기 중순 말경 초")
# 일괄하여, 간략히 하여: how the report is given, not an action done before it
_MANNER_NOUNS = word_set("일괄 간략 간단 요약 대표 종합 차례 순서")
# Verbs that only link a phrase (에 대해, 을 위해, 를 통해): not an action before the report
_LINKING_VERBS = word_set("대하 관하 위하 통하 따르 의하 비하 걸치")
# What a report back is about; asked for without addressing an official, it points later.
_REPORT_CONTENT = word_set("결과 실적 성과 현황 상황 경과 이행 조치 방안 계획")
_REPORT_ACTS = word_set("보고 설명 말씀 공유 제출 답변")
# Verbs that close a part of the meeting: 소개를 마치고 보고드리겠습니다 is still the presentation
_CLOSING_VERBS = word_set("마치 끝내 마무리하 갈음하 나오 나서")
# Promises of effort or heed that say nothing of what will be done (더 노력하겠습니다, 명심하겠습니다)
_EFFORT_NOUNS = word_set("노력 명심 유념 최선 참고 감안 숙지 경주")
_EFFORT_VERBS = word_set("새기 힘쓰 챙기 애쓰")
# ... and those that are empty only without an object of their own (적극 반영하도록 하겠습니다)
_HEED_NOUNS = word_set("반영")
# Words that carry no content of their own in such a sentence
_EMPTY_WORDS = word_set("""
    앞 앞으로 더 계속 적극 최대한 잘 말씀 부분 지적 의견 취지 저희 위원 의원 님 시민 올해
    만족 내용 사항 주신 오늘 것 점 세심 꼭 좀 네 예 그렇
""")
_ADVERBIAL_NOUNS = word_set("적극 최대한 앞 앞으로 계속 가급적 최선 노력")
# Material handed out at the meeting: 배부해 드린 자료를 참고해 주시기 바랍니다 is procedure
_MATERIAL = word_set("자료 유인물 보고서 검토보고서 책자 배부 원문 별지 첨부")
# What a request asks of the room as courtesy, not of anyone as work: 협조와 격려 부탁드립니다,
# 지도편달과 응원, 건강에 유의하시길 바랍니다, 최선을 다해 주시기 바랍니다
_COURTESY_NOUNS = word_set("""
    협조 격려 지도 편달 지도편달 응원 성원 관심 사랑 건강 유의 최선 다하 행복 가정
    평안 건승 화합 함께 새해 복
""")
# Whom an ask is addressed to: naming them is no content of the ask (집행부에 촉구합니다)
_ADDRESSEES = word_set("""
    집행부 구청장 구청 시장 의장 청장 부구청장 정부 당국 구 시 구청장님 관계자 공무원
""")
# The room itself: asking the official to go to the seat or put a slide up is procedure
_ROOM = word_set("""
    자리 발언대 답변석 단상 좌석 연단 발언석 화면 슬라이드 피피티 PPT 영상 전자회의
    명단 시스템 전자회의시스템
""")
_ROOM_ACTS = word_set("이동 나오 들어가 올라오 등단 띄우 보이 보여 참고 준비 퇴장 입장 돌아가")
# Verbs of stance or attitude: ~에서 벗어나야 합니다, ~로 존중해야 합니다 state a principle for
# everyone; no department can do them
_STANCE_VERBS = word_set("""
    반성 벗어나 존중 존중하 인정 인정하 기억 기억하 명심 명심하 공감 공감하 인식 인식하
    외면 외면하 잊 깨닫 받아들이 포용 포용하 배려 바라보 성찰
""")
# Nouns an opinion is stated as (~라는 것이 본 위원의 생각입니다, ~했으면 하는 바람입니다)
_OPINION_NOUNS = word_set("생각 바람 소망 마음 판단 견해 입장 소견")
# Words that ask which or how: a plan with one of them is a question about the plan
_WH_WORDS = word_set("어떻 어떠 무엇 뭐 뭘 어디 어느 왜 누가 누구 언제 얼마")
# Where in the room: 옆에서 보완하도록 하겠습니다 hands the rest of the answer to the staff beside
_ROOM_PLACES = word_set("옆 뒤 곁")
# -어서/-고 after an action: 정리해서 보고드리겠습니다, 실시하고 결과를 보고드리겠습니다
_CHAIN_ENDINGS = EOSEO_FORMS | EO_FORMS | {"고"}
_PAST = word_set("었 았 였")
# Endings that grant a clause before the point that follows (필요하지만 …, 해야 하나 …)
_CONCESSIVE = word_set("지만 으나 나")
# What a need is said to be when it is stated as a need (필요성이 있다, 크다, 절실하다)
_NEED_IS = word_set("있 크 높 절실 대두")


@dataclass(frozen=True)
class Cue:
    family: str  # obligation, necessity, importance, request, wish, proposal, emphasis,
    # concern, point_out, intent, plan, promise, decision, motion
    kind: str  # recommendation | commitment | decision
    strength: float  # how surely the family alone marks an action item
    index: int  # morpheme index where the cue starts


@dataclass(frozen=True)
class SentenceReading:
    cues: tuple[Cue, ...]
    question: bool
    thanks: bool
    procedure: bool
    procedure_acts: frozenset[str]  # the acts that made it procedure (보고, 발표 ...)
    to_members: bool
    acknowledgement_only: bool


def read_sentence(morphs: Sequence[Morpheme], text: str) -> SentenceReading:
    forms = [m.form for m in morphs]
    tags = [m.tag.split("-")[0] for m in morphs]  # VV-I (irregular) reads as VV
    cues: list[Cue] = []
    n = len(morphs)

    def after(i: int, wanted_tags: tuple[str, ...], within: int = 3) -> int | None:
        for j in range(i + 1, min(n, i + 1 + within)):
            if tags[j] in wanted_tags:
                return j
        return None

    def adnominal(j: int) -> bool:
        """The predicate at j modifies a following noun (필요한 데이터), unless quoted
        (필요하다는 제안); a quote that itself modifies a noun (필요하다고 말씀드린 부분이)
        recalls what was said, it does not ask."""
        for k in range(j + 1, min(n, j + 3)):
            if tags[k] == "ETM":
                if forms[k].endswith("다는"):
                    # 필요하다는 제안, 바꿔야 된다는 것을 제안드립니다: quoted, then asked;
                    # 필요하다는 점, 필요하다는 발언을 했습니다: quoted into a noun, told
                    told = forms[k + 1 : k + 5]
                    return not any(f in _PROPOSAL_NOUNS or f in ("말씀", "강조") for f in told)
                return True
            if tags[k] == "EC" and forms[k] == "다고":
                return any(tags[m] == "ETM" for m in range(k + 1, min(n, k + 4)))
            if tags[k] in ("EF", "EC", "ETN", "SF"):
                return False
        return False

    def quoted_into_noun(j: int) -> bool:
        """The clause ending at j is quoted into a noun that tells rather than asks
        (좋겠다라는 개인적 바람을 가지고), unlike 좋겠다라는 말씀을 드립니다."""
        for k in range(j + 1, min(n - 2, j + 4)):
            if tags[k] == "EF":
                if tags[k + 1] != "VCP" or tags[k + 2] != "ETM":
                    return False
                told = forms[k + 3 : k + 7]
                return not any(f in _PROPOSAL_NOUNS or f in ("말씀", "강조") for f in told)
        return False

    for i, (form, tag) in enumerate(zip(forms, tags, strict=True)):
        nxt = forms[i + 1] if i + 1 < n else ""
        nxt_tag = tags[i + 1] if i + 1 < n else ""
        if tag == "EC" and form in ("어야", "아야", "여야", "야") and nxt in ("하", "되"):
            # ~해야 할 것임 states the obligation; ~해야 할 일이 많다 only modifies a noun;
            # ~에 시달려야 했습니다 tells what had to be borne, it asks nothing
            stated = forms[i + 3 : i + 5] == ["것", "이"] and forms[i + 2] in ("ᆯ", "을")
            # 행동해야 할 것인라는 생각: the stated duty is itself quoted into a noun
            stated = stated and not (
                i + 5 < n and (tags[i + 5] == "ETM" or forms[i + 5].endswith("는"))
            )
            past = i + 2 < n and forms[i + 2] in ("었", "았", "였") and tags[i + 2] == "EP"
            # 먼저 들었어야 합니다, 확인했어야 되지 않습니까: a past before -어야 is what was
            # not done (a criticism), not what is asked now
            past = past or (i > 0 and forms[i - 1] in _PAST and tags[i - 1] == "EP")
            # 지원돼야 하는데 지원되지 않고 있습니다, 바꿔야 하지만 …: what should be, set against
            # what is, or granted before the point
            contrast = i + 2 < n and (
                forms[i + 2].endswith("는데")
                or forms[i + 2] == "ᆫ데"
                or (tags[i + 2] == "EC" and forms[i + 2] in _CONCESSIVE)
            )
            past = past or contrast
            # 다니셔야 되기 때문에: the duty is a reason given
            reason = "때문" in forms[i + 2 : i + 5] and "기" in forms[i + 2 : i + 4]
            if (
                (stated or not adnominal(i + 1))
                and not _embedded_question(forms, i + 1)
                and not past
                and not reason
                and not _principle(forms, tags, i)
            ):
                cues.append(Cue("obligation", RECOMMENDATION, 0.85, i))
        elif tag == "EC" and form in ("어서", "아서", "면", "으면") and _must_not(forms, i):
            # ~해서는/~하면 안 된다; 외면해서는 안 될 숙제 only modifies a noun
            then = next((k for k in range(i + 1, min(n, i + 5)) if forms[k] == "되"), i)
            if not adnominal(then) and not _criticism(forms, tags, i, then):
                cues.append(Cue("obligation", RECOMMENDATION, 0.85, i))
        elif tag == "NNG" and form == "필요":
            predicate = nxt in ("하", "이") and not adnominal(i + 1)
            # 운영은 필요하지만 …: the need granted, the point comes after
            predicate = predicate and not (
                i + 2 < n and tags[i + 2] == "EC" and forms[i + 2] in _CONCESSIVE
            )
            # 필요했었습니다: a need of the past, told
            predicate = predicate and not (
                i + 2 < n and tags[i + 2] == "EP" and forms[i + 2].startswith(tuple(_PAST))
            )
            # 필요가 있다, 필요성이 크다 (not 필요성이 없어, 필요성이 생겨)
            said = forms[i + 2 : i + 4]
            has_need = (nxt == "가" and said[:1] == ["있"]) or (
                nxt == "성"
                and any(f in _NEED_IS for f in said)
                and not any(f in ("없", "생기") for f in said)
            )
            reason = (
                "때문" in forms[i + 2 : i + 6] and "기" in forms[i + 2 : i + 4]
            )  # 필요하기 때문
            if (predicate or has_need) and not _embedded_question(forms, i + 2) and not reason:
                cues.append(Cue("necessity", RECOMMENDATION, 0.85, i))
            elif nxt_tag in ("SF", "") or nxt == "함":
                cues.append(Cue("necessity", RECOMMENDATION, 0.8, i))
        elif (
            form in ("중요", "바람직")
            and tag in ("NNG", "XR")
            and nxt == "하"
            and not adnominal(i + 1)
        ):
            # the thing that matters is a clause: ~하는 것이 (무엇보다) 중요하다
            if any(forms[k] == "것" for k in range(max(0, i - 5), i)):
                cues.append(Cue("importance", RECOMMENDATION, 0.75, i))
        elif form in ("바라", "바람") and tag in ("VV", "NNG"):
            prev_tag = tags[i - 1] if i else ""
            nominal = prev_tag in ("ETN", "NNG", "XSN") or (i > 0 and forms[i - 1] == "기")
            # 재작성 바람: a final 바람 after any noun (Kiwi may read the noun as NNP)
            nominal = nominal or (prev_tag == "NNP" and nxt_tag in ("SF", ""))
            # Kiwi reads 보고 바랍니다 as 보(다)+고; it is the noun 보고 (report)
            nominal = nominal or (i > 1 and forms[i - 1] == "고" and forms[i - 2] == "보")
            # 개인적 바람을 가지고: the noun 바람 as an object or subject is no ask
            nominal = nominal and not (tag == "NNG" and nxt_tag.startswith("JK"))
            object_of_gi = prev_tag == "JKO" and i > 1 and forms[i - 2] == "기"  # 주시기를/주시길
            if nominal or object_of_gi:
                cues.append(Cue("request", RECOMMENDATION, 0.9, i))
        elif (
            form == "부탁"
            and (
                nxt in ("드리", "하", "드립니다")
                or (nxt in ("을", "를") and i + 2 < n and forms[i + 2] in ("드리", "하"))
            )
            # 부탁해서 …했어요: -어서 makes the ask the means of what is told next
            and not (i + 2 < n and tags[i + 2] == "EC" and forms[i + 2] in EOSEO_FORMS)
        ):
            cues.append(Cue("request", RECOMMENDATION, 0.9, i))
        elif (
            tag == "VX" and form == "주" and forms[i + 1 : i + 3] in (["시", "ᆸ사"], ["시", "ㅂ사"])
        ):
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))  # 관리해 주십사 하는 말씀
        elif (
            tag == "VX" and form == "주" and (_imperative(forms, tags, i) or _soft_close(forms, i))
        ):
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))
        elif (
            tag == "VV"
            and form == "주"
            # 그거 … 꼭 좀 주세요: the object dropped, the ask softened
            and ("JKO" in tags[max(0, i - 3) : i] or "좀" in forms[max(0, i - 2) : i])
            and (_imperative(forms, tags, i) or _soft_close(forms, i))
        ):
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))  # 자료를 좀 주시고요
        elif (
            tag == "VX"
            and form == "오"
            and i
            and forms[i - 1] in ("어", "아")
            and _imperative(forms, tags, i)
        ):
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))  # 구체적으로 담아 오세요
        elif tag == "EF" and form in ("ᆸ시오", "십시오") and i and forms[i - 1] == "시":
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))  # 마련하십시오, 하도록 하십시오
        elif tag == "EC" and form in ("면", "으면") and nxt in ("감사", "고맙"):
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))  # 해 주시면 감사하겠습니다
        elif tag == "EC" and form in ("면", "으면") and nxt in ("좋", "어떻"):
            # 배정되었으면 좋았을 건데: a regret of what was not, no wish for what will be
            regret = i + 2 < n and tags[i + 2] == "EP" and forms[i + 2] in _PAST
            if not quoted_into_noun(i + 1) and not regret:
                cues.append(Cue("wish", RECOMMENDATION, 0.7, i))  # 좋겠다, 어떨까 싶다
        elif tag == "EC" and form in ("었으면", "았으면", "으면", "면") and nxt in ("하", "싶"):
            if not adnominal(i + 1):  # ~했으면 하는 바람입니다: a wish told, not an ask
                cues.append(Cue("wish", RECOMMENDATION, 0.6, i))
        elif tag == "VX" and form == "싶" and _receiving(forms, i):
            cues.append(Cue("wish", RECOMMENDATION, 0.6, i))  # 자료를 받아 보고 싶습니다
        elif tag == "NNG" and form in ("요구", "요청") and nxt == "되" and not adnominal(i + 1):
            cues.append(Cue("necessity", RECOMMENDATION, 0.8, i))  # 보완이 요구됨
        elif (
            tag == "NNG"
            and form in _NOMINAL_ASKS
            and nxt_tag in ("SF", "")
            and i
            and tags[i - 1] in ("NNG", "NNP", "XSN", "SL", "SN")
        ):
            cues.append(Cue("request", RECOMMENDATION, 0.85, i))  # 재검토 요망, 전환 검토 요청
        elif (
            tag == "VA"
            and form == "좋"
            and nxt == "겠"
            and "것" in forms[max(0, i - 3) : i]
            and not adnominal(i + 1)
            and any(
                tags[k] in ("NNG", "NNP")
                and forms[k] not in _GENERIC_NOUNS
                and forms[k] not in _EMPTY_WORDS
                for k in range(i)
            )
        ):
            cues.append(Cue("wish", RECOMMENDATION, 0.7, i))  # 함께 기재하는 것이 좋겠음
        elif tag == "NNG" and form in _PROPOSAL_NOUNS and nxt_tag in ("XSV", "VV", "JKO"):
            # the noun is itself the predicate (제안함, 제안을 함), not a modifier (제안설명)
            verb = after(i, ("XSV", "VV"), within=2)
            # 한 가지만 당부드리겠습니다 announces the request that follows; it is not one
            later = "겠" in forms[i + 1 : i + 4] or "고자" in forms[i + 1 : i + 5]
            # 한 가지만 당부드리겠습니다, 마지막으로 당부드리겠습니다: announces the ask to come;
            # 예산 집행이 될 수 있도록 당부드리겠습니다 names what it asks
            named = any(tags[k] == "JKO" for k in range(max(0, i - 3), i)) or any(
                forms[k] in ("도록", "기를", "길", "것") for k in range(max(0, i - 8), i)
            )
            announcing = later and ("가지" in forms[max(0, i - 5) : i] or not named)
            # 다음과 같이 제안합니다, 아래와 같이 촉구합니다: a lead-in to the list that follows
            announcing = announcing or _leads_a_list(forms, i)
            concludes = verb is not None and _concludes(tags, forms, verb)
            if concludes and verb is not None and forms[verb] in ("하", "드리") and not announcing:
                cues.append(Cue("proposal", RECOMMENDATION, 0.9, i))
        elif tag == "NNG" and form == "강조" and nxt == "하" and not adnominal(i + 1):
            cues.append(Cue("emphasis", RECOMMENDATION, 0.6, i))
        elif tag == "NNG" and form in _CONCERN_NOUNS and nxt in ("이", "되", "스럽", "가", "하"):
            cues.append(Cue("concern", RECOMMENDATION, 0.4, i))  # a concern alone asks nothing
        elif (
            tag == "NNG"
            and form == "지적"
            and nxt == "하"
            and not adnominal(i + 1)
            and not (i + 2 < n and forms[i + 2] in ("었", "았", "였"))
        ):
            cues.append(Cue("point_out", RECOMMENDATION, 0.4, i))
        elif tag == "EC" and form == "고자" and nxt == "하":
            family = "motion" if _decision_noun_before(forms, i) else "intent"
            cues.append(Cue(family, RECOMMENDATION, 0.4, i))
        elif (
            tag == "EC"
            and form in ("려고", "으려고")
            and nxt == "하"
            # 하려고 합니다 / 하려고 하고 (not 하려고 했는데, 하려고 하니까: a past or a reason)
            and i + 2 < n
            and (tags[i + 2] == "EF" or forms[i + 2] in ("고", "며", "면서"))
            and not _asked_or_quoted(forms, i + 1)
        ):
            # 기본용역을 하려고 합니다: what the speaker means to do (a department's plan)
            cues.append(Cue("intent", RECOMMENDATION, 0.4, i))
        elif (
            tag == "NNG"
            and form == "계획"
            and (nxt == "하" or (nxt in ("을", "를") and forms[i + 2 : i + 3] == ["하"]))
            and "있" in forms[i + 2 : i + 6]
            and i > 1
            and forms[i - 1] == "다고"
            and forms[i - 2] == "겠"
        ):
            # 허가를 내주지 않겠다고 계획을 하고 있습니다: the speaker's own "will" as the plan
            cues.append(Cue("intent", RECOMMENDATION, 0.4, i))
        elif (
            form == "코" and i and forms[i - 1] in _DECISION_NOUNS and "자" in forms[i + 1 : i + 3]
        ):
            cues.append(Cue("motion", RECOMMENDATION, 0.4, i))  # 의결코자 하는데
        elif (
            tag == "NNG"
            and form in ("예정", "계획")
            and not _past(forms, i)
            and nxt_tag not in ("JX", "JKS", "JKO", "JKG", "JKB")  # 심을 계획은 …: about a plan
        ):
            prev = tags[i - 1] if i else ""
            if prev == "ETM" and forms[i - 1] in ("ᆯ", "을", "ㄹ"):
                cues.append(Cue("plan", COMMITMENT, 0.8, i))
            elif (nxt_tag in ("SF", "VCP", "") or nxt in ("임", "이다", "입니다")) and (
                prev in ("NNG", "XSN", "SL") and form == "예정"
            ):
                cues.append(Cue("plan", COMMITMENT, 0.75, i))
        elif (
            tag == "NNB"
            and form == "것"
            and i > 1
            and forms[i - 1] in ("ᆯ", "을")
            and tags[i - 2] in ("XSV", "VV", "VX", "EP")
            and nxt_tag in ("SF", "")
        ):
            cues.append(Cue("directive", RECOMMENDATION, 0.8, i))  # 부대의견: ~보고할 것.
        elif tag == "NNB" and form == "것" and i and forms[i - 1] in ("ᆯ", "을") and nxt == "이":
            # 걱정하지 않으셔도 될 것입니다, 있을 것입니다: a conjecture, not a plan
            stem = _verb_before(forms, tags, i)
            stative = stem in ("되", "있", "없", "않") or "않" in forms[max(0, i - 4) : i]
            # 잘 알아서 할 것입니다: a guarantee, nothing said of what will be done
            stative = stative or stem in _NON_PROMISE_VERBS
            # 공개를 안 했을 것이고: a guess about the past
            stative = stative or (
                i > 1 and tags[i - 2] == "EP" and forms[i - 2] in ("었", "았", "였")
            )
            if (
                "VA" not in tags[max(0, i - 3) : i]
                and not _past(forms, i)
                and not stative
                and not _asked_or_quoted(forms, i)
            ):
                cues.append(Cue("plan", COMMITMENT, 0.65, i))
        elif tag == "EP" and form == "겠" and not _conjecture(forms, tags, i):
            stem = _verb_before(forms, tags, i)
            # 일반안건 27건이 되겠습니다: "is", said politely, not an undertaking
            copula = stem == "되" and "JKC" in tags[max(0, i - 3) : i]
            # 구매하겠다는 연락, 안 되겠다는 생각: another's intent, quoted into a noun; a
            # record's 보완하겠다고 답변함 is the answer given at this meeting
            quoted = i + 1 < n and forms[i + 1] in ("다는", "다고", "단")
            copula = copula or (quoted and not (forms[i + 1] == "다고" and _recorded(tags, forms)))
            # 확인해서 보고를 드리도록 그렇게 하겠습니다: 그렇게 하다 takes up the -도록 clause
            so_do = stem == "그렇" and "도록" in forms[max(0, i - 12) : i]
            if (
                (stem not in _NON_PROMISE_VERBS or so_do)
                and stem not in _ASKING_VERBS
                and not copula
            ):
                cues.append(Cue("promise", COMMITMENT, 0.8, i))
        elif (
            tag == "NNG"
            and form in _DECISION_NOUNS
            and _declared(forms, tags, i)
            # 보류했습니다 tells of a project on hold; 선임되었음을 선포합니다 is a resolution
            and (form not in _PROCLAIMED_ONLY or _proclaimed(forms, i))
        ):
            cues.append(Cue("decision", DECISION, 0.95, i))

    if _opinion(forms, tags) or _musing(forms, tags):
        cues = [c for c in cues if c.kind != RECOMMENDATION]
    if _premise(forms, tags):
        cues = [c for c in cues if c.family not in ("obligation", "necessity")]
    if _empty_promise(forms, tags) or _from_the_room(forms, tags):
        cues = [c for c in cues if c.family != "promise"]
    # 부탁드리기 위해 이 자리에 섰습니다: the ask is the purpose announced, made later
    cues = [
        c
        for c in cues
        if not (
            c.family in ("request", "proposal")
            and any(
                forms[k] == "기" and tags[k] == "ETN" and k + 1 < n and forms[k + 1] == "위하"
                for k in range(c.index + 1, min(n - 1, c.index + 5))
            )
        )
    ]
    # “… 추가 조치가 필요하다”: words quoted from someone else
    quotes = [k for k, f in enumerate(forms) if f in ("“", "”", '"', "「", "」")]
    if quotes:
        cues = [
            c for c in cues if c.kind != RECOMMENDATION or sum(q < c.index for q in quotes) % 2 == 0
        ]
    # … 검토해야 하고 … 어려움이 많다는 점을 잘 알고 있습니다: what the speaker grants, no ask
    main = [k for k in range(n) if tags[k] in ("VV", "VA", "XSV")]
    if main and forms[main[-1]] == "알" and "겠" not in forms[main[-1] :]:
        cues = [c for c in cues if c.kind != RECOMMENDATION]
    if forms and forms[0] in ("왜냐하면", "왜냐면"):
        cues = [c for c in cues if c.kind != RECOMMENDATION]  # a reason given, not an ask
    if _reported(forms, tags):
        cues = [c for c in cues if c.kind != RECOMMENDATION]
    cues = _in_this_meeting(forms, tags, cues)
    if _stance(forms, tags, cues):
        cues = [c for c in cues if c.family not in ("obligation", "necessity")]
    if _courtesy(forms, tags, cues) or _imagine(forms, tags, cues):
        cues = [c for c in cues if c.family not in ("request", "proposal")]
    if _self_reflection(forms):
        cues = [c for c in cues if c.family not in ("wish", "obligation", "necessity")]
    act = _acts(forms, tags, cues)
    procedural = {c.index: _procedural(forms, tags, c, act.get(c.index, "")) for c in cues}
    opening = [
        c.index
        for c in cues
        if c.family in ("request", "proposal") and _opens_the_business(forms, tags, c, act)
    ]
    if opening:  # the ask and the chair's own act of opening are both procedure
        for c in cues:
            if c.index in opening or (c.index > opening[0] and act.get(c.index) in _OPENING):
                procedural[c.index] = True
    question = text.rstrip().endswith("?") or "궁금" in text or (
        bool(tags)
        and any(t == "EF" for t in tags[-3:])
        and any(f.endswith(_QUESTION_ENDINGS) for f, t in zip(forms[-3:], tags[-3:], strict=False)
                if t == "EF")
    )  # fmt: skip
    if question and _rhetorical_demand(forms, cues):
        question = False  # 가져오셔야 되지 않겠습니까? demands, it does not ask
    thanks = any(f.startswith(tuple(_THANKS)) for f in forms if f)
    if _ends_in_thanks(forms, tags) and not any(c.family == "request" for c in cues):
        cues = []  # ... 성과로 이어져 담당 팀에 감사드림: the sentence thanks
    procedure = bool(cues) and all(
        procedural[c.index] and not _reports_later(forms, tags, c, act.get(c.index, ""))
        for c in cues
        if c.kind != DECISION
    )
    self_wish = any(c.family == "wish" for c in cues) and _about_the_committee(forms, tags)
    if self_wish:
        cues = [c for c in cues if c.family != "wish"]
    # 우리는 대비해야 합니다, 의회가 메시지를 남겨야 합니다: a duty the speaker shares or lays
    # on the council itself; no department is sent it
    cues = [
        c
        for c in cues
        if c.family not in ("obligation", "necessity")
        or not (
            _our_duty(forms, tags, c.index)
            or _about_the_committee(forms, tags)
            or _duty_of_another(forms, tags, c.index)
            or _consequence(forms, tags, c.index)
        )
    ]
    cues = [_held(c, forms, tags) for c in cues]
    to_members = _addressed_to_members(forms, tags, cues)
    acknowledgement_only = not cues and any(
        f == "알" and t == "VV" for f, t in zip(forms, tags, strict=True)
    )
    return SentenceReading(
        cues=tuple(cues),
        question=question,
        thanks=thanks,
        procedure=procedure,
        procedure_acts=frozenset(act.get(c.index, "") for c in cues if procedural[c.index]),
        to_members=to_members,
        acknowledgement_only=acknowledgement_only,
    )


# Verbs of saying: what was said before (언급했지만, 강조했으나, 말씀드렸는데)
_SAYING_NOUNS = word_set("""
    언급 강조 주장 요구 요청 지적 제안 건의 촉구 당부 발언 말씀 말 얘기 이야기 질의 질문
""")
_SAYING_VERBS = word_set("말하 묻 밝히 외치")
# Endings that set what follows against what came before
_CONTRAST = _CONCESSIVE | word_set("는데 ᆫ데 는데도 ᆫ데도 음에도")
# Decisions reported as already taken (원안가결하였습니다): the place or time they were taken
_EARLIER = word_set("지난 지난번 당시 앞서")
_MEETINGS = _COMMITTEE_BODIES | word_set("회의 본회의 임시회 정례회 심사 소위 소위원회")


def _in_this_meeting(forms: list[str], tags: list[str], cues: list[Cue]) -> list[Cue]:
    """Cues that tell of what was said or decided before, not asked or decided now:

    * an ask reported as said earlier and set against what followed (``~해야 한다고 수차례
      언급했지만 답이 없습니다``, ``“…”고 강조했으나``): the ask is a grievance told;
    * a duty a source states (``조례 제5조에 따르면 … 수립해야 합니다``): the source asks it;
    * a sentence that closes on a decision taken before (a committee chair's 심사보고, ``본
      조례안은 … 위해 필요한 사항을 정하고자 제출된 안건으로, 원안가결하였습니다``): what it
      says of the bill is the bill's purpose, and the decision is the committee's, or an
      earlier sitting's (``지난 ○월 본회의에서 가결됐습니다``), not this meeting's.
    """
    told = next(
        (
            k
            for k in range(2, len(forms))
            if (
                (tags[k] == "EC" and forms[k] in _CONTRAST)
                # 폐지해야 한다고 주장했을 때: when it was said
                or (tags[k] == "ETM" and forms[k + 1 : k + 2] == ["때"])
            )
            and forms[k - 1] in _PAST
            and (
                forms[k - 3] in _SAYING_NOUNS
                if tags[k - 2] in ("XSV", "VV") and forms[k - 2] in ("하", "드리")
                else forms[k - 2] in _SAYING_VERBS
            )
        ),
        None,
    )
    if told is not None:
        cues = [c for c in cues if c.kind != RECOMMENDATION or c.index > told]
    # 법률 제12조에 따르면 … 실시해야 합니다: what a source says (the law, a survey), told
    if any(
        forms[k] in ("따르", "의하") and forms[k - 1] == "에" and forms[k + 1] == "면"
        for k in range(1, len(forms) - 1)
    ):
        cues = [c for c in cues if c.kind != RECOMMENDATION]
    decided = [c.index for c in cues if c.kind == DECISION]
    if not decided or "선포" in forms:
        return cues
    last = max(decided)
    past = any(
        forms[k] in _PAST and tags[k] == "EP" for k in range(last + 1, min(len(forms), last + 4))
    )
    if not past:
        return cues
    earlier = any(f in _EARLIER for f in forms[:last]) or any(
        forms[k] in _MEETINGS and forms[k + 1] == "에서" for k in range(last - 1)
    )
    return [
        c
        for c in cues
        if not (c.kind == RECOMMENDATION and c.index < last)
        and not (c.kind == DECISION and earlier)
    ]


# Persons who are neither the executive nor the speaker (교사가 …해야, 그 사람은 …해야)
_OTHERS = word_set("""
    사람 교사 선생 학생 학부모 부모 아이 어르신 노인 청년 상인 업주 사업자 운전자 기사
    시민 구민 주민 국민 개인 본인 당사자 후보 후보자 당선자 정치인 가족 환자 이용자
    소비자 세입자 임차인 임대인 집주인 그 그분 그녀 그들 모두 누구 누구나
""")
# Where a clause ends: the duty's doer is looked for in its own clause only (clauses joined
# by -고, -며, -어서 share their subject)
_CLAUSE_ENDS = word_set("""
    면 으면 니까 으니까 지만 으나 는데 ᆫ데 도록 다면 라면 려면 거나 든지 더라도
""")


def _doer(forms: list[str], tags: list[str], at: int) -> str:
    """Who is to do the duty at ``at``: ``self`` (저부터, 내 욕심부터), ``other`` (a person who is
    neither the executive nor the speaker), or ``""`` when the clause does not say or names
    the executive or a thing."""
    for k in range(at - 1, 0, -1):
        if tags[k] == "EC" and forms[k] in _CLAUSE_ENDS and tags[k + 1] != "VX":
            return ""
        subject = tags[k] == "JKS" or (tags[k] == "JX" and forms[k] in ("은", "는", "도", "부터"))
        # 주민이 이용할 수 있는 공간으로 조성해야: a subject inside a relative clause
        if not subject or "ETM" in tags[k:at]:
            continue
        noun = k - 1 if forms[k - 1] != "들" else k - 2
        # 저부터, 내 욕심부터 버려야: the speaker first (저는 … 해야 한다고 생각합니다 is the
        # speaker thinking, the duty's doer unsaid)
        own = tags[noun] == "NP" and forms[noun] in ("나", "저", "우리", "저희")
        own = own or (noun > 1 and forms[noun - 2 : noun] in (["나", "의"], ["저", "의"]))
        if forms[k] == "부터" and own:
            return "self"
        # 그분은, 그 사람은: a person, not the executive (수 있어야: made able, asked of it)
        person = forms[noun] in _OTHERS or (forms[noun] == "분" and tags[noun - 1] == "MM")
        able = forms[at - 1] == "있" and "수" in forms[k:at]
        return "other" if person and not able else ""
    return ""


def _duty_of_another(forms: list[str], tags: list[str], at: int) -> bool:
    """``교사가 사표를 내야 됩니다``, ``그 사람은 물러나야 됩니다``, ``저부터 내려놓아야 됩니다``:
    a duty laid on someone no department can be sent, or on the speaker himself."""
    return forms[at] != "필요" and _doer(forms, tags, at) != ""


def _consequence(forms: list[str], tags: list[str], at: int) -> bool:
    """``예산이 확보되지 않으면 사업을 멈춰야 됩니다``: the duty is what follows if something
    fails (a condition in the negative): a warning, not an ask."""
    for k in range(at - 1, 0, -1):
        if tags[k] == "EC" and forms[k] in ("면", "으면", "다면"):
            clause = forms[max(0, k - 4) : k]
            return any(f in ("안", "못", "않", "못하") for f in clause)
        # … 않으면 되풀이될 것이므로, … 갱신해야: the condition is of another clause
        if tags[k] == "EC" and forms[k] != "게" and tags[k + 1] not in ("VX", "VV"):
            return False
    return False


# Acts of the mind an audience is asked to do (떠올려 보십시오, 상상해 보시기 바랍니다)
_IMAGINING = word_set("떠올리 상상 기억 돌이키 되새기 헤아리 상기 그리 생각")
# Reflection on oneself (성찰하는 계기가 되었으면 합니다, 반성해야 합니다)
_REFLECTING = word_set("성찰 반성 자성 돌아보 되돌아보")


def _imagine(forms: list[str], tags: list[str], cues: list[Cue]) -> bool:
    """``작년 축제를 떠올려 보시기 바랍니다``, ``그 주민이라고 생각해 보십시오``: the audience is
    asked to picture or remember, a turn of the speech; no one is sent to do anything. To
    think about something named (``대책을 생각해 보십시오``) or again (``다시 생각해 보십시오``)
    is an ask."""
    for cue in cues:
        if cue.family != "request":
            continue
        for k in range(cue.index - 1, max(0, cue.index - 7), -1):
            verb = forms[k - 1] if tags[k] == "XSV" else forms[k]
            if tags[k] not in ("VV", "XSV") or verb in ("보", "주", "드리"):
                continue
            if verb not in _IMAGINING:
                break
            if verb != "생각":
                return True
            tried = "보" in forms[k + 1 : cue.index]
            clause = forms[max(0, k - 8) : k]
            named = any(t == "JKO" for t in tags[max(0, k - 8) : k]) or any(
                f in ("다시", "재", "검토") for f in clause
            )
            quoted = any(f.endswith(("라고", "다고")) for f in clause)
            if tried and (quoted or not named):
                return True
            break
    return False


def _self_reflection(forms: list[str]) -> bool:
    """``우리 의회의 운영 방식을 성찰하는 계기가 되었으면 합니다``: a member's reflection on the
    council or its members; no department can act on it."""
    council = _COMMITTEE_BODIES | _ADDRESSEE_MEMBERS
    return any(f in _REFLECTING for f in forms) and any(f in council for f in forms)


def _leads_a_list(forms: list[str], i: int) -> bool:
    """``다음과 같이 제안합니다``, ``세 가지를 건의합니다``: the proposal noun at ``i`` announces
    the points that follow; they are the items, not this sentence."""
    before = forms[max(0, i - 4) : i]
    counted = before[-2:] in (["가지", "를"], ["가지", "을"]) or before[-1:] == ["가지"]
    return counted or any(
        before[k] in ("다음", "아래", "하기") and before[k + 1] in ("과", "와") and "같이" in before
        for k in range(len(before) - 1)
    )


def _verb_before(forms: list[str], tags: list[str], i: int) -> str:
    """The lexical verb or noun a pre-final ending such as -겠- attaches to."""
    for k in range(i - 1, max(-1, i - 5), -1):
        if tags[k] in ("VV", "VA", "XSV", "XSA", "VX", "VCP"):
            if tags[k] in ("XSV", "XSA") and k:
                return forms[k - 1]
            if forms[k] in ("하", "드리", "주") and k and tags[k - 1] in ("NNG", "EC", "JKO"):
                continue
            return forms[k]
        if tags[k].startswith("NN"):
            return forms[k]
    return ""


def _acts(forms: list[str], tags: list[str], cues: list[Cue]) -> dict[int, str]:
    """For each cue, the act it asks for or promises: the nearest noun or verb before it."""
    acts: dict[int, str] = {}
    for cue in cues:
        for k in range(cue.index - 1, max(-1, cue.index - 11), -1):
            # 정확하게, 신속하게: a noun made an adjective tells the manner, not the act
            adjectival = k + 1 < len(tags) and tags[k + 1] == "XSA"
            noun = tags[k] == "NNG" and forms[k] != "부탁" and not adjectival
            # 토론이 돼야 합니다: with 되다 the act is what is to become so
            verb = tags[k] == "VV" and forms[k] not in _LIGHT_VERBS and forms[k] != "되"
            if noun or verb:
                acts[cue.index] = forms[k]
                break
        if cue.family == "promise":
            acts.setdefault(cue.index, _verb_before(forms, tags, cue.index))
    return acts


def _must_not(forms: list[str], i: int) -> bool:
    """``빠져서는 안 된다``, ``반복되면 안 됩니다``: a prohibition, i.e. an obligation."""
    rest = [f for f in forms[i + 1 : i + 4] if f not in ("는", "도")]
    return len(rest) >= 2 and rest[0] == "안" and rest[1] == "되"


def _criticism(forms: list[str], tags: list[str], i: int, then: int) -> bool:
    """A prohibition (``~하면 안 되``, the condition ending at i, 되 at ``then``) that criticises
    what the department did or is doing, naming no act to be done: in the past (``이렇게 하면
    안 됐죠``), of what goes on (``가지고 계시면 안 되고요``), of doing only that (``참고만 하시면``),
    or of what it calls a thing (``통합 안내라고 하시면 안 됩니다``)."""
    if then + 1 < len(forms) and tags[then + 1] == "EP" and forms[then + 1] in _PAST:
        return True
    clause = range(i - 1, max(-1, i - 7), -1)
    stem = [k for k in clause if tags[k] in ("VV", "VX", "XSV")]
    before = forms[stem[0] - 1] if stem and stem[0] else ""
    ongoing = bool(stem) and forms[stem[0]] in ("계시", "있") and before == "고"
    called = bool(stem) and forms[stem[0]] == "하" and before in ("라고", "다고")
    only = any(forms[k] == "만" and tags[k] == "JX" for k in clause)
    return ongoing or called or only


def _principle(forms: list[str], tags: list[str], i: int) -> bool:
    """``중심은 결국 일하는 부모여야 한다고 생각합니다``: a duty on the copula (what something
    should be, not what anyone should do), given as the speaker's thought; it names no act and
    no measure (``기한은 30일 이상이어야``) a department could take up."""
    if not (i and tags[i - 1] == "VCP"):
        return False
    thought = any(  # ~여야 한다고 (저는) 생각합니다 / 봅니다
        tags[k] == "EC"
        and forms[k].endswith("다고")
        and any(f in _THINKING for f in forms[k + 1 : k + 5])
        for k in range(i, len(forms))
    )
    return thought and "SN" not in tags


def _imperative(forms: list[str], tags: list[str], i: int) -> bool:
    """``-어 주십시오`` / ``-어 주세요``: a polite imperative after the auxiliary 주다."""
    endings = [
        f for f, t in zip(forms[i + 1 : i + 3], tags[i + 1 : i + 3], strict=False) if t == "EF"
    ]
    return bool(endings) and endings[0] in ("ᆸ시오", "십시오", "세요", "시오", "어요")


def _rhetorical_demand(forms: list[str], cues: list[Cue]) -> bool:
    """``~하셔야 되지 않겠습니까?``: an obligation put as a negative question."""
    obligations = [c.index for c in cues if c.family == "obligation"]
    return any("지" in forms[i : i + 6] and "않" in forms[i : i + 8] for i in obligations) and not (
        any(f.endswith(("을까", "ᆯ까", "을까요", "ᆯ까요")) for f in forms)
    )


def _ends_in_thanks(forms: list[str], tags: list[str]) -> bool:
    """The main predicate, the last before the final ending, is a word of thanks."""
    for k in range(len(forms) - 1, -1, -1):
        if tags[k] in ("NNG", "VV", "VA", "XR"):
            return forms[k].startswith(tuple(_THANKS)) or (
                forms[k] in ("드리", "하") and k > 0 and forms[k - 1].startswith(tuple(_THANKS))
            )
    return False


def _soft_close(forms: list[str], i: int) -> bool:
    """``공유해 주시고요.``: a request closed with -고요 (more may follow)."""
    rest = forms[i + 1 : i + 4]
    return rest[:3] == ["시", "고", "요"] or rest[:2] == ["고", "요"]


def _receiving(forms: list[str], i: int) -> bool:
    """``받아 보고 싶다``, ``받고 싶다``: asking to receive something (a report, data)."""
    window = forms[max(0, i - 4) : i]
    return "받" in window and window[-1:] == ["고"]


def _past(forms: list[str], i: int) -> bool:
    """``계획이었으나``, ``예정이었던``: a plan reported as history, not a plan."""
    window = forms[i + 1 : i + 3]
    return bool(window) and window[0] == "이" and "었" in window


def _asked_or_quoted(forms: list[str], i: int) -> bool:
    """``어떻게 갈 것이냐``, ``통제할 것인가``: the plan is asked about; ``먹여 살릴 것이라고
    하는데``: it is what others say."""
    ending = forms[i + 2] if i + 2 < len(forms) else ""
    if ending in ("냐", "ᆫ가", "ᆫ지", "라고", "라는", "란"):
        return True
    return any(f in _WH_WORDS for f in forms[max(0, i - 8) : i])


def _conjecture(forms: list[str], tags: list[str], i: int) -> bool:
    """``크겠네요``, ``들겠지요``: -겠- guessing, not promising."""
    if i and tags[i - 1] in ("VA", "XSA"):
        return True
    following = forms[i + 1] if i + 1 < len(forms) else ""
    if following in ("네요", "지요", "죠", "군요", "네", "구나", "는데요"):
        return True
    # 분석을 더 해봐야 되겠는데 …, 교육을 받겠습니다만 …: a hedge or a concession, the clause
    # that follows carries the point
    if following in ("는데", "지만", "으나", "나") or forms[i + 1 : i + 3] == ["습니다", "만"]:
        return True
    # 인도를 넓혀야 되겠다, 이런 생각이었고요: a plain -겠다 inside a spoken sentence is a
    # thought or another's intent quoted, not an undertaking made to the members
    return following == "다" and any(t not in ("SF", "SP", "SE") for t in tags[i + 2 :])


def _reports_later(forms: list[str], tags: list[str], cue: Cue, act: str) -> bool:
    """A report, explanation or answer promised or asked for after this meeting (a follow-up),
    not one given now (보고드리겠습니다 opening a presentation, 팀장님께서 보고해 주시기 바랍니다)."""
    if act not in _REPORT_ACTS:
        return False
    timed = (
        any(f in _LATER for f in forms)
        or any(
            (f == "다음" and nxt in _NEXT_MEETING)
            or (t == "SN" and nxt in ("월", "일"))
            or (f in _LATER_TIMES and (nxt_tag.startswith("J") or nxt in ("중", "말", "초")))
            or (f in _COMMITTEE_BODIES and nxt == "에")  # 위원회에 보고: to the committee, later
            for f, nxt, t, nxt_tag in zip(forms, forms[1:], tags, tags[1:], strict=False)
        )
    )
    at = max((k for k in range(cue.index) if forms[k] == act), default=cue.index)
    chained = any(
        tags[k] == "EC"
        and forms[k] in _CHAIN_ENDINGS
        and tags[k - 1] in ("XSV", "VV")
        and forms[k - 1] not in _LINKING_VERBS
        and forms[k - 1] not in _CLOSING_VERBS
        and not (k > 1 and forms[k - 2] in _MANNER_NOUNS)
        # 참고해 주시기 바라며, 배부해 드린: an auxiliary follows, the clause is no step
        and not (k + 1 < len(forms) and forms[k + 1] in ("주", "드리"))
        for k in range(max(1, at - 8), at)
    )
    presenter = (
        "안건" in forms
        or "나오" in forms  # 과장 나오셔서 보고해 주시기 바랍니다: called forward to present
        or any(
            forms[k] == "님"
            and forms[k + 1].startswith("께서")
            and forms[k - 1] not in _ADDRESSEE_MEMBERS
            for k in range(1, len(forms) - 1)
        )
    )
    if cue.kind != COMMITMENT and presenter:
        return False  # 팀장님께서 ... 보고해 주시기 바랍니다: the presentation, now
    # 확인해서 답변드리겠습니다 answers now; 판단하고 답변해 주시기 바랍니다 (a 5분 자유발언,
    # with no answer in the sitting) asks for one after it
    chained = chained and not (act == "답변" and cue.kind == COMMITMENT)
    if timed or chained:
        return True
    if cue.kind == COMMITMENT:
        return False  # 주요업무를 보고드리겠습니다: the presentation itself
    presenter = "안건" in forms or any(
        forms[k] == "님"
        and forms[k + 1].startswith("께서")
        and forms[k - 1] not in _ADDRESSEE_MEMBERS
        for k in range(1, len(forms) - 1)
    )
    return not presenter and any(f in _REPORT_CONTENT for f in forms)


def _embedded_question(forms: list[str], j: int) -> bool:
    """``어떻게 활용해야 하는지`` asks how, it does not say one must."""
    return any(
        f.endswith("지") and f in ("는지", "ᆫ지", "은지", "ᆯ지", "을지") for f in forms[j + 1 : j + 3]
    )


def _concludes(tags: list[str], forms: list[str], j: int) -> bool:
    """The predicate at j ends its sentence (제안함, 제안합니다) or is quoted (제안한다는)."""
    for k in range(j + 1, min(len(tags), j + 4)):
        if tags[k] in ("EF", "ETN"):
            return True
        if tags[k] == "ETM":
            # 건의드리는 바입니다: the act itself, said formally
            formal = forms[k] in ("는", "ᆫ") and forms[k + 1 : k + 3] == ["바", "이"]
            return forms[k].startswith("다") or formal
        if tags[k] == "EC":
            # 제안드리고자 합니다: the proposal made, politely (not 제안드리고자 이 자리에 섰습니다)
            closing = (
                forms[k] == "고자"
                and forms[k + 1 : k + 2] == ["하"]
                and (k + 2 < len(tags) and tags[k + 2] == "EF")
            )
            return forms[k] in ("다고", "며", "면서") or closing
    return j + 1 >= len(tags) or tags[j + 1] == "SF"


def _procedural(forms: list[str], tags: list[str], cue: Cue, act: str) -> bool:
    """Whether a cue asks for or promises an act of the meeting itself.

    Either its nearest act is procedural (발표를 해 주시기, 말씀해 주시기), or its clause names
    a procedural act and nothing of substance (질의를 하고 답변을 할 시간을 가지면 좋겠다).
    """
    if act == "참고" and any(f in _MATERIAL for f in forms):
        return True  # 배부해 드린 자료를 참고해 주시기 바랍니다
    shown = ("사진", "화면", "영상", "슬라이드", "피피티", "PPT", "ppt")
    if act in shown or (act in _MATERIAL and any(f in shown for f in forms[: cue.index])):
        return True  # 사진 부탁합니다, 사진 자료 부탁드립니다: put the picture up
    if cue.kind == RECOMMENDATION and any(f in ("선거", "투표", "표결") for f in forms):
        return True  # 선거에서 한 표를 주시기를 부탁드립니다: the vote is the meeting's own
    asking = cue.family in ("request", "wish")
    if asking and _manner_only(forms, tags, cue.index):
        return True  # 시간 관계상 핵심 위주로 간략하게 해 주시면: keep the answer short
    # 다음 자료 보여주세요, 화면 좀 봐주십시오, PPT 띄워 주십시오: look at what is shown;
    # 답변석으로 나와 주시기 바랍니다: come to the answer seat
    at = max((k for k in range(cue.index) if forms[k] == act), default=0)
    report = act == "보" and at + 1 < len(forms) and forms[at + 1] == "고"  # 보고 바랍니다
    look = asking and act in ("보", "보이", "보여", "띄우", "띄", "넘기") and not report
    # 예산으로 보여주셨으면, 성과로 보여 주십시오: shown by a means of substance, not on screen
    look = look and not any(
        tags[k] in ("NNG", "NNP")
        and forms[k] not in _MATERIAL
        and forms[k] not in _ROOM
        and forms[k + 1] in ("으로", "로")
        and tags[k + 1] == "JKB"
        for k in range(cue.index - 1)
    )
    # 자료 올려주세요: put the material up on the screen
    look = look or (asking and act == "올리" and any(f in _MATERIAL for f in forms))
    # 답변석으로 나와 주세요, 구청장님 자리해 주시면: come to the seat
    come = asking and (
        act in ("나오", "나가", "이동", "돌아가", "들어가", "올라오") or act in _ROOM
    )
    if asking and act in _DECISION_NOUNS:
        return True  # 당 위원회에서 의결한 대로 가결하여 주시기 바랍니다: the vote asked for
    display = (
        look
        or come
        or (act in ("보이", "보여", "띄우", "넘기") and any(f in _MATERIAL for f in forms))
    )
    if display or (act in _ROOM_ACTS and any(f in _ROOM for f in forms[: cue.index])):
        return True  # 자리로 이동해 주시기 바랍니다, 화면에 띄워 주세요, 명단은 시스템을 참고
    if act in _MEETING_OR_WORK:  # 회의를 마무리하겠습니다 vs 협약 체결을 마무리할 계획입니다
        nouns = [
            forms[k]
            for k in range(max(0, cue.index - 12), cue.index)
            if tags[k] in ("NNG", "NNP") and forms[k] != act
        ]
        return not any(n not in PROCEDURE_ACTS and n not in _GENERIC_NOUNS for n in nouns)
    if act in PROCEDURE_ACTS or act.startswith(tuple(_THANKS)):
        # 재상정, 재보고: a re- prefix points past this meeting
        at = max((k for k in range(cue.index) if forms[k] == act), default=0)
        return not (at and tags[at - 1] == "XPN")
    nouns = [
        forms[k]
        for k in range(max(0, cue.index - 12), cue.index)
        if tags[k] == "NNG" and forms[k] not in ("부탁", "필요")
    ]
    has_procedure = any(n in PROCEDURE_ACTS for n in nouns)
    has_content = any(n not in PROCEDURE_ACTS and n not in _GENERIC_NOUNS for n in nouns)
    return has_procedure and not has_content


_ASKED_TAIL = frozenset([("시", "EP"), ("주", "VX"), ("어", "EC"), ("여", "EC")])


def _manner_only(forms: list[str], tags: list[str], at: int) -> bool:
    """The ask at ``at`` is only of a manner of speaking: the bare 하다 after a word of manner
    (``간략하게 해 주시면``, ``짧게 해 주십시오``), no act of its own named."""
    k = at - 1
    # back over 해 주시(면): the ending, the honorific and the auxiliary 주다
    while k >= 0 and (forms[k], tags[k]) in _ASKED_TAIL:
        k -= 1
    if k < 2 or forms[k] != "하" or tags[k] != "VV" or forms[k - 1] != "게":
        return False
    stem = k - 2
    if forms[stem] == "하" and tags[stem] == "XSA":
        stem -= 1
    return forms[stem] in _MANNER_NOUNS or forms[stem] in ("짧", "간결", "간명")


# The chair's own acts that open the business (의사일정에 들어가도록 하겠습니다) and what they open
_OPENING = word_set("들어가 시작 개의 개회 속개 상정 진행")
_BUSINESS = word_set("의사일정 일정 안건 회의 심사 심의 질의 본론 업무보고")


def _opens_the_business(forms: list[str], tags: list[str], cue: Cue, acts: dict[int, str]) -> bool:
    """An ask joined by -며/-면서 to the speaker's own act of opening the business
    (``…살펴봐 주시기를 부탁드리며 의사일정에 들어가도록 하겠습니다``): the chair asks the room to
    take part in what follows, no department is sent it (unlike ``…당부드리며 질의를
    마치겠습니다``, a member's last ask as the questioning closes)."""
    joint = next(
        (
            k
            for k in range(cue.index + 1, min(len(forms), cue.index + 5))
            if tags[k] == "EC" and forms[k] in ("며", "으며", "면서", "으면서")
        ),
        None,
    )
    if joint is None:
        return False
    nouns = [forms[k] for k in range(joint, len(forms)) if tags[k] in ("NNG", "NNP")]
    return any(acts[k] in _OPENING for k in acts if k > joint) and all(
        f in _BUSINESS or f in PROCEDURE_ACTS for f in nouns
    )


def _honorific_relative(forms: list[str], tags: list[str], start: int, stop: int) -> bool:
    """``위원님께서 지적하신 부분``: the members are the subject of a relative clause (-시-
    then an adnominal ending), so the sentence only mentions them."""
    for k in range(start, min(stop, len(tags) - 2)):
        if tags[k] in ("VV", "XSV", "VA", "XSA"):
            return forms[k + 1] == "시" and tags[k + 2] == "ETM"
    return False


def _about_the_committee(forms: list[str], tags: list[str]) -> bool:
    """A wish whose subject is the committee or council itself (위원회가 되었으면 좋겠다)."""
    for k in range(len(forms) - 1):
        body = forms[k] in _COMMITTEE_BODIES and tags[k].startswith("NN")
        if body and forms[k + 1] in ("가", "이", "는", "은", "도") and tags[k + 1].startswith("J"):
            return True
    return False


def _decision_noun_before(forms: list[str], i: int) -> bool:
    return any(forms[k] in _DECISION_NOUNS for k in range(max(0, i - 3), i))


def _declared(forms: list[str], tags: list[str], i: int) -> bool:
    """A decision noun that reports the resolution (가결되었음, 의결함, 채택을 선포), not procedure."""
    window = forms[i + 1 : i + 6]
    if "선포" in forms:
        return True
    if i + 1 >= len(forms) or tags[i + 1] == "SF":
        return True  # report style: 원안 의결.
    if "어야" in window or "야" in window or "ᆯ지" in window or "ᆯ" in window:
        return False
    for k in range(i + 1, min(len(forms), i + 4)):
        if tags[k] == "EP" and forms[k] in ("었", "았", "였"):
            return True
        if forms[k] in ("됨", "함") or (tags[k] in ("ETN", "EF") and forms[k] in ("ᆷ", "음")):
            return True
    return False


def _addressed_to_members(forms: list[str], tags: list[str], cues: list[Cue]) -> bool:
    """An ask whose doer is the members themselves (위원님들께서는 ... 해 주시기 바랍니다),
    not one that only mentions them (위원님께서 지적하신 부분은 ... 검토하겠습니다)."""
    asks = [c.index for c in cues if c.kind == RECOMMENDATION]
    for k in range(len(forms) - 2):
        honorific = forms[k + 1] == "님" or forms[k + 1] in ("께서", "께서는", "께서도")
        near = forms[max(0, k - 4) : k]
        room = (forms[k] == "여러분" or (forms[k] == "분" and forms[k + 1] == "들")) and any(
            f in ("여기", "이곳", "우리", "모든", "모두", "계시", "구민", "주민", "시민")
            for f in near
        )
        executive = any(f in ("공무원", "집행부", "구청장", "관계", "직원") for f in near)
        after = forms[k + 1 : k + 3]
        subject = any(f in ("이", "께서", "께서도", "도", "가", "들", "모두") for f in after)
        if room and not executive and subject and any(a > k for a in asks):
            return True  # 여기 계시는 분들이 / 구민 여러분들께서 … 해 주시길: the room
        # 동료의원 여러분, 구민 여러분의 관심과 성원 부탁드립니다: the room called, or what is
        # asked is theirs; unless the executive is named anywhere in the sentence
        # (여러분이 first in the sentence speaks to the room too)
        plural = forms[k + 1] == "들" and k + 2 < len(forms)
        called = (
            forms[k] == "여러분"
            and forms[k + 2 if plural else k + 1] in ("의", ",", "께")
            and (k == 0 or any(f in _THE_ROOM for f in near))
        )
        # 구민들께서 관심을 가져 주시길: residents named as the doer, honoured
        # (not 주민들께서 참여할 수 있도록 … 검토해 주시기를: they are the purpose)
        called = called or (
            forms[k] in _RESIDENTS
            and plural
            and forms[k + 2] in ("께서", "께서는", "께서도")
            and "도록" not in forms[k + 3 : max(asks, default=k)]
        )
        if called and any(a > k for a in asks) and not any(f in _EXECUTIVE for f in forms):
            return True
        if _vocative(forms, tags, k) and any(a > k for a in asks):
            return True  # 최인호 의원님, … 짊어지십시오 / 의장님, … 해 주십시오: a colleague
        if forms[k] in _ADDRESSEE_MEMBERS and tags[k] == "NNG" and honorific:
            j = k + 2 if forms[k + 1] == "님" else k + 1
            if j < len(forms) and forms[j] == "들":
                j += 1
            if j < len(forms) and forms[j] in ("께서", "께서는", "께서도", "은", "는", "도"):
                following = [a for a in asks if a > j]
                if following and not _honorific_relative(forms, tags, j + 1, following[0]):
                    return True
    return False


_RESIDENTS = word_set("구민 주민 시민 국민")
# Who sits in the room besides the executive, as a speech addresses them (동료의원 여러분)
_THE_ROOM = word_set("의원 동료 선배 우리 모든 방청객") | _RESIDENTS
_EXECUTIVE = word_set("공무원 집행부 구청장 시장 관계 직원 구청 국장 과장 부서")


def _our_duty(forms: list[str], tags: list[str], at: int) -> bool:
    """The subject of the duty at ``at`` is the speaker's own we (우리는, 저희가, 우리들이)."""
    for k in range(at):
        if forms[k] not in ("우리", "저희") or tags[k] != "NP":
            continue
        if forms[k + 1] not in ("는", "가", "도", "들", "이", "부터"):
            continue
        between = tags[k + 2 : at]
        # 우리는 또한 주민들이 … 수 있도록 … 제공해야 합니다: we, the sentence's topic, unless
        # the executive is named to do it (우리는 구청이 … 해야 한다고 봅니다)
        topic = all(t in ("MAJ", "MAG", "SP") for t in tags[:k]) and forms[k + 1] in ("는", "가")
        if topic and not any(f in _EXECUTIVE for f in forms[k + 2 : at]):
            return True
        return "ETM" not in between and "JKS" not in between
    return False


# A condition that makes the duty a rule (10일을 초과할 경우 …, 점검하려면 …)
_RULE_CONDITIONS = word_set("려면 으려면")
_THINKING = word_set("생각 판단 보")


def _held(cue: Cue, forms: list[str], tags: list[str]) -> Cue:
    """A duty stated as a rule under a condition (~ㄹ 경우 알려야 됩니다) or as an opinion on a
    passive (보상이 제공되어야 한다고 생각합니다) may be an ask or the ground of one: sent to
    the secretary's review, not to a team."""
    if cue.family != "obligation":
        return cue
    rule = any(
        (forms[k] == "경우" and k and forms[k - 1] in ("ᆯ", "을", "는", "ᆫ"))
        or (tags[k] == "EC" and forms[k] in _RULE_CONDITIONS)
        for k in range(cue.index)
    )
    verb = cue.index - 1
    # 제공되어야, 이루어져야, 만들어져야: a passive (되다, -어지다) has no doer named
    passive = verb > 0 and (
        (forms[verb] == "되" and tags[verb] in ("XSV", "VV"))
        or (tags[verb] in ("VV", "VX") and forms[verb].endswith("지") and len(forms[verb]) > 2)
        or (tags[verb] == "VX" and forms[verb] == "지")
    )
    thought = any(
        tags[k] == "EC"
        and forms[k].endswith("다고")
        and any(f in _THINKING for f in forms[k + 1 : k + 3])
        for k in range(cue.index, len(forms))
    )
    if rule or (passive and thought):
        return replace(cue, strength=min(cue.strength, 0.55))
    return cue


def _vocative(forms: list[str], tags: list[str], k: int) -> bool:
    """A member or the chair called by title at the head of the sentence (``최인호 의원님,``,
    ``구자민 의원님 먼저 …``, ``의장님,``): whom the sentence speaks to."""
    if forms[k] not in _COLLEAGUES or tags[k] != "NNG" or forms[k + 1 : k + 2] != ["님"]:
        return False
    # only the name before the title (홍길동 의원님, 고운결 의원님: Kiwi may split a name)
    if k > 4 or any(tags[m].startswith(("EF", "EC", "J")) for m in range(k)):
        return False
    after = tags[k + 2] if k + 2 < len(tags) else ""
    return after in ("SP", "MAG")


def _opinion(forms: list[str], tags: list[str]) -> bool:
    """The sentence's predicate is an opinion noun (~는 것이 본 위원의 생각입니다,
    ~했으면 하는 바람입니다): it tells a view, it asks nothing of anyone."""
    for k in range(len(forms) - 1, 0, -1):
        if tags[k] in ("SF", "EF", "SP", "SE") or (tags[k] == "VCP" and k == len(forms) - 1):
            continue
        if tags[k] == "VCP":
            return forms[k - 1] in _OPINION_NOUNS and tags[k - 1] == "NNG"
        return False
    return False


def _musing(forms: list[str], tags: list[str]) -> bool:
    """``~해야 되지 않을까 싶습니다``, ``손봐야 되지 않을까요?``: a thought aloud, not an ask
    (unlike ``~하셔야 되지 않겠습니까?``, which demands)."""
    for k in range(1, len(forms)):
        if forms[k].endswith(("을까", "ᆯ까", "을까요", "ᆯ까요")) and "않" in forms[max(0, k - 2) : k]:
            return True
    return False


def _premise(forms: list[str], tags: list[str]) -> bool:
    """``바뀌어야 되잖아요``, ``끝나면 안 되거든요``: an obligation given as a reason or a
    shared premise (-잖-, -거든-) for what is asked next, not itself the ask."""
    if any(
        t in ("EF", "EC") and f.startswith(("잖", "거든")) for f, t in zip(forms, tags, strict=True)
    ):
        return True
    # 아시다시피 … 이용해야 합니다: what everyone knows (the law, the rule), recalled
    if any(f == "다시피" and k and forms[k - 1] in ("알", "시") for k, f in enumerate(forms)):
        return True
    # 수정이 필요하다는 거죠: what was said, recapped
    return any(
        forms[k] in ("다는", "ᆫ다는", "는다는")
        and forms[k + 1] in ("거", "것")
        and any(f in ("죠", "지요", "예요", "에요", "ᆸ니다") for f in forms[k + 2 : k + 5])
        for k in range(len(forms) - 2)
    )


def _empty_promise(forms: list[str], tags: list[str]) -> bool:
    """``더 노력하겠습니다``, ``명심하겠습니다``, ``적극 반영하도록 하겠습니다``: effort or heed
    promised with nothing said of what will be done."""
    heads = [
        k
        for k in range(len(forms))
        if (forms[k] in _EFFORT_NOUNS | _HEED_NOUNS and tags[k] == "NNG")
        or (forms[k] in _EFFORT_VERBS and tags[k] == "VV")
    ]
    if not heads:
        return False
    content = [
        k
        for k in range(len(forms))
        if tags[k] in ("NNG", "NNP", "VV", "SL", "SN")
        and forms[k] not in _EMPTY_WORDS
        and forms[k] not in _EFFORT_NOUNS | _HEED_NOUNS | _EFFORT_VERBS | _LIGHT_VERBS
    ]
    if not content:
        # 반영하겠습니다 with an object (말씀하신 부분은) answers an ask; bare, it is empty
        return forms[max(heads)] not in _HEED_NOUNS or not any(
            tags[k] in ("NNG", "NNP") and forms[k] not in _ADVERBIAL_NOUNS
            for k in range(max(heads))
        )
    # effort nouns are empty whatever precedes them only when they are the main predicate
    main = max(heads)
    effort = forms[main] in _EFFORT_NOUNS | _EFFORT_VERBS and forms[main] not in _HEED_NOUNS
    if not effort or any(k > main for k in content):
        return False

    # 코디네이터를 구비로 확보하여서 … 노력하겠습니다: a step of work chained before the effort
    def step(k: int) -> bool:
        if tags[k] != "EC" or forms[k] not in EOSEO_FORMS or k < 2:
            return False
        verb = forms[k - 2] if tags[k - 1] == "XSV" else forms[k - 1]
        if (
            tags[k - 1] not in ("XSV", "VV")
            or verb in _LIGHT_VERBS | _EFFORT_VERBS | _LINKING_VERBS
        ):
            return False
        return verb not in _EFFORT_NOUNS | _HEED_NOUNS | _EMPTY_WORDS

    if any(step(k) for k in range(1, main)):
        return False
    # 대책을 마련하도록 노력하겠습니다 promises the 마련; 만족하실 수 있도록, 반영하도록 do not
    purpose = [k for k in range(main) if forms[k] == "도록"]
    if not purpose:
        return True
    before = [
        forms[k]
        for k in range(purpose[-1] - 1, max(-1, purpose[-1] - 5), -1)
        if tags[k] in ("NNG", "VV", "VA", "XR")
    ]
    doing = before[0] if before else ""
    return doing in _EMPTY_WORDS or doing in _HEED_NOUNS or doing in ("있", "되", "하")


def _from_the_room(forms: list[str], tags: list[str]) -> bool:
    """``세부적인 것은 옆에서 보완하도록 하겠습니다``: the rest of the answer is given now by
    the staff beside the speaker, not undertaken for later."""
    return any(
        forms[k] in _ROOM_PLACES and tags[k] == "NNG" and forms[k + 1] == "에서"
        for k in range(len(forms) - 1)
    )


def _courtesy(forms: list[str], tags: list[str], cues: list[Cue]) -> bool:
    """``잘 부탁드립니다``, ``그렇게 해 주시기 바랍니다``, ``협조와 격려 부탁드리겠습니다``,
    ``이필형 구청장께 당부드립니다``: a request with nothing asked but courtesy, of no one
    but the one addressed."""
    requests = [c.index for c in cues if c.family in ("request", "proposal")]
    if not requests or (forms and forms[0] == "그렇"):
        return False  # 그렇게 해 주시기 바랍니다: asks for what was just said
    first = min(requests)
    if "최선" in forms[:first] and any(f in ("다하", "다") for f in forms[:first]):
        return True  # ~을 위해 최선을 다해 주시기 바랍니다: effort, nothing to do
    if "건강" in forms[:first] and any(f in ("유의", "조심", "챙기") for f in forms[:first]):
        return True  # 건강에 유의하시길 바랍니다
    if all(_asks_only_goodwill(forms, tags, r) for r in requests):
        return True  # … 자랑이 되도록 여러분의 관심과 성원 부탁드립니다

    def addressee(k: int) -> bool:
        # 이필형 구청장께: a name before a title addressed
        return forms[k] in _ADDRESSEES or (
            tags[k] == "NNP" and k + 1 < len(forms) and forms[k + 1] in _ADDRESSEES
        )

    return not any(
        tags[k] in ("NNG", "NNP", "SL", "SN", "VV", "XR")
        and forms[k] not in _EMPTY_WORDS
        and forms[k] not in _LIGHT_VERBS
        and forms[k] not in _COURTESY_NOUNS
        and forms[k] not in ("부탁", "당부", "촉구", "다시", "한번", "강력")
        and not addressee(k)
        for k in range(first)
    )


# What an appeal asks of its hearers when it asks no work: their heed and goodwill
_GOODWILL = word_set("관심 성원 응원 격려 지지 사랑 협조 동참 박수")


def _asks_only_goodwill(forms: list[str], tags: list[str], at: int) -> bool:
    """The object of the request at ``at`` is goodwill alone (``… 도록 구민 여러분의 많은
    관심과 성원 부탁드립니다``, ``동료 의원님들의 적극적인 지지를 당부드립니다``), whatever
    purpose the sentence gives it."""
    nouns: list[str] = []
    for k in range(at - 1, -1, -1):
        if tags[k] in ("JKO", "JC", "ETM", "VA", "VCP", "XSN", "MAG", "MM", "XSA"):
            continue
        if tags[k] != "NNG":
            break
        nouns.append(forms[k])
    wanted = [n for n in nouns if n not in _ADVERBIAL_NOUNS and n not in _EMPTY_WORDS]
    return bool(wanted) and all(n in _GOODWILL for n in wanted)


def _stance(forms: list[str], tags: list[str], cues: list[Cue]) -> bool:
    """An obligation whose verb is a stance (시각에서 벗어나야 합니다, 동료로 존중해야 합니다):
    a principle told to everyone, not an act anyone can be sent."""
    duties = [c.index for c in cues if c.family in ("obligation", "necessity")]
    if not duties or any(c.kind != RECOMMENDATION for c in cues):
        return False
    for at in duties:
        for k in range(at - 1, max(-1, at - 4), -1):
            if tags[k] in ("VV", "NNG") and forms[k] not in _LIGHT_VERBS:
                if forms[k] not in _STANCE_VERBS:
                    return False
                break
            if tags[k] in ("XSV",) and k and forms[k - 1] in _STANCE_VERBS:
                break
        else:
            return False
    return True


def _proclaimed(forms: list[str], i: int) -> bool:
    """``선임되었음을 선포합니다``, ``보류를 선포합니다``: the noun itself is proclaimed (not
    ``선임을 위하여 정회를 선포합니다``)."""
    rest = forms[i + 1 : i + 7]
    if "선포" not in rest:
        return False
    at = rest.index("선포")
    return all(
        f in ("되", "하", "었", "았", "였", "음", "ᆷ", "을", "를", "이", "가", "됨")
        for f in rest[:at]
    )


def _recorded(tags: list[str], forms: list[str]) -> bool:
    """The sentence closes in a record's reporting style, on -ㅁ/-음 (… 바란다고 함, …
    하겠다고 답변함, … 요청하였음): what it reports was said at the meeting it records."""
    last = [k for k in range(len(forms)) if tags[k] not in ("SF", "SP", "SE", "SS")]
    return bool(last) and tags[last[-1]] in ("EF", "ETN") and forms[last[-1]] in ("ᆷ", "음")


def _reported(forms: list[str], tags: list[str]) -> bool:
    """The ask is quoted (-다고/-라고) and the sentence closes on saying it, as hearsay
    (통합이 필요하다고 합니다) or as a past saying (살려야 한다고 말씀드렸습니다) or a past
    request (요청했습니다): it tells of an ask, it makes none now. A record's report of what
    was said at its meeting (… 바란다고 함) is no hearsay."""
    last = [k for k in range(len(forms)) if tags[k] not in ("SF", "SP", "SE", "SS")]
    if len(last) < 3 or tags[last[-1]] != "EF" or _recorded(tags, forms):
        return False
    end = last[-1]
    past = any(tags[k] == "EP" and forms[k] in ("었", "았", "였") for k in range(end - 3, end))
    head = [k for k in range(end - 1, max(-1, end - 5), -1) if tags[k] in ("NNG", "VV", "XSV")]
    if past and head and forms[head[-1]] in ("요청", "건의", "당부", "요구", "제안"):
        return True  # 요청했습니다: a request of the past, told
    quote = next(
        (k for k in range(end - 1, max(-1, end - 5), -1)
         if tags[k] == "EC" and forms[k].endswith(("다고", "라고"))),
        None,
    )  # fmt: skip
    if quote is None:
        return False
    between = [forms[k] for k in range(quote + 1, end) if tags[k] not in ("EP", "VX", "EC")]
    if between == ["하"]:
        return True  # ~필요하다고 합니다 / 했습니다: what others say
    return (
        past and bool(between) and all(w in ("말씀", "드리", "말하", "전하", "말") for w in between)
    )
