"""`followup eval` beside P/R/F1: what is sent to the teams and what is held for review, the
figures per kind, and the share of summaries that pass the check, on a small gold file
written for these tests over the council transport minutes in tests/data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup.extract.score import load_gold, micro_average, score_views, summary_pass
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data"

# The minutes' items (confidence): 이용 실적 분석 보고 (0.9), 외곽 대여소 확충 검토 (0.6),
# 50개소 추가 설치 (0.8), the bill's decision (0.95), the 업무보고's plan (0.56, a
# presentation plan), 처우 개선 방안 제출 (0.9) and its answer 처우 개선 방안 마련 (0.8).
# The gold file leaves the answer out (a false positive that is sent) and makes the
# 대여소 ask optional (a sent item that counts as a match, ignored by P/R).
GOLD = f"""\
minutes: {DATA / "council-transport.txt"}
committee: {DATA / "council-transport.yaml"}
items:
  - id: R1
    kind: recommendation
    speaker: member
    anchors: [이용 실적을 매년 분석해서]
  - id: R2
    optional: true
    kind: recommendation
    speaker: member
    anchors: [대여소를 우선 확충하는 방안]
  - id: C1
    kind: commitment
    speaker: department
    anchors: [50개소를 추가로 설치]
  - id: D1
    kind: decision
    speaker: chair
    anchors: [원안대로 가결하고자]
  - id: R3
    kind: recommendation
    speaker: member
    anchors: [처우 개선 방안을 마련해서]
"""


def followup(*args: str, threshold: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FOLLOWUP_REVIEW_THRESHOLD", None)
    if threshold is not None:
        env["FOLLOWUP_REVIEW_THRESHOLD"] = threshold
    command = [sys.executable, "-m", "followup.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env, cwd=ROOT
    )


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "transport-gold.yaml"
    path.write_text(GOLD, encoding="utf-8")
    return path


def test_eval_prints_the_sent_view_beside_the_scores(gold: Path) -> None:
    result = followup("eval", str(gold))
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    # the existing keys are all there, with the values they always had
    assert scores["true_positives"] == 4 and scores["false_positives"] == 1
    assert scores["ignored"] == 1 and scores["presentation_plans"] == 1
    assert scores["precision"] == 0.8 and scores["recall"] == 1.0
    # seven items: six at or above 0.6 are sent, the plan read out (0.56) is held
    assert scores["review_threshold"] == 0.6
    assert (scores["sent"], scores["held"]) == (6, 1)
    assert scores["sent_matched"] == 5  # the optional ask counts as a match
    assert scores["sent_precision"] == round(5 / 6, 4)


def test_the_review_threshold_comes_from_the_settings(gold: Path) -> None:
    result = followup("eval", str(gold), threshold="0.85")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["review_threshold"] == 0.85
    assert (scores["sent"], scores["held"]) == (3, 4)  # 0.9, 0.95, 0.9
    assert scores["sent_precision"] == 1.0
    assert scores["precision"] == 0.8  # P/R do not depend on the threshold


def test_eval_gives_precision_recall_and_f1_per_kind(gold: Path) -> None:
    scores = json.loads(followup("eval", str(gold)).stdout)
    kinds = scores["per_kind"]
    assert set(kinds) == {"recommendation", "commitment", "decision"}
    assert kinds["recommendation"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "true_positives": 2,
        "false_positives": 0,  # the optional ask is neither
        "matched": 2,
        "required": 2,
    }
    assert kinds["commitment"]["precision"] == 0.5  # 50개소 right, the unlabelled answer not
    assert kinds["commitment"]["recall"] == 1.0
    assert kinds["commitment"]["f1"] == round(2 * 0.5 / 1.5, 4)
    assert kinds["decision"]["precision"] == kinds["decision"]["recall"] == 1.0


def test_eval_reports_the_summary_check(gold: Path) -> None:
    scores = json.loads(followup("eval", str(gold)).stdout)
    check = scores["summary_check"]
    assert check["checked"] == 7  # every item, the presentation plan too
    assert check["pass_share"] == 1.0 and check["failing"] == []


def test_the_summary_check_share_names_failing_examples() -> None:
    items = [
        {"summary": "공사 현황 자료 제출"},
        {"summary": "자료를 제출해 주시기 바랍니다"},
        {"summary": "이 부분 개선"},
        {"summary": "결과 보고(다음 달까지)"},
    ]
    check = summary_pass(items)
    assert check["pass_share"] == 0.5 and (check["passed"], check["checked"]) == (2, 4)
    assert [f["summary"] for f in check["failing"]] == [
        "자료를 제출해 주시기 바랍니다",
        "이 부분 개선",
    ]
    assert check["failing"][0]["problems"][0].startswith("spoken ending")
    assert check["failing"][1]["problems"][0].startswith("dangling demonstrative")


def test_a_kind_mistaken_is_wrong_for_both_kinds(gold: Path) -> None:
    spec = load_gold(gold)
    items = [
        {"kind": "commitment", "source_text": "이용 실적을 매년 분석해서 보고", "confidence": 0.9},
        {"kind": "decision", "source_text": "원안대로 가결하고자 합니다", "confidence": 0.95},
    ]
    views = score_views(spec, items)
    assert views["per_kind"]["commitment"]["false_positives"] == 1
    assert views["per_kind"]["recommendation"]["matched"] == 0
    assert views["per_kind"]["decision"]["true_positives"] == 1
    assert views["sent_precision"] == 1.0  # both match a gold item, whatever their kind


def test_the_folder_average_pools_the_sent_view_and_the_summary_share(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "gold.yaml").write_text(GOLD, encoding="utf-8")
    result = followup("eval", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pooled = json.loads(result.stdout)
    assert (pooled["sent"], pooled["held"], pooled["sent_matched"]) == (12, 2, 10)
    assert pooled["sent_precision"] == round(10 / 12, 4)
    assert pooled["summary_check"]["checked"] == 14
    assert pooled["summary_check"]["pass_share"] == 1.0
    assert pooled["summary_check"]["per_file"] == {"a/gold.yaml": 1.0, "b/gold.yaml": 1.0}
    assert pooled["per_kind"]["commitment"]["false_positives"] == 2
    assert [f["sent_precision"] for f in pooled["files"]] == [pooled["sent_precision"]] * 2


def test_micro_average_without_the_views_keeps_its_old_shape() -> None:
    scores = {
        "true_positives": 1,
        "false_positives": 0,
        "duplicates": 0,
        "ignored": 0,
        "required": 1,
        "matched": 1,
        "extracted": 1,
        "missed": [],
        "false_positive_texts": [],
        "field_errors": [],
        "field_counts": {f: [0, 0] for f in ("kind", "speaker", "agenda", "team", "due")},
    }
    pooled = micro_average([("x.yaml", scores)])
    assert "sent_precision" not in pooled and pooled["precision"] == 1.0
