"""One line per item that a secretary would table (개조식): what is asked or promised, of what.

``summarize`` turns an item's sentences into a nominal phrase: the cue sentence without
lead-ins, fillers, spoken endings and the request or promise wrapped around the action
(해 주시기 바랍니다, 하겠습니다, 할 필요가 있음, 제안함), its predicate nominalised (마련하다 ->
마련, 만들다 -> 마련), demonstratives (이 부분, 이를) replaced by what the turn named before, and
the stated date kept. A decision reads ``안건명: 원안가결`` (수정가결, 부결, ...), with the
부대의견 it carries. ``summary_check`` names what a summary still has that a table should not.

Everything is plain functions over Kiwi morphemes (``followup.korean.get_kiwi``); the text kept
is the minutes' own words, re-joined by Kiwi only where a word lost or changed a morpheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import NamedTuple

from followup.extract.dates import KOREAN_NUMBERS
from followup.korean import EO_FORMS, EOSEO_FORMS, get_kiwi, word_set

SUMMARY_CHARS = 60
MIN_CHARS = 4

RECOMMENDATION = "recommendation"
COMMITMENT = "commitment"
DECISION = "decision"

# Spoken fillers and hedges (adverbs and interjections), dropped wherever they stand.
FILLER_ADVERBS = word_set("""
    좀 이제 그냥 뭐 사실 막 저기 그러니까 일단 아무튼 하여튼 어쨌든 솔직히 진짜 정말 조금 약간
    한번 꼭 반드시 적극 모쪼록 부디 혹시 아마 이렇게 그렇게 저렇게 당연히 많이 잘
    간곡히 정중히 간절히
""")
# Openers that tie a sentence to the talk around it; they carry nothing of the action.
LEAD_CONJUNCTIONS = word_set("""
    그리고 그래서 그런데 근데 그러면 그럼 그러니까 따라서 또한 또 아울러 다만 하지만 그러나
    특히 결국 즉 한편 그러므로 그렇다면 그렇지만 게다가 더불어 덧붙여 먼저 우선 마지막으로
    첫째 둘째 셋째 넷째 다섯째 여섯째 첫번째 두번째 세번째
""")
# Verbs that wrap the action (request, promise, wish, opinion), never the action itself.
WRAPPER_VERBS = word_set("""
    주다 드리다 달다 바라다 싶다 좋다 같다 보다 보이다 하다 않다 있다 없다 들다 생각되다 맞다
    가지다 나가다 오다 가다 놓다 두다 버리다 말다 되다 싶어하다 원하다 부탁드리다 여기다
    판단되다 사료되다 말하다 말씀드리다 강조하다 언급하다 어떻다 고맙다
""")
# Nouns that name the speech act or the stance, not the action (X를 제안함, X가 필요함).
WRAPPER_NOUNS = word_set("""
    필요 생각 부탁 요청 제안 권고 당부 건의 요구 희망 바람 주문 의견 말씀 마음 중요 시급
    바람직 필수 적절 타당 절실 요망 언급 강조 지적 판단 사료 입장 취지 노력
""")
# Bound nouns a request ends on (할 것, 할 수, 할 필요, 하는 바), never the object.
TAIL_PERSONS = word_set("의원 본인 위원 저 제 저희 구청장 청장 국장 시장")
# A verb that only carries its noun (신경을 쓰다, 만전을 기하다): the noun is the phrase.
LIGHT_VERBS = {
    "쓰다": word_set("신경 힘"),
    "다하다": word_set("최선 노력"),
    "기하다": word_set("만전"),
    "가지다": word_set("관심"),
    "기울이다": word_set("관심 노력"),
    "밟다": word_set("절차 과정"),
    "펼치다": word_set("캠페인 홍보"),
}
QUOTATIVE_ENDINGS = word_set("""
    다고 ᆫ다고 는다고 라고 이라고 자고 냐고 으라고 도록 고 다는 ᆫ다는 고자 기로
""")
PLAN_NOUNS = word_set("""
    계획 예정 방침 생각 의향 작정 계획임 예정임 방향 구상 목표 과정 노력 자세 태도
""")
WRAPPER_BOUND = word_set("것 거 수 바 데 지 필요 점 게 터 줄 듯 따름 뿐 방향")
# Native verbs as the nouns a report writes for them (만들다 -> 마련).
VERB_NOUNS = {
    "만들다": "마련",
    "늘리다": "확대",
    "넓히다": "확대",
    "키우다": "확대",
    "줄이다": "축소",
    "낮추다": "인하",
    "높이다": "제고",
    "올리다": "상향",
    "바꾸다": "전환",
    "고치다": "개선",
    "마치다": "완료",
    "끝내다": "완료",
    "알리다": "안내",
    "세우다": "수립",
    "정하다": "마련",
    "두다": "마련",
    "갖추다": "구축",
    "쌓다": "구축",
    "찾다": "모색",
    "찾아보다": "검토",
    "살펴보다": "검토",
    "알아보다": "검토",
    "들여다보다": "검토",
    "따져보다": "검토",
    "챙기다": "점검",
    "지키다": "준수",
    "보내다": "송부",
    "내려보내다": "배포",
    "내리보내다": "배포",
    "나누다": "배분",
    "가져오다": "제출",
    "내다": "제출",
    "받다": "제출",
    "담다": "반영",
    "넣다": "반영",
    "붙이다": "첨부",
    "쓰다": "작성",
    "적다": "기재",
    "밝히다": "명시",
    "드러나다": "명시",
    "돕다": "지원",
    "막다": "방지",
    "맞추다": "조정",
    "모으다": "수렴",
    "채우다": "충원",
    "뽑다": "선발",
    "고르다": "선정",
    "들이다": "도입",
    "옮기다": "이전",
    "없애다": "폐지",
    "풀다": "해소",
    "살리다": "활성화",
    "잇다": "연계",
    "묶다": "통합",
    "열다": "개최",
    "짓다": "건립",
    "심다": "식재",
    "알려주다": "안내",
    "보여주다": "제시",
    "보다": "검토",
    "주다": "제공",
    "알다": "안내",
    "살피다": "점검",
    "달다": "설치",
    "드리다": "제출",
}
# Nouns that stand for something said before (이 부분, 그 사항) after a demonstrative.
GENERIC_NOUNS = word_set("""
    부분 점 것 거 사항 문제 내용 상황 경우 쪽 건 부문 분야 측면 방향 사안 얘기 이야기 말씀 대목 말
""")
DEMONSTRATIVE_PRONOUNS = word_set("이 그 저 이것 그것 저것 이거 그거 저거")
DEMONSTRATIVE_ROOTS = word_set("이러 그러 저러 이렇 그렇 저렇")
# The speaker and the addressee (저는, 저희가, 실장님께서): who speaks is in the speaker column.
PERSONS = word_set("저 제 저희 우리 본인 위원 위원님 실장님 국장님 과장님 본부장님")
# Nouns of time after which 에 is dropped (6월 중에 -> 6월 중).
TIME_NOUNS = word_set("""
    중 이전 전 후 이후 말 초 내 이내 안 때 월 일 년 분기 반기 상반기 하반기 연말 연초 연내
    회기 올해 내년 금년 이번 다음 당장 시 시기
