"""Signed team links and the link secret file."""

from __future__ import annotations

import base64
import json
import stat
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.errors import FollowupError
from followup.loop.signing import (
    InvalidLink,
    LinkClaims,
    link_secret,
    load_or_create_secret,
    sign_team_link,
    team_link_url,
    verify_team_link,
)
from followup.settings import Settings

SECRET = b"k" * 32
NOW = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def reason(token: str, secret: bytes = SECRET, now: datetime = NOW) -> str:
    with pytest.raises(InvalidLink) as info:
        verify_team_link(secret, token, now=now)
    return info.value.reason


def test_round_trip() -> None:
    token = sign_team_link(SECRET, version=1, team_id=7, committee_id=3, expires=LATER)
    claims = verify_team_link(SECRET, token, now=NOW)
    assert claims == LinkClaims(team_id=7, committee_id=3, expires=LATER, version=1)
    assert claims.expires.tzinfo is UTC


def test_the_version_is_signed_in_and_old_links_read_as_version_1() -> None:
    from followup.loop.signing import _signature

    token = sign_team_link(SECRET, team_id=7, committee_id=3, version=4, expires=LATER)
    assert verify_team_link(SECRET, token, now=NOW).version == 4
    stamp = int(LATER.timestamp())
    legacy = b64(json.dumps([7, 3, stamp], separators=(",", ":")).encode())
    claims = verify_team_link(SECRET, f"{legacy}.{_signature(SECRET, legacy)}", now=NOW)
    assert (claims.team_id, claims.version) == (7, 1)
    payload, signature = token.split(".")
    bumped = b64(json.dumps([7, 3, stamp, 5], separators=(",", ":")).encode())
    assert reason(f"{bumped}.{signature}") == "bad signature"
    for body in ([7, 3, stamp, True], [7, 3, stamp, -1], [7, 3, stamp, 1, 1]):
        payload = b64(json.dumps(body, separators=(",", ":")).encode())
        assert reason(f"{payload}.{_signature(SECRET, payload)}") == "malformed"


def test_token_is_url_safe_unpadded_and_short() -> None:
    far = datetime(2099, 12, 31, tzinfo=UTC)
    token = sign_team_link(
        SECRET, version=1, team_id=2**31 - 1, committee_id=2**31 - 1, expires=far
    )
    assert len(token) < 100
    assert "=" not in token
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert len(sign_team_link(SECRET, version=1, team_id=1, committee_id=1, expires=LATER)) < 75


def test_expiry_in_other_timezone_is_normalised_to_utc_seconds() -> None:
    kst = timezone(timedelta(hours=9))
    expires = datetime(2024, 3, 31, 18, 0, 0, 999_999, tzinfo=kst)
    token = sign_team_link(SECRET, version=1, team_id=1, committee_id=1, expires=expires)
    claims = verify_team_link(SECRET, token, now=NOW)
    assert claims.expires == datetime(2024, 3, 31, 9, 0, 0, tzinfo=UTC)
    assert claims.expires.tzinfo is UTC


def test_expired() -> None:
    token = sign_team_link(SECRET, version=1, team_id=1, committee_id=2, expires=LATER)
    assert verify_team_link(SECRET, token, now=LATER - timedelta(seconds=1)).team_id == 1
    assert reason(token, now=LATER) == "expired"
    assert reason(token, now=LATER + timedelta(days=1)) == "expired"
    with pytest.raises(InvalidLink, match=r"invalid team link: expired \(at 2024-03-31"):
        verify_team_link(SECRET, token, now=LATER)


def test_wrong_secret() -> None:
    token = sign_team_link(SECRET, version=1, team_id=1, committee_id=2, expires=LATER)
    assert reason(token, secret=b"x" * 32) == "bad signature"


def test_tampered_payload() -> None:
    token = sign_team_link(SECRET, version=1, team_id=1, committee_id=2, expires=LATER)
    _, signature = token.split(".")
    stamp = int(LATER.timestamp())
    for forged in ([2, 2, stamp], [1, 3, stamp], [1, 2, stamp + 86400 * 365]):
        payload = b64(json.dumps(forged, separators=(",", ":")).encode())
        assert reason(f"{payload}.{signature}") == "bad signature"


