"""Minutes -> action items: sentences, cues, grouping, agenda, team, due date, summary.

``extract_items`` is the one entry point. Kiwi runs once over every paragraph (sentence split
and morphemes in the same pass); everything after that is plain Python over its tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from followup.calendar import next_session
from followup.committee import Committee, Team
from followup.extract import summary
from followup.extract.agenda import AgendaChoice, AgendaTracker, squash
from followup.extract.cues import (
    COMMITMENT,
    DECISION,
    RECOMMENDATION,
    Morpheme,
    SentenceReading,
    read_sentence,
)
from followup.extract.dates import resolve_due
from followup.extract.route import Route, route_item
from followup.extract.speakers import CHAIR, DEPARTMENT, MEMBER, speaker_role, team_of_label
from followup.korean import get_kiwi, noun_words, word_set
from followup.minutes.model import ExtractedItem, Minutes, Paragraph

# Openers that tie a sentence to the one before it (이를 위해, 특히, 그래서 ...).
_ANAPHORA = word_set("이 이를 이러하 이런 이러한 그 그러 특히 그래서 따라서 이에 근데 즉")
# Openers that add a further point (그리고, 또한, 또 하나는, 둘째 ...): a new item.
_NEW_POINT = word_set("그리고 또한 아울러 또 추가 둘째 셋째 넷째 마지막 다음 한편")
_DECIDED = ("result", "condition")  # Paragraph.mark of a record's result and conditions
# Paragraph.mark "promise": a record's action line, what a department will do
# Nouns that name only the act asked for (검토, 보완 …): an ask with no other noun is bare
_BARE_ACTS = word_set(
    "검토 재검토 보완 개선 조치 확인 반영 시정 노력 협조 처리 해결 부탁 적극 다시 좀"
)
_RECOMMENDING = (CHAIR, MEMBER)


@dataclass(frozen=True)
class Sentence:
    turn: int
    text: str
    line_start: int
    line_end: int
    reading: SentenceReading
    nouns: frozenset[str]
    opener: str
    topic: str  # the noun the sentence is about when it opens with one (X는 / X도 ...)
    offset: int  # where the sentence starts in its turn's text
    mark: str = ""  # its paragraph's place in a structured record (Paragraph.mark)
    opens: bool = False  # the first sentence of its paragraph
    paragraph: int = 0  # which paragraph of the document it is in


@dataclass
class _Group:
    kind: str
    turn: int
    indices: list[int]
    strength: float
    best: int  # index of the sentence with the strongest cue
    cue_sentences: int = 1
    # a decision's motion spoken in the chair's turns before the proclamation: (turn, index)
    lead: list[tuple[int, int]] = field(default_factory=list)
    marked: bool = False  # written as a result or a condition of a structured record
    context: int = 0  # leading sentences that give the ground of the item, not the item


def extract_items(minutes: Minutes, committee: Committee) -> list[ExtractedItem]:
    sentences = _sentences(minutes)
    roles = [speaker_role(t.speaker, committee) for t in minutes.turns]
    turn_terms = _turn_terms(minutes, sentences, committee)
    tracker = AgendaTracker(minutes, committee, turn_terms, roles, _title_terms(minutes))
    choices = tracker.choose()
    by_turn: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_turn.setdefault(sentence.turn, []).append(sentence)
    stop_nouns = _frequent_nouns(by_turn, len(minutes.turns))

    presenting = _presentations(minutes, roles, by_turn)
    groups: list[_Group] = []
    for turn in minutes.turns:
        sentences = by_turn.get(turn.index, [])
        role = roles[turn.index]
        if role == CHAIR and _moves_the_result(minutes, turn.index):
            continue  # the chair's view just before a record's result is its motion
        groups.extend(_groups(sentences, role, stop_nouns, turn.index in presenting))
    groups = _settle_motions(_with_motions(groups, by_turn, roles, tracker))
    groups = _without_repeats(groups, by_turn, minutes, roles)
    if _PLENARY.search(minutes.title):
        # the chair runs the sitting and the council's secretariat serves it (보고사항, 호명)
        secretariat = {
            t.index
            for t in minutes.turns
            if (team := team_of_label(t.speaker, committee)) is not None
            and team.name == committee.secretary
        }
        groups = [
            g
            for g in groups
            if not _presiding(g, by_turn, roles)
            and not (g.turn in secretariat and g.kind != DECISION)
        ]

    session = (
        next_session(committee.sessions, minutes.meeting_date) if minutes.meeting_date else None
    )
    items: list[ExtractedItem] = []
    asks: dict[int, ExtractedItem] = {}  # turn -> the last ask made in it
    for g in groups:
        ask = next((asks[t] for t in (g.turn - 1, g.turn - 2) if t in asks), None)
        asked_of = _team(committee, ask.team if ask else None)
        item = _item(
            g, minutes, committee, by_turn, roles, choices, tracker, session, presenting, asked_of
        )
        if item.kind == COMMITMENT and ask is not None and summary.bare(item.source_text):
            # 네, 다음 달까지 보고드리겠습니다: about what was just asked
            item.summary = summary.answer(ask.summary, item.source_text, item.due_text)
        if item.kind == RECOMMENDATION:
            asks[g.turn] = item
        items.append(item)
    if minutes.meeting_date is not None:
        _attach_deadlines(items, groups, by_turn, roles, minutes.meeting_date, session)
    seen: Counter[str] = Counter()
    for item in items:  # the same words twice (원안대로 가결되었음을 선포합니다) are two items
        item.occurrence = seen[item.natural_key]
        seen[item.natural_key] += 1
    return items


# A resolution on the council's own running, and words that make it a matter of substance
_COUNCIL_BUSINESS = re.compile(
    r"회기결정|회기를|회의록서명|서명의원|휴회|출석요구|선임|선출|추천|검사위원|위원회구성"
)
_SUBSTANCE = re.compile(r"조례|예산|결산|동의안|승인|촉구|계획안|청원")


def _council_business(text: str) -> bool:
    flat = squash(text)
    return bool(_COUNCIL_BUSINESS.search(flat)) and not _SUBSTANCE.search(flat)


def _without_repeats(
    groups: list[_Group], by_turn: dict[int, list[Sentence]], minutes: Minutes, roles: list[str]
) -> list[_Group]:
    """An ask that names only its act and opens a turn (다시 검토하십시오.) presses the ask the
    same member made a moment ago, after the answer: it is that ask again, not a new one."""
    kept: list[_Group] = []
    for group in groups:
        sentences = by_turn.get(group.turn, [])
        first = sentences[group.indices[0]] if sentences else None
        bare = (
            group.kind == RECOMMENDATION
            and first is not None
            and group.indices[0] == 0
            and len(group.indices) == 1
            and not first.mark
            and not (first.nouns - _BARE_ACTS)
        )
        speaker = minutes.turns[group.turn].speaker

        def same_exchange(start: int, speaker: str = speaker, stop: int = group.turn) -> bool:
            return all(
                minutes.turns[t].speaker == speaker or roles[t] == DEPARTMENT
                for t in range(start, stop)
            )

        asked = any(
            g.kind == RECOMMENDATION
            and group.turn - 8 <= g.turn < group.turn
            and minutes.turns[g.turn].speaker == speaker
            and same_exchange(g.turn)
            for g in kept
        )
        if not (bare and asked):
            kept.append(group)
    return kept


_PLENARY = re.compile(r"본\s*회\s*의")
# Whom a presiding officer's ask may be sent to: the executive, by name
_EXECUTIVE = re.compile(r"집행부|집행기관|관계\s*공무원|관계\s*부서|각\s*부서|구청장|시장")
_CALLED_UP = re.compile(r"나오셔서|나와\s*주|퇴장|퇴석|자리|의석|선서")
_RUNNING = re.compile(r"(?:진행|답변|질문|발언)(?:을|를)?\s*(?:해|하여)\s*주")


def _presiding(group: _Group, by_turn: dict[int, list[Sentence]], roles: list[str]) -> bool:
    """In a plenary the chair runs the sitting: speaking time, votes, the gallery, who comes
    to the rostrum. An ask of the chair's is an item only when it sends the executive some
    work (집행부에서는 … 조치계획을 보고해 주시기 바랍니다)."""
    if roles[group.turn] != CHAIR or group.kind != RECOMMENDATION:
        return False
    text = " ".join(by_turn[group.turn][i].text for i in group.indices)
    running = _RUNNING.search(text)  # 신중을 기해서 진행해 주시기 바랍니다: how to hold the sitting
    return not _EXECUTIVE.search(text) or bool(_CALLED_UP.search(text)) or bool(running)


def _grounds_a_question(group: _Group, sentences: list[Sentence], role: str) -> bool:
    """In 일문일답 a member states what must be (``해석을 해야 됩니다``) and then asks the
    official about it: a turn that closes on a question, with the duty before it and no
    request of its own, argues the question; the ask, if any, comes after the answer."""
    if role != MEMBER or group.kind != RECOMMENDATION or group.marked:
        return False
    last = sentences[-1]
    if not last.reading.question or group.indices[-1] >= len(sentences) - 1:
        return False
    families = {c.family for i in group.indices for c in sentences[i].reading.cues}
    return bool(families) and families <= {"obligation", "necessity"}


def _moves_the_result(minutes: Minutes, turn: int) -> bool:
    """In a structured record, a chair's opinion line right before the result line
    (… 재상정하기 바람 / 수정 의결하고자 함, then ◇ 심의결과) is the motion the result settles."""
    if turn + 1 >= len(minutes.turns) or any(
        p.mark in _DECIDED for p in minutes.turns[turn].paragraphs
    ):
        return False
    following = minutes.turns[turn + 1].paragraphs
    return bool(following) and following[0].mark == "result"


def _sentences(minutes: Minutes) -> list[Sentence]:
    # (turn, paragraph, where the paragraph starts in Turn.text, which joins them with "\n")
    paragraphs: list[tuple[int, Paragraph, int]] = []
    for each in minutes.turns:
        start = 0
        for paragraph in each.paragraphs:
            paragraphs.append((each.index, paragraph, start))
            start += len(paragraph.text) + 1
    kiwi = get_kiwi()
    out: list[Sentence] = []
    split = kiwi.split_into_sents([p.text for _, p, _ in paragraphs], return_tokens=True)
    for serial, ((turn, paragraph, start), sents) in enumerate(zip(paragraphs, split, strict=True)):
        for sent in sents:
            tokens: Sequence[Morpheme] = sent.tokens or []
            out.append(
                Sentence(
                    turn=turn,
                    text=sent.text.strip(),
                    line_start=paragraph.line_at(sent.start),
                    line_end=paragraph.line_at(max(sent.start, sent.end - 1)),
                    reading=read_sentence(tokens, sent.text),
                    nouns=frozenset(noun_words(tokens)),
                    opener=tokens[0].form if tokens else "",
                    topic=_topic(tokens),
                    offset=start + sent.start,
                    mark=paragraph.mark,
                    opens=sent is sents[0],
                    paragraph=serial,
                )
            )
    return out


def _turn_terms(
    minutes: Minutes, sentences: list[Sentence], committee: Committee
) -> list[Counter[str]]:
    terms: list[Counter[str]] = [Counter() for _ in minutes.turns]
    for sentence in sentences:
        terms[sentence.turn].update(sentence.nouns)
    keywords = {squash(k).lower() for team in committee.teams for k in team.keywords}
    for turn in minutes.turns:
        flat = squash(turn.text).lower()
        for keyword in keywords:
            if keyword and keyword in flat:
                terms[turn.index][keyword] += flat.count(keyword)
    return terms


def _title_terms(minutes: Minutes) -> dict[int, Counter[str]]:
    kiwi = get_kiwi()
    out: dict[int, Counter[str]] = {}
    for agenda in minutes.agenda:
        tokens = kiwi.tokenize(agenda.title)
        out[agenda.position] = Counter(noun_words(tokens))
    return out


def _frequent_nouns(by_turn: dict[int, list[Sentence]], turns: int) -> frozenset[str]:
    """Nouns in a large share of turns say nothing about which ask a sentence continues."""
    df: Counter[str] = Counter()
    for sentences in by_turn.values():
        df.update(set().union(*(s.nouns for s in sentences)) if sentences else set())
    return frozenset(n for n, d in df.items() if d >= max(3, 0.3 * turns))


def _signal(reading: SentenceReading, role: str, presenting: bool) -> tuple[str, float] | None:
    """The kind of item a sentence by a speaker of this role carries, with its strength."""
    cues = reading.cues
    if role == CHAIR and any(c.kind == DECISION for c in cues):
        return DECISION, max(c.strength for c in cues if c.kind == DECISION)
    # a member never calls a presentation: 보고 바랍니다 from a member asks for a report back
    procedure = reading.procedure and not (role == MEMBER and reading.procedure_acts <= {"보고"})
    if reading.question or procedure or reading.to_members:
        return None
    if role == CHAIR and any(c.family == "motion" for c in cues):
        return "motion", 0.7
    if role in _RECOMMENDING:
        wanted = [c for c in cues if c.kind == RECOMMENDATION and c.family != "motion"]
    else:
        # a department's 추진하고자 합니다 states what it will do; in its presentation of a
        # bill (위탁하고자 합니다) it states what the bill does
        intents = [
            replace(c, kind=COMMITMENT, strength=0.7)
            for c in cues
            if c.family == "intent" and not presenting
        ]
        wanted = [c for c in cues if c.kind == COMMITMENT] + intents
    if not wanted:
        return None
    strength = max(c.strength for c in wanted)
    if reading.thanks and strength < 0.6:
        return None  # a weak wish inside thanks is courtesy (앞으로도 잘 되었으면 합니다)
    kind = RECOMMENDATION if role in _RECOMMENDING else COMMITMENT
    return kind, strength


def _groups(
    sentences: list[Sentence], role: str, stop_nouns: frozenset[str], presenting: bool
) -> list[_Group]:
    """One follow-up spread over sentences of one turn is one group; different asks, several."""
    groups: list[_Group] = []
    current: _Group | None = None
    for i, sentence in enumerate(sentences):
        if sentence.mark in _DECIDED:  # a record's result line or condition: a decision as written
            if sentence.opens or current is None or current.kind != DECISION:
                current = _Group(DECISION, sentence.turn, [i], 0.9, i, marked=True)
                groups.append(current)
            else:
                current.indices.append(i)
            continue
        if sentence.mark == "declined":  # 미반영 : … answers an opinion without a promise
            continue
        if sentence.mark == "promise" and role == DEPARTMENT:
            # a record's action line (조치사항: … 마련 (과, 기한)): a promise as written
            if sentence.opens or current is None or not current.marked:
                current = _Group(COMMITMENT, sentence.turn, [i], 0.8, i, marked=True)
                groups.append(current)
            else:
                current.indices.append(i)
            continue
        signal = _signal(sentence.reading, role, presenting)
        if signal is None:
            continue
        kind, strength = signal
        if (
            current is not None
            and current.kind == kind
            and kind in (RECOMMENDATION, COMMITMENT)
            # a record's opinion or answer line is a point of its own
            and not (
                sentence.mark == "point"
                and sentence.paragraph != sentences[current.indices[-1]].paragraph
            )
            and i - current.indices[-1] <= 2
            and _related(sentences, current.indices, sentence, stop_nouns)
        ):
            current.indices.extend(range(current.indices[-1] + 1, i + 1))
            current.cue_sentences += 1
            if strength > current.strength:
                current.strength, current.best = strength, i
            continue
        if strength < 0.45:
            continue
        current = _Group(kind, sentence.turn, [i], strength, i)
        if sentence.opener == "그렇" and i and kind == RECOMMENDATION:
            current.indices.insert(0, i - 1)  # ... 해 달라는 겁니다. 그렇게 해 주시기 바랍니다.
        elif (
            kind == RECOMMENDATION
            and i
            and not sentence.mark
            and not (sentence.nouns - _BARE_ACTS)
            and (not groups or groups[-1].turn != sentence.turn or groups[-1].indices[-1] < i - 1)
        ):
            # 다시 검토하십시오 / 예. 적극적으로 검토해 주시기 바랍니다: an ask naming only its act is
            # about what was just said; the sentence before it says what
            current.indices.insert(0, i - 1)
            current.context = 1
        elif sentence.mark == "point" and kind == RECOMMENDATION:
            # a record's opinion line: what it finds (… 누락됨.) is the ground of its ask
            # (재검토 요망), sent with it
            start = i
            while (
                start
                and sentences[start - 1].paragraph == sentence.paragraph
                and (
                    not groups
                    or start - 1 > groups[-1].indices[-1]
                    or groups[-1].turn != sentence.turn
                )
            ):
                start -= 1
            current.indices[:0] = range(start, i)
            current.context = i - start
        groups.append(current)
    return groups


def _related(
    sentences: list[Sentence], indices: list[int], sentence: Sentence, stop_nouns: frozenset[str]
) -> bool:
    """Whether a sentence continues the item of the sentences before it, rather than adding
    a point of its own (그리고 ..., 또한 ..., or a new subject: 목표치는 ..., 결과도 ...)."""
    if sentence.opener in _NEW_POINT:
        return False
    if sentence.opener in _ANAPHORA:
        return True
    earlier = set().union(*(sentences[i].nouns for i in indices))
    if sentence.topic and sentence.topic not in earlier:
        return False
    content = sentence.nouns - stop_nouns
    return bool(content & (earlier - stop_nouns))


def _topic(tokens: Sequence[Morpheme]) -> str:
    """The noun a sentence opens with as its topic (목표치는, 결과도), if it does."""
    noun = ""
    for token in tokens[:8]:
        if token.tag in ("NNG", "NNP"):
            noun = token.form.lower()
        elif token.tag == "XSN" and noun:
            continue  # 목표+치는, 자치구+별로
        elif token.tag == "JX" and noun and token.form in ("은", "는", "도"):
            return noun
        elif token.tag.startswith(("V", "E", "J")):
            return ""
    return ""


_PRESENTING_A_BILL = re.compile(r"제안\s*설명|수정안|수정동의안|낭독")


def before_text(turn: Any) -> str:
    return str(turn.text.split("\n")[-1]) if turn is not None else ""


_PRESENTATION_ASKED = re.compile(
    r"(설명|보고|발표|연설)\s*(?:을|를)?\s*(?:해|하여|해서)?\s*(?:주시기|주십시오|부탁)"
)


def _presentations(
    minutes: Minutes, roles: list[str], by_turn: dict[int, list[Sentence]]
) -> set[int]:
    """Department turns that present a report or a bill rather than answer: under an agenda
    heading of their own, called up by the chair (제안설명해 주시기 바랍니다), or opened as one
    (보고드리겠습니다). Plans read out there are the department's programme, held for review."""
    presenting = set()
    for turn in minutes.turns:
        if roles[turn.index] == CHAIR:
            continue
        first = by_turn.get(turn.index, [])[:1]
        before = minutes.turns[turn.index - 1] if turn.index else None
        called = (
            before is not None
            and roles[before.index] == CHAIR
            and bool(_PRESENTATION_ASKED.search(before.text.split("\n")[-1]))
        )
        opened = bool(first) and first[0].reading.procedure
        if roles[turn.index] == MEMBER:  # a member presents only a bill or an amendment
            opened = bool(first) and (
                "제안설명" in squash(first[0].text)
                or bool(_PRESENTING_A_BILL.search(first[0].text) and "겠" in first[0].text)
            )
            if not opened and not (called and _PRESENTING_A_BILL.search(before_text(before))):
                continue
        if turn.presents or called or opened:
            presenting.add(turn.index)
    return presenting


