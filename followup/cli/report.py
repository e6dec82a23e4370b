"""The 조치결과 report: a session's or a meeting's table as DOCX, HWPX, XLSX or CSV."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from followup.cli.app import app, fail, parse_date, settings
from followup.errors import FollowupError

FORMAT_NAMES = ("docx", "hwpx", "xlsx", "csv")
CommitteeOption = Annotated[
    str | None,
    typer.Option("--committee", metavar="위원회", help="위원회 이름 (위원회가 하나면 생략)"),
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now", metavar="시각", help="기준 시각 (미리보기용). 예: 2024-06-05T09:00+09:00"
    ),
]


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO time with its offset (a fixed clock for previews), else the clock."""
    if text is None:
        return settings().now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--now '{text}': 시각이 아닙니다 (예: 2024-06-05T09:00+09:00)")
    if moment.tzinfo is None:
        fail(f"--now '{text}': 시간대가 없습니다 (예: 2024-06-05T09:00+09:00)")
    return moment


def check_session(committee: str | None, day: date, now: datetime) -> None:
    """A session's report needs a real session: a date of the committee's sessions (its file
    and ``followup session add``) or a day one of its meetings was held."""
    from followup.committee import configured_committees, select_committee
    from followup.documents.table import held_dates
    from followup.loop.sessions import load_sessions
    from models.db import session_scope

    current = settings()
    spec = select_committee(configured_committees(current), committee)
    with session_scope(current.resolved_database_url) as session:
        known = held_dates(session, load_sessions(session, spec, now=now))
    if day not in known:
        listed = ", ".join(d.isoformat() for d in known[-6:]) or "없음"
        fail(
            f"--session {day.isoformat()}: {spec.name}의 회의 날짜가 아닙니다 "
            f"(회의 날짜: {listed}; 회의 일정은 followup session list)"
        )


@app.command()
def report(
    session: Annotated[
        str | None,
        typer.Option("--session", metavar="날짜", help="보고할 회의 날짜 YYYY-MM-DD"),
    ] = None,
    meeting: Annotated[
        int | None,
        typer.Option("--meeting", metavar="번호", help="이 회의(번호)에서 나온 후속조치만"),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="파일",
            help="만들 파일 (.docx, .hwpx, .xlsx, .csv). 생략하면 조치결과-날짜.형식",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="형식",
            help="docx, hwpx, xlsx, csv (생략하면 --out 의 확장자, 그것도 없으면 docx)",
        ),
    ] = None,
    committee: CommitteeOption = None,
    now: NowOption = None,
) -> None:
    """회의에 올릴 조치결과 표를 파일로 만듭니다: 회의 날짜(--session)의 보고, 또는 한
    회의(--meeting)에서 나온 후속조치."""
    if (session is None) == (meeting is None):
        fail("--session 날짜 또는 --meeting 번호 중 하나를 적어 주십시오")
    kind = (fmt or (out.suffix.lstrip(".") if out else "") or "docx").lower()
    if kind not in FORMAT_NAMES:
        fail(f"--format '{kind}': 이 형식은 지원하지 않습니다 ({', '.join(FORMAT_NAMES)} 중 하나)")
    moment = parse_now(now)
    held_on = parse_date(session, "--session") if session is not None else None
    if out is None:
        from followup.documents.table import file_name

        out = Path(
            file_name(settings().templates_dir, kind, session_on=held_on, meeting_id=meeting)
        )
    try:
        if held_on is not None:
            check_session(committee, held_on, moment)
        table, data = _write(kind, committee, held_on, meeting, moment)
    except FollowupError as error:
        fail(error)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as error:
        fail(f"{out}에 쓸 수 없습니다: {error.strerror or error}")
    typer.echo(f"{table.title}: {table.count_line}")
    typer.echo(f"{out} ({kind.upper()}, {len(data):,}바이트)")


def _write(
    kind: str, committee: str | None, held_on: date | None, meeting: int | None, now: datetime
) -> tuple[Any, bytes]:
    from followup.documents import FORMATS
    from followup.documents.table import build_report

    table = build_report(
        settings(), committee_name=committee, session_on=held_on, meeting_id=meeting, now=now
    )
    return table, FORMATS[kind].write(table)
