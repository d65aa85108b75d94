"""Password hashing with argon2id (OWASP minimum parameters: m=19 MiB, t=2, p=1), a bounded number at once.

One hash or verification costs ~50 ms of a core and 19 MiB. ``HASHING_SLOTS`` of them run
at once per process; at most ``HASHING_QUEUE`` more callers wait for a slot, each at most
``HASHING_WAIT`` seconds. A caller beyond the queue, or one whose wait ran out, gets
``PasswordHashingBusy`` (503 with ``Retry-After``) at once, so a flood of logins or sign-ups
neither queues hundreds of threads nor takes every core from other requests, while an
ordinary burst (ten sign-ups in the same instant) just waits its turn.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.errors import PasswordHashingBusy

HASHING_SLOTS = 2  # the machine's cores: more at once only queue inside argon2
HASHING_QUEUE = 16  # callers that may wait for a slot; beyond them, refused without waiting
HASHING_WAIT = 2.0  # seconds a queued caller waits: the queue's worth of hashes on a loaded machine
_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_SLOTS = threading.BoundedSemaphore(HASHING_SLOTS)  # process-wide, like the hasher: it bounds this process's CPU
_ADMITTED = threading.BoundedSemaphore(HASHING_SLOTS + HASHING_QUEUE)  # hashing or waiting for a slot
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
    if not _ADMITTED.acquire(blocking=False):
        raise _busy()
    try:
        if not _SLOTS.acquire(timeout=HASHING_WAIT):
            raise _busy()
        try:
            return work()
        finally:
            _SLOTS.release()
    finally:
        _ADMITTED.release()


def _busy() -> PasswordHashingBusy:
    return PasswordHashingBusy("too many password checks in progress; retry after the time in Retry-After")
