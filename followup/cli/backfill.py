"""Backfill: import an archive of approved minutes, with a progress bar and a summary."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def backfill(
    directory: Annotated[Path, typer.Argument(help="folder of approved minutes files")],
    committee: Annotated[
        Path | None, typer.Option("--committee", help="committee file (YAML)")
    ] = None,
    approved_by: Annotated[
        str, typer.Option("--approved-by", help="name recorded as the approval")
    ] = "",
    batch_size: Annotated[int, typer.Option("--batch-size", help="files per batch")] = 50,
    announce_since: Annotated[
        str | None,
        typer.Option(
            "--announce-since",
            help="announce meetings held on or after this date (YYYY-MM-DD); older ones "
            "are stored without notices (default: the last session before today)",
        ),
    ] = None,
) -> None:
    """Import an archive of approved minutes in batches; run it again to continue."""
    from followup.intake.backfill import BatchOutcome, FileOutcome, Plan, import_batch, plan
    from followup.render import render

    settings = get_settings()
    if committee is not None:
        settings = settings.model_copy(update={"committees": [committee]})
    try:
        since = date.fromisoformat(announce_since) if announce_since else None
    except ValueError:
        fail(FollowupError(f"--announce-since: 날짜 형식이 아닙니다 ({announce_since})"))
    console = Console(stderr=True)
    total = BatchOutcome()
    columns = (
        TextColumn("회의록"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("· 후속조치 {task.fields[items]}건 · 실패 {task.fields[failures]}건"),
        TimeElapsedColumn(),
        TextColumn("남은 시간"),
        TimeRemainingColumn(),
    )
    started = time.monotonic()
    interrupted = False
    work: Plan | None = None
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("backfill", total=None, items=0, failures=0)

        def advance(outcome: FileOutcome) -> None:
            total.add(outcome)
            progress.update(task, advance=1, items=total.items, failures=len(total.failures))

        try:
            work = plan(settings, directory, batch_size=batch_size, announce_since=since)
            progress.update(task, total=work.files)
            for batch in work.batches:
                import_batch(
                    settings,
                    directory,
                    batch,
                    approved_by=approved_by or f"backfill: {directory.name}",
                    quiet_before=work.cutoff,
                    progress=advance,
                )
        except FollowupError as error:
            fail(error)
        except KeyboardInterrupt:
            interrupted = True
    typer.echo(
        render(
            settings.templates_dir,
            "cli/backfill_summary.txt.j2",
            directory=str(directory),
            report=total,
            interrupted=interrupted,
            seconds=time.monotonic() - started,
            cutoff=work.cutoff if work else None,
        )
    )
    if interrupted:
        raise typer.Exit(130)
    if total.failures:
        raise typer.Exit(1)
