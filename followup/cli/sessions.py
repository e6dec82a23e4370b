"""Sessions: add a coming session date, remove one, list them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings

session_app = typer.Typer(help="다음 회의 일정: 추가·취소하고 목록을 봅니다.", no_args_is_help=True)
app.add_typer(session_app, name="session")
CommitteeOption = Annotated[
    str | None, typer.Option("--committee", help="위원회 이름 (위원회가 하나면 생략)")
]


@session_app.command("add")
def session_add(
    held_on: Annotated[str, typer.Argument(metavar="DATE", help="회의 날짜 YYYY-MM-DD")],
    committee: CommitteeOption = None,
    by: Annotated[str, typer.Option("--by", help="입력한 사람 (기록됨)")] = "간사",
) -> None:
    """Add a coming session; items with no stated due date move to it."""
    from followup.committee import configured_committees, select_committee
    from followup.loop.sessions import add_session
    from followup.render import korean_date
    from models.db import session_scope

    settings = get_settings()
    try:
        day = date.fromisoformat(held_on)
    except ValueError:
        fail(FollowupError(f"'{held_on}'은(는) 날짜가 아닙니다 (YYYY-MM-DD)"))
    try:
        spec = select_committee(configured_committees(settings), committee)
        with session_scope(settings.resolved_database_url) as session:
            sessions = add_session(session, spec, day, by=by, now=settings.now())
    except FollowupError as error:
        fail(error)
    listed = ", ".join(korean_date(d) for d in sessions.dates)
    typer.echo(f"{spec.name}: {korean_date(day)} 회의를 추가했습니다. 회의 일정: {listed}")


@session_app.command("remove")
def session_remove(
    held_on: Annotated[str, typer.Argument(metavar="DATE", help="취소할 회의 날짜 YYYY-MM-DD")],
    committee: CommitteeOption = None,
    by: Annotated[str, typer.Option("--by", help="취소한 사람 (기록됨)")] = "간사",
) -> None:
    """Cancel a session: no reminder goes out for it; items due at it move to the next one."""
    from followup.committee import configured_committees, select_committee
    from followup.loop.sessions import remove_session
    from followup.render import korean_date
    from models.db import session_scope

    settings = get_settings()
    try:
        day = date.fromisoformat(held_on)
    except ValueError:
        fail(FollowupError(f"'{held_on}'은(는) 날짜가 아닙니다 (YYYY-MM-DD)"))
    try:
        spec = select_committee(configured_committees(settings), committee)
        with session_scope(settings.resolved_database_url) as session:
            sessions = remove_session(session, spec, day, by=by, now=settings.now())
    except FollowupError as error:
        fail(error)
    listed = ", ".join(korean_date(d) for d in sessions.dates) or "없음"
    typer.echo(
        f"{spec.name}: {korean_date(day)} 회의를 취소했습니다(알림도 보내지 않습니다). "
        f"회의 일정: {listed}"
    )


@session_app.command("list")
def session_list(committee: CommitteeOption = None) -> None:
    """List the committee's sessions (from its file and from `followup session add`)."""
    from followup import store
    from followup.calendar import local_date
    from followup.committee import configured_committees, select_committee
    from followup.loop.sessions import FROM_FILE, load_sessions
    from followup.render import korean_date
    from models.db import session_scope

    settings = get_settings()
    now = settings.now()
    try:
        spec = select_committee(configured_committees(settings), committee)
        with session_scope(settings.resolved_database_url) as session:
            sessions = load_sessions(session, spec, now=now)
            rows = store.session_rows(session, committee_id=sessions.committee_id)
    except FollowupError as error:
        fail(error)
    today = local_date(now, spec.timezone)
    upcoming = sessions.upcoming(today)
    typer.echo(f"{spec.name} 회의 일정")
    for row in rows:
        source = "위원회 파일" if row.added_by == FROM_FILE else f"입력: {row.added_by}"
        mark = " ← 다음 회의" if row.held_on == upcoming else ""
        past = " (지남)" if row.held_on < today else ""
        typer.echo(f"  {korean_date(row.held_on)}{past}  {source}{mark}")
    if upcoming is None:
        typer.echo("  다음 회의 일정이 없습니다: followup session add YYYY-MM-DD 로 추가하십시오")
