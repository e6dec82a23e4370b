"""Secretaries who sign in to the web console (``/admin``)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from followup.cli.app import App, app, fail, settings
from followup.errors import FollowupError

secretary_app = App(
    help="웹 관리 화면(/admin)에 로그인하는 간사를 관리합니다.", no_args_is_help=True
)
app.add_typer(secretary_app, name="secretary")


@secretary_app.command("add")
def secretary_add(
    name: Annotated[str, typer.Argument(metavar="이름", help="로그인 이름")],
    committee: Annotated[
        list[str],
        typer.Option("--committee", metavar="위원회", help="맡은 위원회 (여러 번 줄 수 있음)"),
    ],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="비밀번호를 표준 입력 첫 줄에서 읽음")
    ] = False,
) -> None:
    """간사를 추가합니다(있으면 새 비밀번호를 정합니다). 비밀번호는 두 번 묻습니다."""
    from followup import store
    from followup.committee import configured_committees, select_committee
    from followup.web.admin.auth import hash_password
    from models.db import session_scope

    current = settings()
    name = name.strip()
    if not name:
        fail("이름을 입력하십시오")
    try:
        specs = [select_committee(configured_committees(current), c) for c in committee]
    except FollowupError as error:
        fail(error)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("비밀번호", hide_input=True)
        if typer.prompt("비밀번호 확인", hide_input=True) != password:
            fail("두 비밀번호가 다릅니다. 다시 실행하십시오")
    try:
        hashed = hash_password(password)
        with session_scope(current.resolved_database_url) as session:
            ids = [store.ensure_committee(session, committee=s).committee_id for s in specs]
            store.save_secretary(
                session, name=name, password_hash=hashed, committee_ids=ids, now=current.now()
            )
    except FollowupError as error:
        fail(error)
    names = ", ".join(s.name for s in specs)
    typer.echo(f"간사 {name}: {names} 관리 화면에 로그인할 수 있습니다 ({current.base_url}/admin/)")
