"""The structured minutes document and the action items read out of it: plain data, no
behaviour beyond lookups (and an item's natural key). The store reads both (it may not import
the extraction that makes the items)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from followup.text import squash


@dataclass(frozen=True)
class Agenda:
    """One agenda item as listed in the minutes header (``position`` counts from 1)."""

    position: int
    title: str
    group: str = ""  # e.g. "심의" or "토론(자문)" when the header groups items
    # the department the record names for it (a 소관부서 column, the 제안 설명's presenter)
    owner: str = ""


@dataclass(frozen=True)
class Paragraph:
    """Speech text of one turn, broken lines joined again.

    ``line_at`` maps a character offset in ``text`` to its 1-based line in the file:
    ``offsets[i]`` is where the piece from line ``lines[i]`` starts.
    """

    text: str
    offsets: tuple[int, ...]
    lines: tuple[int, ...]
    # what a line of a structured record says by its place: "result" (심의결과 : 수정 의결,
    # 결정 사항 : 조건부 가결) or "condition" (a numbered 조건 or 부대의견 under it); "point" for
    # an opinion or answer line, "declined" for an answer that does not take the opinion up
    # (미반영 : …, 검토 중 : …); "promise" for a line under a record's 조치사항 (what a
    # department will do, by when); "" for speech
    mark: str = ""

    def line_at(self, offset: int) -> int:
        line = self.lines[0]
        for start, ln in zip(self.offsets, self.lines, strict=True):
            if start > offset:
                break
            line = ln
        return line


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: the label as written and its paragraphs.

    ``section`` is the agenda heading or ``[안건]`` marker in force for this turn
    (the raw marker text, e.g. ``〈안전1〉 '24년 ...``), empty when none.
    """

    index: int
    speaker: str
    line_start: int
    line_end: int
    paragraphs: tuple[Paragraph, ...]
    section: str = ""
    section_agenda: int | None = None  # agenda position the section marker names
    presents: bool = False  # the marker sits right under the speaker: this turn presents it
    # under a heading past the agenda items (a record's 기타): owned by no agenda item's team
    no_agenda: bool = False

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Minutes:
    source: str
    title: str = ""
    meeting_date: date | None = None
    place: str = ""
    attendees: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    agenda: list[Agenda] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    line_count: int = 0


@dataclass
class ExtractedItem:
    """One action item as extraction found it (``followup.extract.items.extract_items``)."""

    kind: str
    speaker: str
    speaker_role: str
    agenda: str | None
    agenda_position: int | None
    agenda_reason: str
    team: str
    routing_reason: str
    stated_due: date | None
    due_text: str | None
    summary: str
    source_text: str
    line_start: int
    line_end: int
    confidence: float
    turn: int
    # read out in a presentation (a 업무보고's plans, a bill's 제안설명), not asked or promised in
    # the discussion: the department's programme, not a follow-up of this meeting
    presentation_plan: bool = False
    occurrence: int = 0  # how many earlier items of this document have the same words
    nouns: frozenset[str] = frozenset()  # content nouns of its sentences (재요구 matching)

    @property
    def natural_key(self) -> str:
        """Stable across re-syncs of the same file: the kind and the words (and which time
        they occur), not line numbers, which shift when a corrected file adds a paragraph."""
        text = f"{self.kind}|{squash(self.source_text)}"
        if self.occurrence:
            text += f"|{self.occurrence}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["nouns"]
        data["stated_due"] = self.stated_due.isoformat() if self.stated_due else None
        data["key"] = self.natural_key
        return data
