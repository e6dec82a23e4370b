"""The extractor over the 46 real plenary minutes of ``../shared/corpus/district-plenaries/``
(no gold): every file reads with its meeting date and yields items without an error, and what
would be tabled reads as a secretary's 개조식 phrase (the summary check) for nearly all of them.
The corpus lives beside the project, not in it: without it these tests are skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup.extract.summary import summary_check
from followup.minutes.parse import parse_minutes
from tests.helpers import extracted, sent_items

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "district-plenaries"
COUNCIL = "committee: 구의회\nsecretary: 의사팀\nteams:\n  - name: 의사팀\n"
FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[Any, list[Any]]]:
    read = {}
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        read[path.name] = (
            parse_minutes(text, source=path.name),
            extracted(text, COUNCIL, path.name),
        )
    return read


def test_every_plenary_reads_with_its_date_and_speakers(corpus: dict[str, Any]) -> None:
    assert len(corpus) == 46
    undated = [name for name, (minutes, _) in corpus.items() if minutes.meeting_date is None]
    assert not undated
    silent = [name for name, (minutes, _) in corpus.items() if not minutes.turns]
    assert not silent


def test_what_would_be_sent_reads_as_a_tabled_phrase(corpus: dict[str, Any]) -> None:
    sent = [i for _, items in corpus.values() for i in sent_items(items)]
    failing = [i.summary for i in sent if summary_check(i.summary)]
    assert len(failing) <= 0.02 * len(sent), failing
