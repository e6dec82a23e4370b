"""The secretary's console through its routes, on a real database after a real pass."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from followup.settings import Settings
from followup.web.app import SECURITY_HEADERS, create_app
from tests.admin_site import Console, add_secretary, sign_in
from tests.conftest import SAMPLE
from tests.test_pass import one_pass


@pytest.fixture
def console(settings: Settings) -> Iterator[Console]:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    add_secretary(settings)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        yield Console(settings, client)


def test_smoke(console: Console) -> None:
    token = sign_in(console.client)
    for path in ("/admin/", "/admin/items", "/admin/sessions", f"/admin/items/{console.items()[0].id}"):
        r = console.client.get(path)
        assert r.status_code == 200, (path, r.text[-3000:])
