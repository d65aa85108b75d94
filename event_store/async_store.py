"""The command path on the event loop: loads and group-committed appends on psycopg's async connections.

A sync route costs two anyio thread hand-offs per request (the route, then FastAPI's
validation of its answer), ~22 % of an API worker's CPU under load (docs/performance.md,
issue 19). ``AsyncStore`` lets an ``async def`` route run a command without leaving the
event loop: the aggregate is loaded on an async connection (fast-forwarding the
repository's cached copy, as the sync repository does), the command decides in the loop
(pure CPU), and its append joins an asyncio group commit (``AsyncGroupCommit``) whose
batches are written by the same statement as the threads' batches
(``AstraRecorder._append``: each command refused or committed on its own, docs/adr/0007).
Each caller's future resolves only after its batch committed.

What stays on the sync path, reached by one thread hop when it happens:
- an append whose batch failed as a whole (``Alone``): written alone by the recorder,
  with its retries and its "was it ours?" check after a lost connection;
- a save writing access rows (users, logins, API keys): their own transaction;
- a snapshot falling due (one save in 100 of a wallet).

docs/adr/0017-async-command-path.md records the design.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from copy import deepcopy
from typing import Any, TypeVar
from uuid import UUID

import psycopg
from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from psycopg.rows import tuple_row
from starlette.concurrency import run_in_threadpool

from event_store import access, pg_direct
from event_store.application import EventStore
from event_store.config import connection_name
from event_store.group_commit import MAX_IN_FLIGHT, Alone, Append, GroupCommit
from event_store.recorder import IdempotencyRecord, _batch_params
from event_store.repository import replay

# Connections per process for loads and key lookups, beside the sync pool (and ≤ 2 writers).
# 4, not more: a load holds one for a round trip (~0.5 ms), so 4 serve thousands of loads a
# second, and every one more is a connection of the shared server's budget (docs/operations.md).
READERS = 4
READ_ATTEMPTS = 10  # like the sync reads' retry: ride out connections a restart left dead
READ_RETRY_WAIT = 0.2
_BATCH_FAILED = (psycopg.InterfaceError, psycopg.OperationalError)
_int4, _int8 = pg_direct.int4.unpack, pg_direct.int8.unpack
_T = TypeVar("_T")


class AsyncGroupCommit(GroupCommit):
    """``GroupCommit`` for coroutines: same batches (``_take``: claims, sizes), same outcomes,
    led by tasks of the event loop instead of callers' threads. At most ``max_in_flight``
    batches are written at once; an append queued meanwhile joins the next batch."""

    def __init__(self, write: Callable[[list[Append]], Awaitable[None]], max_in_flight: int = MAX_IN_FLIGHT) -> None:
        super().__init__(lambda _: None, max_in_flight)
        self._write_async = write
        self._waiting: dict[Append, asyncio.Future[Any]] = {}
        self._tasks: set[asyncio.Task[None]] = set()  # the batches being written (a task needs a reference)
        self._starting = False  # a batch's task is created and has not taken its batch yet

    async def submit_async(self, append: Append) -> Any:
        """Write ``append`` in some batch; return its outcome once that batch has committed."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[append] = future
        self._queue.append(append)
        self._start_batches()
        # Shielded: a caller going away (a client disconnect) must not cancel its neighbours' batch.
        return await asyncio.shield(future)

    def _start_batches(self) -> None:
        # A slot is taken now, the batch when the task first runs: by then every append that
        # arrived in the same turn of the loop has queued and joins it.
        if self._in_flight < self.max_in_flight and self._queue and not self._starting:
            self._in_flight += 1
            self._starting = True
            task = asyncio.get_running_loop().create_task(self._lead())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _lead(self) -> None:
        self._starting = False
        batch = self._take()
        if not batch:  # everything queued claims what the batches in flight write
            self._in_flight -= 1
            return
        claims: set[Any] = set().union(*(item.claims() for item in batch))
        self._claimed |= claims
        self._start_batches()  # the other slot, for what arrives meanwhile
        try:
            await self._write_async(batch)
        finally:
            for item in batch:
                if item.outcome is None:  # the write raised: every append of it goes alone
                    item.outcome = Alone(maybe_committed=True)
                future = self._waiting.pop(item)
                if not future.done():
                    future.set_result(item.outcome)
            self._claimed -= claims
            self._in_flight -= 1
            self.batches += 1
            self._start_batches()