# An answer to the members, not a programme read out: 네, ..., 말씀하신 ..., 위원님 ...
_ANSWERING = re.compile(r"^\s*(?:네|예)\b|말씀하신|지적하신|위원님|주신\s*의견|질의")


def _presentation_plan(
    turn: int,
    minutes: Minutes,
    roles: list[str],
    by_turn: dict[int, list[Sentence]],
    presenting: set[int],
) -> bool:
    """A presenting turn that follows the chair's call (not a member's question) and does not
    open as an answer: what it promises is the programme read out, not a follow-up."""
    if turn not in presenting:
        return False
    if turn and roles[turn - 1] == MEMBER and not minutes.turns[turn].presents:
        return False
    first = by_turn.get(turn, [])[:1]
    return not (first and _ANSWERING.search(first[0].text))


# A sentence that names the matter put to the vote (의사일정 제2항, 안건1, a title) ...
_NAMES_MATTER = re.compile(r"의사\s*일정|제\s*\d+\s*항|안\s*건\s*\d")
# ... or that puts a matter to the vote without naming it
_MOTION = re.compile(
    r"이의\s*(?:가\s*)?(?:없|있)으십니까|하고자\s*(?:하는데|합니다)|코자|표결|거수|수정\s*(?:동의)?안"
)
_STAGE = re.compile(r"^\s*[(（].*[)）]\s*$")


