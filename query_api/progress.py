"""Where each projection is in the log, and waiting, without holding a thread, until one gets somewhere.

Projections NOTIFY the read models' progress channel in the very transaction that
moves a tracking row (projections/runtime/waiting.py), so a notification means the
rows are visible. While the app runs, one asyncio task per process LISTENs on one
connection, re-reads the tracking table on every wake (and on a short poll should a
notification be missed) and wakes the waiting requests: a wait is a coroutine parked
on a condition, never a worker thread. Outside the app's event loop (no lifespan, as
in some tests) a wait follows the channel on a connection of its own.

Reading a hot standby (READ_DATABASE_URL, docs/adr/0010), the positions that count are the
STANDBY's: its tracking rows replicate with the read-model rows of the same transaction, so a
standby at position p shows every row up to p, while the primary's p says nothing of what the
standby shows yet. The channel cannot be LISTENed on a standby, so the follower LISTENs on the
primary and, woken, reads the primary's positions as a target and re-reads the standby's every
few milliseconds until it has replayed that far (or a bound passes): a wait ends when the
standby has the rows, typically a millisecond or two after the primary.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import AsyncConnection, Connection, sql

from projections.runtime import ReadModels

log = logging.getLogger(__name__)
POLL = 0.1  # seconds: the fallback should a notification be missed
# Following a standby after a wake-up: re-read its positions after 2 ms, doubling to 50 ms, for at most 1 s
# (then the ordinary poll goes on: a standby lagging more than that is reported by /ready anyway).
CHASE_FIRST, CHASE_MAX, CHASE_FOR = 0.002, 0.05, 1.0
Positions = dict[str, int]


class Progress:
    """The tracking positions of one read-model schema, followed asynchronously."""

    def __init__(self, read_models: ReadModels, wake_conninfo: str | None = None) -> None:
        # ``read_models``: where positions are read (a standby's conninfo, if reads go there); ``wake_conninfo``:
        # the primary, where the progress channel is NOTIFYed, when it is another database.
        self.read_models, self.wake_conninfo = read_models, wake_conninfo
        self._select = sql.SQL("SELECT position FROM {} WHERE name = %s").format(read_models.tracking)
        self._positions: Positions = {}
        self._changed: asyncio.Condition | None = None
        self._task: asyncio.Task[None] | None = None

    def position(self, conn: Connection[Any], name: str) -> int:
        """The projection's position in the caller's transaction (0 before its first step)."""
        row = conn.execute(self._select, (name,)).fetchone()
        return int(row[0]) if row else 0

    async def wait_for(self, name: str, position: int, timeout: float) -> bool:
        """True once ``name`` has applied everything up to ``position``; False after ``timeout`` seconds."""
        return await self.wait_until(lambda positions: positions.get(name, 0) >= position, timeout)

    async def wait_until(self, reached: Callable[[Positions], bool], timeout: float) -> bool:
        """True once ``reached(positions)`` holds; False after ``timeout`` seconds."""
        if not self._following():
            return await self._wait_alone(reached, timeout)
        assert self._changed is not None
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(lambda: reached(self._positions)), timeout)
            return reached(self._positions)

    async def moved(self, timeout: float) -> None:
        """Return at the next change of any tracking row (or after ``timeout``)."""
        if not self._following():
            await asyncio.sleep(min(timeout, POLL))
            return
        assert self._changed is not None
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout)

    async def start(self) -> None:
        """Follow the channel on the running loop (idempotent); a database that is down only delays it."""
        if self._task is None:
            self._changed = asyncio.Condition()
            self._task = asyncio.get_running_loop().create_task(self._follow_forever(), name="progress")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task, self._changed = None, None

    def _following(self) -> bool:
        return self._task is not None and not self._task.done() and self._task.get_loop() is _running_loop()

    async def _follow_forever(self) -> None:
        while True:
            try:
                async with contextlib.AsyncExitStack() as stack:
                    listening = await stack.enter_async_context(await self._listening())
                    reading = (
                        listening
                        if self.wake_conninfo is None
                        else await stack.enter_async_context(await self._connect(self.read_models.conninfo))
                    )
                    while True:
                        await self._publish(await _positions(reading, self.read_models))
                        if await _next_notification(listening, POLL) and reading is not listening:
                            await self._chase(listening, reading)
            except (psycopg.Error, OSError) as error:
                # Also a schema not migrated yet: waits time out meanwhile, and the follower recovers by itself.
                log.warning("query API cannot follow projection progress (%s); retrying", error)
                await asyncio.sleep(1.0)

    async def _publish(self, positions: Positions) -> None:
        assert self._changed is not None
        async with self._changed:
            self._positions = positions
            self._changed.notify_all()

    async def _chase(self, primary: AsyncConnection[Any], standby: AsyncConnection[Any]) -> None:
        """Re-read the standby's positions until it has replayed what the primary's tracking rows say now."""
        target = await _positions(primary, self.read_models)
        loop = asyncio.get_running_loop()
        delay, give_up = CHASE_FIRST, loop.time() + CHASE_FOR
        while loop.time() < give_up:
            await asyncio.sleep(delay)
            positions = await _positions(standby, self.read_models)
            await self._publish(positions)
            if all(positions.get(name, 0) >= position for name, position in target.items()):
                return
            delay = min(CHASE_MAX, delay * 2)

    async def _wait_alone(self, reached: Callable[[Positions], bool], timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        # Following a standby alone, poll it briskly: the primary's NOTIFY precedes its replay.
        poll = POLL if self.wake_conninfo is None else CHASE_MAX
        async with contextlib.AsyncExitStack() as stack:
            listening = await stack.enter_async_context(await self._listening())
            reading = (
                listening
                if self.wake_conninfo is None
                else await stack.enter_async_context(await self._connect(self.read_models.conninfo))
            )
            while not reached(await _positions(reading, self.read_models)):
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return False
                await _next_notification(listening, min(poll, remaining))
        return True

    async def _listening(self) -> AsyncConnection[Any]:
        conn = await self._connect(self.wake_conninfo or self.read_models.conninfo)
        await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.read_models.progress_channel)))
        return conn

    @staticmethod
    async def _connect(conninfo: str) -> AsyncConnection[Any]:
        return await AsyncConnection.connect(conninfo, autocommit=True, application_name="astratrade:query-progress")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def _positions(conn: AsyncConnection[Any], read_models: ReadModels) -> Positions:
    cursor = await conn.execute(sql.SQL("SELECT name, position FROM {}").format(read_models.tracking))
    return {name: int(position) for name, position in await cursor.fetchall()}


async def _next_notification(conn: AsyncConnection[Any], timeout: float) -> bool:
    """True when a notification came within ``timeout`` seconds."""
    came = False
    async for _ in conn.notifies(timeout=timeout, stop_after=1):
        came = True
    return came
