"""The outbox: messages not sent yet, with their errors, and sending a failed one again."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from followup.cli.app import App, app, fail, settings

outbox_app = App(
    help="보내지 않은 알림(대기·실패)과 그 원인을 보여 줍니다. 실패한 알림은 다시 보낼 수 "
    "있습니다.",
    invoke_without_command=True,
)
app.add_typer(outbox_app, name="outbox")


@outbox_app.callback()
def listing(
    ctx: typer.Context,
    failed: Annotated[bool, typer.Option("--failed", help="실패한 알림만")] = False,
) -> None:
    """보내지 않은 알림(대기·실패)을 마지막 오류와 함께 보여 줍니다."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console
    from rich.table import Table

    from followup import store
    from followup.codes import DeliveryState
    from followup.outbox.targets import shown_target
    from followup.render import code_words
    from models.db import session_scope

    current = settings()
    with session_scope(current.resolved_database_url) as session:
        rows = store.outbox_rows(session, failed_only=failed)
    console = Console(width=160)
    if not rows:
        console.print("실패한 알림이 없습니다." if failed else "보내지 않은 알림이 없습니다.")
        return
    table = Table(title="실패한 알림" if failed else "보내지 않은 알림")
    for column in ("번호", "상태", "제목", "받을 곳", "시도", "다음 시도", "원인"):
        table.add_column(column, overflow="fold")
    states = code_words(current.templates_dir, "delivery")
    for delivery, message in rows:
        upcoming = delivery.next_attempt_at or message.not_before
        table.add_row(
            f"#{delivery.id}",
            states.get(delivery.state, delivery.state),
            message.subject,
            shown_target(delivery.target, delivery.source),
            str(delivery.attempts),
            _when(upcoming) if upcoming else "",
            delivery.last_error or "",
        )
    console.print(table)
    if any(d.state == DeliveryState.FAILED for d, _ in rows):
        console.print("다시 보내기: followup outbox retry 번호")


def _when(moment: datetime) -> str:
    """A stored UTC time (SQLite hands it back naive) as Seoul date and time."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    from followup.render import korean_date

    local = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(ZoneInfo("Asia/Seoul"))
    return f"{korean_date(local.date())} {local:%H:%M}"


@outbox_app.command()
def retry(
    delivery_id: Annotated[
        int, typer.Argument(metavar="번호", help="followup outbox 가 보여 주는 번호")
    ],
) -> None:
    """대기 중이거나 실패한 알림 하나를 지금 다시 보냅니다(시도 횟수는 처음부터 셉니다). 다른
    발송 작업이 보내고 있는 알림은 건드리지 않습니다."""
    from followup.outbox.channels import DeliveryError
    from followup.outbox.sender import UnknownDelivery
    from followup.outbox.sender import retry as retry_delivery

    try:
        report = retry_delivery(settings(), delivery_id)
    except UnknownDelivery as error:
        fail(error)
    except DeliveryError as error:
        typer.echo(f"보내지 않음: {error}", err=True)
        raise typer.Exit(1) from None
    for line in report.dropped:
        typer.echo(line)
    for line in report.undelivered:
        typer.echo(f"보내지 못함: {line}", err=True)
    if report.undelivered:
        raise typer.Exit(1)
    if not report.delivered:
        typer.echo(f"#{delivery_id}: 보낼 곳이 없습니다")
        return
    typer.echo(f"#{delivery_id} 보냄")
    for line in report.delivered:
        typer.echo(f"  {line}")
