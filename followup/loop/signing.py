"""Signed team links: a team updates its items through a URL, with no account.

A token is ``PAYLOAD.SIGNATURE``, both unpadded URL-safe base64:

* ``PAYLOAD`` is the compact JSON array ``[team_id, committee_id, expires, version]``
  (expiry in whole Unix seconds, UTC; ``version`` is the team's ``link_version`` when the
  link was made: bumping it revokes every older link). Links made before versions existed
  carry three elements and count as version 1;
* ``SIGNATURE`` is HMAC-SHA256 over a fixed context string plus the payload *text*, so the
  payload is authenticated byte for byte before it is decoded.

With ordinary ids a token is about 70 characters: short enough for SMS and chat.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from followup.errors import FollowupError
from followup.settings import Settings

# Changing this string invalidates every link issued so far.
_CONTEXT = b"followup.team-link.v1:"
_TOKEN_RE = re.compile(r"([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)")
_MAX_TOKEN_LENGTH = 256
_SECRET_BYTES = 32
MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class LinkClaims:
    """What a valid team link grants."""

    team_id: int
    committee_id: int
    expires: datetime  # aware, UTC
    version: int = 1  # the team's link_version it was made for


class InvalidLink(FollowupError):
    """A team link that must be refused; ``reason`` is one of :attr:`REASONS`."""

    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad signature"
    EXPIRED = "expired"
    REASONS = (MALFORMED, BAD_SIGNATURE, EXPIRED)

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in self.REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.reason = reason
        super().__init__(f"invalid team link: {reason}" + (f" ({detail})" if detail else ""))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _signature(secret: bytes, payload: str) -> str:
    return _b64encode(hmac.new(secret, _CONTEXT + payload.encode("ascii"), hashlib.sha256).digest())


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes | bytearray) or not secret:
        raise ValueError("the link secret must be non-empty bytes")


def _check_id(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, not {value!r}")


def sign_team_link(
    secret: bytes, *, team_id: int, committee_id: int, version: int, expires: datetime
) -> str:
    """A token granting ``team_id`` of ``committee_id`` access until ``expires`` (aware), as
    long as the team's ``link_version`` is still ``version``.

    Expiry is kept to the whole second (rounded down).
    """
    _check_secret(secret)
    _check_id("team_id", team_id)
    _check_id("committee_id", committee_id)
    _check_id("version", version)
    if expires.tzinfo is None or expires.utcoffset() is None:
        raise ValueError("expires must be timezone-aware")
    stamp = math.floor(expires.timestamp())
    body = json.dumps([team_id, committee_id, stamp, version], separators=(",", ":"))
    payload = _b64encode(body.encode("ascii"))
    return f"{payload}.{_signature(secret, payload)}"


def verify_team_link(secret: bytes, token: str, *, now: datetime) -> LinkClaims:
    """The claims of a valid, unexpired token; raise :class:`InvalidLink` otherwise.

    ``now`` must be timezone-aware. A link is expired from its expiry instant on. Whether
    ``version`` is still the team's is for the caller to check against the database.
    """
    _check_secret(secret)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_LENGTH:
        raise InvalidLink(InvalidLink.MALFORMED, "not a token")
    match = _TOKEN_RE.fullmatch(token.strip())
    if match is None:
        raise InvalidLink(InvalidLink.MALFORMED, "not PAYLOAD.SIGNATURE in URL-safe base64")
    payload, signature = match.groups()
    # Both strings are ASCII here, so compare_digest accepts them. Comparing the encoded
    # text (not decoded bytes) also refuses alternative encodings of the same signature.
    if not hmac.compare_digest(_signature(secret, payload), signature):
        raise InvalidLink(InvalidLink.BAD_SIGNATURE)

    try:
        claims = json.loads(_b64decode(payload))
    except (binascii.Error, ValueError):
        raise InvalidLink(InvalidLink.MALFORMED, "payload is not JSON") from None
    if (
        not isinstance(claims, list)
        or len(claims) not in (3, 4)
        or any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in claims)
    ):
        raise InvalidLink(InvalidLink.MALFORMED, "unexpected payload")
    team_id, committee_id, stamp, version = claims if len(claims) == 4 else [*claims, 1]
    try:
        expires = datetime.fromtimestamp(stamp, UTC)
    except (OverflowError, OSError, ValueError):
        raise InvalidLink(InvalidLink.MALFORMED, "expiry out of range") from None
    if now >= expires:
        raise InvalidLink(InvalidLink.EXPIRED, f"at {expires.isoformat()}")
    return LinkClaims(team_id=team_id, committee_id=committee_id, expires=expires, version=version)


def team_link_url(base_url: str, token: str) -> str:
    """The page a team opens: ``BASE/t/TOKEN``."""
    return f"{base_url.rstrip('/')}/t/{token}"


def load_or_create_secret(path: Path) -> bytes:
    """The link secret kept in ``path`` (hex text), created on first use.

    A new secret is 32 random bytes written, mode 0600, to a temporary file that is then
    hard-linked into place: the link fails if the file already exists, so a concurrent
    process can never overwrite it, and readers never see a partly written file. The loser
    of a race reads the winner's secret.
    """
    path = Path(path)
    with contextlib.suppress(FileNotFoundError):
        return _read_secret(path)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(secrets.token_bytes(_SECRET_BYTES).hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: use its secret
            os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except UnicodeDecodeError:
        raise FollowupError(f"{path}: link secret is not hex text") from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise FollowupError(f"{path}: link secret is not hex text") from None
    if len(secret) < MIN_SECRET_BYTES:
        raise FollowupError(
            f"{path}: 링크 서명 키가 너무 짧습니다({len(secret)}바이트, "
            f"{MIN_SECRET_BYTES}바이트 이상 필요) (link secret is too short)"
        )
    return secret


def link_secret(settings: Settings) -> bytes:
    """The HMAC key: FOLLOWUP_LINK_SECRET, else the one generated once under var/.

    A FOLLOWUP_LINK_SECRET shorter than 32 bytes is refused: a guessable key would let anyone
    forge every team's link."""
    if settings.link_secret:
        secret = settings.link_secret.encode()
        if len(secret) < MIN_SECRET_BYTES:
            raise FollowupError(
                f"FOLLOWUP_LINK_SECRET이 너무 짧습니다({len(secret)}바이트): 팀 링크를 위조할 수 "
                f"없도록 {MIN_SECRET_BYTES}바이트 이상의 무작위 문자열을 쓰십시오 "
                "(예: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return secret
    return load_or_create_secret(settings.secret_path)
