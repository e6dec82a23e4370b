"""A team's link: print the current one, or reissue it (every older link stops working)."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def link(
    team: Annotated[str, typer.Argument(help="부서 이름")],
    committee: Annotated[
        str | None, typer.Option("--committee", help="위원회 이름 (위원회가 하나면 생략)")
    ] = None,
    reissue: Annotated[
        bool, typer.Option("--reissue", help="새 링크를 발급하고 예전 링크를 모두 막습니다")
    ] = False,
    by: Annotated[str, typer.Option("--by", help="재발급한 사람 (--reissue에 필요, 기록됨)")] = "",
) -> None:
    """Print a team's current link; with --reissue, revoke every older one and send the new
    link to the team."""
    from followup.committee import configured_committees, select_committee
    from followup.loop import team_links
    from followup.outbox.sender import send_due
    from models.db import session_scope

    if reissue and not by.strip():
        fail(FollowupError("--reissue에는 --by 이름이 필요합니다"))
    settings = get_settings()
    now = settings.now()
    try:
        spec = select_committee(configured_committees(settings), committee)
        with session_scope(settings.resolved_database_url) as session:
            row = team_links.team_by_name(session, spec, team)
            assert row.id is not None
            team_id = row.id
            if reissue:
                url = team_links.reissue_link(session, settings, team_id, by.strip(), now)
            else:
                url = team_links.current_link(session, settings, team_id, now)
    except FollowupError as error:
        fail(error)
    if not reissue:
        typer.echo(url)
        return
    typer.echo(f"{team}의 새 링크를 발급했습니다. 예전 링크는 이제 열리지 않습니다.")
    typer.echo(url)
    outcome = send_due(settings, team_id=team_id)
    sent, failed = outcome.sent, outcome.failed + outcome.retrying
    for problem in failed:
        typer.echo(f"새 링크를 보내지 못했습니다(다음 실행 때 다시 보냅니다): {problem}", err=True)
    if sent:
        typer.echo(f"{team}에 새 링크를 보냈습니다.")
