"""Passes: one pass now, the demo, and serving the scheduled deployments."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import typer

from followup.cli.app import EXAMPLES, app, fail, prefect_home
from followup.committee import load_committee
from followup.errors import FollowupError
from followup.notify import write_local_config
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
    if any(n.failed or n.retrying for n in result.notified):
        raise typer.Exit(1)  # a message not delivered: the scheduler must see the pass fail


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
    tags = [
        target[4:]
        for team in load_committee(EXAMPLES / "committee.yaml").teams
        for target in team.notify
        if target.startswith("tag:")
    ]
    config = write_local_config(base / "apprise.yaml", tags, base / "outbox")
    os.environ["FOLLOWUP_APPRISE_CONFIG"] = str(config)
    get_settings.cache_clear()
    inbox = base / "inbox"
    for source in sorted((EXAMPLES / "inbox").rglob("*")):
        if source.is_file():
            target = inbox / source.relative_to(EXAMPLES / "inbox")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copy2(source, target)
    run()
