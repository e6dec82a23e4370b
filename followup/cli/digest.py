"""The secretary's pre-meeting digest, on demand: queued for the secretary, or previewed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail, settings
from followup.cli.report import CommitteeOption, NowOption, parse_now
from followup.errors import FollowupError


@app.command()
def digest(
    committee: CommitteeOption = None,
    preview: Annotated[
        Path | None,
        typer.Option("--preview", metavar="폴더", help="보내지 않고 이 폴더에 파일로 씁니다"),
    ] = None,
    now: NowOption = None,
) -> None:
    """간사에게 회의 전 현황 보고(보고서 첨부)를 지금 보냅니다. --preview 폴더를 주면
    보내지 않고 그 폴더에 씁니다."""
    from followup.committee import configured_committees, select_committee
    from followup.loop.digest import ON_DEMAND, preview_digest, queue_digest

    current = settings()
    moment = parse_now(now)
    try:
        spec = select_committee(configured_committees(current), committee)
        if preview is not None:
            written = preview_digest(current, spec, now=moment, folder=preview)
        else:
            key = queue_digest(current, spec, now=moment, step=ON_DEMAND)
    except FollowupError as error:
        fail(error)
    except OSError as error:
        fail(f"{preview}에 쓸 수 없습니다: {error.strerror or error}")
    if preview is not None:
        typer.echo(f"{spec.name}: 회의 전 보고 미리보기를 {preview}에 썼습니다 (보내지 않음)")
        for path in written:
            typer.echo(f"  {path.name}")
        return
    from followup.outbox.sender import send_due

    sent = send_due(current)
    typer.echo(f"{spec.name}: 회의 전 보고를 {spec.secretary} 앞으로 보냈습니다 ({key})")
    if sent.undelivered:
        for line in sent.undelivered:
            typer.echo(f"  ! {line}", err=True)
        raise typer.Exit(1)
