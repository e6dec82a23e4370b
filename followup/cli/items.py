"""The backlog: every item with its team, status and due date, as a table with filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import typer

from followup.cli.app import app, code_of, fail, parse_date, settings
from followup.codes import OPEN_STATUSES
from followup.errors import FollowupError


def status_codes(values: list[str]) -> tuple[str, ...]:
    """Status filters as codes; Korean words (미착수, 추진 중, ...), codes and 전체 (all)."""
    from followup.codes import ItemStatus

    if not values:
        return OPEN_STATUSES
    if any(value.strip() in ("all", "전체") for value in values):
        return tuple(ItemStatus)
    return tuple(code_of("status", value, "--status") for value in values)


def check_filters(
    session: Any, *, committee: str | None, team: str | None, meeting: str | None
) -> None:
    """An unknown committee, team or meeting is an error naming what exists, never an empty
    list that looks like 'nothing to do'."""
    from sqlmodel import col, select

    from models.tables import Committee, Meeting, Team

    if committee:
        names = list(session.exec(select(Committee.name)).all())
        if not any(committee in name for name in names):
            fail(
                f"--committee '{committee}': 저장된 위원회가 아닙니다 (있는 위원회: {', '.join(names) or '없음'})"
            )
    if team:
        teams = list(session.exec(select(Team.name).distinct().order_by(col(Team.name))).all())
        if team not in teams:
            fail(f"--team '{team}': 없는 부서입니다 (있는 부서: {', '.join(teams) or '없음'})")
    if meeting:
        query = select(Meeting.id)
        try:
            query = query.where(Meeting.held_on == date.fromisoformat(meeting))
        except ValueError:
            query = query.where(col(Meeting.title).contains(meeting))
        if session.exec(query.limit(1)).first() is None:
            fail(f"--meeting '{meeting}': 그 날짜나 제목의 회의가 없습니다 (날짜는 YYYY-MM-DD)")


@app.command()
def items(
    committee: Annotated[
        str | None, typer.Option(metavar="위원회", help="위원회 이름(일부만 적어도 됩니다)")
    ] = None,
    team: Annotated[str | None, typer.Option(metavar="부서", help="담당 부서 이름")] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            metavar="상태",
            help="상태(여러 번 줄 수 있음): 미착수, 추진 중, 완료, 추진 불가, 철회, 반려, 전체 "
            "또는 그 코드(open, in_progress, ...). 생략하면 미착수와 추진 중",
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(metavar="회의", help="회의 날짜(YYYY-MM-DD) 또는 회의 제목의 일부"),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="기한이 지난 항목만")] = False,
    today: Annotated[
        str | None,
        typer.Option(metavar="날짜", help="기한 경과를 셀 기준 날짜(YYYY-MM-DD, 생략하면 오늘)"),
    ] = None,
) -> None:
    """후속조치 목록을 표로 보여 줍니다(--status를 주지 않으면 미착수와 추진 중만)."""
    from rich.console import Console
    from rich.table import Table

    from followup.render import environment, korean_date
    from models.db import session_scope

    current = settings()
    codes = status_codes(status or [])
    day = parse_date(today, "--today") if today else _today(current)
    try:
        with session_scope(current.resolved_database_url) as session:
            check_filters(session, committee=committee, team=team, meeting=meeting)
            rows = list_items(
                session,
                committee=committee,
                team=team,
                statuses=codes,
                meeting=meeting,
                overdue_on=day if overdue else None,
            )
    except FollowupError as error:
        fail(error)
    env = environment(current.templates_dir)
    labels: Any = env.get_template("cli/_labels.j2").make_module()
    kinds: Any = env.get_template("mail/_labels.j2").make_module()
    console = Console(highlight=False, soft_wrap=False)
    if not rows:
        console.print(str(labels.items_count(0, overdue)))
        return
    several = len({row.committee for row in rows}) > 1
    columns = ["id", "committee", "meeting", "team", "kind", "status", "due", "summary"]
    if not several:
        columns.remove("committee")
    table = Table(title=None if several else rows[0].committee)
    for column in columns:
        table.add_column(str(labels.header(column)), overflow="fold")
    for row in rows:
        state = str(labels.status(row.status))
        if row.review == "pending":
            state += f" ({labels.review(row.review)})"
        due = korean_date(row.due) or "-"
        late = row.due is not None and row.due < day and row.status in OPEN_STATUSES
        cells = [
            str(row.id),
            *([row.committee] if several else []),
            f"{row.meeting} {korean_date(row.held_on)}".strip(),
            row.team,
            str(kinds.kind(row.kind)),
            state,
            f"[red]{due}[/red]" if late else due,
            row.summary,
        ]
        table.add_row(*cells)
    console.print(table)
    console.print(str(labels.items_count(len(rows), overdue)))


def _today(current: Any) -> date:
    """Today in the first committee's time zone (Seoul when no committee file is here)."""
    from contextlib import suppress
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from followup.committee import cached_committee

    timezone = "Asia/Seoul"
    for path in current.committees:
        if Path(path).is_file():
            with suppress(FollowupError):
                timezone = cached_committee(path).timezone
            break
    return date.fromordinal(current.now().astimezone(ZoneInfo(timezone)).toordinal())


@dataclass(frozen=True)
class ItemRow:
    id: int
    committee: str
    meeting: str
    held_on: date | None
    team: str
    kind: str
    status: str
    review: str
    due: date | None
    summary: str


def list_items(
    session: Any,
    *,
    committee: str | None,
    team: str | None,
    statuses: tuple[str, ...],
    meeting: str | None,
    overdue_on: date | None,
) -> list[ItemRow]:
    """``followup.store.list_items`` for the command line: the same rows, read without
    loading the store (and the extraction it imports) so that ``followup items`` starts
    quickly. tests/test_cli_korean.py checks the two agree."""
    from sqlalchemy import select
    from sqlmodel import col

    from models.tables import ActionItem, Committee, Meeting, Team

    query = (
        select(
            col(ActionItem.id),
            col(Committee.name),
            col(Meeting.title),
            col(Meeting.held_on),
            col(Team.name),
            col(ActionItem.kind),
            col(ActionItem.status),
            col(ActionItem.review),
            col(ActionItem.effective_due),
            col(ActionItem.summary),
        )
        .join(Meeting, col(Meeting.id) == ActionItem.meeting_id)
        .join(Team, col(Team.id) == ActionItem.team_id)
        .join(Committee, col(Committee.id) == Team.committee_id)
        .where(col(ActionItem.status).in_(statuses))
    )
    if committee:
        query = query.where(col(Committee.name).contains(committee))
    if team:
        query = query.where(col(Team.name) == team)
    if meeting:
        try:
            query = query.where(col(Meeting.held_on) == date.fromisoformat(meeting))
        except ValueError:
            query = query.where(col(Meeting.title).contains(meeting))
    if overdue_on is not None:
        query = query.where(col(ActionItem.effective_due) < overdue_on)
    query = query.order_by(
        col(Meeting.held_on), col(Meeting.id), col(ActionItem.line_start), col(ActionItem.id)
    )
    return [ItemRow(*row) for row in session.execute(query).all()]
