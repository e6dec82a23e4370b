"""Secretaries' passwords, sign-in with backoff and lockout, and the console's sessions.

Passwords are hashed with Argon2id (argon2-cffi). Every failed sign-in is counted per client
address and name, known or not, in one UPDATE; each fifth failure in a row locks that
address out of that name, for 15 minutes the first time and twice as long each time after
(up to a day): a guesser elsewhere never locks the real secretary out. A successful sign-in
clears the count. An unknown name is answered exactly like a known one with a wrong
password: the same page, the same count and lockout, and the same hash check (against a
dummy hash), so neither the answer nor its timing tells which names exist.

A signed-in console session is a row on the server (:func:`start_session`): the cookie
holds a random token whose hash names the row. Signing out deletes it, a new password
deletes all the secretary's rows, and a row older than :data:`SESSION_HOURS` is no session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session

from followup import store
from followup.errors import FollowupError

FAILURES_BEFORE_LOCK = 5
FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(days=1)
MIN_PASSWORD = 10
SESSION_HOURS = 8
_SESSION_CONTEXT = b"followup.console-session.v1"
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("followup: no such secretary")


class WeakPassword(FollowupError):
    """A password the console refuses to store (the message is Korean)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"비밀번호는 {MIN_PASSWORD}자 이상이어야 합니다")
    return _hasher.hash(password)


def session_key(link_secret: bytes) -> str:
    """The console cookie's signing key: derived from the link secret under its own context,
    so no other secret file is needed and neither key can stand in for the other."""
    return hmac.new(link_secret, _SESSION_CONTEXT, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignIn:
    """The outcome: ``secretary_id`` when signed in, else ``locked_until`` when locked."""

    secretary_id: int | None = None
    locked_until: datetime | None = None


def lock_length(failures: int) -> timedelta:
    rounds = failures // FAILURES_BEFORE_LOCK
    return min(FIRST_LOCK * 2 ** max(rounds - 1, 0), LONGEST_LOCK)


def sign_in(session: Session, *, name: str, password: str, address: str, now: datetime) -> SignIn:
    """Check ``name`` and ``password`` signing in from ``address`` (the client's address)."""
    name = name.strip()
    locked = store.login_locked_until(session, address=address, name=name)
    if locked is not None and locked > now:
        return SignIn(locked_until=locked)
    row = store.secretary_by_name(session, name=name)
    matches = _verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    if matches and row is not None and row.id is not None:
        store.clear_login_failures(session, name=name, address=address)
        return SignIn(secretary_id=row.id)
    failures = store.count_login_failure(session, address=address, name=name)
    if failures % FAILURES_BEFORE_LOCK == 0:
        until = now + lock_length(failures)
        store.lock_login(session, address=address, name=name, until=until)
        return SignIn(locked_until=until)
    return SignIn()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, *, secretary_id: int, now: datetime) -> str:
    """A new server-side session of the secretary; the token for the cookie."""
    token = secrets.token_urlsafe(32)
    store.open_console_session(
        session,
        token_hash=_token_hash(token),
        secretary_id=secretary_id,
        now=now,
        expired=now - timedelta(hours=SESSION_HOURS),
    )
    return token


def session_secretary(session: Session, *, token: str, now: datetime) -> store.SignedIn | None:
    """The secretary of a live session ``token`` with their committees (None once ended or
    expired)."""
    return store.console_signed_in(
        session, token_hash=_token_hash(token), since=now - timedelta(hours=SESSION_HOURS)
    )


def end_session(session: Session, *, token: str) -> None:
    store.end_console_session(session, token_hash=_token_hash(token))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
