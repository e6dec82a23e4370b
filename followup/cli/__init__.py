"""The ``followup`` command: one module per area, each adding its commands to ``app``."""

from __future__ import annotations

import sys

import typer

from followup.cli import (  # noqa: F401  (registers)
    extraction,
    files,
    links,
    passes,
    requests,
    review,
    sessions,
    web,
)
from followup.cli.app import app
from followup.errors import FollowupError


def main() -> None:
    try:
        app()
    except FollowupError as error:  # pragma: no cover - last resort for unexpected paths
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)
