"""Sessions: add a coming session date, remove one, list them."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import App, app, fail, parse_date, settings
from followup.cli.report import CommitteeOption
from followup.errors import FollowupError

session_app = App(help="회의 일정을 추가·취소하고 목록을 봅니다.", no_args_is_help=True)
app.add_typer(session_app, name="session")


@session_app.command("add")
def session_add(
    held_on: Annotated[str, typer.Argument(metavar="날짜", help="회의 날짜 YYYY-MM-DD")],
    committee: CommitteeOption = None,
    by: Annotated[str, typer.Option("--by", metavar="이름", help="입력한 사람 (기록됨)")] = "간사",
) -> None:
    """다음 회의 날짜를 추가합니다. 기한이 적혀 있지 않은 후속조치는 그 회의가 기한이 됩니다."""
    from followup.committee import configured_committees, select_committee
    from followup.loop.sessions import add_session
    from followup.render import korean_date
    from models.db import session_scope

    current = settings()
    day = parse_date(held_on, "날짜")
    try:
        spec = select_committee(configured_committees(current), committee)
        with session_scope(current.resolved_database_url) as session:
            sessions = add_session(session, spec, day, by=by, now=current.now())
    except FollowupError as error:
        fail(error)
    listed = ", ".join(korean_date(d) for d in sessions.dates)
    typer.echo(f"{spec.name}: {korean_date(day)} 회의를 추가했습니다. 회의 일정: {listed}")


@session_app.command("remove")
def session_remove(
    held_on: Annotated[str, typer.Argument(metavar="날짜", help="취소할 회의 날짜 YYYY-MM-DD")],
    committee: CommitteeOption = None,
    by: Annotated[str, typer.Option("--by", metavar="이름", help="취소한 사람 (기록됨)")] = "간사",
) -> None:
    """회의를 취소합니다. 그 회의를 앞둔 알림은 보내지 않고, 그 회의가 기한인 후속조치는 다음
    회의로 옮깁니다."""
    from followup.committee import configured_committees, select_committee
    from followup.loop.sessions import remove_session
    from followup.render import korean_date
    from models.db import session_scope

    current = settings()
    day = parse_date(held_on, "날짜")
    try:
        spec = select_committee(configured_committees(current), committee)
        with session_scope(current.resolved_database_url) as session:
            sessions = remove_session(session, spec, day, by=by, now=current.now())
    except FollowupError as error:
        fail(error)
    listed = ", ".join(korean_date(d) for d in sessions.dates) or "없음"
    typer.echo(
        f"{spec.name}: {korean_date(day)} 회의를 취소했습니다(알림도 보내지 않습니다). "
        f"회의 일정: {listed}"
    )


@session_app.command("list")
def session_list(committee: CommitteeOption = None) -> None:
    """위원회의 회의 일정(위원회 파일과 followup session add 로 더한 날짜)을 보여 줍니다."""
    from followup import store
    from followup.calendar import local_date
    from followup.committee import configured_committees, select_committee
    from followup.loop.sessions import FROM_FILE, load_sessions
    from followup.render import korean_date
    from models.db import session_scope

    current = settings()
    now = current.now()
    try:
        spec = select_committee(configured_committees(current), committee)
        with session_scope(current.resolved_database_url) as session:
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
