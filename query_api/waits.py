"""At most N concurrent ``min_position`` waits per user (api.md "Abuse limits"); 429 beyond.

A wait costs no thread (query_api/progress.py), but each parked request still holds a
socket and memory for up to the wait timeout: the cap keeps one user from parking
thousands. The counts live in the app's event loop (every wait runs there), so they
need no lock; they are per process, like the connections they protect.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from http_common.problems import ApiProblem

RETRY_AFTER_SECONDS = 1


class WaitSlots:
    """Counts each user's waits in progress."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._waiting: dict[UUID, int] = {}

    @contextmanager
    def slot(self, user_id: UUID) -> Iterator[None]:
        """Hold one of the user's slots for the block; 429 ``too_many_waits`` when all are taken."""
        held = self._waiting.get(user_id, 0)
        if held >= self.per_user:
            raise ApiProblem(
                429,
                "too_many_waits",
                f"at most {self.per_user} concurrent min_position waits per user",
                {"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        self._waiting[user_id] = held + 1
        try:
            yield
        finally:
            left = self._waiting.pop(user_id) - 1
            if left:
                self._waiting[user_id] = left
