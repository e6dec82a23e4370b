"""The committee's check of a reported 완료 or 추진 불가."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def check(
    item: Annotated[int, typer.Argument(metavar="ID", help="후속조치 번호")],
    result: Annotated[str, typer.Argument(metavar="adequate|insufficient", help="적정 또는 미흡")],
    by: Annotated[str, typer.Option("--by", help="확인한 사람 (기록됨)")],
    reason: Annotated[str, typer.Option("--reason", help="미흡 사유 (미흡이면 필수)")] = "",
) -> None:
    """Record the committee's check: adequate closes the item, insufficient reopens it."""
    from followup.calendar import utc_now
    from followup.loop.checks import check_item
    from followup.render import code_words
    from models.db import session_scope

    settings = get_settings()
    try:
        with session_scope(settings.resolved_database_url) as session:
            outcome = check_item(
                session, settings, item_id=item, result=result, by=by, reason=reason, now=utc_now()
            )
    except FollowupError as error:
        fail(error)
    results = code_words(settings.templates_dir, "check")
    statuses = code_words(settings.templates_dir, "status")
    line = f"#{outcome.item_id} {results[outcome.result]}: {statuses[outcome.status]}"
    if outcome.notice_key:
        line += " (부서에 보완 요청을 보낼 알림을 만들었습니다)"
    typer.echo(line)
