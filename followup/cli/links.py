"""A team's link: print the current one, or reissue it (every older link stops working)."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import app, fail, settings
from followup.cli.report import CommitteeOption
from followup.errors import FollowupError


@app.command()
def link(
    team: Annotated[str, typer.Argument(metavar="부서", help="부서 이름")],
    committee: CommitteeOption = None,
    reissue: Annotated[
        bool, typer.Option("--reissue", help="새 링크를 발급하고 예전 링크를 모두 막습니다")
    ] = False,
    by: Annotated[
        str,
        typer.Option("--by", metavar="이름", help="재발급한 사람 (--reissue에 필요, 기록됨)"),
    ] = "",
) -> None:
    """부서의 현재 링크를 보여 줍니다. --reissue 를 주면 새 링크를 발급해 부서에 보내고,
    예전 링크는 모두 열리지 않게 합니다."""
    from followup.committee import configured_committees, select_committee
    from followup.loop import team_links
    from models.db import session_scope

    if reissue and not by.strip():
        fail("--reissue에는 --by 이름이 필요합니다")
    current = settings()
    now = current.now()
    try:
        spec = select_committee(configured_committees(current), committee)
        with session_scope(current.resolved_database_url) as session:
            row = team_links.team_by_name(session, spec, team)
            assert row.id is not None
            team_id = row.id
            if reissue:
                url = team_links.reissue_link(session, current, team_id, by.strip(), now)
            else:
                url = team_links.current_link(session, current, team_id, now)
    except FollowupError as error:
        fail(error)
    if not reissue:
        typer.echo(url)
        return
    from followup.outbox.sender import send_due

    typer.echo(f"{team}의 새 링크를 발급했습니다. 예전 링크는 이제 열리지 않습니다.")
    typer.echo(url)
    outcome = send_due(current, team_id=team_id)
    sent, failed = outcome.sent, outcome.undelivered
    for problem in failed:
        typer.echo(f"새 링크를 보내지 못했습니다(다음 실행 때 다시 보냅니다): {problem}", err=True)
    if sent:
        typer.echo(f"{team}에 새 링크를 보냈습니다.")
