"""The engine, sessions, and bringing the schema up to date on start."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0007"  # the newest revision under migrations/versions (tests/test_migrate.py checks it)
_MIGRATION_LOCK = 0x666F6C6C6F77  # "follow": the advisory lock the PostgreSQL migration holds
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def get_engine(url: str) -> Engine:
    """One engine per URL per process; the schema is migrated the first time."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create_engine(url)
            migrate(engine)
            _engines[url] = engine
        return engine


def _sqlite_path(url: str) -> str:
    return url.split(":///", 1)[-1]


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = _sqlite_path(url)
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            _create_private(Path(database))
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL survives a killed process; only a power cut can lose the last commits.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_migration_engine(url: str) -> Engine:
    """A connection for migrating SQLite in one transaction. pysqlite leaves DDL outside any
    transaction unless its own transaction handling is off and we say BEGIN ourselves; with
    BEGIN IMMEDIATE the whole upgrade commits or vanishes together (a kill -9 halfway leaves
    the old schema), and two first starts at once take turns. Foreign keys are off while
    batch migrations copy tables, as SQLite's documented procedure for schema changes has
    it, and checked before the commit."""
    engine = sa.create_engine(url, connect_args={"timeout": 30}, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _create_private(path: Path) -> None:
    """Create the SQLite file mode 0600 before SQLite does (it holds team data and is read by
    nobody else); SQLite gives its -wal and -shm files the same mode."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection_engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent), in one transaction."""
    if _is_current(engine):
        return
    if engine.dialect.name == "sqlite" and _sqlite_path(str(engine.url)) not in ("", ":memory:"):
        migration_engine = _sqlite_migration_engine(engine.url.render_as_string(False))
        try:
            with migration_engine.begin() as connection:
                _upgrade(engine, connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        finally:
            migration_engine.dispose()
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Two first starts at once take turns: the second waits here, then finds the
            # schema current. The lock is released with the migration's transaction.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
            )
        _upgrade(engine, connection)


def _is_current(engine: Engine) -> bool:
    """Whether the database is at HEAD already, read without Alembic: loading it costs every
    process about 11 MB and 0.1 s, and nearly every start finds nothing to do."""
    with engine.connect() as connection:
        try:
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return [row[0] for row in version] == [HEAD]
        except sa.exc.DBAPIError:  # no version table yet: a new database
            return False


def _upgrade(engine: Engine, connection: sa.Connection) -> None:
    from alembic import command

    config = alembic_config(engine)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
