"""The ``followup`` command: one module per area, each adding its commands to ``app``."""

from __future__ import annotations

import sys

import typer

from followup.cli import (  # noqa: F401  (registers)
    backfill,
    check,
    digest,
    extraction,
    files,
    items,
    links,
    outbox,
    passes,
    report,
    requests,
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
