"""The lease: one live worker per projection, a standby waiting to take over.

A session-level advisory lock on the worker's connection. PostgreSQL releases it
the moment that connection ends, so a worker that dies (even by SIGKILL: the
kernel closes its socket) hands over without any timeout to tune. The same
connection LISTENs for appends, so the worker sleeps on it between cycles, and,
once the lease is taken, applies the steps (projections/runtime/worker.py): a
lost connection surfaces as an error in either role and ends both together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from projections.runtime.config import EVENTS_CHANNEL, ReadModels

LEASE_NAMESPACE = 72_402  # first key of the two-int advisory lock; the second is hashtext(schema.name)
_CHECK_EVERY = 1.0  # seconds between lease liveness checks while busy


def lease_key(read_models: ReadModels, name: str) -> str:
    return f"{read_models.schema}.{name}"


class Lease:
    """Holds (or waits for) the lease of one projection."""

    def __init__(self, read_models: ReadModels, name: str) -> None:
        self.read_models = read_models
        self.key = lease_key(read_models, name)
        self.conn: psycopg.Connection | None = None
        self._checked_at = 0.0

    def acquire(self, stop: threading.Event, poll: float) -> bool:
        """Block until the lease is ours (True) or ``stop`` is set (False)."""
        self.conn = self.read_models.connect(f"lease:{self.key}")
        self.resume_listening()
        while not stop.is_set():
            row = self.conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LEASE_NAMESPACE, self.key))
            if row.fetchone() == (True,):
                # Renamed so pg_stat_activity tells the holder from standbys.
                self.conn.execute(
                    "SELECT set_config('application_name', %s, false)", (f"astratrade:worker:{self.key}"[:63],)
                )
                self._checked_at = time.monotonic()
                return True
            stop.wait(poll)
        return False

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """The connection to run a step's transaction on: this very one (see the module docstring)."""
        assert self.conn is not None
        yield self.conn

    def pause_listening(self) -> None:
        """Stop queueing append NOTIFYs for a while nobody reads them (an upgrade's rebuild)."""
        assert self.conn is not None
        self.conn.execute("UNLISTEN *")

    def resume_listening(self) -> None:
        assert self.conn is not None
        self.conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(EVENTS_CHANNEL)))

    def wait_for_append(self, timeout: float) -> None:
        """Sleep until an append is NOTIFYed or ``timeout`` passes (the polling fallback)."""
        assert self.conn is not None
        for _ in self.conn.notifies(timeout=timeout, stop_after=1):
            pass
        self._drain()
        self._checked_at = time.monotonic()  # a healthy wait proves the connection is alive

    def check(self) -> None:
        """Raise OperationalError if the lease connection died (and the lock with it).

        Only a liveness check at most once a second: double application is already
        impossible (the conditional tracking update), so this is about not wasting
        work, not about correctness."""
        if self.conn is None or time.monotonic() - self._checked_at < _CHECK_EVERY:
            return
        self.conn.execute("SELECT 1")
        self._checked_at = time.monotonic()

    def release(self) -> None:
        """Unlock explicitly, then close.

        Closing alone would release the lock only once the server backend has processed
        the disconnect, after close() returned: a status read right after a clean stop
        could still see the lease held. A dead connection has already lost the lock."""
        if self.conn is None:
            return
        try:
            self.conn.execute("SELECT pg_advisory_unlock_all()")
        except psycopg.Error:
            pass
        finally:
            self.conn.close()
            self.conn = None

    def _drain(self) -> None:
        # Appends that came while we slept are all answered by the next cycle.
        assert self.conn is not None
        for _ in self.conn.notifies(timeout=0, stop_after=1000):
            pass
