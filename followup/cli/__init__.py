"""The ``followup`` command: one module per area, each adding its commands to ``app``.

``followup.cli.app`` is imported first: it binds the Korean catalog before Typer is loaded.
The modules import nothing heavy at the top (see ``followup.cli.app``), so the commands'
order here is the order ``followup --help`` lists them in.
"""

from __future__ import annotations

import sys

# isort: off
from followup.cli.app import app
from followup.cli import (  # noqa: F401  (registers, in the order --help lists them)
    setup,
    passes,
    schedule,
    items,
    files,
    review,
    check,
    report,
    digest,
    links,
    requests,
    sessions,
    outbox,
    secretary,
    web,
    extraction,
    backfill,
)

# isort: on
from followup.errors import FollowupError

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except FollowupError as error:  # pragma: no cover - last resort for unexpected paths
        print(f"오류: {error}", file=sys.stderr)
        sys.exit(2)