""")
TITLES = word_set("위원 위원장 부위원장 의원 의장 국장 실장 과장 본부장 구청장 시장 청장")
NOW_NOUNS = word_set("어제 오늘 내일 지금 현재 당시 최근 앞서 아까 방금 이번")

SPOKEN_ENDING = re.compile(
    r"(?:습니다|ㅂ니다|니다|세요|십시오|시오|해요|어요|아요|에요|예요|이죠|지요|거든요|는데요|"
    r"겠음|겠다|바랍니다|바람$|주시기|주십시오|드리겠|하겠|합니다|해 주|주셨으면|좋겠|같음|같습)"
)
_GENERIC = "|".join(sorted(GENERIC_NOUNS - {"점", "것", "거", "쪽", "건"}, key=len, reverse=True))
_DEMONSTRATIVE_NOUN = re.compile(
    rf"(?:^|\s)(?:이|그|저|이러한|그러한|이런|그런|저런|해당)\s+(?:{_GENERIC})"
    r"(?=$|[^가-힣]|[은는이가을를에도의와과로])"
)
_DEMONSTRATIVE_WORD = re.compile(
    r"(?:^|\s)(?:이것|그것|저것|이거|그거|저거|이를|그를|이에|이걸|그걸|이게|그게|이 점|그 점|이 건|그 건)"
    r"(?=$|[^가-힣]|[은는이가을를에도의와과로])"
)


@dataclass(frozen=True)
class _M:
    """One morpheme: Kiwi's form and tag (with -R/-I where Kiwi knows the conjugation),
    its dictionary form, where it stands in the text (None once made up here), whether a
    space precedes it, and its index among the text's morphemes."""

    form: str
    tag: str
    lemma: str
    start: int | None
    end: int | None
    space: bool
    index: int
    anaphor: bool = False  # 그 효과: a noun whose demonstrative pointed back in the sentence

    @property
    def pos(self) -> str:
        return self.tag.split("-")[0]


def _morphemes(text: str) -> list[_M]:
    out: list[_M] = []
    end = 0
    for n, token in enumerate(get_kiwi().tokenize(text)):
        tag = token.tag
        if tag[:2] in ("VV", "VA", "VX") and "-" not in tag and token.regularity is not None:
            tag += "-R" if token.regularity else "-I"
        lemma = token.lemma if isinstance(getattr(token, "lemma", None), str) else token.form
        out.append(
            _M(token.form, tag, lemma, token.start, token.end, bool(out) and token.start > end, n)
        )
        end = token.end
    return out


def _made(form: str, tag: str, space: bool) -> _M:
    return _M(form, tag, form, None, None, space, -1)


def _render(ms: Sequence[_M], text: str, originals: Sequence[_M]) -> str:
    """The morphemes as text: a word whose morphemes are the text's own, in a row, is the
    text's own characters; a word that lost or changed a morpheme is re-joined by Kiwi."""
    words: list[list[_M]] = []
    for m in ms:
        if not words or m.space:
            words.append([m])
        else:
            words[-1].append(m)
    out: list[str] = []
    for word in words:
        own = all(m.start is not None for m in word) and all(
            b.index == a.index + 1 for a, b in pairwise(word)
        )
        last = word[-1]
        if own and last.index + 1 < len(originals):
            after = originals[last.index + 1]
            own = after.start is not None and last.end is not None and after.start >= last.end
        if own and word[0].start is not None and last.end is not None:
            out.append(text[word[0].start : last.end])
        else:
            out.append(get_kiwi().join([(m.form, m.tag) for m in word]))
    return " ".join(w for w in out if w)


# ---------------------------------------------------------------------------
# The parts of a spoken request that are not the action


def _is_filler(ms: Sequence[_M], i: int) -> bool:
    m = ms[i]
    nxt = ms[i + 1] if i + 1 < len(ms) else None
    if m.pos == "IC":
        return True
    if m.pos in ("MAG", "MAJ") and m.form in FILLER_ADVERBS:
        return True
    if (
        m.pos == "MM"
        and m.form in ("그", "저", "뭐")
        and (
            nxt is None
            or nxt.space is False
            or nxt.pos not in ("NNG", "NNP", "NNB", "SL", "NR", "SN")
        )
    ):
        return True
    if m.pos == "NP" and m.form in ("뭐", "저기", "뭔가") and (nxt is None or nxt.space):
        return True
    if (
        m.pos == "NP"
        and m.form in ("저", "제", "저희")
        and nxt is not None
        and nxt.pos.startswith("J")
    ):
        return True
    if m.pos.startswith("J") and i:
        k = i - 1
        while k > 0 and ms[k].pos.startswith("J") and not ms[k].space:
            k -= 1
        if ms[k].pos == "NP" and ms[k].form in ("저", "제", "저희"):
            return True
    return False


# What closes a speech (이상으로 발언을 마치겠습니다, 5분 자유발언을 갈음하고자 합니다): the
# speaker leaving the podium, never part of the ask before it.
CLOSING_VERBS = word_set("마치다 끝내다 줄이다 맺다 갈음 마무리")
CLOSING_OBJECTS = word_set("발언 자유발언 질문 구정질문 말씀 인사 질의 연설")


def _drop_closing(ms: list[_M]) -> list[_M]:
    """The sentence without its closing clauses: the speech's close (the clause opens with
    이상 or has the speech as its object, and its verb is one that closes), and a wish for
    the district said on the way out (…되기를 기원하며) when an ask comes before it."""
    while True:
        kept = _without_wish(_without_close(ms))
        if len(kept) == len(ms):
            return ms
        ms = kept


def _without_wish(ms: list[_M]) -> list[_M]:
    """``ms`` without a last clause that wishes (…발전하기를 기원하며), if a clause is left."""
    end = len(ms)
    while end and ms[end - 1].pos.startswith(("E", "S", "VX", "XSV")):
        end -= 1
    if not end or ms[end - 1].form != "기원":
        return ms
    comma = next((k for k in range(end - 1, 0, -1) if ms[k].pos == "SP"), None)
    if comma is not None:
        return ms[:comma]
    joint = next(
        (k for k in range(end - 1, 0, -1) if ms[k].pos == "EC" and ms[k].form in _JOINTS), None
    )
    return ms[: joint + 1] if joint is not None else ms


# Connectives that join two acts of speech (요청드리며 …기원합니다).
_JOINTS = word_set("며 으며 면서 으면서 고")


def _without_close(ms: list[_M]) -> list[_M]:
    verb = next(
        (k for k in range(len(ms) - 1, -1, -1) if not ms[k].pos.startswith(("E", "S", "VX"))),
        None,
    )
    if verb is None:
        return ms
    if ms[verb].pos in ("XSV", "XSA") and verb:
        verb -= 1
    if ms[verb].lemma not in CLOSING_VERBS and ms[verb].form not in CLOSING_VERBS:
        return ms
    start = verb
    while start > 0 and ms[start - 1].pos not in ("EC", "SP"):
        start -= 1
    clause = ms[start:verb]
    opens = bool(clause) and clause[0].form == "이상"
    nouns = [m for m in clause if m.pos in ("NNG", "NNP")]
    if not opens and not (nouns and nouns[-1].form in CLOSING_OBJECTS):
        return ms
    return ms[:start]


def _restarted(ms: list[_M]) -> list[_M]:
    """Speech that ends a sentence and starts it again after a comma (…안 했으면 좋겠다, 겸용을
    안 했으면 좋겠다는 말씀을 …): the last start says it whole."""
    cut = max(
        (
            k + 2
            for k in range(len(ms) - 2)
            if ms[k + 1].pos == "SP"
            and (ms[k].pos == "EF" or (ms[k].pos == "EC" and ms[k].form == "다"))
        ),
        default=0,
    )
    return ms[cut:] if cut and len(ms) - cut >= 3 else ms


