"""The 조치결과 report: a session's or a meeting's table as DOCX, HWPX, XLSX or CSV."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO time with its offset (a fixed clock for previews), else the clock."""
    from followup.calendar import utc_now

    if text is None:
        return utc_now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(FollowupError(f"'{text}'은(는) 시각이 아닙니다 (예: 2024-06-05T09:00+09:00)"))
    if moment.tzinfo is None:
        fail(FollowupError(f"'{text}'에 시간대가 없습니다 (예: 2024-06-05T09:00+09:00)"))
    return moment


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="만들 파일 (.docx, .hwpx, .xlsx, .csv)")],
    session: Annotated[
        str | None, typer.Option("--session", metavar="DATE", help="보고할 회의 날짜 YYYY-MM-DD")
    ] = None,
    meeting: Annotated[
        int | None, typer.Option("--meeting", metavar="ID", help="이 회의의 조치사항만")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="docx, hwpx, xlsx, csv (생략하면 --out 의 확장자)"),
    ] = None,
    committee: Annotated[
        str | None, typer.Option("--committee", help="위원회 이름 (위원회가 하나면 생략)")
    ] = None,
    now: Annotated[str | None, typer.Option("--now", help="기준 시각 ISO (미리보기용)")] = None,
) -> None:
    """Write the 조치결과 table of a session (--session) or of a meeting (--meeting)."""
    from followup.documents import FORMATS
    from followup.documents.table import build_report

    kind = (fmt or out.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        fail(FollowupError(f"형식 '{kind}'은(는) 지원하지 않습니다: docx, hwpx, xlsx, csv 중 하나"))
    held_on = None
    if session is not None:
        try:
            held_on = date.fromisoformat(session)
        except ValueError:
            fail(FollowupError(f"'{session}'은(는) 날짜가 아닙니다 (YYYY-MM-DD)"))
    try:
        table = build_report(
            get_settings(),
            committee_name=committee,
            session_on=held_on,
            meeting_id=meeting,
            now=parse_now(now),
        )
        data = FORMATS[kind].write(table)
    except FollowupError as error:
        fail(error)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as error:
        fail(FollowupError(f"{out}에 쓸 수 없습니다: {error.strerror or error}"))
    typer.echo(f"{table.title}: {table.count_line}")
    typer.echo(f"{out} ({kind.upper()}, {len(data):,}바이트)")
