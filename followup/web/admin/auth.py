"""Secretaries' passwords, sign-in with backoff and lockout, and the console's session key.

Passwords are hashed with Argon2id (argon2-cffi). Every failed sign-in of a known secretary
is counted in one UPDATE; each fifth failure in a row locks the account, for 15 minutes the
first time and twice as long each time after (up to a day). A successful sign-in clears the
count. An unknown name costs the same hash check as a known one, so timing tells nothing.
"""

from __future__ import annotations

import hashlib
import hmac
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


def sign_in(session: Session, *, name: str, password: str, now: datetime) -> SignIn:
    row = store.secretary_by_name(session, name=name.strip())
    if row is None or row.id is None:
        _verify(_DUMMY_HASH, password)
        return SignIn()
    locked = row.locked_until
    if locked is not None and locked > now:
        return SignIn(locked_until=locked)
    if _verify(row.password_hash, password):
        store.clear_login_failures(session, secretary_id=row.id)
        return SignIn(secretary_id=row.id)
    failures = store.count_login_failure(session, secretary_id=row.id)
    if failures % FAILURES_BEFORE_LOCK == 0:
        until = now + lock_length(failures)
        store.lock_secretary(session, secretary_id=row.id, until=until)
        return SignIn(locked_until=until)
    return SignIn()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