def _drop_lead(ms: list[_M]) -> list[_M]:
    """Lead-ins before the matter: 네, / 실장님, / 그리고 / 저는 / 위원장님께서 말씀하신 대로."""
    while ms:
        m = ms[0]
        if m.pos in ("IC", "SP", "SS", "SO", "SW") or (m.pos == "MAJ"):
            ms = ms[1:]
            continue
        if m.form in LEAD_CONJUNCTIONS and len(ms) > 1 and (ms[1].space or ms[1].pos == "SP"):
            ms = ms[1:]
            continue
        if m.pos == "MAG" and (m.form in LEAD_CONJUNCTIONS or m.form in FILLER_ADVERBS):
            ms = ms[1:]
            continue
        if (
            m.form in ("마지막", "끝", "다음", "처음")
            and len(ms) > 2
            and ms[1].form in ("으로", "로", "에")
            and ms[2].space
        ):
            ms = ms[2:]  # 마지막으로, 끝으로, 다음으로
            continue
        # a vocative or a speaker label: 실장님, / 박 위원님, / 박○○ 위원 :
        comma = next((k for k, x in enumerate(ms[:6]) if x.pos == "SP"), None)
        if (
            comma is not None
            and all(x.pos in ("NNG", "NNP", "XSN", "NNB", "SW", "SO") for x in ms[:comma])
            and any(x.form == "님" or x.form in TITLES for x in ms[:comma])
        ):
            ms = ms[comma + 1 :]
            continue
        if (
            m.lemma == "하다"
            and m.pos == "VV"
            and len(ms) > 2
            and ms[1].form in ("어", "여", "어서", "여서")
            and ms[2].space
        ):
            ms = ms[2:]  # 하여, 하여서: "and so", tied to the sentence before
            continue
        if m.form == "다시" and len(ms) > 2 and ms[1].form in ("한번", "한") and ms[1].space:
            ms = ms[3:] if ms[1].form == "한" and ms[2].form == "번" else ms[2:]
            continue  # 다시 한번 (부탁드립니다): the ask said again
        if _self_reference(ms):
            ms = ms[_self_reference(ms) :]
            continue
        if m.form in DEMONSTRATIVE_ROOTS and len(ms) > 1 and ms[1].pos == "EC":
            rest = _until_space(ms[1:])
            ms = ms[1 + len(rest) :]  # 그렇다면, 그러면: tied to what was said before
            continue
        # the speaker or the addressee as subject: 저는, 저희도, 실장님께서는, 집행부에서는
        word_end = next((k for k, x in enumerate(ms[1:], 1) if x.space), len(ms))
        word = ms[:word_end]
        if (
            (word[0].form in PERSONS or word[0].form in ("집행부", "부서", "각"))
            and all(x.pos[0] in "NJX" for x in word)
            and len(ms) > word_end
            and (word[-1].pos.startswith("J") or word[0].form == "각")
        ):
            ms = ms[word_end:]
            continue
        break
    if ms and ms[0].space:
        ms = [replace(ms[0], space=False), *ms[1:]]
    return ms


def _self_reference(ms: list[_M]) -> int:
    """How many morphemes name the speaker at the start: 본 의원은, 본 위원도 (본 read as a
    determiner, or as 보 + ㄴ after 하여); 0 when the sentence does not start so."""
    if len(ms) > 2 and ms[0].form == "본" and ms[0].pos == "MM":
        at = 1
    elif len(ms) > 3 and ms[0].lemma == "보다" and ms[1].pos == "ETM" and ms[1].form == "ᆫ":
        at = 2
    else:
        return 0
    if ms[at].form not in ("의원", "위원") or not ms[at].space:
        return 0
    end = at + 1
    while end < len(ms) and ms[end].pos.startswith("J") and not ms[end].space:
        end += 1
    return end if end > at + 1 and end < len(ms) else 0


def _quoted(ms: list[_M]) -> bool:
    """Whether the closing quote ending ``ms`` closes a quotation opened in it."""
    for m in reversed(ms[:-1]):
        if m.pos == "SSO":
            return True
        if m.pos == "SSC":
            return False
    return False


def _strip_tail(ms: list[_M]) -> list[_M]:
    """Peel the request or promise off the end until the action itself ends the sentence:
    a noun (마련이 필요함 -> 마련), a noun + 하다 (검토하겠습니다 -> 검토 하) or a verb."""
    ms = list(ms)
    popped: list[_M] = []
    while ms:
        m = ms[-1]
        prev = ms[-2] if len(ms) > 1 else None
        pos = m.pos
        if pos == "SSC" and len(ms) > 1 and _quoted(ms):
            # a quotation ends the matter: 제5조가 "노력하여야 한다"; an amendment, "A"를
            # "B"로 합니다, reads "A"를 "B"로 수정
            said = [x for x in popped if not x.pos.startswith(("E", "S"))]
            if len(said) >= 2 and said[-1].form in ("로", "으로") and said[-2].lemma == "하다":
                return [*ms, replace(said[-1], space=False), _made("수정", "NNG", True)]
            return ms
        popped.append(m)
        if pos.startswith("E") or pos in ("SF", "SP", "SE", "SS", "SO", "SW", "VCP", "VCN"):
            ms.pop()
            continue
        if pos.startswith("J"):
            ms.pop()
            if m.form in ("께", "에게", "한테", "께서"):
                # 구청장께 요청합니다: the addressee goes with the request
                while ms and ms[-1].pos in ("NNG", "NNP", "XSN", "MM", "NNB"):
                    ms.pop()
            continue
        if pos in ("NNG", "NNP") and m.form in TAIL_PERSONS and len(ms) > 1:
            ms.pop()  # …개선해야 된다고 본 의원은 생각합니다
            while ms and ms[-1].pos in ("MM", "NNP"):
                ms.pop()
            continue
        if (
            pos in ("XSV", "XSA")
            and prev is not None
            and prev.form == "감사"
            and len(ms) > 2
            and ms[-3].form in ("면", "으면")
        ):
            ms.pop()  # 제출해 주시면 감사하겠습니다: the thanks wraps the ask
            ms.pop()
            continue
        if pos in ("XSV", "XSA") and prev is not None and prev.form in WRAPPER_NOUNS:
            before = ms[-3] if len(ms) > 2 else None
            if before is not None and (
                before.form == "다시" or (before.form == "번" and ms[-4].form == "한")
            ):
                return ms  # 다시 한번 생각해 주십시오: to think again is the action
            if (
                before is None
                or before.pos[0] in "JN"
                or before.pos in ("XSN", "ETM", "ETN")
                or (before.pos == "EC" and before.form in QUOTATIVE_ENDINGS)
            ):
                ms.pop()
                ms.pop()
                continue
            return ms  # 자치구에 강하게 권고하다: the recommendation is the action
        if pos in ("XSV", "XSA"):
            if prev is not None and prev.pos in ("NNG", "NNP", "SL", "XR", "XSN"):
                return ms
            ms.pop()
            continue
        if pos == "VA" and m.form in DEMONSTRATIVE_ROOTS:
            ms.pop()  # 그렇게 해 주십시오: what is meant was said before
            continue
        if pos in ("VV", "VA", "VX"):
            if _polarity(ms, popped) or (prev is not None and prev.form in ("안", "못")):
                # 기록이 남지 않기를 바랍니다, 겸용을 안 했으면: the negation is the action's own
                return ms
            if m.lemma in WRAPPER_VERBS and (prev is None or pos == "VX" or _wrapper_context(ms)):
                ms.pop()
                continue
            return ms
        if (
            pos in ("NNG", "NNB")
            and m.form in PLAN_NOUNS
            and prev is not None
            and prev.pos == "ETM"
        ):
            ms.pop()  # 마련할 계획, 확대할 예정
            continue
        if pos == "NNB" and m.form in WRAPPER_BOUND:
            ms.pop()
            continue
        if pos in ("NNG", "NNB") and m.form in WRAPPER_NOUNS and len(ms) > 1:
            if prev is not None and (
                prev.pos == "MAG" or (prev.pos == "EC" and prev.form not in QUOTATIVE_ENDINGS)
            ):
                return ms
            ms.pop()
            continue
        if pos in ("NNG", "NNP", "NNB", "SL", "SN", "SH", "NR", "XR", "NP", "XSN"):
            return ms
        ms.pop()
    return ms