def test_tampered_signature() -> None:
    token = sign_team_link(SECRET, version=1, team_id=1, committee_id=2, expires=LATER)
    payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert reason(f"{payload}.{flipped}") == "bad signature"
    assert reason(f"{payload}.{signature[:-1]}") == "bad signature"
    assert reason(f"{payload}.{signature}A") == "bad signature"
    # Changing the unused low bits of the last character decodes to the same bytes:
    # still refused, because the encoded text is compared.
    last = signature[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 1]
    assert reason(f"{payload}.{signature[:-1]}{twin}") == "bad signature"


def test_signed_but_malformed_payload() -> None:
    # A payload signed with the right secret but not in the expected shape.
    from followup.loop.signing import _signature

    for body in (b"not json", b"[1,2]", b'{"t":1}', b"[1,2,true]", b"[1,-2,3]", b"[1,2,1e400]"):
        payload = b64(body)
        assert reason(f"{payload}.{_signature(SECRET, payload)}") == "malformed"
    payload = b64(b"[1,2,99999999999999999999]")
    assert reason(f"{payload}.{_signature(SECRET, payload)}") == "malformed"


@pytest.mark.parametrize(
    "token",
    ["", ".", "abc", "abc.", ".abc", "a.b.c", "a b.c", "a+b.c/d", "é.x", "x" * 300, "a.b\n\nc"],
)
def test_malformed(token: str) -> None:
    assert reason(token) == "malformed"


def test_surrounding_whitespace_is_tolerated() -> None:
    token = sign_team_link(SECRET, version=1, team_id=1, committee_id=2, expires=LATER)
    assert verify_team_link(SECRET, f"  {token}\n", now=NOW).committee_id == 2


@given(st.text(max_size=400))
def test_arbitrary_strings_raise_only_invalid_link(token: str) -> None:
    with pytest.raises(InvalidLink) as info:
        verify_team_link(SECRET, token, now=NOW)
    assert info.value.reason in InvalidLink.REASONS
    assert "\n" not in str(info.value)


@given(st.integers(min_value=0, max_value=200), st.text(max_size=8))
def test_spliced_tokens_raise_only_invalid_link(cut: int, insert: str) -> None:
    token = sign_team_link(SECRET, version=1, team_id=12, committee_id=3, expires=LATER)
    cut = min(cut, len(token))
    mutated = token[:cut] + insert + token[cut:]
    if mutated.strip() == token:
        return
    with pytest.raises(InvalidLink):
        verify_team_link(SECRET, mutated, now=NOW)


def test_invalid_link_is_a_followup_error() -> None:
    assert issubclass(InvalidLink, FollowupError)
    with pytest.raises(ValueError):
        InvalidLink("whatever")


