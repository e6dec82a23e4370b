"""The secretary's pre-meeting digest, on demand: queued for the secretary, or previewed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.cli.report import parse_now
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def digest(
    committee: Annotated[
        str | None, typer.Option("--committee", help="위원회 이름 (위원회가 하나면 생략)")
    ] = None,
    preview: Annotated[
        Path | None,
        typer.Option("--preview", metavar="DIR", help="보내지 않고 이 폴더에 파일로 씁니다"),
    ] = None,
    now: Annotated[str | None, typer.Option("--now", help="기준 시각 ISO (미리보기용)")] = None,
) -> None:
    """Queue the pre-meeting digest for the secretary now, or write it to --preview DIR."""
    from followup.committee import configured_committees, select_committee
    from followup.loop.digest import ON_DEMAND, preview_digest, queue_digest

    settings = get_settings()
    moment = parse_now(now) if now is not None else settings.now()
    try:
        spec = select_committee(configured_committees(settings), committee)
        if preview is not None:
            written = preview_digest(settings, spec, now=moment, folder=preview)
        else:
            key = queue_digest(settings, spec, now=moment, step=ON_DEMAND)
    except FollowupError as error:
        fail(error)
    except OSError as error:
        fail(FollowupError(f"{preview}에 쓸 수 없습니다: {error.strerror or error}"))
    if preview is not None:
        typer.echo(f"{spec.name}: 회의 전 보고 미리보기를 {preview}에 썼습니다 (보내지 않음)")
        for path in written:
            typer.echo(f"  {path.name}")
    else:
        from followup.outbox.sender import send_due

        sent = send_due(settings)
        typer.echo(f"{spec.name}: 회의 전 보고를 {spec.secretary} 앞으로 보냈습니다 ({key})")
        if sent.failed or sent.retrying:
            for line in sent.failed + sent.retrying:
                typer.echo(f"  ! {line}", err=True)
            raise typer.Exit(1)
