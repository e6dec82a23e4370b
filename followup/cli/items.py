"""The backlog: every item with its team, status and due date, as a table with filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


def status_codes(values: list[str]) -> tuple[str, ...]:
    """Status filters as codes; Korean words (미착수, 추진 중, ...) and ``all`` are accepted."""
    from followup.codes import OPEN_STATUSES, ItemStatus
    from followup.render import code_words

    if not values:
        return OPEN_STATUSES
    words = code_words(get_settings().templates_dir, "status")
    by_word = {word.replace(" ", ""): code for code, word in words.items()}
    codes: list[str] = []
    for value in values:
        word = value.replace(" ", "")
        if word in ("all", "전체"):
            return tuple(ItemStatus)
        code = by_word.get(word, word)
        if code not in words:
            raise FollowupError(
                f"--status {value!r}: 알 수 없는 상태입니다 "
                f"({', '.join(words.values())}, 전체 또는 {', '.join(words)})"
            )
        codes.append(code)
    return tuple(codes)


@app.command()
def items(
    committee: Annotated[str | None, typer.Option(help="committee name (or part of it)")] = None,
    team: Annotated[str | None, typer.Option(help="team name")] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="상태(여러 번 줄 수 있음): 상태 이름이나 코드, 또는 전체"),
    ] = None,
    meeting: Annotated[
        str | None, typer.Option(help="meeting date (YYYY-MM-DD) or part of its title")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="only items past their due")] = False,
    today: Annotated[
        str | None, typer.Option(help="the day to count overdue from (YYYY-MM-DD)")
    ] = None,
) -> None:
    """List the action items (open ones unless --status says otherwise) as a table."""
    from rich.console import Console
    from rich.table import Table

    from followup import store
    from followup.calendar import local_date, utc_now
    from followup.committee import configured_committees
    from followup.render import environment, korean_date
    from models.db import session_scope

    settings = get_settings()
    try:
        codes = status_codes(status or [])
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError:
                raise FollowupError(f"--today {today!r}: 날짜가 아닙니다 (YYYY-MM-DD)") from None
        else:
            committees = configured_committees(settings)
            tz = committees[0].timezone if committees else "Asia/Seoul"
            day = local_date(utc_now(), tz)
        with session_scope(settings.resolved_database_url) as session:
            rows = store.list_items(
                session,
                committee=committee,
                team=team,
                statuses=codes,
                meeting=meeting,
                overdue_on=day if overdue else None,
            )
    except FollowupError as error:
        fail(error)
    env = environment(settings.templates_dir)
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
        late = row.due is not None and row.due < day and row.status in store.OPEN_STATUSES
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
