"""Minutes files: approve one, list them all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail, settings
from followup.errors import FollowupError

# followup.intake.ingest.FOLDER_APPROVAL, spelled here so that listing files does not load
# the intake (tests/test_cli_korean.py checks they agree).
FOLDER_APPROVAL = "inbox approved/ folder"


@app.command()
def approve(
    file: Annotated[
        Path,
        typer.Argument(metavar="파일", help="회의록 파일 (수신함 밖에 있으면 수신함으로 복사)"),
    ],
    by: Annotated[str, typer.Option("--by", metavar="이름", help="승인한 사람 (기록됨)")],
) -> None:
    """서명 위원이 회의록을 승인했다고 기록합니다. 다음 followup run 때 후속조치를 뽑습니다."""
    from followup.intake.ingest import approve_file

    if not by.strip():
        fail("--by: 승인한 사람의 이름을 적어 주십시오")
    try:
        row = approve_file(settings(), file, by=by.strip())
    except FollowupError as error:
        fail(error)
    typer.echo(f"승인 기록: {row.path} (승인자 {by}). 다음 `followup run`에서 추출합니다.")


@app.command()
def files() -> None:
    """등록된 회의록 파일과 그 상태(초안, 승인, 실패)를 보여 줍니다. 초안은 추출하지
    않습니다. 실패한 파일은 그 이유를 함께 보여 줍니다."""
    from followup.errors import describe_file_error
    from followup.render import render
    from followup.store.reading import file_rows, reader

    current = settings()
    with reader(current) as query:
        rows = file_rows(query)
    shown = [
        {
            "status": status,
            "path": path,
            "approved_by": approved_by,
            "error": describe_file_error(error, templates=current.templates_dir) if error else "",
        }
        for status, path, approved_by, error in rows
    ]
    if not shown:
        inbox = current.inbox
        typer.echo(
            f"등록된 회의록이 없습니다. 승인된 회의록을 {inbox / 'approved'}/ 에 넣고 "
            "followup run 을 실행하십시오."
        )
        return
    typer.echo(
        render(current.templates_dir, "cli/files.txt.j2", files=shown, folder=FOLDER_APPROVAL),
        nl=False,
    )