def _polarity(ms: list[_M], popped: list[_M]) -> bool:
    """Whether the verb ending ``ms`` negates the action of a 기 clause just peeled (남지
    않기를, 놓지 말기를, 구민이 없기를 바랍니다): peeling it too would say the opposite."""
    if len(ms) < 2 or not any(x.pos == "ETN" for x in popped):
        return False
    m, prev = ms[-1], ms[-2]
    if m.lemma in ("않다", "말다", "못하다") and prev.form == "지":
        return True
    before = ms[-3] if len(ms) > 2 else None
    return (
        m.lemma == "없다"
        and prev.pos in ("JKS", "JX")
        and before is not None
        and before.form not in WRAPPER_NOUNS
        and before.form not in WRAPPER_BOUND
    )


def _wrapper_context(ms: list[_M]) -> bool:
    """Whether the verb ending ``ms`` wraps what comes before it (해 주다, 했으면 하다, 필요가
    있다, 하는 것이 좋다, 맞다고 보다) rather than being the action (점검을 하다, 창구를 두다)."""
    m, prev = ms[-1], ms[-2]
    if m.lemma in ("드리다", "주다", "바라다") and prev.pos in ("NNG", "XSN"):
        return True  # 보고드리다, 공유드리다, 제출 바람
    if prev.pos.startswith("E") or prev.pos in ("NNB", "XSN"):
        return True
    if prev.pos.startswith("J"):
        before = ms[-3] if len(ms) > 2 else None
        if m.lemma in ("있다", "없다", "좋다", "같다", "맞다", "되다", "들다", "보이다"):
            return True
        if before is not None and (before.form in WRAPPER_NOUNS or before.form in WRAPPER_BOUND):
            return True
        if before is not None and before.pos == "ETN":
            return True  # 관리하기를 바랍니다: the action is the 기 clause
        return m.lemma == "하다"  # 점검을 하다: the noun is the action
    return m.lemma == "하다"


def _nominalise(ms: list[_M]) -> list[_M]:
    """The action at the end as a noun: 마련 하 -> 마련; 만들 -> 마련; 바꾸 -> 전환; a verb the
    report has no noun for -> its 기 form (내려보내기)."""
    if not ms:
        return ms
    m = ms[-1]
    objects = [x for x in ms[-3:-1] if x.pos in ("NNG", "NNP")]
    if m.pos in ("VV", "VX") and objects and objects[-1].form in LIGHT_VERBS.get(m.lemma, ()):
        ms = ms[:-1]
        while ms and ms[-1].pos.startswith("J"):
            ms = ms[:-1]
    elif m.pos in ("XSV", "XSA"):
        ms = ms[:-1]
    elif m.pos in ("VV", "VA", "VX"):
        noun = VERB_NOUNS.get(m.lemma)
        if m.lemma == "나오다" and any(x.form == "결과" for x in ms[-8:-1]):
            noun = "도출"  # 결과가 나오다 (나와 주시기 바랍니다 is a call to the podium)
        if noun is None and len(ms) > 2 and ms[-2].pos == "EC" and ms[-3].pos == "VV":
            # 내리어 보내다, 찾아 보다: the compound's own noun, if the report has one
            compound = ms[-3].form + m.lemma
            if compound in VERB_NOUNS:
                noun = VERB_NOUNS[compound]
                ms = ms[:-2]
        if noun is not None:
            ms = [*ms[:-1], _made(noun, "NNG", m.space)]
        else:
            ms = [*ms, _made("기", "ETN", False)]
    if ms and ms[-1].form == "말씀":
        ms = [*ms[:-1], _made("보고", "NNG", ms[-1].space)]  # 말씀드리겠습니다: a report back
    # the object of the nominalised action loses its particle: 지침을 마련 -> 지침 마련
    if len(ms) > 1 and ms[-2].pos == "JKS" and ms[-1].pos in ("NNG", "NNP"):
        ms = [*ms[:-2], ms[-1]]
    clause = len(ms) - 1
    while clause > 0 and ms[clause - 1].pos not in ("EC", "ETM", "SP", "ETN"):
        clause -= 1
    return [
        m
        for k, m in enumerate(ms)
        if not (
            k >= clause
            and m.pos == "JKO"
            and ms[k - 1].form not in ("거", "것")
            and not _contracted(ms[k - 1], m)
        )
    ]


def _contracted(before: _M, particle: _M) -> bool:
    """Whether a particle shares its syllable with the morpheme before it (거+ᆯ = 걸)."""
    if particle.start is None or before.end is None:
        return False
    return particle.start < before.end


class _Step(NamedTuple):
    """What a rewrite rule does at one morpheme: the phrase written so far becomes ``out``,
    ``used`` morphemes are read, and the morpheme after them takes ``space`` (None: as is)."""

    out: list[_M]
    used: int
    space: bool | None = None


def _rewrite(ms: list[_M], rule: Callable[[list[_M], int, list[_M]], _Step | None]) -> list[_M]:
    """Walk ``ms`` once, left to right: ``rule(ms, i, out)`` rewrites at morpheme ``i`` given
    the phrase ``out`` written so far, or returns None to keep the morpheme as it is."""
    ms = list(ms)
    out: list[_M] = []
    i = 0
    while i < len(ms):
        step = rule(ms, i, out)
        if step is None:
            out.append(ms[i])
            i += 1
            continue
        out, i = step.out, i + step.used
        if step.space is not None and i < len(ms):
            ms[i] = replace(ms[i], space=step.space)
    return out


def _tidy(ms: list[_M]) -> list[_M]:
    """Written forms inside the phrase: no honorific 시, no 해 주 (만들어 주시고 -> 만들고),
    해서 -> 하여, 현황하고 -> 현황과, no topic 은/는 after a noun, no 에 after a time noun."""
    return _rewrite(ms, _tidy_step)


