"""Password hashing with argon2id (OWASP minimum parameters: m=19 MiB, t=2, p=1), a bounded number at once.

One hash or verification costs ~50 ms of a core and 19 MiB. ``HASHING_SLOTS`` of them run
at once per process; a caller waits at most ``HASHING_WAIT`` seconds for a slot, then gets
``PasswordHashingBusy`` (503 with ``Retry-After``), so a flood of logins or sign-ups
neither queues hundreds of threads nor takes every core from other requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.errors import PasswordHashingBusy

HASHING_SLOTS = 2  # the machine's cores: more at once only queue inside argon2
HASHING_WAIT = 0.25  # seconds; a few hashes' time, so ordinary bursts still pass
_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_SLOTS = threading.BoundedSemaphore(HASHING_SLOTS)  # process-wide, like the hasher: it bounds this process's CPU
# Verified when a username does not exist, so a miss costs as long as a hit.
_DUMMY_HASH = _HASHER.hash("astratrade-timing-equaliser")
T = TypeVar("T")


def hash_password(password: str) -> str:
    return _bounded(lambda: _HASHER.hash(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    return _bounded(lambda: _verify(password_hash, password))


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _bounded(work: Callable[[], T]) -> T:
    if not _SLOTS.acquire(timeout=HASHING_WAIT):
        raise PasswordHashingBusy("too many password checks in progress; retry after the time in Retry-After")
    try:
        return work()
    finally:
        _SLOTS.release()