def _with_motions(
    groups: list[_Group],
    by_turn: dict[int, list[Sentence]],
    roles: list[str],
    tracker: AgendaTracker,
) -> list[_Group]:
    """A decision's source runs from the motion that names the matter to the proclamation
    (의사일정 제1항 … 의결코자 하는데 이의 없으십니까? … 가결되었음을 선포합니다), within the
    chair's turn or the chair's turns just before it. What the motion says is part of the
    decision, not an item of its own."""
    taken: set[tuple[int, int]] = set()
    decided = {(g.turn, g.best) for g in groups if g.kind == DECISION}
    # items of their own inside a motion (부대의견 read out before the vote) stay items
    others = {
        (g.turn, i)
        for g in groups
        if g.kind in (RECOMMENDATION, COMMITMENT) and g.strength >= 0.75
        for i in g.indices
    }
    for group in groups:
        if group.kind != DECISION or group.marked:
            continue
        span: list[tuple[int, int]] = []
        weak_start: int | None = None
        turn, index = group.turn, group.best - 1
        while len(span) < 8:
            if index < 0:
                turn -= 1
                # past a short reply from the floor (〈위원〉 없습니다.) to the chair's motion
                while turn > 0 and roles[turn] != CHAIR and len(by_turn.get(turn, [])) <= 1:
                    turn -= 1
                if turn < 0 or roles[turn] != CHAIR or turn < group.turn - 4:
                    break
                index = len(by_turn.get(turn, [])) - 1
                continue
            if (turn, index) in decided:
                break  # the previous proclamation
            text = by_turn[turn][index].text
            span.append((turn, index))
            index -= 1
            if _STAGE.match(text) or (turn, index + 1) in others:
                continue
            if _NAMES_MATTER.search(text) or tracker.named_in(text) is not None:
                weak_start = len(span)
                break
            if _MOTION.search(text):
                weak_start = len(span)
            elif weak_start is not None:
                break
        if weak_start is None:
            continue
        motion = [
            place
            for place in reversed(span[:weak_start])
            if not _STAGE.match(_text(by_turn, place)) and place not in others
        ]
        group.lead = [place for place in motion if place[0] != group.turn]
        own = [i for t, i in motion if t == group.turn]
        group.indices = sorted(set(own) | set(group.indices))
        taken.update(motion)
    return [
        g for g in groups if g.kind == DECISION or not all((g.turn, i) in taken for i in g.indices)
    ]


