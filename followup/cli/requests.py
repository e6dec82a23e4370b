"""The teams' requests to the secretary: list the open ones, accept or refuse one."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import App, app, fail, settings
from followup.errors import FollowupError

request_app = App(
    help="부서의 요청(소관 아님, 기한 연장)을 수락하거나 거절합니다.", no_args_is_help=True
)
app.add_typer(request_app, name="request")
By = Annotated[str, typer.Option("--by", metavar="이름", help="결정한 사람 (기록됨)")]
Note = Annotated[str, typer.Option("--note", metavar="의견", help="부서에 전할 간사 의견")]
RequestId = Annotated[
    int, typer.Argument(metavar="번호", help="followup requests 가 보여 주는 요청 번호")
]


@app.command("requests")
def requests_list(
    committee: Annotated[
        str | None,
        typer.Option("--committee", metavar="위원회", help="위원회 이름 (생략하면 모든 위원회)"),
    ] = None,
) -> None:
    """간사의 결정을 기다리는 부서의 요청(소관 아님, 기한 연장)을 보여 줍니다."""
    from rich.console import Console
    from rich.table import Table

    from followup.codes import RequestKind
    from followup.committee import configured_committees, select_committee
    from followup.loop import requests
    from followup.render import code_words, korean_date
    from followup.store import ensure_committee
    from models.db import session_scope

    current = settings()
    try:
        with session_scope(current.resolved_database_url) as session:
            committee_id = None
            if committee is not None:
                spec = select_committee(configured_committees(current), committee)
                committee_id = ensure_committee(session, committee=spec).committee_id
            rows = requests.open_requests(session, committee_id=committee_id)
    except FollowupError as error:
        fail(error)
    console = Console()
    if not rows:
        console.print("결정을 기다리는 요청이 없습니다.")
        return
    table = Table(title=f"결정을 기다리는 요청 {len(rows)}건", title_justify="left")
    for heading in ("요청", "구분", "항목", "요청 부서", "제안", "사유", "요청자", "요청일"):
        table.add_column(heading, overflow="fold")
    kinds = code_words(current.templates_dir, "request_kind")
    for row in rows:
        if row.kind == RequestKind.TRANSFER:
            proposal = f"→ {row.suggested_team}"
        else:
            proposal = f"{korean_date(row.current_due) or '기한 없음'} → {korean_date(row.new_due)}"
        table.add_row(
            f"#{row.id}",
            kinds.get(row.kind, row.kind),
            f"No. {row.item_id} {row.summary}",
            row.team,
            proposal,
            row.reason,
            row.requested_by,
            korean_date(row.created_at.date()),
        )
    console.print(table)
    console.print("결정: followup request accept|refuse 번호 --by 이름 [--note 의견]")


def _decide(action: str, request_id: int, by: str, note: str) -> None:
    from followup.loop import requests
    from followup.outbox.sender import send_due
    from followup.render import code_words, korean_date, particle
    from models.db import session_scope

    current = settings()
    try:
        with session_scope(current.resolved_database_url) as session:
            decide = requests.accept if action == "accept" else requests.refuse
            decision = decide(session, current, request_id, by=by, note=note, now=current.now())
    except FollowupError as error:
        fail(error)
    if not decision.accepted:
        outcome = "거절했습니다"
    elif decision.moved_to:
        outcome = (
            f"수락했습니다: No. {decision.item_id}은(는) "
            f"{particle(decision.moved_to, '으로/로')} 옮겨졌고 다음 실행 때 그 부서에 안내됩니다"
        )
    else:
        outcome = (
            f"수락했습니다: No. {decision.item_id}의 기한은 {korean_date(decision.new_due)}입니다"
        )
    kind = code_words(current.templates_dir, "request_kind")[decision.kind]
    typer.echo(f"요청 #{request_id}({kind}, {decision.team})을 {outcome}.")
    delivery = send_due(current, team_id=decision.team_id)
    sent, failed = delivery.sent, delivery.undelivered
    for problem in failed:
        typer.echo(f"안내를 보내지 못했습니다(다음 실행 때 다시 보냅니다): {problem}", err=True)
    if sent:
        typer.echo(f"{decision.team}에 결정을 알렸습니다.")


@request_app.command("accept")
def request_accept(request_id: RequestId, by: By, note: Note = "") -> None:
    """요청을 수락합니다: 항목을 제안된 부서로 옮기거나, 새 기한을 정합니다. 부서에 알립니다."""
    _decide("accept", request_id, by, note)


@request_app.command("refuse")
def request_refuse(request_id: RequestId, by: By, note: Note = "") -> None:
    """요청을 거절합니다: 항목은 그대로이고, 부서에 알립니다."""
    _decide("refuse", request_id, by, note)