def _tidy_step(ms: list[_M], i: int, out: list[_M]) -> _Step | None:
    m = ms[i]
    nxt = ms[i + 1] if i + 1 < len(ms) else None
    if (
        m.pos == "EP"
        and m.form in ("시", "으시", "세")
        and not (out and out[-1].lemma in ("주다", "드리다", "계시다"))
    ):
        return _Step(out, 1)
    if m.pos == "EP" and m.form == "겠" and nxt is not None and nxt.form in ("고", "며", "으며"):
        return _Step(out, 1)  # 운영하겠고, … 협의: the plan's first act, as the second
    if (
        m.pos == "EC"
        and m.form in EO_FORMS
        and nxt is not None
        and nxt.pos == "VX"
        and (nxt.lemma in ("주다", "드리다"))
    ):
        # 만들어 주시고 -> 만들고: the ending after 주 attaches to the verb
        return _Step(out, 2, space=False)
    if (
        m.pos == "EC"
        and m.form in EO_FORMS
        and nxt is not None
        and nxt.lemma == "가지다"
        and i + 2 < len(ms)
        and ms[i + 2].form in ("고", "고서")
    ):
        form = _eo_after(out)  # 발굴해가지고 -> 발굴하여
        return _Step([*out, _M(form, "EC", form, None, None, m.space, -1)], 3)
    if m.pos == "EC" and m.form in EOSEO_FORMS and (nxt is None or nxt.space or nxt.pos == "SP"):
        return _Step([*out, _M(_eo_after(out), "EC", m.form, None, None, m.space, -1)], 1)
    if m.pos in ("JC", "JKB") and m.form in ("하고", "이랑", "랑"):
        return _Step([*out, _M("과", "JC", "과", None, None, m.space, -1)], 1)
    if (
        m.pos == "JX"
        and m.form in ("은", "는")
        and out
        and out[-1].pos in ("NNG", "NNP", "NNB", "SL", "SN", "XSN", "NR", "SH")
    ):
        return _Step(out, 1)
    if m.pos == "JKB" and m.form == "에" and out and out[-1].form in TIME_NOUNS:
        return _Step(out, 1)
    return None


def _eo_after(out: list[_M]) -> str:
    """The connective -어 as it is written after the phrase so far: 하여 after 하, else 어."""
    return "여" if out and out[-1].form == "하" else "어"


def _coordinate(ms: list[_M]) -> list[_M]:
    """Two actions in one request (준설을 마쳐 주시고 그 결과를 보고해 주시기 바랍니다) are two
    nouns joined by 및: 준설 완료 및 결과 보고."""
    return _rewrite(ms, _coordinate_step)


def _coordinate_step(ms: list[_M], i: int, out: list[_M]) -> _Step | None:
    nxt = ms[i + 1] if i + 1 < len(ms) else None
    if nxt is None or not _joins_two_actions(out, ms[i], nxt):
        return None
    head = _nominalise(out)
    if any(x.form == "및" for x in [*ms, *out]):  # one 및 a phrase: A, B 및 C
        joined = [*head, _made(",", "SP", False)]
    else:
        joined = [*head, _made("및", "MAJ", True)]
    return _Step(joined, 2 if nxt.pos == "SP" else 1, space=True)


def _joins_two_actions(out: list[_M], m: _M, nxt: _M) -> bool:
    """Whether the connective ``m`` (-고, -며) closes an action of its own after ``out`` (a verb
    with its object, or a 하다 noun, neither a wrapper) and a space or a comma, not a verb,
    follows it."""
    return (
        m.pos == "EC"
        and m.form in ("고", "며", "으며")
        and bool(out)
        and (
            out[-1].pos in ("VV",)
            or (out[-1].pos == "XSV" and len(out) > 1 and out[-2].pos == "NNG")
        )
        and (nxt.space or nxt.pos == "SP")
        and nxt.pos not in ("VX", "VV", "VA")
        and out[-1].lemma not in WRAPPER_VERBS
        and not (out[-1].pos == "XSV" and out[-2].form in WRAPPER_NOUNS)
        and (out[-1].pos == "XSV" or any(x.pos == "JKO" for x in _clause(out)))
    )


def _clause(ms: list[_M]) -> list[_M]:
    """The last clause of ``ms``: back to the previous connective or comma."""
    k = len(ms) - 1
    while k > 0 and ms[k - 1].pos not in ("EC", "ETM", "SP", "ETN"):
        k -= 1
    return ms[k:]


# ---------------------------------------------------------------------------
# What a demonstrative stands for


def _noun_phrases(ms: Sequence[_M]) -> list[tuple[int, int, str]]:
    """Runs of nouns (자치구별 설치 현황) with the particle after each: (start, end, particle)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(ms):
        if ms[i].pos in ("NNG", "NNP", "SL", "SN", "XPN"):
            j = i
            while (
                j + 1 < len(ms)
                and ms[j + 1].pos in ("NNG", "NNP", "SL", "SN", "XSN", "NNB", "XPN", "XSM")
                and not (ms[j + 1].pos == "NNB" and ms[j + 1].form in WRAPPER_BOUND)
            ):
                j += 1
            particle = ms[j + 1].pos if j + 1 < len(ms) else ""
            out.append((i, j + 1, particle))
            i = j + 1
        else:
            i += 1
    return out


def referent(before: str) -> str | None:
    """What the last sentence before names as its matter: the noun phrase it asks about
    (its object or topic), else its longest noun phrase; at most 24 characters."""
    sentences = [s for s in re.split(r"(?<=[.?!。])\s+|\n+", before.strip()) if s.strip()]
    for sentence in reversed(sentences[-3:]):
        ms = _morphemes(sentence)
        found = _matter(ms, sentence, ms)
        if found:
            return found
    return None


def _matter(ms: Sequence[_M], text: str, originals: Sequence[_M]) -> str | None:
    """The noun phrase morphemes name as their matter: the object or topic with the most
    nouns (the later one on a tie), at most 24 characters."""
    phrases = []
    for start, end, particle in _noun_phrases(ms):
        words = ms[start:end]
        nouns = [w for w in words if w.pos in ("NNG", "NNP", "SL")]
        if len(nouns) == 1 and len(nouns[0].form) < 2:
            continue  # 일, 시: too little to stand for anything (키 값 is two)
        if not nouns or all(
            w.form in GENERIC_NOUNS | WRAPPER_NOUNS | PERSONS | TIME_NOUNS | NOW_NOUNS
            for w in nouns
        ):
            continue
        if start and ms[start - 1].pos == "MM":
            continue  # 이 부분: itself a demonstrative
        if any(w.form in PERSONS or w.form in TITLES or w.form in ("님", "말씀") for w in words):
            continue  # 오세영 위원님 말씀: who spoke, not the matter
        weight = len(nouns) + (2 if particle in ("JKO", "JX") else 1 if particle == "JKS" else 0)
        phrases.append((weight, start, _render(words, text, originals)))
    if not phrases:
        return None
    found = max(phrases, key=lambda p: (p[0], p[1]))[2]
    return found if len(found) <= 24 else _cut(found, 24, mark="")


def _resolve(
    ms: list[_M], stands_for: str | None, text: str = "", originals: Sequence[_M] = ()
) -> list[_M]:
    """이 부분 / 이러한 점 / 그거 / 이를 -> what the sentence named before it, else what the
    turn named before (or the agenda item); a demonstrative before a noun of its own (그 결과)
    just goes."""
    out: list[_M] = []
    outer = stands_for
    i = 0
    while i < len(ms):
        m = ms[i]
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        # 조항이 빠져 있으니 이 부분은 …: the clause before it in the same sentence
        clause_before = i > 2 and any(x.pos == "EC" for x in out)
        stands_for = (_matter(out, text, originals) if clause_before and text else None) or outer
        # 이러한 / 그러한 / 이런 (XR 이러 + 하 + ㄴ, or MM 이런)
        span = 0
        if m.pos == "XR" and m.form in DEMONSTRATIVE_ROOTS and nxt is not None and nxt.pos == "XSA":
            span = 3 if i + 2 < len(ms) and ms[i + 2].pos == "ETM" else 2
        elif m.pos == "MM" and m.form in (
            "이",
            "그",
            "저",
            "이런",
            "그런",
            "저런",
            "해당",
            "이러한",
            "그러한",
        ):
            # 이격거리 read as 이 + 격거리: a determiner glued to its noun is part of the word
            span = (
                0 if nxt is not None and nxt.space is False and m.form in ("이", "그", "저") else 1
            )
        elif m.pos == "NP" and m.form in DEMONSTRATIVE_PRONOUNS:
            after = ms[i + 1] if i + 1 < len(ms) else None
            if stands_for and (after is None or after.pos.startswith("J") or after.space):
                out.extend(_phrase(stands_for, m.space))
                i += 1
                continue
        if span:
            noun = ms[i + span] if i + span < len(ms) else None
            if (
                noun is not None
                and noun.form in GENERIC_NOUNS
                and out
                and out[-1].pos in ("NNG", "NNP", "SL", "XSN", "JX")
                and ms[i - 1].form not in ("은", "는", "도")
                and (out[-1].pos != "JX" or out[-1].form in ("이라든지", "라든지", "든지", "등"))
            ):
                # 데이터 표준이라든지 데이터 품질 이런 부분들을: the list it sums up stands
                i += span + 1
                while i < len(ms) and ms[i].pos == "XSN":
                    i += 1
                continue
            if noun is not None and noun.form in GENERIC_NOUNS:
                if stands_for:
                    out.extend(_phrase(stands_for, m.space))
                    i += span + 1
                    continue
                out.extend(ms[i : i + span + 1])  # nothing to stand for: left for the check
                i += span + 1
                continue
            if noun is not None and noun.pos in ("NNG", "NNP", "SL"):
                i += span  # 그 결과 -> 결과
                ms = [*ms[:i], replace(ms[i], space=m.space, anaphor=True), *ms[i + 1 :]]
                continue
        out.append(m)
        i += 1
    return out


def _phrase(text: str, space: bool) -> list[_M]:
    return [_M(text, "NNP", text, None, None, space, -1)]


# ---------------------------------------------------------------------------
# Shortening


def fit(text: str, limit: int = SUMMARY_CHARS) -> str:
    """At most ``limit`` characters of whole words, keeping the action at the end: the
    words in the middle give way to an ellipsis (``… 위원회에 제출``)."""
    if len(text) <= limit:
        return text
    words = text.split()
    for keep in (3, 2, 1):
        tail = " ".join(words[-keep:])
        if len(words) > keep and len(tail) <= limit // 2:
            break
    else:
        return _cut(text, limit)
    head = _cut(" ".join(words[:-keep]), limit - len(tail) - 2, mark="").rstrip(" ,·:")
    if not head:
        return _cut(text, limit)
    return f"{head}… {tail}"


def _cut(text: str, limit: int, mark: str = "…") -> str:
    """At most ``limit`` characters ending at a word boundary."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(mark)]
    if not text[limit - len(mark)].isspace() and " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,，·:") + mark


