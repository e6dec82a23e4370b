"""The secretary's review queue."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings

review_app = typer.Typer(
    help="The secretary's review queue: low-confidence items wait here, unsent.",
    invoke_without_command=True,
)
app.add_typer(review_app, name="review")
By = Annotated[str, typer.Option("--by", help="who decides (recorded)")]


@review_app.callback()
def review_list(ctx: typer.Context) -> None:
    """List the items waiting for review (the default)."""
    if ctx.invoked_subcommand is not None:
        return
    from followup.intake import review
    from followup.render import render
    from models.db import session_scope

    settings = get_settings()
    with session_scope(settings.resolved_database_url) as session:
        queued = review.pending(session)
    typer.echo(render(settings.templates_dir, "cli/review.txt.j2", items=queued), nl=False)


def _review(action: str, **kwargs: object) -> None:
    from followup.intake import review
    from models.db import session_scope

    try:
        with session_scope(get_settings().resolved_database_url) as session:
            item = getattr(review, action)(session, **kwargs)
            typer.echo(f"#{item.id} {item.status} ({item.review}): {item.summary}")
    except FollowupError as error:
        fail(error)


@review_app.command("accept")
def review_accept(item: int, by: By) -> None:
    """Release an item to the team (sent with the next pass)."""
    _review("accept", item_id=item, by=by)


@review_app.command("reject")
def review_reject(item: int, by: By, note: Annotated[str, typer.Option()] = "") -> None:
    """Close an item that is not an action item."""
    _review("reject", item_id=item, by=by, note=note)


@review_app.command("edit")
def review_edit(
    item: int,
    by: By,
    summary: Annotated[str | None, typer.Option()] = None,
    due: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    kind: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Correct an item's summary, due date or kind."""
    from datetime import date

    try:
        when = date.fromisoformat(due) if due else None
    except ValueError:
        fail(FollowupError(f"--due {due!r} is not a date (YYYY-MM-DD)"))
    _review("edit", item_id=item, by=by, summary=summary, due=when, kind=kind)


@review_app.command("reassign")
def review_reassign(item: int, team: str, by: By) -> None:
    """Give an item to another team (it is announced to that team next pass)."""
    _review("reassign", item_id=item, team=team, by=by)


@review_app.command("merge")
def review_merge(into: int, others: list[int], by: By) -> None:
    """Merge items the extractor split: keep INTO, close OTHERS into it."""
    _review("merge", into=into, others=others, by=by)


@review_app.command("confirm")
def review_confirm(
    by: By,
    meeting: Annotated[int, typer.Option("--meeting", help="the meeting's id (followup items)")],
) -> None:
    """Confirm a meeting's items waiting for it: they go to their teams with the next pass."""
    from followup.intake import review
    from models.db import session_scope

    try:
        with session_scope(get_settings().resolved_database_url) as session:
            confirmed = review.confirm(session, meeting_id=meeting, by=by)
            ids = ", ".join(f"#{item.id}" for item in confirmed)
    except FollowupError as error:
        fail(error)
    if confirmed:
        typer.echo(f"회의 #{meeting}의 후속조치 {len(confirmed)}건을 확인했습니다({ids}).")
        typer.echo("다음 알림 때 각 부서에 보냅니다.")
    else:
        typer.echo(f"회의 #{meeting}에는 확인 대기 중인 후속조치가 없습니다.")
