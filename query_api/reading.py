"""The one read path of the query API: wait for ``min_position``, then read one snapshot.

Every route reads through ``Reader.read``:

1. if the caller passed ``min_position``, wait (a coroutine, no thread; at most
   ``QUERY_MAX_WAITS_PER_USER`` at once per user, 429 beyond) until every read model
   the route needs has applied it, within one time budget, else 503 with Retry-After;
2. open one REPEATABLE READ, READ ONLY transaction (the pool configures every
   connection so), in a worker thread since psycopg's pool is synchronous;
3. read ``as_of_position`` (the least tracking position of those read models) and the
   rows in that same transaction, so both come from one instant.

Some answers also need the reactions to the events before ``min_position`` (a close's
XP and P&L come from the gamification policy's later events): a ``Settle`` step says,
inside a snapshot, whether those have been written, and how far to wait then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from psycopg import Connection
from psycopg_pool import ConnectionPool
from starlette.concurrency import run_in_threadpool

from http_common.problems import ApiProblem
from query_api.metrics import Metrics
from query_api.progress import Progress
from query_api.waits import RETRY_AFTER_SECONDS, WaitSlots

T = TypeVar("T")
# Inside a snapshot: None while reactions before ``min_position`` are pending, else the position to reach.
Settle = Callable[[Connection[Any], int], "int | None"]


@dataclass(frozen=True)
class Read(Generic[T]):
    """What a snapshot held, and the log position it is as of."""

    value: T
    as_of_position: int


@dataclass(frozen=True)
class Needs:
    """The read models a route reads (``as_of_position`` is their least position), those it must also wait
    for (``after``, e.g. a policy whose reactions the rows hold), and an optional ``settle`` step."""

    names: Sequence[str]
    after: Sequence[str] = ()
    settle: Settle | None = None


class Reader:
    """The read path of one app: its pool, the progress follower, the wait slots and budget."""

    def __init__(
        self, pool: ConnectionPool[Any], progress: Progress, metrics: Metrics, slots: WaitSlots, wait_timeout: float
    ) -> None:
        self.pool, self.progress, self.metrics, self.slots = pool, progress, metrics, slots
        self.wait_timeout = wait_timeout

    async def read(
        self, caller: UUID, needs: Needs, min_position: int | None, read: Callable[[Connection[Any]], T]
    ) -> Read[T]:
        """``read(conn)`` in one snapshot of ``needs``' read models, once they have applied ``min_position``."""
        await self.reach(caller, needs, min_position)
        return await run_in_threadpool(self.snapshot, needs.names, read)

    async def reach(self, caller: UUID, needs: Needs, min_position: int | None) -> None:
        """Return once ``needs`` have applied ``min_position`` (no wait without one); 429 or 503 else."""
        if min_position is None:
            return
        with self.slots.slot(caller):
            deadline = time.monotonic() + self.wait_timeout
            await self._reach([*needs.after, *needs.names], min_position, deadline)
            if needs.settle is not None:
                target = await self._settled(needs.settle, min_position, deadline)
                await self._reach(needs.names, max(min_position, target), deadline)

    def snapshot(self, names: Sequence[str], read: Callable[[Connection[Any]], T]) -> Read[T]:
        """``read(conn)`` and the least tracking position of ``names``, in one transaction."""
        with self.pool.connection() as conn:
            as_of = min((self.progress.position(conn, name) for name in names), default=0)
            return Read(read(conn), as_of)

    async def _reach(self, names: Sequence[str], position: int, deadline: float) -> None:
        started = time.monotonic()
        for name in names:
            reached = await self.progress.wait_for(name, position, max(0.0, deadline - time.monotonic()))
            self.metrics.waits.labels(name, "reached" if reached else "timeout").observe(time.monotonic() - started)
            if not reached:
                raise self._lagging(name, position, f"{name} has not reached position {position}")

    async def _settled(self, settle: Settle, min_position: int, deadline: float) -> int:
        while True:
            target = await run_in_threadpool(self.snapshot, (), lambda conn: settle(conn, min_position))
            if target.value is not None:
                return target.value
            if time.monotonic() >= deadline:
                raise self._lagging(
                    "progression",
                    min_position,
                    f"closes at or before position {min_position} still wait for their verdict",
                )
            await self.progress.moved(deadline - time.monotonic())

    def _lagging(self, name: str, position: int, why: str) -> ApiProblem:
        return ApiProblem(
            503,
            "projection_lagging",
            f"{why} within {self.wait_timeout:g} s",
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
            projection=name,
            min_position=position,
        )
