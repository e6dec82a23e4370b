"""A second hand-written fixture, in the heading style: presentations under agenda headings,
a question answered and followed up, a member ask answered with a promise, a decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from followup.committee import load_committee
from followup.extract.items import ExtractedItem, extract_items
from followup.minutes.parse import parse_minutes

DATA = Path(__file__).parent / "data"
PLAN, BUILDINGS = "2024년 탄소중립 실행계획", "건물 에너지 효율화 사업 추진현황"


@pytest.fixture(scope="module")
def items() -> list[ExtractedItem]:
    text = (DATA / "climate-committee.md").read_text(encoding="utf-8")
    minutes = parse_minutes(text, source="climate-committee.md")
    return extract_items(minutes, load_committee(DATA / "climate-committee.yaml"))


def only(items: list[ExtractedItem], fragment: str) -> ExtractedItem:
    (item,) = [i for i in items if fragment in i.source_text]
    return item


@pytest.mark.parametrize(
    ("fragment", "kind", "role", "agenda", "team", "due"),
    [
        ("내년 예산에 반영하도록", "commitment", "department", PLAN, "기후정책과", date(2025, 12, 31)),
        ("별도 홍보 방안을 마련해", "recommendation", "member", PLAN, "기후정책과", None),
        ("기준을 명확히 정비할 필요", "recommendation", "member", BUILDINGS, "녹색건축과", date(2024, 6, 30)),
        ("6월까지 정비하여", "commitment", "department", BUILDINGS, "녹색건축과", date(2024, 6, 21)),
        ("서면으로 제출해 주시기", "recommendation", "member", PLAN, "기후정책과", None),
        ("가결되었음을 선포", "decision", "chair", PLAN, "기후정책과", None),
    ],
)  # fmt: skip
def test_expected_items(
    items: list[ExtractedItem],
    fragment: str,
    kind: str,
    role: str,
    agenda: str,
    team: str,
    due: date | None,
) -> None:
    item = only(items, fragment)
    assert (item.kind, item.speaker_role, item.agenda, item.team, item.stated_due) == (
        kind,
        role,
        agenda,
        team,
        due,
    )


@pytest.mark.parametrize(
    "fragment",
    [
        "안건을 보고해 주시기 바랍니다",  # procedure
        "말씀해 주십시오",  # procedure
        "확보되어 있는지 궁금합니다",  # question, answered
        "지표가 있습니까",  # question, answered
        "집계하고 있습니다",  # work under way
        "성능을 개선하였으며",  # work done
        "준비해 주셔서 감사합니다",  # thanks
        "회의를 마치겠습니다",  # procedure
    ],
)
def test_no_item_from(items: list[ExtractedItem], fragment: str) -> None:
    assert not [i for i in items if fragment in i.source_text]


def test_the_plan_read_out_in_the_presentation_waits_for_review(
    items: list[ExtractedItem],
) -> None:
    plan = only(items, "120개소로 확대할 계획")
    assert plan.kind == "commitment" and plan.confidence < 0.6
