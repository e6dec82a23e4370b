"""Backfill: import an archive of approved minutes, with a progress bar and a summary."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail, parse_date, settings
from followup.errors import FollowupError


@app.command()
def backfill(
    directory: Annotated[
        Path, typer.Argument(metavar="폴더", help="승인된 회의록 파일이 있는 폴더")
    ],
    committee: Annotated[
        Path | None, typer.Option("--committee", metavar="파일", help="위원회 파일 (YAML)")
    ] = None,
    approved_by: Annotated[
        str, typer.Option("--approved-by", metavar="이름", help="승인자로 기록할 이름")
    ] = "",
    batch_size: Annotated[
        int, typer.Option("--batch-size", metavar="개수", help="한 번에 처리할 파일 수")
    ] = 50,
    announce_since: Annotated[
        str | None,
        typer.Option(
            "--announce-since",
            metavar="날짜",
            help="이 날짜(YYYY-MM-DD) 이후에 열린 회의의 후속조치만 부서에 알립니다. 그 전 "
            "회의는 알림 없이 저장합니다 (생략하면 오늘 전 마지막 회의 날짜)",
        ),
    ] = None,
) -> None:
    """승인된 회의록 묶음(예전 회의록)을 나누어 가져옵니다. 중단되면 같은 명령을 다시
    실행해 이어서 처리합니다."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from followup.intake.backfill import BatchOutcome, FileOutcome, Plan, import_batch, plan
    from followup.render import render

    if not directory.is_dir():
        fail(f"{directory}: 폴더가 없습니다")
    if batch_size < 1:
        fail(f"--batch-size {batch_size}: 1 이상이어야 합니다")
    current = settings()
    if committee is not None:
        current = current.model_copy(update={"committees": [committee]})
    since: date | None = parse_date(announce_since, "--announce-since") if announce_since else None
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
            work = plan(current, directory, batch_size=batch_size, announce_since=since)
            progress.update(task, total=work.files)
            for batch in work.batches:
                import_batch(
                    current,
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
            current.templates_dir,
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
