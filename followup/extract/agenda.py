"""Which agenda item each turn belongs to.

Signals, strongest first:

1. the section heading the turn sits under (``〈안건1〉 title``, ``(안건3-4) title``, ``[안건]``);
2. an explicit mention in the turn (``안건 3-5에서``, ``2번 안건``, ``1번, 2번 안건``,
   ``의사일정 제1항``, ``두 번째 안건``);
3. within the phase the chair announced (``심의 안건 2건 ... 먼저 질의응답``, ``5가지 현안에 대해서``),
   the agenda item whose title, presentation and owning team's keywords best match the turn;
4. the agenda item of the discussion the turn continues.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from followup.committee import Committee, Team
from followup.extract.dates import KOREAN_NUMBERS
from followup.extract.speakers import CHAIR, DEPARTMENT, team_of_label
from followup.minutes.model import Minutes, Turn
from followup.text import squash

_KOREAN_NUMBERS = {**KOREAN_NUMBERS, "첫": 1}  # 첫 번째 안건
_FROM_TWO = r"두|세|네|다섯|여섯|일곱|여덟|아홉|열"  # native numerals from two up
_AGENDA = r"안\s*[건전]"  # 안건, or 안전 as some minutes label it
# How a turn names an agenda item: 안건 3-5, 1번, 2번 안건, 두 번째 안건, 의사일정 제1항
_LABELLED = re.compile(_AGENDA + r"\s*(\d+(?:\s*-\s*\d+)?)(?!\s*(?:\d|건|가지|개|개의))")
_NUMBERED = re.compile(r"((?:\d+\s*번\s*[,·및와과]?\s*)+)" + _AGENDA)
_ORDINAL = re.compile(r"(첫|" + _FROM_TWO + r")\s*번째\s*" + _AGENDA)
_SCHEDULE = re.compile(r"의사\s*일정\s*제\s*(\d+)\s*항")
# What the chair puts on the floor: items a sentence about them counts (2건, 다섯 가지), unless
# the sentence puts them off (끝난 뒤에)
_ABOUT_ITEMS = re.compile(_AGENDA + r"|의\s*안|현안|업무|보고|심의")
_GROUP_COUNT = re.compile(r"(\d+|한|" + _FROM_TWO + r")\s*(?:건|가지)")
_DEFERRED = re.compile(r"(?:끝난|마친|끝나고|마치고)\s*(?:뒤|후|다음)|나중에|이후에|그\s*다음에")
_MIN_SCORE = 1.5


@dataclass(frozen=True)
class AgendaChoice:
    position: int | None
    reason: str


def _bare(text: str) -> str:
    """Letters and digits only: a title named with or without its quotes and brackets
    (「구립센터」 운영사무의 민간위탁(재위탁) 동의안 = 구립센터 운영사무의 민간위탁 재위탁 동의안)."""
    return re.sub(r"[\W_]", "", text)


# (시장 제출), (홍길동 의원 대표발의): who tabled it, not part of what a sentence names
_TITLE_NOTE = re.compile(r"\s*[(（][^)）]*(?:제출|발의|제의|제안)[^)）]*[)）]\s*$")
# Two bills on one agenda line (… 조례안(구청장 제출) 14.「…」 동의안(구청장 제출)): the second's
# 의사일정 number, written before it
_RUN_ON = re.compile(r"\s+(\d+)\s*\.\s*(?=\S)")


def title_parts(title: str) -> list[str]:
    """The titles one agenda line holds, each without who tabled it."""
    return [_TITLE_NOTE.sub("", part) for part in _RUN_ON.split(title)[::2]]


class AgendaTracker:
    """Assigns every turn of one minutes document to an agenda position (or none)."""

    def __init__(
        self,
        minutes: Minutes,
        committee: Committee,
        turn_terms: Sequence[Counter[str]],
        roles: Sequence[str],
        title_terms: dict[int, Counter[str]],
    ) -> None:
        self.minutes = minutes
        self.committee = committee
        self.turn_terms = turn_terms
        self.roles = roles
        self.positions = [a.position for a in minutes.agenda]
        self.labels = self._section_labels()
        self.presented_at: dict[int, int] = {}  # agenda position -> turn presenting it first
        for turn in minutes.turns:
            if turn.presents and turn.section_agenda is not None:
                self.presented_at.setdefault(turn.section_agenda, turn.index)
        self.owners = {p: self._owner(p) for p in self.positions}
        # One heading over every turn of minutes with several items is the tail of the agenda
        # list ([안건] a, [안건] b ...), not a section: it says nothing about any turn.
        sections = {t.section_agenda for t in minutes.turns}
        self.sections_listed = len(self.positions) > 1 and len(sections) == 1
        # A heading inside a presentation names what that turn presents; the discussion
        # after it may be on any item of the phase.
        self.presented_section: dict[int, bool] = {}
        last_presented: int | None = None
        for turn in minutes.turns:
            if turn.presents:
                last_presented = turn.section_agenda
            # a turn under the heading of the item presented last (a record's section,
            # presentation then discussion) is on that item
            self.presented_section[turn.index] = (
                not turn.presents
                and last_presented is not None
                and last_presented != turn.section_agenda
                and sum(1 for t in minutes.turns if t.presents) > 1
            )
        self.profiles = self._profiles(title_terms)
        self.idf = self._idf()
        # 의사일정 제N항 -> position: a line holding two bills holds two numbers, and the
        # numbers after it run one ahead of the positions
        self.scheduled: dict[int, int] = {}
        number = 1
        for agenda in minutes.agenda:
            number = max(number, agenda.position)
            for _ in title_parts(agenda.title):
                self.scheduled[number] = agenda.position
                number += 1

    def owner(self, position: int | None, text: str = "") -> Team | None:
        """The team owning the agenda item; of two bills on one agenda line, the one the
        text names (의사일정 제14항 「…」 동의안을 … 가결되었음을 선포합니다)."""
        if position is None:
            return None
        agenda = next(a for a in self.minutes.agenda if a.position == position)
        flat = _bare(text)
        named = [p for p in title_parts(agenda.title) if len(_bare(p)) >= 6 and _bare(p) in flat]
        if len(named) == 1 and len(title_parts(agenda.title)) > 1 and not agenda.owner:
            return self._best_team(named[0], "") or self.owners.get(position)
        return self.owners.get(position)

    def choose(self) -> list[AgendaChoice]:
        """One choice per turn. For a chair's turn that opens a new phase part-way, what
        the chair said before the opening keeps the old phase: see :meth:`before_opening`."""
        choices: list[AgendaChoice] = []
        self.openings: dict[int, tuple[int, AgendaChoice]] = {}
        phase: set[int] | None = None
        previous: int | None = None
        for turn, role, terms in zip(self.minutes.turns, self.roles, self.turn_terms, strict=True):
            if role == CHAIR:
                announced, at = self._announced(turn.text)
                if announced:
                    if at > 0:
                        early = self._choose_one(turn, turn.text[:at], terms, phase, previous)
                        self.openings[turn.index] = (at, early)
                    phase = announced if len(announced) < len(self.positions) else None
            choice = self._choose_one(turn, turn.text, terms, phase, previous)
            choices.append(choice)
            previous = choice.position if choice.position is not None else previous
        return choices

    def named_in(self, text: str) -> int | None:
        """The agenda item a sentence names itself: ``의사일정 제1항``, ``안건 3-5``, or its
        title (``2024년 탄소중립 실행계획은 원안대로 가결``)."""
        mentioned = self._mentions(text)
        flat = _bare(text)
        titled = [
            a.position
            for a in self.minutes.agenda
            if any(len(_bare(part)) >= 6 and _bare(part) in flat for part in title_parts(a.title))
        ]
        # 의사일정 제12항, … 조례안을 …: of bills tabled together the title says which; the
        # 의사일정 number counts items the agenda list may not hold
        if len(titled) == 1 and (not mentioned or mentioned[0] not in titled):
            longest = max(len(squash(a.title)) for a in self.minutes.agenda if a.position in titled)
            if not mentioned or longest >= 12:
                return titled[0]
        if mentioned:
            return mentioned[0]
        return titled[0] if len(titled) == 1 else None

    def before_opening(self, turn: int, offset: int) -> AgendaChoice | None:
        """The choice for text at ``offset`` of a chair's turn, if it precedes the sentence
        that opened a new phase (a resolution recorded before moving on)."""
        opening = self.openings.get(turn)
        if opening is not None and offset < opening[0]:
            return opening[1]
        return None

    def _choose_one(
        self,
        turn: Turn,
        text: str,
        terms: Counter[str],
        phase: set[int] | None,
        previous: int | None,
    ) -> AgendaChoice:
        """The choice for ``text``: the whole turn, or the part of a chair's turn before it
        opened a new phase."""
        role = self.roles[turn.index]
        mentioned = self._mentions(text)
        weak = self.presented_section.get(turn.index, False)
        if turn.section_agenda is not None and not self.sections_listed and not weak:
            return AgendaChoice(turn.section_agenda, f"heading: {turn.section.strip()}")
        if mentioned:
            return AgendaChoice(mentioned[0], "mentioned in the turn")
        if weak and turn.section_agenda is not None:
            found = self._by_content(terms, phase, previous, role, turn.index)
            if found.position is not None:
                return found
            return AgendaChoice(turn.section_agenda, f"heading: {turn.section.strip()}")
        return self._by_content(terms, phase, previous, role, turn.index)

    def _by_content(
        self,
        terms: Counter[str],
        phase: set[int] | None,
        previous: int | None,
        role: str,
        turn: int,
    ) -> AgendaChoice:
        # an item presented only later in the meeting is not under discussion yet
        candidates = [
            p
            for p in (sorted(phase) if phase else self.positions)
            if self.presented_at.get(p, -1) <= turn
        ]
        scored = sorted(
            ((self._similarity(terms, p), p) for p in candidates), key=lambda x: (-x[0], x[1])
        )
        answering = role == DEPARTMENT and previous is not None and previous in candidates
        if answering and scored and scored[0][0] < 2 * _MIN_SCORE:
            # an answer stays with the question it answers unless it plainly moves on
            return AgendaChoice(previous, "answers the turn before it")
        if scored and scored[0][0] >= _MIN_SCORE:
            best, position = scored[0]
            if len(scored) > 1 and best < 1.2 * scored[1][0] and previous == scored[1][1]:
                position = previous  # a near tie: stay with the discussion under way
            shared = sorted(
                (t for t in terms if self._match(t, self.profiles[position])),
                key=lambda t: -self.idf.get(t, 0.0),
            )[:3]
            return AgendaChoice(position, "similar to the agenda: " + ", ".join(shared))
        if previous is not None and previous in candidates and role != CHAIR:
            return AgendaChoice(previous, "continues the discussion")
        open_phase = [p for p in sorted(phase or ()) if p in candidates]
        if previous in open_phase:
            return AgendaChoice(previous, "continues the discussion")
        if open_phase:
            return AgendaChoice(open_phase[0], "phase announced by the chair")
        if previous is not None and previous in candidates:
            return AgendaChoice(previous, "continues the discussion")
        return AgendaChoice(None, "no agenda signal")

    def _similarity(self, terms: Counter[str], position: int) -> float:
        profile = self.profiles.get(position, Counter())
        score = 0.0
        for term, n in terms.items():
            have = self._match(term, profile)
            if have:
                score += self.idf.get(term, 0.0) * math.sqrt(n) * math.log1p(profile[have])
        return score

    @staticmethod
    def _match(term: str, profile: Counter[str]) -> str | None:
        """The profile term matching ``term``; Latin names also match inside longer ones
        (``GPT`` in ``chatGPT``), since minutes mix scripts for the same product."""
        if term in profile:
            return term
        if len(term) >= 3 and term.isascii() and term.isalpha():
            for have in profile:
                if have.isascii() and term in have:
                    return have
        return None

    def _mentions(self, text: str) -> list[int]:
        """Agenda positions the text names explicitly, in the order it names them."""
        return [p for _, p in self._mention_spans(text)]

    def last_named_before(self, text: str) -> int | None:
        """The agenda item named last in ``text`` (what a turn was on before an item in it:
        ``다음은 의사일정 제2항 … 이의가 없으므로 가결되었음을 선포합니다``)."""
        spans = self._mention_spans(text)
        return max(spans)[1] if spans else None

    def _mention_spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for match in _LABELLED.finditer(text):
            label = re.sub(r"\s+", "", match[1])
            position = self.labels.get(label)
            if position is None and label.isdigit():
                position = int(label)
            if position is not None:
                found.append((match.start(), position))
        for match in _NUMBERED.finditer(text):
            numbers = re.findall(r"\d+", match[1])
            found.extend((match.start(), self.labels.get(n, int(n))) for n in numbers)
        for match in _ORDINAL.finditer(text):
            found.append((match.start(), _KOREAN_NUMBERS[match[1]]))
        for match in _SCHEDULE.finditer(text):
            number = int(match[1])
            found.append((match.start(), self.scheduled.get(number, number)))
        first: dict[int, int] = {}
        for at, position in sorted(found):
            if position in self.positions:
                first.setdefault(position, at)
        return sorted((at, position) for position, at in first.items())

    def _announced(self, text: str) -> tuple[set[int], int]:
        """What the chair puts on the floor, and where in the turn: the last sentence that
        names agenda items wins (``...5가지 보고 안건은 별도로 토론하고, 두 가지 안건에 대해서
        먼저 질의해 주시기 바랍니다``), except one that puts items off (``보고 안건은 의결이
        끝난 뒤에``)."""
        announced: set[int] = set()
        at = 0
        for match in re.finditer(r"[^.?!\n]+[.?!]?", text):
            sentence = match[0]
            if _DEFERRED.search(sentence):
                continue
            named = self._groups(sentence) | set(self._mentions(sentence))
            if named:
                announced, at = named, match.start()
        return announced, at

    def _groups(self, text: str) -> set[int]:
        """Agenda positions of the groups the chair names, by their size (2건, 5가지) or by
        their kind (보고 안건에 대해서도, 심의 안건을)."""
        groups: dict[str, list[int]] = {}
        for agenda in self.minutes.agenda:
            if agenda.group:
                groups.setdefault(agenda.group, []).append(agenda.position)
        found: set[int] = set()
        # a count names a group only in a sentence about agenda items (한 가지 덧붙이겠습니다
        # is one more remark, not the one-item group)
        counted = _GROUP_COUNT.finditer(text) if _ABOUT_ITEMS.search(text) else iter(())
        for match in counted:
            raw = match[1]
            count = int(raw) if raw.isdigit() else _KOREAN_NUMBERS.get(raw, 0)
            for members in groups.values():
                if len(members) == count:
                    found.update(members)
        for name, members in groups.items():
            kind = re.sub(r"안\s*건|[(（][^)）]*[)）]|\W", "", name)
            if kind and re.search(kind + r"\s*안\s*건", text):
                found.update(members)
        return found

    def _section_labels(self) -> dict[str, int]:
        """Heading labels to positions, so ``안건 3-5`` finds the item headed ``(안전3-5)``."""
        labels: dict[str, int] = {}
        for turn in self.minutes.turns:
            if turn.section_agenda is None:
                continue
            match = re.search(r"(\d+(?:\s*-\s*\d+)?)", turn.section)
            if match:
                labels.setdefault(re.sub(r"\s+", "", match[1]), turn.section_agenda)
        return labels

    def _presentation(self, position: int) -> str:
        return " ".join(t.text for t in self.minutes.turns if t.section_agenda == position)

    def _owner(self, position: int) -> Team | None:
        agenda = next(a for a in self.minutes.agenda if a.position == position)
        if agenda.owner:  # the record names it (a 소관부서 column, the presenting department)
            named = team_of_label(agenda.owner, self.committee)
            if named is not None:
                return named
        return self._best_team(agenda.title, self._presentation(position))

    def _best_team(self, title: str, presentation: str) -> Team | None:
        """The team whose keywords the title names most; the presentation settles what the
        title leaves open (of bills tabled together, 일괄 상정, it speaks of them all)."""
        title, body = squash(title), squash(presentation)
        best: tuple[tuple[int, int], Team] | None = None
        for team in self.committee.teams:
            score = (
                sum(title.count(squash(k)) for k in team.keywords),
                sum(min(body.count(squash(k)), 3) for k in team.keywords),
            )
            if score > (0, 0) and (best is None or score > best[0]):
                best = (score, team)
        return best[1] if best else None

    def _profiles(self, title_terms: dict[int, Counter[str]]) -> dict[int, Counter[str]]:
        profiles: dict[int, Counter[str]] = {}
        for position in self.positions:
            profile: Counter[str] = Counter()
            for term, n in title_terms.get(position, Counter()).items():
                profile[term] += 3 * n
            for turn, terms in zip(self.minutes.turns, self.turn_terms, strict=True):
                if turn.section_agenda == position:
                    profile.update(terms)
            owner = self.owners.get(position)
            if owner:
                for keyword in owner.keywords:
                    profile[squash(keyword).lower()] += 1
            profiles[position] = profile
        return profiles

    def _idf(self) -> dict[str, float]:
        """Rarity of a term across the turns of this meeting: words everybody uses say little."""
        df: Counter[str] = Counter()
        for terms in self.turn_terms:
            df.update(set(terms))
        for profile in self.profiles.values():
            df.update(t for t in profile if t not in df)
        n = len(self.turn_terms) + 1
        return {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
