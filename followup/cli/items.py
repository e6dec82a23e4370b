"""The backlog: every item with its team, status and due date, as a table with filters."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli.app import app, code_of, fail, parse_date, settings
from followup.codes import OPEN_STATUSES
from followup.errors import FollowupError

if TYPE_CHECKING:
    from followup.store.reading import Query


def status_codes(values: list[str]) -> tuple[str, ...]:
    """Status filters as codes; Korean words (미착수, 추진 중, ...), codes and 전체 (all)."""
    from followup.codes import ItemStatus

    if not values:
        return OPEN_STATUSES
    if any(value.strip() in ("all", "전체") for value in values):
        return tuple(ItemStatus)
    return tuple(code_of("status", value, "--status") for value in values)


def check_filters(
    query: Query, *, committee: str | None, team: str | None, meeting: str | None
) -> None:
    """An unknown committee, team or meeting is an error naming what exists, never an empty
    list that looks like 'nothing to do'."""
    from followup.store import reading

    if committee:
        names = reading.committee_names(query)
        if not any(committee in name for name in names):
            listed = ", ".join(names) or "없음"
            fail(f"--committee '{committee}': 저장된 위원회가 아닙니다 (있는 위원회: {listed})")
    if team:
        teams = reading.team_names(query)
        if team not in teams:
            fail(f"--team '{team}': 없는 부서입니다 (있는 부서: {', '.join(teams) or '없음'})")
    if meeting and not reading.meeting_exists(query, meeting):
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
            help="상태(여러 번 줄 수 있음): 목록에 보이는 상태 이름(완료, 철회 등)이나 그 코드"
            "(done ...), 또는 전체. 생략하면 아직 보고되지 않은 항목",
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
    from followup.cli.table import table
    from followup.render import environment, korean_date
    from followup.store.reading import item_rows, reader

    current = settings()
    codes = status_codes(status or [])
    day = parse_date(today, "--today") if today else _today(current)
    try:
        with reader(current) as query:
            check_filters(query, committee=committee, team=team, meeting=meeting)
            rows = item_rows(
                query,
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
    if not rows:
        typer.echo(str(labels.items_count(0, overdue)))
        return
    several = len({row.committee for row in rows}) > 1
    columns = ["id", "committee", "meeting", "team", "kind", "status", "due", "summary"]
    if not several:
        columns.remove("committee")
    late: set[tuple[int, int]] = set()
    shown = []
    for number, row in enumerate(rows):
        state = str(labels.status(row.status))
        if row.review == "pending":
            state += f" ({labels.review(row.review)})"
        if row.due is not None and row.due < day and row.status in OPEN_STATUSES:
            late.add((number, columns.index("due")))
        shown.append(
            [
                str(row.id),
                *([row.committee] if several else []),
                f"{row.meeting} {korean_date(row.held_on)}".strip(),
                row.team,
                str(kinds.kind(row.kind)),
                state,
                korean_date(row.due) or "-",
                row.summary,
            ]
        )
    headers = [str(labels.header(column)) for column in columns]
    title = None if several else rows[0].committee
    folded = (columns.index("meeting"), columns.index("summary"))
    typer.echo(table(headers, shown, title=title, fold=folded, red=late), nl=False)
    typer.echo(str(labels.items_count(len(rows), overdue)))


def _today(current: Any) -> date:
    """Today in the first committee's time zone (its file's ``timezone:``, else Seoul), read
    without parsing the whole committee file."""
    from pathlib import Path
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    timezone = "Asia/Seoul"
    first = Path(current.committees[0]) if current.committees else None
    if first is not None and first.is_file():
        import yaml

        try:
            written = yaml.safe_load(first.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            written = None
        if isinstance(written, dict) and isinstance(written.get("timezone"), str):
            timezone = written["timezone"]
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Asia/Seoul")
    return date.fromordinal(current.now().astimezone(zone).toordinal())
