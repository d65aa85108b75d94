"""What the workers of one group process share: leases, wake-ups, connections, the log reader.

A worker alone (``lease.Lease``) holds two connections for its whole life: the lease's (lock,
LISTEN, steps) and the event store's reader. Twenty of them make forty connections that are idle
almost all the time. Threads of one process share instead:

* ``GroupLeases``: ONE connection holding the advisory locks of every projection the process
  leads (advisory locks are per session, any number per connection), and LISTENing for
  appends. Standbys, in this process or another, see each lock exactly as before: leases
  stay per projection.
* ``AppendListener``: a thread draining that connection's notifications; it wakes every idle
  worker.
* a pool of apply connections (``ConnectionPool``) lent for one step's transaction at a time:
  each projection keeps its own transactions and tracking row, but idle ones hold nothing.
* one event store (pool, mapper, decoder) through which every worker reads the log.

The last two (``StepConnections``) are shared by every group of a process when ``run_groups`` runs
several in one (``up``): one interpreter runs their handlers whichever group they belong to.

A lock no longer lives on the connection that applies the steps; that costs nothing in
correctness: the tracking update is conditional (``Tracking.advance``), so a worker that lost
its lease without noticing yet cannot apply a step twice, it gets a conflict.
"""

from __future__ import annotations

import logging
import select
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from event_store.application import EventStore
from projections.runtime.config import EVENTS_CHANNEL, ReadModels
from projections.runtime.lease import LEASE_NAMESPACE, lease_key

log = logging.getLogger(__name__)
_CHECK_EVERY = 1.0  # seconds between liveness checks of the leases' connection
_LISTEN_RETRY, _LISTEN_MAX_RETRY = 1.0, 10.0  # seconds before the listener reconnects (workers poll meanwhile)
# Seconds between two drains of the notifications, at most: a NOTIFY that arrived while another
# thread ran a statement on the connection is buffered by psycopg and no longer wakes ``select``.
_LISTEN_TICK = 0.2
_POOL_IDLE = 15.0  # seconds an apply connection above the minimum may stay idle (one closes per period)
_POOL_WAIT = 10.0  # seconds a step waits for an apply connection before its worker backs off (PoolTimeout)
# Steps at once (apply connections): of a group alone, and of all the groups of one process
# (StepConnections says why so few; docs/operations.md has the catch-up measured both ways).
GROUP_STEPS = 2
PROCESS_STEPS = 3


class GroupLeases:
    """The advisory locks of a group's projections, all on one connection that also LISTENs.

    ``generation`` counts connections: a lock taken under an older one died with it."""

    def __init__(self, read_models: ReadModels, group: str) -> None:
        self.read_models, self.group = read_models, group
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = None
        self.generation = 0
        self._checked_at = 0.0

    def try_acquire(self, key: str) -> int | None:
        """The generation under which ``key`` is now ours, or None if another session holds it."""
        with self._lock:
            conn = self._connected()
            try:
                row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LEASE_NAMESPACE, key)).fetchone()
            except psycopg.OperationalError:
                self._lost()
                raise
            return self.generation if row == (True,) else None

    def check(self, generation: int) -> None:
        """Raise OperationalError if the connection that took the lock (and the lock with it) is gone."""
        with self._lock:
            if generation != self.generation or self._conn is None:
                raise psycopg.OperationalError("the leases' connection was lost (and the lease with it)")
            if time.monotonic() - self._checked_at < _CHECK_EVERY:
                return
            try:
                self._conn.execute("SELECT 1")
            except psycopg.OperationalError:
                self._lost()
                raise
            self._checked_at = time.monotonic()

    def release(self, key: str, generation: int) -> None:
        with self._lock:
            if generation != self.generation or self._conn is None:
                return  # that connection is gone, and the lock with it
            try:
                self._conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", (LEASE_NAMESPACE, key))
            except psycopg.Error:
                self._lost()

    def drain(self) -> int:
        """How many appends were NOTIFYed since the last drain (connecting if need be)."""
        with self._lock:
            conn = self._connected()
            try:
                return sum(1 for _ in conn.notifies(timeout=0, stop_after=10_000))
            except psycopg.OperationalError:
                self._lost()
                raise

    def fileno(self) -> int | None:
        """The connection's socket, to wait on for notifications without holding the connection."""
        with self._lock:
            return None if self._conn is None or self._conn.closed else self._conn.fileno()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()  # every lock is released with the session
                self._conn = None

    def _connected(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            conn = self.read_models.connect(f"leases:{self.read_models.schema}.{self.group}")
            try:
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(EVENTS_CHANNEL)))
            except psycopg.Error:
                conn.close()
                raise
            self._conn = conn
            self.generation += 1
            self._checked_at = time.monotonic()
        return self._conn

    def _lost(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None


class AppendListener:
    """Wakes the idle workers of a group on each append NOTIFYed to the leases' connection."""

    def __init__(self, leases: GroupLeases) -> None:
        self.leases = leases
        self.appends = 0  # appends NOTIFYed so far (or wake-ups, after a reconnection)
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen_forever, name=f"listener:{leases.group}", daemon=True)
        self._thread.start()

    def wait(self, seen: int, timeout: float) -> int:
        """Until an append after ``seen`` or ``timeout``; the count to pass next time."""
        with self._changed:
            self._changed.wait_for(lambda: self.appends != seen, timeout)
            return self.appends

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=_LISTEN_RETRY + 2)

    def _listen_forever(self) -> None:
        generation, delay = self.leases.generation, _LISTEN_RETRY
        while not self._stop.is_set():
            fd = self.leases.fileno()
            try:
                if fd is None:
                    self._stop.wait(_LISTEN_TICK)
                else:
                    select.select([fd], [], [], _LISTEN_TICK)  # the connection is not held while waiting
            except (OSError, ValueError):
                pass  # closed under us by a reconnection: drain() below reconnects
            try:
                received = self.leases.drain()
            except psycopg.Error as error:
                log.warning("%s: leases' connection lost (%s); reconnecting in %.0fs", self.leases.group, error, delay)
                self._stop.wait(delay)
                delay = min(_LISTEN_MAX_RETRY, delay * 2)
                continue
            delay = _LISTEN_RETRY
            if received or generation != self.leases.generation:
                # A new connection missed what came meanwhile: the next cycle finds it.
                generation = self.leases.generation
                self._wake()

    def _wake(self) -> None:
        with self._changed:
            self.appends += 1
            self._changed.notify_all()


