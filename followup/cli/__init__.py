"""The ``followup`` command: one module per area, each adding its commands to ``app``."""

from __future__ import annotations

import sys

import typer

from followup.cli import (  # noqa: F401  (registers)
    check,
    extraction,
    files,
    outbox,
    passes,
    review,
    secretary,
    sessions,
    web,
)
from followup.cli.app import app
from followup.errors import FollowupError


def main() -> None:
    try:
        app()
    except FollowupError as error:  # pragma: no cover - last resort for unexpected paths
        typer.echo(f"오류: {error}", err=True)
        sys.exit(2)
