"""One settings object, read from FOLLOWUP_* environment variables and an optional .env file."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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

    def now(self) -> datetime:
        """The current time, aware, in UTC: the fixed clock when one is set."""
        if self.fixed_now is None:
            return datetime.now(UTC)
        moment = self.fixed_now
        if moment.tzinfo is None:
            raise ValueError("FOLLOWUP_FIXED_NOW에 시간대가 없습니다 (예: 2024-05-20T09:30+09:00)")
        return moment.astimezone(UTC)

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
