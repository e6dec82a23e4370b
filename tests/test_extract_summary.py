"""Summaries that stand alone: object and action, context when bare, at most 60 characters,
cut at a word boundary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup.extract.summary import SUMMARY_CHARS, summarize, summary_check

ROOT = Path(__file__).resolve().parent.parent


def test_lead_ins_and_fillers_are_dropped() -> None:
    text = "그리고 실장님, 사실 배당 내역을 정리해서 위원회에 보고해 주시기 바랍니다."
    assert summarize(text) == "배당 내역을 정리하여 위원회에 보고"


def test_a_bare_sentence_gets_its_context() -> None:
    summary = summarize("네, 다음 달까지 보고드리겠습니다.", "commitment", agenda="공영주차장 조례")
    assert summary == "공영주차장 조례: 다음 달까지 보고"


def test_a_long_sentence_is_cut_at_a_word_boundary() -> None:
    words = (
        "자치구별 설치 현황과 미설치 사유와 현장 점검 결과와 개선 방안과 추진 일정과 소요 예산과"
    )
    sentence = f"{words} 담당 인력과 관계기관 협의 결과 일체를 위원회에 제출해 주시기 바랍니다"
    summary = summarize(sentence)
    assert len(summary) <= SUMMARY_CHARS and "…" in summary
    head, tail = summary.split("…")
    source = sentence.split()
    assert head.split() == source[: len(head.split())]  # whole words only
    assert tail.strip().endswith("위원회에 제출")  # the action stays


@pytest.mark.parametrize("name", ["a1", "a2", "b1", "b2"])
def test_every_summary_of_the_blind_transcripts_fits_and_keeps_whole_words(name: str) -> None:
    folder = ROOT / "tests" / "data" / f"transcripts-{name}"
    minutes = next(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    command = [sys.executable, "-m", "followup.cli", "extract", str(minutes)]
    command += ["--committee", str(folder / "committee.yaml"), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    for item in json.loads(result.stdout):
        summary = item["summary"]
        assert 0 < len(summary) <= SUMMARY_CHARS, summary
        assert summary_check(summary) == [], summary
        if summary.endswith("…"):
            last = summary[:-1].split()[-1]
            words = " ".join(item["source_text"].split()).split()
            assert last == "및" or any(w.startswith(last) for w in words), summary
