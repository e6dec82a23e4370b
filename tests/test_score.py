"""Gold file loading and the scoring rules of the gold README."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from followup.errors import FollowupError
from followup.extract.score import (
    Gold,
    GoldError,
    GoldItem,
    due_period,
    load_gold,
    normalise,
    score_items,
)

REAL_GOLD = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "gold"
    / "seoul-bigdata-committee-2023-2.yaml"
)


def gi(
    id: str,
    *anchors: str,
    optional: bool = False,
    kind: str = "recommendation",
    speaker: str = "member",
    agenda: tuple[str, ...] | None = None,
    teams: tuple[str, ...] | None = None,
    due: str | None = None,
) -> GoldItem:
    return GoldItem(
        id=id,
        optional=optional,
        kind=kind,
        speaker=speaker,
        agenda=agenda,
        teams=teams,
        due=due,
        anchors=anchors,
    )


def make_gold(*items: GoldItem) -> Gold:
    return Gold(
        path=Path("gold.yaml"),
        minutes=Path("minutes.md"),
        committee=Path("committee.yaml"),
        meeting={},
        agenda=(),
        items=items,
    )


def ex(source_text: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": "recommendation",
        "speaker": "김위원",
        "speaker_role": "member",
        "agenda": None,
        "team": None,
        "stated_due": None,
        "summary": source_text,
        "source_text": source_text,
        "line_start": 1,
        "line_end": 1,
        "confidence": 0.9,
    }
    item.update(fields)
    return item


# ---------------------------------------------------------------------------
# normalise and due periods


def test_normalise_deletes_all_whitespace() -> None:
    assert normalise(" 홍보가\n 필요\t함\u3000 \r\n") == "홍보가필요함"
    assert normalise("") == ""


def test_due_period() -> None:
    assert due_period("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert due_period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert due_period("2023-02") == (date(2023, 2, 1), date(2023, 2, 28))
    assert due_period("2024-09-30") == (date(2024, 9, 30), date(2024, 9, 30))
    for bad in ("24", "2024-9", "2024-13", "2024-02-30", "2024/09", "next year"):
        with pytest.raises(ValueError):
            due_period(bad)


# ---------------------------------------------------------------------------
# matching


def test_counts_tp_duplicate_ignored_fp() -> None:
    gold = make_gold(
        gi("G1", "홍보가 필요함"),
        gi("G2", "예산을 확보할 계획"),
        gi("O1", "교육할 예정", optional=True),
    )
    extracted = [
        ex("서비스 홍보가 필요함."),  # TP G1
        ex("다시 말하지만 홍보가 필요함"),  # duplicate of G1
        ex("직원 교육할 예정입니다"),  # ignored (optional only)
        ex("회의를 마치겠습니다"),  # FP
    ]
    result = score_items(gold, extracted)
    assert result["true_positives"] == 1
    assert result["duplicates"] == 1
    assert result["ignored"] == 1
    assert result["false_positives"] == 1
    assert result["required"] == 2
    assert result["extracted"] == 4
    assert result["precision"] == 0.5
    assert result["recall"] == 0.5
    assert result["f1"] == 0.5
    assert result["missed"] == ["G2"]
    assert result["false_positive_texts"] == ["회의를 마치겠습니다"]


def test_match_is_whitespace_insensitive() -> None:
    gold = make_gold(gi("G1", "조심스러운 접근이 필요함"))
    # The anchor is broken across a line break, even inside a word.
    result = score_items(gold, [ex("개인정보는 조심스러운 접\n근이  필요함.")])
    assert result["true_positives"] == 1
    assert result["missed"] == []
    # And whitespace in the anchor itself does not matter either.
    gold = make_gold(gi("G1", "조심 스러운\n접근"))
    assert score_items(gold, [ex("조심스러운접근")])["true_positives"] == 1


def test_any_anchor_matches() -> None:
    gold = make_gold(gi("G1", "첫 번째 문구", "두 번째 문구"))
    result = score_items(gold, [ex("여기에 두 번째 문구가 있음")])
    assert result["true_positives"] == 1


def test_anchor_must_be_substring_of_item_not_reverse() -> None:
    gold = make_gold(gi("G1", "데이터 품질 관리를 강화할 필요가 있음"))
    result = score_items(gold, [ex("품질 관리")])
    assert result["false_positives"] == 1
    assert result["true_positives"] == 0


def test_item_prefers_unmatched_required_over_matched_one() -> None:
    gold = make_gold(gi("G1", "홍보"), gi("G2", "교육"))
    extracted = [
        ex("홍보가 필요함"),  # G1
        ex("홍보와 교육이 필요함"),  # matches G1 (already matched) and G2 (unmatched) -> G2
    ]
    result = score_items(gold, extracted)
    assert result["true_positives"] == 2
    assert result["duplicates"] == 0
    assert result["recall"] == 1.0


def test_item_takes_first_unmatched_required_in_gold_order() -> None:
    gold = make_gold(gi("G1", "홍보"), gi("G2", "교육"))
    extracted = [ex("홍보와 교육이 필요함"), ex("교육이 필요함")]
    result = score_items(gold, extracted)
    # The first item takes G1 (first in gold order), the second then takes G2.
    assert result["true_positives"] == 2
    assert result["missed"] == []


def test_required_beats_optional() -> None:
    gold = make_gold(gi("O1", "홍보", optional=True), gi("G1", "홍보가 필요"))
    extracted = [ex("홍보가 필요함"), ex("홍보가 필요함 (반복)"), ex("홍보만")]
    result = score_items(gold, extracted)
    assert result["true_positives"] == 1
    assert result["duplicates"] == 1  # a matched required one wins over an optional one
    assert result["ignored"] == 1
    assert result["false_positives"] == 0
    assert result["precision"] == 1.0


def test_nothing_extracted() -> None:
    gold = make_gold(gi("G1", "홍보"))
    result = score_items(gold, [])
    assert result["precision"] == 0.0
    assert result["recall"] == 0.0
    assert result["f1"] == 0.0
    assert result["missed"] == ["G1"]
    for field in ("kind", "speaker", "agenda", "team", "due"):
        assert result[f"{field}_accuracy"] is None


def test_missing_or_null_source_text_is_a_false_positive() -> None:
    gold = make_gold(gi("G1", "홍보"))
    null_text = ex("홍보")
    null_text["source_text"] = None
    result = score_items(gold, [{"kind": "recommendation"}, null_text])
    assert result["false_positives"] == 2
    assert result["false_positive_texts"] == ["", ""]


def test_floats_are_rounded() -> None:
    gold = make_gold(gi("G1", "가"), gi("G2", "나"), gi("G3", "다"))
    result = score_items(gold, [ex("가"), ex("라"), ex("마")])
    assert result["precision"] == 0.3333
    assert result["recall"] == 0.3333
    assert result["f1"] == 0.3333


# ---------------------------------------------------------------------------
# field accuracies


def test_field_accuracy_uses_first_matching_item_and_skips_unscored_fields() -> None:
    gold = make_gold(
        gi(
            "G1",
            "홍보",
            kind="recommendation",
            speaker="member",
            agenda=("안건 A",),
            teams=("팀A",),
        ),
        gi("G2", "예정", kind="commitment", speaker="department"),  # agenda/team not scored
        gi("G3", "미매칭", agenda=("안건 B",), teams=("팀B",)),  # missed: not in any denominator
        gi("O1", "선택", optional=True, agenda=("안건 C",), teams=("팀C",)),
    )
    extracted = [
        ex("홍보가 필요함", agenda="안건\nA", team="팀A"),
        ex("홍보가 필요함", kind="decision", agenda="안건 Z", team="팀Z"),  # duplicate: unused
        ex("추진할 예정", kind="recommendation", speaker_role="department", agenda="X"),
        ex("선택 사항", agenda="틀림", team="틀림"),  # ignored: unused
    ]
    result = score_items(gold, extracted)
    assert result["kind_accuracy"] == 0.5
    assert result["speaker_accuracy"] == 1.0
    assert result["agenda_accuracy"] == 1.0  # only G1 is scored
    assert result["team_accuracy"] == 1.0
    assert result["due_accuracy"] == 1.0
    assert result["field_errors"] == [
        {"id": "G2", "field": "kind", "expected": "commitment", "got": "recommendation"}
    ]


def test_speaker_compares_role_not_name() -> None:
    gold = make_gold(gi("G1", "홍보", speaker="chair"))
    ok = score_items(gold, [ex("홍보", speaker="위원장", speaker_role="chair")])
    assert ok["speaker_accuracy"] == 1.0
    bad = score_items(gold, [ex("홍보", speaker="chair", speaker_role="member")])
    assert bad["speaker_accuracy"] == 0.0


def test_agenda_any_title_whitespace_insensitive_and_null_is_wrong() -> None:
    gold = make_gold(gi("G1", "가", agenda=("안건 하나", "'24년 시행 계획")))
    assert score_items(gold, [ex("가", agenda="'24년 시행계획")])["agenda_accuracy"] == 1.0
    assert score_items(gold, [ex("가", agenda="안건하나")])["agenda_accuracy"] == 1.0
    none = score_items(gold, [ex("가", agenda=None)])
    assert none["agenda_accuracy"] == 0.0
    assert none["field_errors"] == [
        {"id": "G1", "field": "agenda", "expected": ["안건 하나", "'24년 시행 계획"], "got": None}
    ]


def test_team_in_gold_teams() -> None:
    gold = make_gold(gi("G1", "가", teams=("빅데이터기획팀", "빅데이터분석팀")))
    assert score_items(gold, [ex("가", team="빅데이터분석팀")])["team_accuracy"] == 1.0
    assert score_items(gold, [ex("가", team="통계조사팀")])["team_accuracy"] == 0.0
    assert score_items(gold, [ex("가", team=None)])["team_accuracy"] == 0.0


@pytest.mark.parametrize(
    ("gold_due", "stated", "ok"),
    [
        ("2024", "2024-01-01", True),
        ("2024", "2024-12-31", True),
        ("2024", "2025-01-01", False),
        ("2024", "2023-12-31", False),
        ("2024", None, False),
        ("2024-09", "2024-09-01", True),
        ("2024-09", "2024-09-30", True),
        ("2024-09", "2024-10-01", False),
        ("2024-09", "2024-08-31", False),
        ("2024-02", "2024-02-29", True),
        ("2024-09-15", "2024-09-15", True),
        ("2024-09-15", "2024-09-16", False),
        ("2024", "not a date", False),
        (None, None, True),
        (None, "2024-01-01", False),
    ],
)
def test_due_accuracy(gold_due: str | None, stated: str | None, ok: bool) -> None:
    gold = make_gold(gi("G1", "가", due=gold_due))
    result = score_items(gold, [ex("가", stated_due=stated)])
    assert result["due_accuracy"] == (1.0 if ok else 0.0)
    errors = [e for e in result["field_errors"] if e["field"] == "due"]
    assert errors == (
        [] if ok else [{"id": "G1", "field": "due", "expected": gold_due, "got": stated}]
    )


def test_due_accepts_date_objects() -> None:
    gold = make_gold(gi("G1", "가", due="2024-09"))
    assert score_items(gold, [ex("가", stated_due=date(2024, 9, 3))])["due_accuracy"] == 1.0


# ---------------------------------------------------------------------------
# load_gold


def test_load_real_gold_file() -> None:
    gold = load_gold(REAL_GOLD)
    required = [i for i in gold.items if not i.optional]
    optional = [i for i in gold.items if i.optional]
    assert len(required) == 18
    assert len(optional) == 18
    assert gold.required == tuple(required)
    assert gold.minutes.exists()
    assert gold.minutes.name == "seoul-bigdata-committee-2023-2.md"
    assert gold.committee.name == "committee.yaml"
    assert gold.meeting["date"] == date(2023, 12, 15)
    assert len(gold.agenda) == 7
    by_id = {i.id: i for i in gold.items}
    assert by_id["G16"].due == "2024"
    assert by_id["O09"].due == "2024-09"
    assert by_id["G18"].kind == "decision"
    assert by_id["O02"].agenda is None and by_id["O02"].teams is None
    assert by_id["G03"].anchors[0] == "우선순위를 조정하는 것이 필요하다고 제안함"
    # Every gold agenda title is one of the file's agenda titles.
    titles = set(gold.agenda)
    for item in gold.items:
        assert set(item.agenda or ()) <= titles


def test_real_gold_scores_perfectly_against_its_own_anchors() -> None:
    gold = load_gold(REAL_GOLD)
    extracted = [
        ex(
            g.anchors[0],
            kind=g.kind,
            speaker_role=g.speaker,
            agenda=g.agenda[0] if g.agenda else None,
            team=g.teams[0] if g.teams else None,
            stated_due=f"{g.due}-01-01"[:10] if g.due else None,
        )
        for g in gold.items
    ]
    result = score_items(gold, extracted)
    assert result["true_positives"] == 18
    assert result["ignored"] == 18
    assert result["false_positives"] == 0
    assert result["duplicates"] == 0
    assert result["precision"] == result["recall"] == result["f1"] == 1.0
    assert result["field_errors"] == []


GOOD_ITEM = """\
  - id: G01
    kind: recommendation
    speaker: member
    anchors: [홍보가 필요함]
