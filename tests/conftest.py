"""Shared fixtures: a real SQLite database, inbox and outbox per test, and the real samples."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.committee import load_committee
from followup.notify import write_local_config
from followup.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLE = EXAMPLES / "inbox" / "approved" / "seoul-bigdata-committee-2023-2.md"
COUNCIL_SAMPLE = EXAMPLES / "inbox" / "seoul-council-ai-special-cmte-2025-10-30.txt"
COMMITTEE = EXAMPLES / "committee.yaml"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointing at a fresh var/ folder, as the flows read them from the environment."""
    var = tmp_path / "var"
    committee = tmp_path / "committee.yaml"
    shutil.copy(COMMITTEE, committee)
    env = {
        "FOLLOWUP_VAR_DIR": str(var),
        "FOLLOWUP_INBOX": str(tmp_path / "inbox"),
        "FOLLOWUP_OUTBOX": str(tmp_path / "outbox"),
        "FOLLOWUP_COMMITTEES": json.dumps([str(committee)]),
        "FOLLOWUP_BASE_URL": "https://followup.example.org",
        # The sample's tags all lead to the local outbox folder, as in the demo.
        "FOLLOWUP_APPRISE_CONFIG": str(
            write_local_config(
                tmp_path / "apprise.yaml",
                [t[4:] for team in load_committee(committee).teams for t in team.notify],
                tmp_path / "outbox",
            )
        ),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    (tmp_path / "inbox" / "approved").mkdir(parents=True)
    yield get_settings()
    get_settings.cache_clear()