def _text(by_turn: dict[int, list[Sentence]], place: tuple[int, int]) -> str:
    return by_turn[place[0]][place[1]].text


def _settle_motions(groups: list[_Group]) -> list[_Group]:
    """A motion (원안대로 의결하고자 합니다) is the decision only when no resolution follows it."""
    settled: list[_Group] = []
    for n, group in enumerate(groups):
        if group.kind != "motion":
            settled.append(group)
            continue
        resolved = any(
            g.kind == DECISION and group.turn <= g.turn <= group.turn + 4 for g in groups[n + 1 :]
        )
        if not resolved:
            group.kind = DECISION
            settled.append(group)
    return settled


def _item(
    group: _Group,
    minutes: Minutes,
    committee: Committee,
    by_turn: dict[int, list[Sentence]],
    roles: list[str],
    choices: list[AgendaChoice],
    tracker: AgendaTracker,
    session: date | None,
    presenting: set[int],
    asked_of: Team | None,
) -> ExtractedItem:
    turn = minutes.turns[group.turn]
    sentences = by_turn[group.turn]
    chosen = [by_turn[t][i] for t, i in group.lead] + [sentences[i] for i in group.indices]
    source = " ".join(s.text for s in chosen)
    named = tracker.named_in(source)
    earlier = tracker.last_named_before(turn.text[: sentences[group.indices[0]].offset])
    if named is not None:  # 의사일정 제1항은 원안대로 가결 ...: the sentence says which item
        choice = AgendaChoice(named, "named in the item")
    elif earlier is not None:  # 다음은 의사일정 제2항 ... 가결되었음을 선포합니다
        choice = AgendaChoice(earlier, "named earlier in the turn")
    else:
        choice = (
            tracker.before_opening(group.turn, sentences[group.indices[0]].offset)
            or choices[group.turn]
        )
    agenda = next((a for a in minutes.agenda if a.position == choice.position), None)
    # under a record's 기타 the item is on none of the agenda items: their owners do not own it
    owner = None if turn.no_agenda else tracker.owner(choice.position, source)
    route = route_item(
        kind=group.kind,
        text=source,
        speaker_team=team_of_label(turn.speaker, committee),
        answered_by=_answered_by(group.turn, minutes, roles, choices, committee),
        agenda_owner=owner,
        agenda_title=agenda.title if agenda else None,
        committee=committee,
        turn_text=turn.text,
        asked_of=asked_of,
        speaker_label=turn.speaker,
    )
    asked = " ".join(s.text for s in chosen[group.context :])  # without the ground it rests on
    due = (
        resolve_due(_without_titles(asked, minutes), minutes.meeting_date, next_session=session)
        if minutes.meeting_date
        else None
    )
    if group.kind == DECISION and _council_business(source):
        # 회기결정, 휴회, 회의록 서명의원 선출, 위원 선임: the council's own running, kept by its
        # secretariat; the dates are the period decided, not a deadline
        route = Route(committee.secretary, f"agenda_owner:{agenda.title if agenda else ''}")
        due = None
    confidence = group.strength + 0.05 * (group.cue_sentences - 1)
    if group.turn in presenting:
        confidence *= 0.7  # a plan read out in a presentation, not a promise in discussion
    if _grounds_a_question(group, sentences, roles[group.turn]):
        confidence *= 0.65
    if route.triage:
        confidence -= 0.15
    if agenda is None:
        confidence -= 0.05
    return ExtractedItem(
        kind=group.kind,
        speaker=turn.speaker,
        speaker_role=roles[group.turn],
        agenda=agenda.title if agenda else None,
        agenda_position=agenda.position if agenda else None,
        agenda_reason=choice.reason,
        team=route.team,
        routing_reason=route.reason,
        stated_due=due.value if due else None,
        due_text=due.text if due else None,
        summary=summary.summarize(
            [s.text for s in chosen],
            group.kind,
            agenda=agenda.title if agenda else None,
            before=turn.text[: chosen[len(group.lead)].offset],
            due_text=due.text if due else None,
            focus=len(group.lead) + group.indices.index(group.best),
        ),
        source_text=source,
        line_start=chosen[0].line_start,
        line_end=chosen[-1].line_end,
        confidence=round(max(0.05, min(confidence, 0.99)), 2),
        turn=group.turn,
        presentation_plan=_presentation_plan(group.turn, minutes, roles, by_turn, presenting)
        and not any(_ANSWERING.search(s.text) for s in chosen),
        nouns=frozenset().union(*(s.nouns for s in chosen)),
    )