class AsyncStore:
    """Async loads, idempotency lookups and saves on ``store``'s tables (module docstring)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.recorder = store.store
        self._group = AsyncGroupCommit(self._write_batch)
        # Connections are bound to the loop they were opened on: one set per running loop (tests may run several).
        self._loop: asyncio.AbstractEventLoop | None = None
        self._readers: list[psycopg.AsyncConnection[Any]] = []  # idle
        self._readers_bound = asyncio.Semaphore(READERS)
        self._writers: list[psycopg.AsyncConnection[Any]] = []  # idle

    @property
    def batches_written(self) -> int:
        return self._group.batches

    async def close(self) -> None:
        """Close this loop's idle connections (the app's shutdown)."""
        idle = self._readers + self._writers
        self._loop, self._readers, self._writers = None, [], []
        for conn in idle:
            await conn.close()

    # -- loading

    async def get(self, aggregate_id: UUID) -> Any:
        """The aggregate, as the sync repository's ``get`` answers it (a copy the command may change);
        ``AggregateNotFoundError`` if it has no events."""
        repository = self.store.repository
        cache = repository.cache
        try:
            cached = cache.get(aggregate_id) if cache is not None else None
        except KeyError:
            cached = None
        if cached is not None:
            aggregate = deepcopy(cached)  # never the cached object: a thread may fast-forward it meanwhile
            # Brought up to date with the events after its version (one query).
            params = (aggregate_id.bytes, pg_direct.int8.pack(aggregate.version))
            result = await self._run(self.recorder._events_after, params)
            return replay(aggregate, self._decode(aggregate_id, result, first_column=0))
        result = await self._run(self.recorder._snapshot_and_events, (aggregate_id.bytes,))
        aggregate = replay(None, self._decode(aggregate_id, result, first_column=1))
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} not found.")
        if cache is not None:
            cache.put(aggregate_id, deepcopy(aggregate))
        return aggregate

    def _decode(self, aggregate_id: UUID, result: Any, first_column: int) -> Iterable[Any]:
        """The domain events of a binary result whose columns from ``first_column`` on are
        (version, topic, state), as the recorder's sync reads decode them."""
        decode, value, c = self.store.mapper.to_domain_event, result.get_value, first_column
        return (
            decode(StoredEvent(aggregate_id, _int8(value(row, c))[0], value(row, c + 1).decode(), value(row, c + 2)))
            for row in range(result.ntuples)
        )

    async def find_idempotency_record(self, actor: str, key: str) -> tuple[IdempotencyRecord, int] | None:
        """The stored first answer for ``key`` and the position it wrote, if any (as the recorder's)."""
        rows = await self._read(self.recorder._find_key, (actor, key))
        if not rows:
            return None
        request_hash, status, body, position = rows[0]
        return IdempotencyRecord(actor, key, request_hash, status, body), int(position)

    async def _read(self, statement: Any, params: Any) -> list[tuple[Any, ...]]:
        """``statement`` (psycopg SQL) on a connection of this loop; retried like the sync reads."""

        async def execute(conn: psycopg.AsyncConnection[Any]) -> list[tuple[Any, ...]]:
            async with conn.cursor(row_factory=tuple_row) as cursor:
                await cursor.execute(statement, params, prepare=True)
                return await cursor.fetchall()

        return await self._retrying(execute)

    async def _run(self, statement: pg_direct.Statement, params: Sequence[bytes]) -> Any:
        """One of the recorder's direct statements (event_store/pg_direct.py) on a connection of
        this loop: its binary ``PGresult``; retried like the sync reads."""
        return await self._retrying(lambda conn: statement.run_async(conn, params))

    async def _retrying(self, execute: Callable[[psycopg.AsyncConnection[Any]], Awaitable[_T]]) -> _T:
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                async with self.connection() as conn:
                    return await execute(conn)
            except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                if attempt == READ_ATTEMPTS:
                    raise OperationalError(str(error)) from error  # the 503 the sync path answers
                await asyncio.sleep(READ_RETRY_WAIT)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- saving

    async def save(self, aggregates: Sequence[BaseAggregate[UUID]], idempotency: IdempotencyRecord | None) -> list[int]:
        """Record the aggregates' pending events (and ``idempotency``) in one transaction; their
        positions, sorted. ``IntegrityError`` when a version or the key is already stored."""
        processing = ProcessingEvent[UUID]()
        for aggregate in aggregates:
            processing.events.extend(aggregate.collect_events())
            processing.aggregates[aggregate.id] = aggregate
        changed = {e.originator_id for e in processing.events}
        if not processing.events or access.rows_for(aggregates, changed):
            # Access rows commit in the events' own transaction: the sync save's business.
            recordings = await run_in_threadpool(self.store._record, _resaved(processing, idempotency))
            positions = sorted(r.notification.id for r in recordings)
        else:
            # Encoded here, in the command's context: metadata and trace context are context variables.
            stored = [self.store.mapper.to_stored_event(e) for e in processing.events]
            positions = await self._append(Append(stored, idempotency))
            cache = self.store.repository.cache
            if cache is not None:  # the state just stored: the next load fast-forwards from here
                for aggregate_id, saved in processing.aggregates.items():
                    cache.put(aggregate_id, saved)
        due = self._snapshots_due(processing)
        if due:
            await run_in_threadpool(self._take_snapshots, due, processing)
        return positions

    async def _append(self, append: Append) -> list[int]:
        outcome = await self._group.submit_async(append)
        if isinstance(outcome, BaseException):
            raise outcome
        if not isinstance(outcome, Alone):
            return list(outcome)
        return await run_in_threadpool(self._write_alone, append, outcome.maybe_committed)

    def _write_alone(self, append: Append, maybe_committed: bool) -> list[int]:
        """The sync recorder writes it (its retries on lost connections); a conflict after a batch
        that may have committed is checked against the append's own events, as the recorder does."""
        try:
            return list(self.recorder.insert_events(append.events, idempotency=append.record) or [])
        except IntegrityError:
            if maybe_committed:
                ids = self.recorder._already_recorded(append.events, None)
                if ids is not None:
                    return ids
            raise

    def _snapshots_due(self, processing: ProcessingEvent[UUID]) -> list[tuple[Any, int]]:
        """(aggregate, version) of each snapshot the save makes due (eventsourcing's rule)."""
        intervals = self.store.snapshotting_intervals
        if not self.store.snapshots or not intervals:
            return []
        due = []
        for event in processing.events:
            aggregate = processing.aggregates.get(event.originator_id)
            interval = intervals.get(type(aggregate)) if aggregate is not None else None
            if interval is not None and event.originator_version % interval == 0:
                due.append((aggregate, event.originator_version))
        return due

    def _take_snapshots(self, due: list[tuple[Any, int]], processing: ProcessingEvent[UUID]) -> None:
        """Snapshots of the aggregates just saved, taken from them when they are at the snapshot's
        version (no reload); a save passing a snapshot's version mid-way takes eventsourcing's path."""
        if any(aggregate.version != version for aggregate, version in due):
            self.store._take_snapshots(processing)
            return
        classes = [getattr(type(aggregate), "Snapshot", type(self.store).snapshot_class) for aggregate, _ in due]
        if self.store.snapshots is None or None in classes:
            self.store._take_snapshots(processing)  # its own error for a missing snapshot class
            return
        snapshots = [cls.take(aggregate) for cls, (aggregate, _) in zip(classes, due, strict=True) if cls is not None]
        self.store.snapshots.put(snapshots)

    async def _write_batch(self, batch: list[Append]) -> None:
        """One statement for the batch, on a writer connection of this loop; each append gets
        its outcome (positions, or refused), or ``Alone`` when the batch failed as a whole."""
        params = _batch_params(batch, self.recorder.channel_name)
        conn = None
        try:
            conn = await self._writer()
            result = await self.recorder._append.run_async(conn, params)
        except _BATCH_FAILED:
            for append in batch:
                append.outcome = Alone(maybe_committed=True)
            return
        except Exception:
            for append in batch:
                append.outcome = Alone(maybe_committed=False)
            return
        finally:
            if conn is not None:
                if conn.broken or conn.closed:
                    await conn.close()
                else:
                    self._writers.append(conn)
        positions: list[list[int]] = [[] for _ in batch]
        value = result.get_value
        for row in range(result.ntuples):
            command, position = value(row, 0), value(row, 1)
            if command is not None and position is not None:  # (None, None): followers were woken
                positions[_int4(command)[0]].append(_int8(position)[0])
        for append, got in zip(batch, positions, strict=True):
            got.sort()
            append.outcome = got or IntegrityError("version or idempotency key already recorded")

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """An autocommit connection of this loop's own, for one statement.

        Not psycopg_pool's ``AsyncConnectionPool``: its checkout and return were a quarter of
        a load's Python time in the profile (locks, a checking loop, a commit on return);
        an idle stack bounded by a semaphore is all a statement needs. A connection that
        broke is dropped on return; a dead idle one fails its statement, which the caller retries.
        """
        self._bind()
        try:
            # Bounded like the sync pool's checkout: a database that hangs answers 503, not never.
            async with asyncio.timeout(self.recorder.datastore.pool.timeout):
                await self._readers_bound.acquire()
        except TimeoutError:
            raise OperationalError("no connection to the event store within the pool timeout") from None
        try:
            conn = self._readers.pop() if self._readers else await self._connect()
        except BaseException:
            self._readers_bound.release()
            raise
        try:
            yield conn
        finally:
            try:
                if conn.broken or conn.closed:
                    await conn.close()
                else:
                    self._readers.append(conn)
            finally:
                self._readers_bound.release()

    def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new loop (tests): connections of the old one are not usable here
            self._loop, self._readers, self._writers = loop, [], []
            self._readers_bound = asyncio.Semaphore(READERS)

    async def _connect(self, role: str = "async-reader") -> psycopg.AsyncConnection[Any]:
        conninfo, kwargs = self.recorder.datastore.pool.conninfo, self.recorder.datastore.pool.kwargs
        assert isinstance(conninfo, str) and isinstance(kwargs, dict)  # eventsourcing's pool: a string and a dict
        timeout = max(1, round(self.recorder.datastore.pool.timeout))  # libpq's connect_timeout: whole seconds
        return await psycopg.AsyncConnection.connect(
            conninfo,
            **{"connect_timeout": timeout, **kwargs, "application_name": connection_name(role), "autocommit": True},
        )

    async def _writer(self) -> psycopg.AsyncConnection[Any]:
        """A writer connection of this loop (at most one per batch in flight), planning the batch
        statement generically as the sync writers do (``AstraRecorder._writer``)."""
        self._bind()
        if self._writers:
            return self._writers.pop()
        conn = await self._connect("async-writer")
        await conn.execute("SET plan_cache_mode = force_generic_plan")
        return conn


def _resaved(processing: ProcessingEvent[UUID], idempotency: IdempotencyRecord | None) -> ProcessingEvent[UUID]:
    processing.saved_kwargs["idempotency"] = idempotency
    return processing
