"""Passes: one pass now, the demo, and serving the scheduled deployments."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import typer

from followup.cli.app import EXAMPLES, app, fail, prefect_home
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def run() -> None:
    """One pass of everything: ingest the inbox, extract, assign, notify; print per team."""
    prefect_home()
    from flows.run import followup_pass
    from followup.report import pass_summary

    try:
        result = followup_pass()
        typer.echo(pass_summary(get_settings(), result.scan, result.synced, result.notified))
    except FollowupError as error:
        fail(error)


@app.command()
def serve() -> None:
    """Serve the scheduled deployments (a pass at 08:00 and 13:00 on weekdays, Asia/Seoul)."""
    prefect_home()
    from flows.deployments import main as serve_deployments

    serve_deployments()


@app.command()
def demo() -> None:
    """Run one pass on the sample minutes in examples/ with embedded defaults (var/demo)."""
    base = Path("var/demo")
    os.environ.update(
        {
            "FOLLOWUP_VAR_DIR": str(base),
            "FOLLOWUP_INBOX": str(base / "inbox"),
            "FOLLOWUP_OUTBOX": str(base / "outbox"),
            "FOLLOWUP_COMMITTEES": json.dumps([str(EXAMPLES / "committee.yaml")]),
        }
    )
    get_settings.cache_clear()
    inbox = base / "inbox"
    for source in sorted((EXAMPLES / "inbox").rglob("*")):
        if source.is_file():
            target = inbox / source.relative_to(EXAMPLES / "inbox")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copy2(source, target)
    run()
