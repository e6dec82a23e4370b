"""One settings object, read from FOLLOWUP_* environment variables and an optional .env file."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A state folder's own settings (``followup demo`` writes one): FOLLOWUP_VAR_DIR pointing at
# the folder is all a command needs to work on that state.
STATE_SETTINGS = "settings.env"
_STARTED = time.monotonic()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", env_file=".env", extra="ignore")

    var_dir: Path = Field(default=Path("var"), description="state: database, secret, outbox")
    database_url: str = Field(default="", description="SQLAlchemy URL; default SQLite in var_dir")
    inbox: Path = Field(default=Path("var/inbox"), description="minutes dropped here")
    outbox: Path = Field(default=Path("var/outbox"), description="local notification folder")
    base_url: str = Field(default="http://127.0.0.1:8000", description="public URL in links")
    link_secret: str = Field(default="", description="HMAC key; generated under var_dir if unset")
    link_days: int = Field(default=120, description="how long a team link stays valid")
    committees: list[Path] = Field(
        default_factory=lambda: [Path("committee.yaml")], description="committee file(s)"
    )
    apprise_config: Path | None = Field(default=None, description="Apprise YAML/text config")
    templates_dir: Path = Field(default=PROJECT_ROOT / "templates")
    review_threshold: float = Field(default=0.6, description="items below go to review")
    max_file_mb: float = Field(default=20.0, description="largest minutes file accepted")
    max_unpacked_mb: float = Field(default=100.0, description="largest DOCX/HWPX content")
    fixed_now: datetime | None = Field(
        default=None, description="a fixed clock (ISO time with zone) for previews, demos, tests"
    )
    clock_start: datetime | None = Field(
        default=None,
        description="a clock that shows this time (ISO, with zone) when the process starts, then "
        "runs: the demo's state explored at the demo's time",
    )

    def now(self) -> datetime:
        """The current time, aware, in UTC: the fixed clock when one is set, else the clock
        started at ``clock_start`` when one is set."""
        if self.fixed_now is not None:
            return _aware(self.fixed_now, "FOLLOWUP_FIXED_NOW")
        if self.clock_start is not None:
            started = _aware(self.clock_start, "FOLLOWUP_CLOCK_START")
            return started + timedelta(seconds=time.monotonic() - _STARTED)
        return datetime.now(UTC)

    # With passes at 08:00 and 13:00 on working days, 8 attempts 30 min, 1, 2, then 4 h apart
    # span about 3 working days before a delivery is failed and the secretary is told.
    send_attempts: int = Field(default=8, ge=1, description="attempts per delivery")
    send_backoff_minutes: float = Field(default=30.0, gt=0, description="wait after 1st failure")
    send_backoff_max_hours: float = Field(default=4.0, gt=0, description="longest wait")
    send_lease_seconds: int = Field(default=300, ge=30, description="a sender's claim on a row")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'followup.db').resolve()}"

    @property
    def secret_path(self) -> Path:
        return self.var_dir / "link-secret"


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{name}에 시간대가 없습니다 (예: 2024-05-20T09:30+09:00)")
    return moment.astimezone(UTC)


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment and ``.env``; a var folder holding its own
    :data:`STATE_SETTINGS` adds those, after ``.env`` and under the environment."""
    first = Settings()
    own = first.var_dir / STATE_SETTINGS
    if not own.is_file():
        return first
    return Settings(_env_file=(".env", own))  # type: ignore[call-arg]


def write_state_settings(var_dir: Path, values: Mapping[str, str], *, note: str) -> Path:
    """Write a state folder's own settings (``FOLLOWUP_*`` names and their values), with
    ``note`` as the file's first comment line."""
    var_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"# {note}"]
    for name, value in values.items():
        quoted = value.replace("\\", "\\\\").replace("'", "\\'")
        lines.append(f"{name}='{quoted}'")
    path = var_dir / STATE_SETTINGS
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
