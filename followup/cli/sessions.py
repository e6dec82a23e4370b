"""Sessions: add a coming session date, remove one, list them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from followup.cli.app import App, app, fail, parse_date, settings
from followup.cli.report import CommitteeOption
from followup.errors import FollowupError

if TYPE_CHECKING:
    from sqlmodel import Session

    from followup.committee import Committee
    from followup.loop.sessions import Sessions
    from models.tables import SessionDate

    Rows = list[SessionDate]

session_app = App(help="회의 일정을 추가·취소하고 목록을 봅니다.", no_args_is_help=True)
app.add_typer(session_app, name="session")

AddedOn = Annotated[str, typer.Argument(metavar="날짜", help="회의 날짜 YYYY-MM-DD")]
AddedBy = Annotated[str, typer.Option("--by", metavar="이름", help="입력한 사람 (기록됨)")]
CancelledOn = Annotated[str, typer.Argument(metavar="날짜", help="취소할 회의 날짜 YYYY-MM-DD")]
CancelledBy = Annotated[str, typer.Option("--by", metavar="이름", help="취소한 사람 (기록됨)")]
T = TypeVar("T")


def _in_committee(
    committee: str | None, work: Callable[[Session, Committee, datetime], T]
) -> tuple[Committee, T]:
    """The committee a command names and what ``work`` returns for it, in one transaction at
    the settings' clock; a :class:`FollowupError` ends the command."""
    from followup.committee import configured_committees, select_committee
    from models.db import session_scope

    current = settings()
    try:
        spec = select_committee(configured_committees(current), committee)
        with session_scope(current.resolved_database_url) as session:
            return spec, work(session, spec, current.now())
    except FollowupError as error:
        fail(error)


@session_app.command("add")
def session_add(held_on: AddedOn, committee: CommitteeOption = None, by: AddedBy = "간사") -> None:
    """다음 회의 날짜를 추가합니다. 기한이 적혀 있지 않은 후속조치는 그 회의가 기한이 됩니다."""
    from followup.loop.sessions import add_session
    from followup.render import korean_date

    day = parse_date(held_on, "날짜")
    spec, sessions = _in_committee(
        committee, lambda session, spec, now: add_session(session, spec, day, by=by, now=now)
    )
    listed = ", ".join(korean_date(d) for d in sessions.dates)
    typer.echo(f"{spec.name}: {korean_date(day)} 회의를 추가했습니다. 회의 일정: {listed}")


@session_app.command("remove")
def session_remove(
    held_on: CancelledOn, committee: CommitteeOption = None, by: CancelledBy = "간사"
) -> None:
    """회의를 취소합니다. 그 회의를 앞둔 알림은 보내지 않고, 그 회의가 기한인 후속조치는 다음
    회의로 옮깁니다."""
    from followup.loop.sessions import remove_session
    from followup.render import korean_date

    day = parse_date(held_on, "날짜")
    spec, sessions = _in_committee(
        committee, lambda session, spec, now: remove_session(session, spec, day, by=by, now=now)
    )
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
    from followup.loop.sessions import FROM_FILE, load_sessions
    from followup.render import korean_date

    def read(session: Session, spec: Committee, now: datetime) -> tuple[Sessions, Rows, date]:
        sessions = load_sessions(session, spec, now=now)
        rows = store.session_rows(session, committee_id=sessions.committee_id)
        return sessions, rows, local_date(now, spec.timezone)

    spec, (sessions, rows, today) = _in_committee(committee, read)
    upcoming = sessions.upcoming(today)
    typer.echo(f"{spec.name} 회의 일정")
    for row in rows:
        source = "위원회 파일" if row.added_by == FROM_FILE else f"입력: {row.added_by}"
        mark = " ← 다음 회의" if row.held_on == upcoming else ""
        past = " (지남)" if row.held_on < today else ""
        typer.echo(f"  {korean_date(row.held_on)}{past}  {source}{mark}")
    if upcoming is None:
        typer.echo("  다음 회의 일정이 없습니다: followup session add YYYY-MM-DD 로 추가하십시오")