def _content_nouns(ms: Sequence[_M]) -> int:
    return sum(
        len(m.form.split())  # a phrase put in for a demonstrative counts its words
        for m in ms
        if m.pos in ("NNG", "NNP", "SL")
        and len(m.form) >= 2
        and m.form not in TIME_NOUNS
        and m.form not in WRAPPER_NOUNS
        and m.form not in GENERIC_NOUNS
    )


BACKGROUND_ENDINGS = word_set("""
    지만 만 는데 은데 ᆫ데 니까 으니까 니 으니 는데도 은데도 므로 으므로 만큼
""")


def _drop_background(ms: list[_M], originals: Sequence[_M] = ()) -> list[_M]:
    """A leading clause that gives the background (…지적됐지만, …좋은데, …많으니까) goes when
    the rest still names the action and its object, keeping the sentence's topic (가족 상담
    전화는 …하고 있는데, 별도 번호를 …) and kept whole when the rest points back into it
    (…자치구가 있다고 들었는데 그 효과가 …)."""
    for i, m in enumerate(ms[:-1]):
        if (
            (m.pos in ("EC", "EF", "NNB") and m.form in BACKGROUND_ENDINGS)
            or m.pos == "EF"
            or (m.pos == "EC" and m.form.endswith(("니다", "어요", "아요", "에요", "해요")))
            # 그 부분에 있어 가지고요, …: a clause closed with a polite 요 sets the scene
            or (m.pos == "EC" and ms[i + 1].form == "요" and ms[i + 1].pos == "JX")
            or (  # 결원이 많아서, 예산이 없어서: a reason, not a step of the action
                m.pos == "EC"
                and m.lemma in EOSEO_FORMS
                and i
                and ms[i - 1].pos in ("VA", "VX", "VCN")
            )
        ):
            j = i + 1
            while (
                j < len(ms)
                and (ms[j].form in ("요", "만") or ms[j].pos in ("SP", "SF"))
                and not ms[j].space
            ):
                j += 1
            if j >= len(ms) or not (ms[j].space or ms[j - 1].pos == "SP"):
                continue
            rest = ms[j:]
            first = next((x for x in rest if x.pos in ("NNG", "NNP", "SL")), None)
            if first is not None and first.anaphor:
                return ms  # 그 효과가 …: the phrase would open on what it points back to
            topic = _leading_topic(ms[:i], originals)
            named = {x.form for x in rest}
            if topic and not all(x.form in named for x in topic if x.pos in ("NNG", "NNP")):
                kept = [*topic, replace(rest[0], space=True), *rest[1:]]
            else:
                kept = [replace(rest[0], space=False), *rest[1:]]
            if _content_nouns(rest[:-1]) >= 2:
                return _drop_background(kept, originals)
            if topic and _content_nouns(rest) < 2:
                return kept  # 이 부분은 저도 걱정이 많으니까 잘 챙겨 주세요: topic, action
    return ms


def _leading_topic(ms: list[_M], originals: Sequence[_M]) -> list[_M]:
    """The noun phrase a sentence opens with as its topic (가족 상담 전화는), if it does."""
    run: list[_M] = []
    for m in ms:
        if m.pos not in ("NNG", "NNP", "SL", "SN", "XSN", "XPN", "NNB"):
            break
        run.append(m)
        if m.start is None:
            return run  # a phrase put in for a demonstrative: 이 부분은 …
        after = originals[m.index + 1] if 0 <= m.index < len(originals) - 1 else None
        if after is not None and after.pos == "JX" and after.form in ("은", "는"):
            return run
    return []


def _until_space(ms: list[_M]) -> list[_M]:
    out: list[_M] = []
    for m in ms:
        if m.space:
            break
        out.append(m)
    return out