class StepConnections:
    """The connections the steps of a process run on: a pool of apply connections and the log reader.

    A group alone has its own; the groups of one process (``run_groups``) share one set, since the
    argument that sizes the pool (below) is about the process's interpreter, not about a group."""

    def __init__(
        self,
        read_models: ReadModels,
        es_env: Mapping[str, str],
        concurrent: int,
        durable_commits: bool = False,
        log_env: Mapping[str, str] | None = None,
        name: str = "",
    ) -> None:
        # At most ``concurrent`` steps run at once: the GIL runs one handler at a time anyway, so a
        # second connection only overlaps one step's database round trips with another's handlers,
        # and a third mostly waits for the interpreter. Beyond it, a worker waits its turn.
        label = f"{read_models.schema}.{name}" if name else read_models.schema
        self.pool = ConnectionPool(
            read_models.conninfo,
            min_size=1,
            max_size=max(1, concurrent),
            max_idle=_POOL_IDLE,
            timeout=_POOL_WAIT,
            open=True,
            name=f"apply:{label}",
            configure=None if durable_commits else _asynchronous_commits,
            kwargs={"autocommit": True, "application_name": f"astratrade:apply:{label}"[:63]},
        )
        # Reads are short (one SELECT of at most a batch) and the pool never shrinks: two.
        self.store = EventStore(env=reader_env(es_env))
        # The log is read from a hot standby when one is configured (WorkerOptions.log_env).
        self.log_store = self.store if log_env is None else EventStore(env=reader_env(log_env))

    def close(self) -> None:
        self.pool.close()
        self.store.close()
        if self.log_store is not self.store:
            self.log_store.close()


class GroupResources:
    """Everything the workers of one group share (module docstring): its leases and wake-ups, and the
    step connections, its own or (``connections``) those of every group of its process."""

    def __init__(
        self,
        read_models: ReadModels,
        es_env: dict[str, str],
        group: str,
        size: int,
        durable_commits: bool = False,
        log_env: Mapping[str, str] | None = None,
        connections: StepConnections | None = None,
    ) -> None:
        self.read_models, self.group = read_models, group
        self.leases = GroupLeases(read_models, group)
        self.listener = AppendListener(self.leases)
        self._owns_connections = connections is None
        self.connections = connections or StepConnections(
            read_models, es_env, min(size, GROUP_STEPS), durable_commits, log_env, name=group
        )
        self.pool, self.store, self.log_store = (
            self.connections.pool,
            self.connections.store,
            self.connections.log_store,
        )

    def lease(self, name: str) -> GroupLease:
        return GroupLease(self, name)

    def close(self) -> None:
        self.listener.close()
        if self._owns_connections:
            self.connections.close()
        self.leases.close()


def reader_env(env: Mapping[str, str], role: str = "log-reader") -> dict[str, str]:
    """An event store for reading the log: short reads (one SELECT of at most a batch), two connections
    (pools open one and grow to two on demand: head() then read()), named ``role`` (CONNECTION_ROLE)."""
    return {
        **env,
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "1",
        "CREATE_TABLE": "n",
        "CONNECTION_ROLE": role,
    }


def _asynchronous_commits(conn: psycopg.Connection) -> None:
    conn.execute("SET synchronous_commit = off")  # WorkerOptions.durable_commits says why


class GroupLease:
    """One projection's lease, held on the group's connection (``lease.Lease``'s interface)."""

    def __init__(self, shared: GroupResources, name: str) -> None:
        self.shared, self.name = shared, name
        self.key = lease_key(shared.read_models, name)
        self._generation: int | None = None
        self._seen = shared.listener.appends

    def acquire(self, stop: threading.Event, poll: float) -> bool:
        while not stop.is_set():
            self._generation = self.shared.leases.try_acquire(self.key)
            if self._generation is not None:
                return True
            stop.wait(poll)
        return False

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection for one transaction (a lost one is replaced by the pool)."""
        with self.shared.pool.connection() as conn:
            yield conn

    def check(self) -> None:
        assert self._generation is not None
        self.shared.leases.check(self._generation)

    def wait_for_append(self, timeout: float) -> None:
        self._seen = self.shared.listener.wait(self._seen, timeout)

    def pause_listening(self) -> None:
        """Nothing to pause: the listener drains notifications whoever waits."""

    def resume_listening(self) -> None:
        """See ``pause_listening``."""

    def release(self) -> None:
        if self._generation is not None:
            self.shared.leases.release(self.key, self._generation)
            self._generation = None
