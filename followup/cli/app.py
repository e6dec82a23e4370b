"""The ``followup`` Typer app and what every command shares."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer

from followup.settings import PROJECT_ROOT, get_settings

app = typer.Typer(
    help="followup: committee minutes -> action items -> teams -> status report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXAMPLES = PROJECT_ROOT / "examples"


def prefect_api_url() -> str:
    """The Prefect server a pass runs against, when one is configured ("" when none)."""
    return os.environ.get("PREFECT_API_URL", "").strip()


def prefect_home() -> None:
    """Keep Prefect's local state with ours under var/ unless the user chose elsewhere, and
    make sure the folder exists (Prefect cannot start without it)."""
    home = os.environ.setdefault(
        "PREFECT_HOME", str((get_settings().var_dir / "prefect").resolve())
    )
    Path(home).expanduser().mkdir(parents=True, exist_ok=True)
    # The machine may have no route to the internet; the local server must not try to phone home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def fail(error: Exception) -> NoReturn:
    typer.echo(f"오류: {error}", err=True)
    raise typer.Exit(2)