def _shorten(ms: list[_M], render: Callable[[list[_M]], str], limit: int) -> list[_M]:
    """Leading clauses go first (…하기 위해, …할 때, …해서, 첫 쉼표까지) while the rest still
    names the action and its object."""
    if len(render(ms)) <= limit:
        return ms
    cuts = [
        i + 1 for i, m in enumerate(ms[:-1]) if (m.pos == "EC" and ms[i + 1].space) or m.pos == "SP"
    ]
    for cut in cuts:
        rest = ms[cut:]
        if rest[0].pos not in (
            "NNG",
            "NNP",
            "NNB",
            "SL",
            "SN",
            "MM",
            "XPN",
            "SS",
            "MAG",
            "NR",
            "SH",
        ):
            continue
        first = [rest[0], *_until_space(rest[1:])]
        if any(x.pos.startswith(("V", "XSV", "XSA", "E")) for x in first):
            continue  # 기반하여 …: a verb, not where a phrase starts
        if _content_nouns(rest[:-1]) >= 2 and len(render(rest)) <= limit:
            return [replace(rest[0], space=False), *rest[1:]]
    return ms


# ---------------------------------------------------------------------------
# The entry points


def core(sentence: str, stands_for: str | None = None) -> str:
    """The nominal phrase of one sentence, not yet fitted to the length."""
    return _phrase_of(sentence, stands_for, SUMMARY_CHARS)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"(?:\s*,)+", ",", text)
    text = re.sub(r"\s+([,.)\]」』])", r"\1", text)
    text = re.sub(r"([(\[「『])\s+", r"\1", text)
    return text.strip(" ,.;:·-")


def summarize(
    sentences: Sequence[str] | str,
    kind: str = RECOMMENDATION,
    *,
    agenda: str | None = None,
    before: str = "",
    due_text: str | None = None,
    focus: int | None = None,
    limit: int = SUMMARY_CHARS,
) -> str:
    """The item as one nominal phrase of at most ``limit`` characters.

    ``sentences`` are the item's sentences (or its source text), ``focus`` the index of the
    one that carries the cue (default: the last); ``before`` is the turn's text before that
    sentence, where a demonstrative finds what it stands for (else the agenda title);
    ``due_text`` is the stated deadline, kept in the phrase.
    """
    if isinstance(sentences, str):
        sentences = [sentences]
    sentences = [s for s in sentences if s and s.strip()] or [""]
    if kind == DECISION:
        return decision_summary(sentences, agenda, limit=limit)
    index = len(sentences) - 1 if focus is None else max(0, min(focus, len(sentences) - 1))
    sentence = sentences[index]
    earlier = " ".join([before, *sentences[:index]]).strip()
    title = _title_referent(agenda) if agenda else None
    stands_for = referent(earlier) if earlier else None
    stands_for = stands_for or title
    phrase = _phrase_of(sentence, stands_for, limit)
    if _weak(phrase):
        # …빠져서는 안 됩니다. 처우 개선 방안을 마련해서 제출해 주십시오.: the sentence that
        # names an action the report has a noun for
        order = [*range(index + 1, len(sentences)), *range(index - 1, -1, -1)]
        for k in order:
            other = _phrase_of(sentences[k], stands_for, limit)
            if other and not _weak(other) and not _bare(other):
                phrase = other
                break
    if _bare(phrase):
        # 네, 다음 달까지 보고드리겠습니다: the matter comes from the item's other sentences,
        # the turn before, or the agenda item
        others = [s for k, s in enumerate(sentences) if k != index]
        matter = next(
            (p for p in (_phrase_of(s, stands_for, 36) for s in others) if not _bare(p)), None
        )
        if matter is None and earlier:
            last = _sentences(earlier)[-1:]
            said = _phrase_of(last[0], None, 36) if last else ""
            matter = said if said and not _bare(said) else None
        matter = matter or stands_for
        if matter and matter not in phrase:
            phrase = f"{_cut(matter, 36, mark='')}: {phrase}" if phrase else matter
    return with_date(phrase, due_text, limit)


# A record's status of a plan before what will be done: 반영 예정('25. 11월) : …, 부분 반영 : …
_PLAN_STATUS = re.compile(
    r"^\s*(?:부분\s*반영|일부\s*반영|반영\s*예정|반영|수용|조치\s*계획)"
    r"\s*(?:[(（][^()（）]{1,30}[)）])?\s*[:：]\s*"
)
# After the request: a stage direction ((영상자료를 보며)) or a vocative (…, 청장님.)
_SPOKEN_AFTER = re.compile(
    r"(?:\s*[(（][^()（）]*[)）]|\s*,?\s*[가-힣]{1,8}님\s*[.?!]?|\s*[.?!])+\s*$"
)


def _phrase_of(sentence: str, stands_for: str | None, limit: int) -> str:
    asked, _, answered = sentence.partition("→")
    if answered and len(asked.strip()) >= 8:
        sentence = asked  # 폭 확대 검토 바람 → (도시계획과) 반영: the ask, not the minutes' note
    sentence = _SPOKEN_AFTER.sub("", sentence) or sentence
    sentence = _PLAN_STATUS.sub("", sentence) or sentence
    ms = _morphemes(sentence)
    originals = list(ms)
    ms = [m for i, m in enumerate(ms) if not _is_filler(ms, i)]
    ms = _drop_closing(ms)
    ms = _restarted(ms)
    ms = _drop_lead(ms)
    ms = _resolve(ms, stands_for, sentence, originals)
    ms = _strip_tail(ms)
    ms = _nominalise(ms)
    ms = _tidy(ms)
    ms = _coordinate(ms)
    ms = _drop_background(ms, originals)

    def render(x: list[_M]) -> str:
        return _clean(_render(x, sentence, originals))

    return render(_shorten(ms, render, limit))  # fitted with its date by with_date


def with_date(phrase: str, due_text: str | None, limit: int = SUMMARY_CHARS) -> str:
    """The phrase with its stated deadline, when the phrase does not already say it."""
    if not due_text:
        return fit(phrase, limit)
    due = " ".join(due_text.split())
    core = re.sub(r"(?:에는|에도|에|는|은|도)$", "", "".join(due.split()))
    tail = f"({due})"
    if core in "".join(phrase.split()):
        fitted = fit(phrase, limit)
        if core in "".join(fitted.split()):
            return fitted
        # the date fell in the words that gave way: it goes to the end instead
        said = re.sub(
            r"\s*".join(map(re.escape, core)) + r"(?:에는|에도|에|는|은|도)?", " ", phrase
        )
        phrase = " ".join(said.split())
    return f"{fit(phrase, limit - len(tail))}{tail}"


def _weak(phrase: str) -> bool:
    """A phrase that ends on a verb made a noun with 기 (떠안기), for want of a report noun."""
    words = phrase.split()
    if not words:
        return False
    tail = [m for m in _morphemes(words[-1]) if not m.pos.startswith("S")]
    return bool(tail) and tail[-1].pos == "ETN" and tail[-1].form == "기"


def _bare(phrase: str) -> bool:
    """A phrase that names no object of its own (다음 달까지 보고)."""
    if not phrase:
        return True
    return _content_nouns(_morphemes(phrase)) < 2


_TITLE_NOTE = re.compile(r"\s*[(（][^)）]*(?:제출|발의|소개|대표발의)[^)）]*[)）]\s*$")


def _title_referent(title: str) -> str:
    """The agenda title as what a demonstrative stands for: without the city, the (… 제출)
    note and a closing 보고 or 건, at most 24 characters."""
    text = _TITLE_NOTE.sub("", title).strip().strip("「」『』")
    text = re.sub(r"^(?:서울특별시|서울시)\s*", "", text)
    text = re.sub(r"\s*(?:보고|의 건|건|보고의 건)$", "", text)
    if len(text) <= 32:
        return text
    words = _cut(text, 32, mark="").split()
    while len(words) > 1 and _morphemes(words[-1])[-1].pos.startswith(("E", "J", "V")):
        words.pop()  # … 지원에 관한: end on a noun
    return " ".join(words)


