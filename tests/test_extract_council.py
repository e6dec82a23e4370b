"""End to end on council-style minutes: parse_minutes + extract_items on tests/data.

``council-ai-budget.txt`` is a short session of a council special committee written for this
test: two agenda items, each presented by a department, questioned, answered and passed.
The expectations are what the committee's secretary would put on the follow-up list (the
definition in /work/shared/gold/README.md), not what the extractor happens to print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from followup.committee import load_committee
from followup.extract.items import ExtractedItem, extract_items
from followup.minutes.model import Minutes
from followup.minutes.parse import parse_minutes

DATA = Path(__file__).parent / "data"
MINUTES = DATA / "council-ai-budget.txt"
COMMITTEE = DATA / "council-committee.yaml"

BUDGET = "2026년도 AI 산업 육성 예산안"
ORDINANCE = "서울특별시 인공지능 인재 양성 지원 조례안"
DECISION_TEXT = "이의가 없으므로 원안대로 가결되었음을 선포합니다."


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def extracted() -> tuple[Minutes, tuple[ExtractedItem, ...]]:
    minutes = parse_minutes(MINUTES.read_text(encoding="utf-8"), source=str(MINUTES))
    items = extract_items(minutes, load_committee(COMMITTEE))
    return minutes, tuple(items)


@cache
def line_of(fragment: str, nth: int = 1) -> int:
    """The line of the file holding the nth occurrence of ``fragment``."""
    lines = MINUTES.read_text(encoding="utf-8").split("\n")
    found = [n for n, line in enumerate(lines, 1) if squash(fragment) in squash(line)]
    assert len(found) >= nth, f"{fragment!r} occurs {len(found)} times in the test minutes"
    return found[nth - 1]


def covering(fragment: str, line: int) -> list[ExtractedItem]:
    """Extracted items whose source text holds ``fragment`` and whose lines include ``line``."""
    _, items = extracted()
    return [
        i
        for i in items
        if squash(fragment) in squash(i.source_text) and i.line_start <= line <= i.line_end
    ]


# --- the meeting -----------------------------------------------------------------------


def test_header() -> None:
    minutes, _ = extracted()
    assert (
        minutes.title == "제333회 서울특별시의회(정례회) AI경쟁력강화특별위원회 제5차(2025.11.20)"
    )
    assert minutes.meeting_date == date(2025, 11, 20)
    assert minutes.place == "AI경쟁력강화특별위원회 회의실"


def test_agenda_lists_the_two_titles_once() -> None:
    minutes, _ = extracted()
    assert [a.title for a in minutes.agenda] == [BUDGET, ORDINANCE]


def test_turns_fall_under_the_agenda_item_of_their_square_marker() -> None:
    minutes, _ = extracted()
    second = line_of(f"[안건] 2. {ORDINANCE}")
    for turn in minutes.turns:
        want = ORDINANCE if turn.line_start > second else BUDGET
        assert minutes.agenda[turn.section_agenda - 1].title == want, turn


# --- the action items ------------------------------------------------------------------


@dataclass(frozen=True)
class Want:
    kind: str
    speaker: str  # the label as written in the minutes
    role: str
    agenda: str
    team: str
    due: str | None  # "YYYY" or "YYYY-MM"; None: the text states no date
    anchor: str  # verbatim fragment of the source text
    nth: int = 1  # which occurrence of the anchor in the file (the same words recur)

    @property
    def line(self) -> int:
        return line_of(self.anchor, self.nth)


CHAIR = "위원장 홍길동"
ECONOMY = "경제실장 박영희"
DIGITAL = "디지털정책관 이수진"

WANTED: dict[str, Want] = {
    "R1-member-due-first-half": Want(
        "recommendation", "김철수 위원", "member", BUDGET, "경제실", "2026-06",
        "내년 상반기까지 졸업 기업 정착 지원 방안을 마련해서 위원회에 보고해 주시기 바랍니다",
    ),
    "C1-economy-will-review": Want(
        "commitment", ECONOMY, "department", BUDGET, "경제실", "2026-06",
        "내년 상반기 중에 지원 방안을 검토하겠습니다",
    ),
    # the deadline of the answer (내년 3월까지 마련하도록 하겠습니다) belongs to the ask (issue 10)
    "R2-member-indicators": Want(
        "recommendation", "이영미 위원", "member", BUDGET, "경제실", "2026-03",
        "기업별 성과 지표를 마련하는 것이 필요합니다",
    ),
    "C2-economy-by-march": Want(
        "commitment", ECONOMY, "department", BUDGET, "경제실", "2026-03",
        "내년 3월까지 마련하도록 하겠습니다",
    ),
    "D1-budget-passed": Want(
        "decision", CHAIR, "chair", BUDGET, "경제실", None, DECISION_TEXT, nth=1
    ),
    "R3-member-wish-older-learners": Want(
        "recommendation", "박지훈 위원", "member", ORDINANCE, "디지털정책관", None,
        "AI 교육 과정도 포함되면 좋겠습니다",
    ),
    "C3-digital-will-reflect": Want(
        "commitment", DIGITAL, "department", ORDINANCE, "디지털정책관", None,
        "어르신 교육 과정을 반영하도록 하겠습니다",
    ),
    "R4-member-even-centres": Want(  # the answer: 내년 중에 교육 센터를 설치할 ...
        "recommendation", "박지훈 위원", "member", ORDINANCE, "디지털정책관", "2026",
        "교육 센터를 고르게 배치하는 것이 중요합니다",
    ),
    "C4-digital-plan-next-year": Want(
        "commitment", DIGITAL, "department", ORDINANCE, "디지털정책관", "2026",
        "내년 중에 교육 센터를 설치할 계획입니다",
    ),
    "R5-chair-yearly-report": Want(
        "recommendation", CHAIR, "chair", ORDINANCE, "디지털정책관", None,
        "매년 위원회에 보고해 줄 것을 요청합니다",
    ),
    "D2-ordinance-passed": Want(
        "decision", CHAIR, "chair", ORDINANCE, "디지털정책관", None, DECISION_TEXT, nth=2
    ),
}  # fmt: skip


def _in_period(value: date | None, period: str | None) -> bool:
    if period is None or value is None:
        return period is None and value is None
    parts = [int(p) for p in period.split("-")]
    return (value.year, value.month)[: len(parts)] == tuple(parts)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(
            k,
            id=k,
        )
        for k in WANTED
    ],
)
def test_expected_item(key: str) -> None:
    want = WANTED[key]
    found = covering(want.anchor, want.line)
    assert len(found) == 1, f"{key}: want one item at line {want.line}, got {found}"
    item = found[0]
    got = {
        "kind": item.kind,
        "speaker": item.speaker,
        "speaker_role": item.speaker_role,
        "agenda": item.agenda,
        "team": item.team,
        "due in period": _in_period(item.stated_due, want.due),
    }
    assert got == {
        "kind": want.kind,
        "speaker": want.speaker,
        "speaker_role": want.role,
        "agenda": want.agenda,
        "team": want.team,
        "due in period": True,
    }, f"{key}: stated_due={item.stated_due} due_text={item.due_text!r}"


def test_due_dates_resolve_against_the_meeting_date() -> None:
    r1 = covering(
        WANTED["R1-member-due-first-half"].anchor, WANTED["R1-member-due-first-half"].line
    )
    c2 = covering(WANTED["C2-economy-by-march"].anchor, WANTED["C2-economy-by-march"].line)
    assert [i.stated_due for i in r1] == [date(2026, 6, 30)]
    assert [i.stated_due for i in c2] == [date(2026, 3, 31)]


# --- sentences that are not action items -----------------------------------------------


def _no_item(text: str, why: str | None = None, nth: int = 1) -> Any:
    """A sentence that must give no item; ``why`` notes what makes it look like one."""
    return pytest.param(text, nth)


NOT_ITEMS: dict[str, Any] = {
    # procedure: the chair running the meeting
    "chair-order": _no_item("의석을 정돈해 주시기 바랍니다."),
    "chair-table-1": _no_item(f"의사일정 제1항 {BUDGET}을 상정합니다."),
    "chair-call-presentation-1": _no_item("경제실장께서는 나오셔서 제안설명해 주시기 바랍니다."),
    "chair-call-questions-1": _no_item("질의하실 위원님께서는 질의해 주시기 바랍니다.", nth=1),
    "chair-call-questions-2": _no_item("질의하실 위원님께서는 질의해 주시기 바랍니다.", nth=2),
    "chair-call-member": _no_item("먼저 김철수 위원님 질의해 주십시오."),
    "chair-call-presentation-2": _no_item("디지털정책관께서 제안설명해 주시기 바랍니다."),
    "chair-floor": _no_item("위원장으로서 한 말씀 드리겠습니다."),
    "chair-close": _no_item("이상으로 오늘 회의를 마치겠습니다."),
    "chair-adjourn": _no_item("산회를 선포합니다."),
    # procedure: presentations and the staff report
    "economy-opens-presentation": _no_item(
        f"{BUDGET}에 대해 제안설명 드리겠습니다.",
        "cues: 제안설명 is read as the proposal noun 제안 + 드리다 and -겠- as a promise; "
        "nothing marks presenting now as procedure",
    ),
    "economy-refers-to-handout": _no_item(
        "자세한 내용은 배부해 드린 자료를 참고해 주시기 바랍니다."
    ),
    "economy-closes-presentation": _no_item(
        "이상으로 제안설명을 마치겠습니다.",
        "cues: 마치다 is no procedure act, so closing the presentation is a promise",
    ),
    "digital-closes-presentation": _no_item(
        "이상으로 보고를 마치겠습니다.",
        "cues: 보고 is kept out of PROCEDURE_ACTS and 마치다 is none, so a department's "
        "closing line is a commitment",
    ),
    "staff-review-report": _no_item(
        "검토보고 드리겠습니다.",
        "cues: the staff review report given now (검토보고 드리겠습니다) reads as a promise; "
        "the secretary's own team is then routed to the agenda owner",
    ),
    # questions answered in the meeting
    "question-tenants": _no_item("양재 AI 허브에 지금 입주한 기업이 몇 개입니까?"),
    "question-spending": _no_item("올해 집행률이 얼마나 됩니까?"),
    "question-more": _no_item("더 질의하실 위원님 계십니까?"),
    # thanks and praise
    "thanks-answer": _no_item("답변 감사합니다."),
    "thanks-presenter": _no_item("경제실장님 수고하셨습니다."),
    "praise": _no_item("투자 유치 실적이 크게 늘어난 점은 높이 평가합니다."),
    "thanks-closing": _no_item("관계 공무원 여러분께 감사드립니다."),
    # acknowledgement, and work done or under way
    "acknowledgement": _no_item("네, 알겠습니다."),
    "fact-tenants": _no_item("현재 96개 기업이 입주해 있습니다."),
    "fact-budget": _no_item("내년도 예산은 총 1,250억 원으로 올해보다 18% 늘었습니다."),
    "done-spending": _no_item("10월 말 기준으로 62%를 집행했습니다."),
    "under-way-support": _no_item("현재 2차 공모로 선정된 기업들에 대한 지원을 진행하고 있습니다."),
    "under-way-centres": _no_item("18개 구에서 AI 교육 센터를 운영하고 있습니다."),
    "staff-opinion": _no_item("특별한 문제점은 없는 것으로 판단됩니다."),
}


@pytest.mark.parametrize(("text", "nth"), list(NOT_ITEMS.values()), ids=list(NOT_ITEMS))
def test_sentence_yields_no_item(text: str, nth: int) -> None:
    assert covering(text, line_of(text, nth)) == []


def test_every_extracted_item_is_one_the_secretary_wants() -> None:
    _, items = extracted()
    unwanted = [
        (i.kind, i.speaker, i.source_text)
        for i in items
        if not any(
            squash(w.anchor) in squash(i.source_text) and i.line_start <= w.line <= i.line_end
            for w in WANTED.values()
        )
    ]
    assert unwanted == []


@pytest.mark.parametrize("nth", [1, 2])
def test_a_motion_is_part_of_its_decision_not_an_item_of_its_own(nth: int) -> None:
    motion = "원안대로 의결하고자 하는데 이의 없으십니까?"
    items = covering(motion, line_of(motion, nth))
    assert [i.kind for i in items] == ["decision"]
    assert "가결되었음을 선포합니다" in items[0].source_text
    assert items[0].summary.endswith("원안가결")
