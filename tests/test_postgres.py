"""The same pass scenarios on PostgreSQL: migrations, insert-ignore and re-sync work there too."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from postgres import binaries, postgres_server

from followup.settings import Settings, get_settings
from tests import test_pass

pytestmark = pytest.mark.skipif(
    binaries() is None, reason="PostgreSQL binaries not installed (CI installs them)"
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_settings(settings: Settings, server: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    name = f"followup_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    monkeypatch.setenv("FOLLOWUP_DATABASE_URL", server.rsplit("/", 1)[0] + f"/{name}")
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