# A short sentence that only states a deadline: 연말까지요. / 기한은 다음 달 말까지입니다.
_DEADLINE_ONLY = re.compile(
    r"^.{0,24}(?:까지|전까지|이내|중|안)\s*(?:요|입니다|이에요|예요|로)?\s*[.?!]?\s*$"
)


def _attach_deadlines(
    items: list[ExtractedItem],
    groups: list[_Group],
    by_turn: dict[int, list[Sentence]],
    roles: list[str],
    meeting: date,
    session: date | None,
) -> None:
    """A deadline stated next to an ask belongs to it: in the sentence right after it
    (``다음 달까지요.``), or in the department's answer (``네, 다음 달까지 보고드리겠습니다``,
    or ``연말까지요`` after ``언제까지요?``)."""
    in_items = {(g.turn, i) for g in groups for i in g.indices}

    def due_of(text: str) -> tuple[date, str] | None:
        found = resolve_due(text, meeting, next_session=session)
        return (found.value, found.text) if found else None

    def loose(turn: int) -> list[tuple[date, str]]:
        """Dates in a short answer that carries no item of its own (연말까지요)."""
        sentences = by_turn.get(turn, [])
        if len(sentences) > 2 or any((turn, i) in in_items for i in range(len(sentences))):
            return []
        return [d for d in (due_of(x.text) for x in sentences) if d]

    by_group = list(zip(items, groups, strict=True))
    for item, group in by_group:
        if item.stated_due is not None or item.kind == DECISION:
            continue
        sentences = by_turn[group.turn]
        after = group.indices[-1] + 1
        found: tuple[date, str] | None = None
        if (
            after < len(sentences)
            and (group.turn, after) not in in_items
            and _DEADLINE_ONLY.search(sentences[after].text)
        ):
            found = due_of(sentences[after].text)  # 연말까지요. / 기한은 다음 달 말까지입니다.
        # a record writes the answer on a line of its own, an item with its own date
        point = sentences[group.indices[0]].mark == "point"
        if found is None and item.kind == RECOMMENDATION and not point:
            found = _answered_due(item, group, by_group, by_turn, roles, loose)
        if found is None and item.kind == COMMITMENT:
            # 네, 검토하겠습니다. / 언제까지요? / 연말까지요.
            t = group.turn
            if t + 2 < len(roles) and roles[t + 1] != DEPARTMENT and roles[t + 2] == DEPARTMENT:
                asked = by_turn.get(t + 1, [])
                if len(asked) <= 2 and any(x.reading.question for x in asked):
                    dates = loose(t + 2)
                    found = dates[0] if dates else None
        if found is not None:
            item.stated_due, item.due_text = found


