"""What a command loads: `followup --help` neither the settings nor the database; the listings
(`items`, `files`) not SQLAlchemy, Apprise, the store, Kiwi or a document library. Import
budgets, which hold however busy the machine is (bench/cli.py measures the time)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from followup.settings import Settings
from tests.helpers import ROOT, SAMPLE

HEAVY = (
    "pydantic_settings",
    "sqlalchemy",
    "sqlmodel",
    "models.tables",
    "apprise",
    "followup.store.base",  # every area module of the store (the package itself is light)
    "kiwipiepy",
    "docx",
    "hwpx",
    "openpyxl",
    "numpy",
    "prefect",
    "rich",
    "jinja2",
)
PROBE = """
import json, sys
sys.argv = ["followup", *sys.argv[1:]]
from followup.cli import main
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
print(json.dumps(sorted(name for name in heavy if name in sys.modules)), file=sys.stderr)
"""


def loaded(*args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return modules


def test_help_loads_neither_settings_nor_database() -> None:
    assert loaded("--help") == []
    assert loaded("report", "--help") == []


@pytest.fixture
def stored(settings: Settings) -> Settings:
    from followup.intake.passes import run_in_process

    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    run_in_process(settings)
    return settings


def test_listings_load_no_sqlalchemy_store_or_apprise(stored: Settings) -> None:
    if not stored.resolved_database_url.startswith("sqlite"):
        pytest.skip("the plain-SQL listing is for SQLite; PostgreSQL goes through SQLAlchemy")
    assert loaded("items") == ["jinja2", "pydantic_settings"]
    assert loaded("files") == ["jinja2", "pydantic_settings"]
