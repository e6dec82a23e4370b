"""The first-start migration survives a kill -9 halfway: the next start works."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from models.db import HEAD, MIGRATIONS, alembic_config, get_engine

ROOT = Path(__file__).resolve().parent.parent
MIGRATE = "import sys; from models.db import get_engine; get_engine(sys.argv[1]); print('migrated')"


def next_start(database: Path) -> subprocess.CompletedProcess[str]:
    """Open the database in another process, as the next `followup run` would."""
    return subprocess.run(
        [sys.executable, "-c", MIGRATE, f"sqlite:///{database}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return {name for (name,) in rows}


def version(database: Path) -> str | None:
    with sqlite3.connect(database) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return row[0] if row else None


def write_locked(database: Path) -> bool:
    """Whether another connection holds the database's write lock (the migration does)."""
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def kill_inside_migration(database: Path, delay: float) -> subprocess.CompletedProcess[str] | None:
    """Start a first run's migration, wait until it holds the write lock, wait ``delay``
    seconds more and kill -9 it; None when it finished before the lock was seen (a busy
    machine can keep this poller off the CPU through the whole window)."""
    url = f"sqlite:///{database}"
    process = subprocess.Popen(
        [sys.executable, "-c", MIGRATE, url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not write_locked(database):
        if process.poll() is not None:
            process.communicate()
            return None
        assert time.monotonic() < deadline, "the migration never took the database lock"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def fresh_database(tmp_path: Path, name: str) -> Path:
    """An empty database file already in WAL mode, as a first start leaves it the moment
    before migrating (so the only write lock seen is the migration's)."""
    database = tmp_path / name
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
    return database


def test_a_migration_killed_halfway_leaves_no_partial_schema_and_the_next_start_works(
    tmp_path: Path,
) -> None:
    killed_before_commit, kills = 0, 0
    for attempt in range(12):
        if kills == 3:
            break
        database = fresh_database(tmp_path, f"followup-{attempt}.db")
        killed = kill_inside_migration(database, delay=0.01 * kills)
        if killed is None:
            continue
        kills += 1
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

        # All or nothing: no table of the schema without its version, never half of it.
        left = tables(database)
        if version(database) is None:
            assert left == set(), f"partial schema after kill -9: {sorted(left)}"
            killed_before_commit += 1
        else:
            assert version(database) == HEAD and {"committee", "action_item"} <= left

        # The next start (another process, as the next `followup run` would be) migrates.
        again = next_start(database)
        assert again.returncode == 0 and "migrated" in again.stdout, again.stderr[-2000:]
        assert version(database) == HEAD
        assert {"committee", "team", "meeting", "action_item", "delivery"} <= tables(database)
    assert kills == 3, "the migration was never caught holding its lock"
    assert killed_before_commit >= 1, "no kill landed inside the migration's transaction"


def test_migrating_an_up_to_date_database_again_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "followup.db"
    get_engine(f"sqlite:///{database}")
    before = tables(database)
    done = next_start(database)
    assert done.returncode == 0, done.stderr[-2000:]
    assert tables(database) == before and version(database) == HEAD


def test_a_start_knows_the_newest_migration_without_loading_alembic() -> None:
    # The start-up check compares the database with models.db.HEAD; a migration added without
    # moving HEAD would never be applied.
    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == HEAD


def test_a_database_left_at_an_older_revision_is_brought_up_to_date(tmp_path: Path) -> None:
    database = tmp_path / "followup.db"
    engine = sa.create_engine(f"sqlite:///{database}")
    command.upgrade(alembic_config(engine), "0002")
    engine.dispose()
    assert version(database) == "0002"
    done = next_start(database)
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(database) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(action_item)")}
    assert version(database) == HEAD and "nouns" in columns
