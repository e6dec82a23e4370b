"""The sample minutes saved as DOCX, HWPX, HWP and PDF give the same turns, agenda and
action items as the Markdown original, item by item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from followup.committee import load_committee
from followup.extract.agenda import squash
from followup.extract.items import ExtractedItem, extract_items
from followup.minutes.model import Minutes
from followup.minutes.parse import parse_minutes
from followup.minutes.read import read_minutes_text
from tests.formats_fixtures import (
    markdown_to_docx,
    markdown_to_hwp,
    markdown_to_hwpx,
    markdown_to_pdf,
)
from tests.helpers import COMMITTEE, SAMPLE

CONVERTERS: dict[str, Callable[[str], bytes]] = {
    "docx": markdown_to_docx,
    "hwpx": markdown_to_hwpx,
    "hwp": markdown_to_hwp,
    "pdf": markdown_to_pdf,
}


def comparable(item: ExtractedItem) -> tuple[object, ...]:
    return (
        item.kind,
        item.speaker,
        item.speaker_role,
        item.agenda,
        item.team,
        item.stated_due,
        squash(item.source_text),
    )


def read_back(tmp_path: Path, suffix: str) -> tuple[Minutes, list[ExtractedItem]]:
    path = tmp_path / f"minutes.{suffix}"
    path.write_bytes(CONVERTERS[suffix](SAMPLE.read_text(encoding="utf-8")))
    minutes = parse_minutes(read_minutes_text(path), source=path.name)
    return minutes, extract_items(minutes, load_committee(COMMITTEE))


@pytest.fixture(scope="module")
def original() -> tuple[Minutes, list[ExtractedItem]]:
    minutes = parse_minutes(SAMPLE.read_text(encoding="utf-8"), source=SAMPLE.name)
    return minutes, extract_items(minutes, load_committee(COMMITTEE))


@pytest.mark.parametrize("suffix", sorted(CONVERTERS))
def test_every_format_gives_the_same_items(
    suffix: str, tmp_path: Path, original: tuple[Minutes, list[ExtractedItem]]
) -> None:
    want_minutes, want_items = original
    minutes, items = read_back(tmp_path, suffix)

    assert [a.title for a in minutes.agenda] == [a.title for a in want_minutes.agenda]
    assert (minutes.meeting_date, minutes.signatories) == (
        want_minutes.meeting_date,
        want_minutes.signatories,
    )
    assert [(t.speaker, squash(t.text)) for t in minutes.turns] == [
        (t.speaker, squash(t.text)) for t in want_minutes.turns
    ]
    assert [comparable(i) for i in items] == [comparable(i) for i in want_items]
