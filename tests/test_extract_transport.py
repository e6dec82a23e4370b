"""A third hand-written fixture, council style: a bill presented, reviewed, questioned and
passed, then a work report with a member's demand and the department's promise."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from followup.committee import load_committee
from followup.extract.items import ExtractedItem, extract_items
from followup.minutes.parse import parse_minutes

DATA = Path(__file__).parent / "data"
BILL = "서울특별시 자전거 이용 활성화에 관한 조례 일부개정조례안(김영수 의원 대표발의)"
REPORT = "2025년도 교통실 주요업무 보고"


@pytest.fixture(scope="module")
def items() -> list[ExtractedItem]:
    text = (DATA / "council-transport.txt").read_text(encoding="utf-8")
    minutes = parse_minutes(text, source="council-transport.txt")
    assert [a.title for a in minutes.agenda] == [BILL, REPORT]
    return extract_items(minutes, load_committee(DATA / "council-transport.yaml"))


@pytest.mark.parametrize(
    ("fragment", "kind", "role", "agenda", "due"),
    [
        ("위원회에 보고해 주시기", "recommendation", "member", BILL, None),
        # the answer's deadline (올해 하반기까지 ... 설치하도록 하겠습니다) belongs to the ask
        ("대여소를 우선 확충하는 방안", "recommendation", "member", BILL, date(2025, 12, 31)),
        ("50개소를 추가로 설치하도록", "commitment", "department", BILL, date(2025, 12, 31)),
        ("가결되었음을 선포", "decision", "chair", BILL, None),
        ("다음 회기 전까지 제출해", "recommendation", "member", REPORT, date(2025, 6, 9)),
        ("처우 개선 방안을 마련하겠습니다", "commitment", "department", REPORT, None),
    ],
)  # fmt: skip
def test_expected_items(
    items: list[ExtractedItem], fragment: str, kind: str, role: str, agenda: str, due: date | None
) -> None:
    (item,) = [i for i in items if fragment in i.source_text]
    assert (item.kind, item.speaker_role, item.agenda, item.team, item.stated_due) == (
        kind,
        role,
        agenda,
        "교통실",
        due,
    )


@pytest.mark.parametrize(
    "fragment",
    [
        "제안설명해 주시기 바랍니다",
        "제안설명 드리겠습니다",
        "제안설명을 마치겠습니다",
        "자료를 참고해 주시기",
        "검토보고 드리겠습니다",
        "재정 부담이 얼마나 늘어납니까",
        "보고를 마치겠습니다",
        "산회를 선포합니다",
    ],
)
def test_no_item_from(items: list[ExtractedItem], fragment: str) -> None:
    assert not [i for i in items if fragment in i.source_text]