def _answered_due(
    item: ExtractedItem,
    group: _Group,
    by_group: list[tuple[ExtractedItem, _Group]],
    by_turn: dict[int, list[Sentence]],
    roles: list[str],
    loose: Any,
) -> tuple[date, str] | None:
    """The deadline the department's answer gives the ask: the dated promise in the answer
    that shares the ask's words (or the only one), or a bare date after a follow-up question."""
    own = set().union(*(by_turn[group.turn][i].nouns for i in group.indices))
    asks_in_turn = [g for _, g in by_group if g.turn == group.turn and g.kind == RECOMMENDATION]
    last_ask = asks_in_turn[-1] is group
    answer = group.turn + 1
    if answer >= len(roles) or roles[answer] != DEPARTMENT:
        return None
    promises = [(i, g) for i, g in by_group if g.turn == answer and i.kind == COMMITMENT]
    dated = [(i, g) for i, g in promises if i.stated_due is not None]
    best: tuple[int, ExtractedItem] | None = None
    for promise, g in promises:  # the promise that answers this ask, dated or not
        words = set().union(*(by_turn[g.turn][k].nouns for k in g.indices))
        overlap = len(own & words)
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, promise)
    if best is None and last_ask and len(dated) == 1 and len(promises) == 1:
        best = (0, dated[0][0])
    if best is not None and best[1].stated_due is not None:
        return best[1].stated_due, best[1].due_text or ""
    if last_ask and not promises:
        dates = loose(answer)
        if dates:
            return dates[0]
    if last_ask and answer + 2 < len(roles) and roles[answer + 2] == DEPARTMENT:
        follow = by_turn.get(answer + 1, [])
        if len(follow) <= 2 and any(x.reading.question for x in follow):
            dates = loose(answer + 2)
            return dates[0] if dates else None
    return None