# What a decision's result line says: without one, the sentence is one of its conditions.
_OUTCOME = re.compile(r"가결|부결|보류|채택|의결|재심의|재자문|접수|수용")


def decision_summary(
    sentences: Sequence[str], agenda: str | None, limit: int = SUMMARY_CHARS
) -> str:
    """``안건명: 원안가결`` (수정가결, 조건부 가결, 부결, 수정안 부결, 보류, 재심의, 재자문,
    보고 접수, 채택), with the 부대의견 it carries: ``…: 수정가결(부대의견 2건)``; one of its
    numbered conditions reads as what it asks."""
    text = " ".join(sentences)
    proclaimed = sentences[-1]
    flat = "".join(text.split())
    said = "".join(proclaimed.split())
    if not _OUTCOME.search(said) or said.rstrip(".").endswith(
        ("할것", "을것", "ㄹ것", "바람", "요망")
    ):
        # a numbered 조건 or 부대의견 of the decision (…할 것): what it asks, as an ask reads
        return summarize(sentences, RECOMMENDATION, agenda=agenda, limit=limit)
    amendment = (
        bool(re.search(r"수정(?:동의)?안(?:에\s*대해|을|은|에|이)", text)) and "부결" in proclaimed
    )
    if "부결" in proclaimed:
        outcome = "부결"
    elif "보류" in proclaimed:
        outcome = "보류"
    elif "재심의" in said or "재자문" in said:
        outcome = "재심의" if "재심의" in said else "재자문"
    elif re.search(r"보고(?:를)?(?:접수|수용)", said):
        outcome = "보고 접수"
    elif "조건부" in said:
        outcome = "조건부 가결"
    elif "채택" in proclaimed and "가결" not in proclaimed:
        outcome = "채택"
    elif re.search(r"수정안대로|수정한대로|수정의결|수정하고|조건부수정|수정가결", flat):
        outcome = "수정가결"
    elif "원안" in flat:
        outcome = "원안가결"
    else:
        outcome = "가결"
    if amendment:
        outcome = "수정안 부결"
    if "부대의견" in flat and outcome.endswith("가결"):
        count = re.search(
            r"부대의견(?:을|은|이)?(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)(?:건|가지|개)",
            flat,
        )
        if count:
            n = int(count.group(1)) if count.group(1).isdigit() else KOREAN_NUMBERS[count.group(1)]
            outcome += f"(부대의견 {n}건)"
        else:
            outcome += "(부대의견 첨부)"
    if agenda:
        matter = _TITLE_NOTE.sub("", agenda).strip().strip("「」『』")
    else:
        matter = core(sentences[0]) or "안건"
    return f"{_cut(matter, limit - len(outcome) - 2)}: {outcome}"


# ---------------------------------------------------------------------------
# The check


def summary_check(summary: str) -> list[str]:
    """What keeps a summary from the table: a spoken ending or a filler left, a phrase that
    does not end in a noun, a demonstrative that points at nothing in the phrase, too short
    or too long."""
    problems: list[str] = []
    text = summary.strip()
    body = text.rstrip("…")
    if len(text) > SUMMARY_CHARS:
        problems.append(f"too long: {len(text)} characters (at most {SUMMARY_CHARS})")
    if len("".join(body.split())) < MIN_CHARS:
        problems.append(f"too short: {len(''.join(body.split()))} characters")
    if not body:
        return problems
    ms = _morphemes(body)
    # a spoken ending ends the phrase or a sentence inside it (…있어요, …): reported speech
    # inside the phrase (추진하겠다는 계획) is the phrase's matter
    words = body.split()
    ends = [
        w.rstrip(",.!?\"'”’") for k, w in enumerate(words) if k == len(words) - 1 or w[-1] in ",.!?"
    ]
    spoken = next((f for f in (SPOKEN_ENDING.search(w + "$") for w in ends) if f), None)
    if spoken:
        problems.append(f"spoken ending: {spoken.group(0)}")
    else:
        last = next(
            (m for m in reversed(ms) if m.pos not in ("SF", "SP", "SS", "SE", "SW", "SO")), None
        )
        if last is not None and (last.pos in ("EF",) or last.pos == "EP"):
            problems.append(f"spoken ending: {last.form}")
    core_text = re.sub(r"\s*\([^()]*\)$", "", body).rstrip("… ")
    last_word = core_text.split()[-1] if core_text.split() else ""
    tail = [m for m in _morphemes(last_word) if not m.pos.startswith("S")] if last_word else []
    if last_word.endswith(('"', "”", "'", "’", "」")):
        tail = []  # a quotation stands as the phrase's noun
    elif tail and tail[-1].pos.startswith(("E", "J", "V")):
        # 보고 alone reads as 보+고; as the object of a sentence (보고를) it is the noun
        probe = [m for m in _morphemes(last_word + "를") if not m.pos.startswith("S")]
        if len(probe) >= 2 and probe[-1].pos == "JKO" and probe[-2].pos in ("NNG", "NNP", "XSN"):
            tail = []
    if (
        tail
        and not spoken
        and (
            tail[-1].pos.startswith(("J", "V", "EC", "ETM", "EP", "EF"))
            or tail[-1].pos in ("XSV", "XSA")
        )
    ):
        problems.append(f"not a nominal phrase: ends in {tail[-1].form}/{tail[-1].pos}")
    fillers = [
        m.form
        for i, m in enumerate(ms)
        if (m.pos == "IC" and m.form not in ("네",))
        or (
            m.pos in ("MAG", "MAJ") and m.form in ("좀", "이제", "뭐", "저기", "사실", "그냥", "막")
        )
    ]
    if fillers:
        problems.append(f"filler: {' '.join(dict.fromkeys(fillers))}")
    dangling = _DEMONSTRATIVE_NOUN.search(body) or _DEMONSTRATIVE_WORD.search(body)
    if dangling:
        problems.append(f"dangling demonstrative: {dangling.group(0).strip()}")
    return problems


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s.strip()]


def bare(source_text: str) -> bool:
    """Whether an item's own words name no matter (네, 다음 달까지 보고드리겠습니다): every
    sentence, as a phrase, is a bare action with at most a date."""
    return all(_bare(_phrase_of(s, None, SUMMARY_CHARS)) for s in _sentences(source_text) or [""])


_DATE_NOTE = re.compile(r"\s*\([^()]*\)$")


def answer(ask_summary: str, source_text: str, due_text: str | None) -> str:
    """A bare promise answering an ask, as the ask's matter and the promised action:
    ``배당 내역 정리하여 위원회에 보고`` + ``네, 다음 달까지 보고드리겠습니다`` ->
    ``배당 내역 정리하여 위원회에 보고(다음 달까지)``; ``… 도입`` + ``검토하겠습니다`` ->
    ``… 도입 검토``."""
    asked = _DATE_NOTE.sub("", ask_summary).rstrip("…").strip()
    own = next(
        (
            p
            for p in (_phrase_of(s, None, SUMMARY_CHARS) for s in reversed(_sentences(source_text)))
            if p
        ),
        "",
    )
    head = own.split()[-1] if own.split() else ""
    phrase = asked
    if head and not asked.endswith(head) and head not in TIME_NOUNS:
        phrase = f"{_cut(asked, SUMMARY_CHARS - len(head) - 1, mark='')} {head}"
    return with_date(phrase, due_text)
