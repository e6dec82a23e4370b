"""A fuzz of the console's routes, signed in and not: whatever the path, method, headers and
body, no response is 500 or more, and every page is Korean HTML with the security headers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from followup.settings import Settings
from followup.web.app import SECURITY_HEADERS, create_app
from tests.helpers import SAMPLE, add_secretary, one_pass, sign_in

SEGMENTS = [
    "",
    "login",
    "logout",
    "items",
    "items.csv",
    "items.xlsx",
    "sessions",
    "notices",
    "resend",
    "edit",
    "reassign",
    "merge",
    "accept",
    "reject",
    "check",
    "1",
    "0",
    "-1",
    "99999",
    "9223372036854775808",
    "%EA%B0%80",
    "%00",
    "a" * 300,
]
QUERY_KEYS = [
    "c",
    "meeting",
    "agenda",
    "team",
    "status",
    "overdue",
    "review",
    "carried",
    "q",
    "page",
]
VALUES = st.one_of(
    st.sampled_from(
        ["1", "0", "-1", "9223372036854775808", "done", "open", "", "%", "' OR 1=1 --", "가" * 50]
    ),
    st.text(max_size=20),
)


@pytest.fixture(scope="module")
def clients(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, TestClient, str]]:
    monkeypatch = pytest.MonkeyPatch()
    import json

    from followup.settings import get_settings
    from tests.helpers import COMMITTEE

    tmp = tmp_path_factory.mktemp("fuzz")
    committee = tmp / "committee.yaml"
    shutil.copy(COMMITTEE, committee)
    for key, value in {
        "FOLLOWUP_VAR_DIR": str(tmp / "var"),
        "FOLLOWUP_INBOX": str(tmp / "inbox"),
        "FOLLOWUP_OUTBOX": str(tmp / "outbox"),
        "FOLLOWUP_COMMITTEES": json.dumps([str(committee)]),
        "FOLLOWUP_BASE_URL": "https://followup.example.org",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    settings: Settings = get_settings()
    (tmp / "inbox" / "approved").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp / "inbox" / "approved" / SAMPLE.name)
    one_pass(settings)
    add_secretary(settings)
    app = create_app(settings)
    with (
        TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as anonymous,
        TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as signed,
    ):
        token = sign_in(signed)
        yield anonymous, signed, token
    monkeypatch.undo()
    get_settings.cache_clear()


@hsettings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    signed_in=st.booleans(),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    segments=st.lists(st.sampled_from(SEGMENTS), min_size=0, max_size=4),
    query=st.dictionaries(st.sampled_from(QUERY_KEYS), VALUES, max_size=4),
    form=st.dictionaries(
        st.sampled_from(
            [
                "csrf",
                "name",
                "password",
                "team",
                "summary",
                "due",
                "kind",
                "others",
                "note",
                "result",
                "reason",
                "held_on",
                "c",
            ]
        ),
        VALUES,
        max_size=6,
    ),
    with_token=st.booleans(),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/json",
            "multipart/form-data; boundary=x",
            "text/plain",
            "",
        ]
    ),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_no_route_answers_500(
    clients: tuple[TestClient, TestClient, str],
    signed_in: bool,
    method: str,
    segments: list[str],
    query: dict[str, str],
    form: dict[str, str],
    with_token: bool,
    content_type: str,
    raw: bytes | None,
) -> None:
    anonymous, signed, token = clients
    client = signed if signed_in else anonymous
    path = "/admin/" + "/".join(segments)
    if with_token:
        form = {**form, "csrf": token}
    from urllib.parse import urlencode

    body = raw if raw is not None else urlencode(form).encode()
    headers = {"content-type": content_type} if content_type else {}
    response = client.request(
        method, path, params=query, content=body, headers=headers, follow_redirects=False
    )
    assert response.status_code < 500, (method, path, query, form, response.text[-500:])
    for name in ("x-frame-options", "content-security-policy", "cache-control"):
        assert response.headers.get(name) == SECURITY_HEADERS[name]
    if response.status_code >= 400 and method != "HEAD":
        assert '<html lang="ko">' in response.text, (method, path, response.status_code)