def _team(committee: Committee, name: str | None) -> Team | None:
    return next((t for t in committee.teams if t.name == name), None)


def _answered_by(
    turn: int,
    minutes: Minutes,
    roles: list[str],
    choices: list[AgendaChoice],
    committee: Committee,
) -> list[tuple[str, Team]]:
    """Departments answering an ask: the department turns right after it, past at most two
    further asks on the same agenda item (members often ask in a row, then one answer)."""
    if roles[turn] == DEPARTMENT:
        return []
    earlier = _answered_before(turn, minutes, roles, committee)
    if earlier is not None:
        return [earlier]  # a follow-up to the answer just given
    answers: list[tuple[str, Team]] = []
    skipped = 0
    answered = False  # an answer by a department no team is named for ends the search too
    for later in range(turn + 1, len(minutes.turns)):
        role = roles[later]
        if role == DEPARTMENT:
            team = team_of_label(minutes.turns[later].speaker, committee)
            if team is not None:
                answers.append((minutes.turns[later].speaker, team))
            answered = True
            continue
        same_agenda = choices[later].position == choices[turn].position
        if answered or role == CHAIR or skipped >= 2 or not same_agenda:
            break
        skipped += 1
    return answers


def _without_titles(text: str, minutes: Minutes) -> str:
    """An agenda title names a thing (2026년도 예산안); its year is not a deadline."""
    for agenda in minutes.agenda:
        text = text.replace(agenda.title, " ")
        text = text.replace(_TITLE_NOTE.sub("", agenda.title).strip(), " ")  # without (… 제출)
    return text


def _answered_before(
    turn: int, minutes: Minutes, roles: list[str], committee: Committee
) -> tuple[str, Team] | None:
    """Question, answer, follow-up: the same speaker asked two turns ago and a department
    answered in between, so the follow-up belongs to that exchange."""
    if turn < 2 or roles[turn - 1] != DEPARTMENT:
        return None
    if minutes.turns[turn - 2].speaker != minutes.turns[turn].speaker:
        return None
    label = minutes.turns[turn - 1].speaker
    team = team_of_label(label, committee)
    if team is None or team.name == committee.secretary:
        return None
    return label, team


_TITLE_NOTE = re.compile(r"\s*[(（][^)）]*(?:제출|발의|소개|대표발의)[^)）]*[)）]\s*$")