def test_programming_errors_are_value_errors() -> None:
    naive = datetime(2024, 3, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_team_link(SECRET, version=1, team_id=1, committee_id=1, expires=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        verify_team_link(SECRET, "a.b", now=naive)
    with pytest.raises(ValueError, match="secret"):
        sign_team_link(b"", version=1, team_id=1, committee_id=1, expires=LATER)
    with pytest.raises(ValueError, match="team_id"):
        sign_team_link(SECRET, version=1, team_id=-1, committee_id=1, expires=LATER)
    with pytest.raises(ValueError, match="committee_id"):
        sign_team_link(SECRET, version=1, team_id=1, committee_id=True, expires=LATER)
    with pytest.raises(ValueError, match="version"):
        sign_team_link(SECRET, version=-1, team_id=1, committee_id=1, expires=LATER)


def test_team_link_url() -> None:
    assert team_link_url("https://f.example.org/", "abc.def") == "https://f.example.org/t/abc.def"
    assert team_link_url("https://f.example.org/app", "x.y") == "https://f.example.org/app/t/x.y"


# ---------------------------------------------------------------------------
# the secret file


def test_secret_created_once_with_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "keys" / "link.secret"
    first = load_or_create_secret(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == first.hex()
    assert load_or_create_secret(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["link.secret"]  # no temp files left
    token = sign_team_link(first, version=1, team_id=1, committee_id=1, expires=LATER)
    assert verify_team_link(load_or_create_secret(path), token, now=NOW).team_id == 1


def test_existing_secret_is_read_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "link.secret"
    path.write_text("00" * 16 + "ff" * 16 + "\n")
    assert load_or_create_secret(path) == bytes(16) + b"\xff" * 16
    assert path.read_text() == "00" * 16 + "ff" * 16 + "\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [("not hex at all", "not hex"), ("abcd", "too short"), ("", "too short"), ("é", "not hex")],
)
def test_bad_secret_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "link.secret"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FollowupError, match=message) as info:
        load_or_create_secret(path)
    assert str(info.value).startswith(str(path))


def test_racing_creators_agree_on_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "race" / "link.secret"
    barrier = threading.Barrier(8)
    results: list[bytes] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(load_or_create_secret(path))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 8
    assert len(set(results)) == 1
    assert path.read_text().strip() == results[0].hex()
    assert [p.name for p in path.parent.iterdir()] == ["link.secret"]


def test_loser_of_race_reads_winners_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process creates the file between our read attempt and our link."""
    import followup.loop.signing as links

    path = tmp_path / "link.secret"
    winner = "ab" * 32
    real_link = links.os.link

    def link_after_rival(src: str, dst: Path) -> None:
        Path(dst).write_text(winner + "\n")  # the rival wins first
        real_link(src, dst)

    monkeypatch.setattr(links.os, "link", link_after_rival)
    assert load_or_create_secret(path) == bytes.fromhex(winner)
    assert path.read_text() == winner + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["link.secret"]


# ---------------------------------------------------------------------------
# followup link TEAM [--reissue]


def test_link_prints_the_current_link_and_reissue_revokes_and_sends(
    settings: Settings,
) -> None:
    from fastapi.testclient import TestClient
    from sqlmodel import select
    from typer.testing import CliRunner

    from followup.cli import app
    from followup.web.app import create_app
    from models.db import session_scope
    from models.tables import Notification, Team

    runner = CliRunner()
    base = "https://followup.example.org"
    printed = runner.invoke(app, ["link", "통계조사팀"])
    assert printed.exit_code == 0, printed.output
    old = printed.output.strip()
    assert old.startswith(f"{base}/t/")

    refused = runner.invoke(app, ["link", "통계조사팀", "--reissue"])
    assert refused.exit_code == 2 and "--by" in refused.output
    unknown = runner.invoke(app, ["link", "없는팀"])
    assert unknown.exit_code == 2 and "'없는팀' 부서가 없습니다" in unknown.output

    reissued = runner.invoke(app, ["link", "통계조사팀", "--reissue", "--by", "박창현"])
    assert reissued.exit_code == 0, reissued.output
    assert "예전 링크는 이제 열리지 않습니다" in reissued.output
    new = next(line for line in reissued.output.splitlines() if line.startswith(base))
    assert new != old
    current = runner.invoke(app, ["link", "통계조사팀"]).output.strip().split("/t/")[1]
    assert verify_team_link(link_secret(settings), current, now=datetime.now(UTC)).version == 2
    with session_scope(settings.resolved_database_url) as session:
        team = session.exec(select(Team).where(Team.name == "통계조사팀")).one()
        (notice,) = session.exec(select(Notification).where(Notification.kind == "link")).all()
    assert team.link_version == 2
    assert notice.team_id == team.id and new in notice.body and notice.sent_at is not None
    assert "새로 발급" in notice.body
    # The notice landed in the local outbox (the sample has no channels), mode 0600.
    (written,) = [p for p in settings.outbox.glob("*.md") if new in p.read_text()]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600

    with TestClient(create_app(settings)) as client:
        assert client.get(old.removeprefix(base)).status_code == 403
        assert client.get(new.removeprefix(base)).status_code == 200


def test_a_short_link_secret_stops_the_command_with_a_korean_error(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from followup.cli import app
    from followup.settings import get_settings

    monkeypatch.setenv("FOLLOWUP_LINK_SECRET", "a")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["link", "통계조사팀"])
    assert result.exit_code == 2
    assert "FOLLOWUP_LINK_SECRET이 너무 짧습니다(1바이트)" in result.output
    assert "32바이트 이상" in result.output
