"""deploy/docker-compose.yml as the compose CLI reads it: valid, complete, and strict about the
settings an operator must give. No container engine is needed for ``config``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT

COMPOSE_FILE = ROOT / "deploy" / "docker-compose.yml"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"


def compose_cli() -> list[str] | None:
    """``docker compose`` (v2) where the plugin is installed, else Debian's ``docker-compose``."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


pytestmark = pytest.mark.skipif(
    compose_cli() is None,
    reason="no compose CLI (scripts/system-deps installs Debian's docker-compose as root)",
)


def mount(volume: str | dict[str, str]) -> tuple[str, str]:
    """(target, source) of a volume, in the short form (compose v1) or the long one (v2)."""
    if isinstance(volume, dict):
        return volume["target"], volume["source"]
    source, target = volume.split(":")[:2]
    return target, source


def config(env_file: Path) -> subprocess.CompletedProcess[str]:
    cli = compose_cli()
    assert cli is not None
    # Only what the env file says: nothing of the caller's environment leaks into the check.
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [*cli, "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_compose_file_with_the_example_settings_is_valid_and_complete() -> None:
    done = config(ENV_EXAMPLE)
    assert done.returncode == 0, done.stderr
    services: dict[str, Any] = yaml.safe_load(done.stdout)["services"]

    assert sorted(services) == [
        "prefect-db", "prefect-server", "setup", "tracker-db", "web", "worker",
    ]  # fmt: skip
    assert services["tracker-db"]["image"] == services["prefect-db"]["image"] == "postgres:16"
    assert all("healthcheck" in s for name, s in services.items() if name != "setup")

    server_db = services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert server_db == "postgresql+asyncpg://prefect:change-me-prefect@prefect-db:5432/prefect"
    for name in ("setup", "worker", "web"):
        service = services[name]
        env = service["environment"]
        assert env["FOLLOWUP_DATABASE_URL"] == (
            "postgresql+psycopg://followup:change-me-tracker@tracker-db:5432/followup"
        )
        assert env["PREFECT_API_URL"] == "http://prefect-server:4200/api"
        # var/ (the link secret, the outbox) is one volume shared by all three.
        assert dict(mount(v) for v in service["volumes"]) == {
            "/srv/var": "followup-var",
            "/srv/inbox": str(ROOT / "deploy" / "inbox"),
            "/srv/config": str(ROOT / "deploy" / "config"),
        }
    for name in ("worker", "web"):
        assert services[name]["depends_on"]["setup"]["condition"] == (
            "service_completed_successfully"
        )
    assert "prefect worker start --pool followup" in " ".join(services["worker"]["command"])
    setup = " ".join(services["setup"]["command"])
    assert "prefect --no-prompt deploy --all --prefect-file deploy/prefect.yaml" in setup


def test_missing_passwords_or_base_url_stop_compose_with_the_name_to_set(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    done = config(empty)
    assert done.returncode != 0
    assert "set " in done.stderr and "in deploy/.env" in done.stderr, done.stderr
