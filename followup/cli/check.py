"""The committee's check of a reported 완료 or 추진 불가."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import app, code_of, fail, settings
from followup.errors import FollowupError


@app.command()
def check(
    item: Annotated[int, typer.Argument(metavar="번호", help="후속조치 번호")],
    result: Annotated[
        str, typer.Argument(metavar="결과", help="적정 또는 미흡 (adequate, insufficient)")
    ],
    by: Annotated[str, typer.Option("--by", metavar="이름", help="확인한 사람 (기록됨)")],
    reason: Annotated[
        str, typer.Option("--reason", metavar="사유", help="미흡 사유 (미흡이면 필수)")
    ] = "",
) -> None:
    """부서가 완료 또는 추진 불가로 보고한 항목을 위원회가 확인한 결과를 기록합니다: 적정이면
    종결하고, 미흡이면 다시 열어 부서에 보완을 요청합니다."""
    from followup.loop.checks import check_item
    from followup.render import code_words
    from models.db import session_scope

    outcome_code = code_of("check", result, "결과")
    current = settings()
    try:
        with session_scope(current.resolved_database_url) as session:
            outcome = check_item(
                session,
                current,
                item_id=item,
                result=outcome_code,
                by=by,
                reason=reason,
                now=current.now(),
            )
    except FollowupError as error:
        fail(error)
    results = code_words(current.templates_dir, "check")
    statuses = code_words(current.templates_dir, "status")
    line = f"#{outcome.item_id} {results[outcome.result]}: {statuses[outcome.status]}"
    if outcome.notice_key:
        line += " (부서에 보완 요청을 보낼 알림을 만들었습니다)"
    typer.echo(line)