"""


def write_gold(tmp_path: Path, items: str, header: str | None = None) -> Path:
    if header is None:
        header = (
            "minutes: ../minutes/m.md\n"
            "committee: c.yaml\n"
            "meeting: {title: 회의, date: 2023-12-15}\n"
            "agenda: [안건 하나]\n"
        )
    sub = tmp_path / "gold"
    sub.mkdir(exist_ok=True)
    path = sub / "g.yaml"
    path.write_text(header + "items:\n" + items, encoding="utf-8")
    return path


def test_load_gold_resolves_paths_and_parses_fields(tmp_path: Path) -> None:
    items = GOOD_ITEM + (
        "  - id: 7\n"
        "    optional: true\n"
        "    kind: commitment\n"
        "    speaker: department\n"
        "    agenda: 안건 하나\n"
        "    teams: [팀A, 팀B]\n"
        "    due: 2024\n"
        "    anchors: 할 예정\n"
        "  - id: G03\n"
        "    kind: decision\n"
        "    speaker: chair\n"
        "    due: 2024-09-30\n"
        "    anchors: [의결]\n"
    )
    gold = load_gold(write_gold(tmp_path, items))
    assert gold.minutes == (tmp_path / "minutes" / "m.md").resolve()
    assert gold.committee == (tmp_path / "gold" / "c.yaml").resolve()
    assert gold.agenda == ("안건 하나",)
    g1, o7, g3 = gold.items
    assert g1 == gi("G01", "홍보가 필요함")
    assert o7 == gi(
        "7",
        "할 예정",
        optional=True,
        kind="commitment",
        speaker="department",
        agenda=("안건 하나",),
        teams=("팀A", "팀B"),
        due="2024",
    )
    assert g3.due == "2024-09-30"


@pytest.mark.parametrize(
    ("items", "header", "message"),
    [
        (GOOD_ITEM, "committee: c.yaml\n", "missing key 'minutes'"),
        (GOOD_ITEM, "minutes: m.md\n", "missing key 'committee'"),
        (GOOD_ITEM.replace("recommendation", "wish"), None, "item G01: unknown kind 'wish'"),
        (GOOD_ITEM.replace("speaker: member", "speaker: guest"), None, "unknown speaker"),
        (GOOD_ITEM.replace("[홍보가 필요함]", "[]"), None, "item G01: no anchors"),
        (GOOD_ITEM.replace("    anchors: [홍보가 필요함]\n", ""), None, "missing key 'anchors'"),
        (
            GOOD_ITEM.replace("[홍보가 필요함]", "['  ']"),
            None,
            "item G01: 'anchors' has an empty entry",
        ),
        (GOOD_ITEM + GOOD_ITEM, None, "duplicate item id 'G01'"),
        (GOOD_ITEM.replace("  - id: G01\n", "  - optional: false\n"), None, "missing key 'id'"),
        (GOOD_ITEM + "    due: 2024-13\n", None, "item G01: 'due' '2024-13' is not a valid"),
        (GOOD_ITEM + "    due: soon\n", None, "'due' 'soon' is not a valid"),
        (GOOD_ITEM + "    teams: []\n", None, "item G01: 'teams' is an empty list"),
        (GOOD_ITEM + "    optional: maybe\n", None, "'optional' must be true or false"),
        ("  - just text\n", None, "item 1 is not a mapping"),
        ("  []\n", None, "'items' must be a non-empty list"),
    ],
)
def test_load_gold_errors(tmp_path: Path, items: str, header: str | None, message: str) -> None:
    path = write_gold(tmp_path, items, header)
    with pytest.raises(GoldError) as info:
        load_gold(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text
    assert isinstance(info.value, FollowupError)


def test_load_gold_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="file not found"):
        load_gold(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [\n  - id: G01\n", encoding="utf-8")
    with pytest.raises(GoldError, match="not valid YAML at line"):
        load_gold(bad)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(GoldError, match="expected a mapping"):
        load_gold(listing)


def test_micro_average_pools_counts_not_ratios() -> None:
    from followup.extract.score import micro_average

    one = make_gold(gi("G1", "가나다", teams=("A",)), gi("G2", "라마바"))
    two = make_gold(gi("H1", "사아자", teams=("A",)))
    first = score_items(one, [{"source_text": "가나다", "team": "A"}, {"source_text": "x"}])
    second = score_items(two, [{"source_text": "사아자", "team": "B"}])
    pooled = micro_average([("one.yaml", first), ("two.yaml", second)])
    assert pooled["true_positives"] == 2 and pooled["false_positives"] == 1
    assert pooled["precision"] == round(2 / 3, 4) and pooled["recall"] == round(2 / 3, 4)
    assert pooled["team_accuracy"] == 0.5
    assert pooled["missed"] == ["one.yaml: G2"]
    assert pooled["false_positive_texts"] == ["one.yaml: x"]
    assert [f["file"] for f in pooled["files"]] == ["one.yaml", "two.yaml"]
    assert pooled["files"][0]["precision"] == first["precision"]
