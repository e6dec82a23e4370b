"""A console on a real database after a real pass over the sample minutes, with a secretary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlmodel import col, select

from followup import store
from followup.calendar import utc_now
from followup.committee import configured_committees
from followup.settings import Settings
from followup.web.admin.auth import hash_password
from models.db import session_scope
from models.tables import ActionItem, Team

SECRETARY = "박창현"
PASSWORD = "correct horse battery"


def add_secretary(settings: Settings, name: str = SECRETARY, password: str = PASSWORD) -> None:
    with session_scope(settings.resolved_database_url) as session:
        ids = [
            store.ensure_committee(session, committee=c).committee_id
            for c in configured_committees(settings)
        ]
        store.save_secretary(
            session,
            name=name,
            password_hash=hash_password(password),
            committee_ids=ids,
            now=utc_now(),
        )


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, name: str = SECRETARY, password: str = PASSWORD) -> str:
    page = client.get("/admin/login")
    token = csrf(page.text)
    response = client.post(
        "/admin/login",
        data={"csrf": token, "name": name, "password": password},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf(client.get("/admin/").text)


@dataclass
class Console:
    settings: Settings
    client: TestClient

    def items(self, team: str | None = None) -> list[ActionItem]:
        with session_scope(self.settings.resolved_database_url) as session:
            query = select(ActionItem).join(Team)
            if team:
                query = query.where(Team.name == team)
            return list(session.exec(query.order_by(col(ActionItem.id))))

    def item(self, item_id: int) -> ActionItem:
        with session_scope(self.settings.resolved_database_url) as session:
            row = session.get(ActionItem, item_id)
        assert row is not None
        return row

    def committee_id(self) -> int:
        with session_scope(self.settings.resolved_database_url) as session:
            team = session.exec(select(Team).where(Team.name == "빅데이터기획팀")).one()
        return team.committee_id

    def team_id(self, name: str) -> int:
        with session_scope(self.settings.resolved_database_url) as session:
            team = session.exec(select(Team).where(Team.name == name)).one()
        assert team.id is not None
        return team.id
