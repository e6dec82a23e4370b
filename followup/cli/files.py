"""Minutes files: approve one, list them all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def approve(
    file: Annotated[Path, typer.Argument(help="minutes file (copied into the inbox if outside)")],
    by: Annotated[str, typer.Option("--by", help="who approved the minutes")],
) -> None:
    """Record that the signatory members approved a minutes file."""
    from followup.intake.ingest import approve_file

    try:
        row = approve_file(get_settings(), file, by=by)
    except FollowupError as error:
        fail(error)
    typer.echo(f"승인 기록: {row.path} (승인자 {by}). 다음 `followup run`에서 추출합니다.")


@app.command()
def files() -> None:
    """List registered minutes files with their status (drafts are never extracted)."""
    from followup import store
    from followup.errors import describe_file_error
    from followup.intake.ingest import FOLDER_APPROVAL
    from followup.render import render
    from models.db import session_scope

    settings = get_settings()
    with session_scope(settings.resolved_database_url) as session:
        rows = store.registered_files(session)
    shown = [
        {
            "status": row.status,
            "path": row.path,
            "approved_by": row.approved_by,
            "error": describe_file_error(row.error, templates=settings.templates_dir)
            if row.error
            else "",
        }
        for row in rows
    ]
    typer.echo(
        render(settings.templates_dir, "cli/files.txt.j2", files=shown, folder=FOLDER_APPROVAL),
        nl=False,
    )
