"""The pass scenarios on PostgreSQL in every run, whichever database the suite uses.

``FOLLOWUP_TEST_DATABASE=postgresql`` replays every database test on PostgreSQL (CI does);
these keep a plain ``pytest`` honest about migrations, insert-ignore and re-sync there too.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from followup.settings import Settings, get_settings
from tests import test_pass


@pytest.fixture
def pg_settings(
    settings: Settings, postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    monkeypatch.setenv("FOLLOWUP_DATABASE_URL", postgres_database)
    get_settings.cache_clear()
    return get_settings()


SCENARIOS: list[Callable[[Settings], None]] = [
    test_pass.test_sample_minutes_reach_each_team_once_with_their_items_and_link,
    test_pass.test_a_second_pass_adds_no_item_and_no_message,
    test_pass.test_corrected_approved_file_is_resynced_without_duplicates,
    test_pass.test_bad_files_are_recorded_and_do_not_stop_the_pass,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__.removeprefix("test_"))
def test_scenario_on_postgresql(
    scenario: Callable[[Settings], None], pg_settings: Settings
) -> None:
    assert pg_settings.resolved_database_url.startswith("postgresql+psycopg://")
    scenario(pg_settings)
