"""Read-your-writes: wait until a projection has applied up to a global position.

Progress is NOTIFYed on the read models' progress channel in the very transaction
that moves a tracking row, so a notification means the rows are visible. Each
notification (of any projection) only wakes the waiter; the tracking row is the
truth, re-read on every wake and on a short poll should a notification be missed.
"""

from __future__ import annotations

import logging
import threading
import time

import psycopg
from psycopg import sql

from projections.runtime.applier import TRANSIENT
from projections.runtime.config import ReadModels

log = logging.getLogger(__name__)
POLL = 0.1  # seconds: the fallback, short enough for an interactive request
_FOLLOW_ERRORS: tuple[type[Exception], ...] = (*TRANSIENT, psycopg.Error)


def wait_for(read_models: ReadModels, name: str, position: int, timeout: float) -> bool:
    """True once projection ``name`` is at ``position`` or later; False on timeout.

    Opens a connection of its own; a process answering many requests should share
    one ``ProgressWaiter`` instead."""
    deadline = time.monotonic() + timeout
    with read_models.connect() as conn:
        _listen(conn, read_models)
        while _positions(conn, read_models).get(name, 0) < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            for _ in conn.notifies(timeout=min(POLL, remaining), stop_after=1):
                pass
    return True


class ProgressWaiter:
    """One listening connection for a whole process; any thread may wait on it."""

    def __init__(self, read_models: ReadModels) -> None:
        self.read_models = read_models
        self._positions: dict[str, int] = {}
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen_forever, name="progress-waiter", daemon=True)
        self._thread.start()

    def wait_for(self, name: str, position: int, timeout: float) -> bool:
        """True once projection ``name`` is at ``position`` or later; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: self._positions.get(name, 0) >= position, timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2 * POLL + 1)

    def _listen_forever(self) -> None:
        while not self._stop.is_set():
            try:
                with self.read_models.connect() as conn:
                    _listen(conn, self.read_models)
                    self._follow(conn)
            except _FOLLOW_ERRORS as error:
                # Also a schema not migrated yet: waits time out meanwhile, and the
                # waiter recovers by itself instead of dying for the process's life.
                log.warning("progress waiter cannot follow progress (%s); retrying", error)
                self._stop.wait(1.0)

    def _follow(self, conn: psycopg.Connection) -> None:
        while not self._stop.is_set():
            positions = _positions(conn, self.read_models)
            with self._changed:
                self._positions = positions
                self._changed.notify_all()
            for _ in conn.notifies(timeout=POLL, stop_after=1):
                pass


def _listen(conn: psycopg.Connection, read_models: ReadModels) -> None:
    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(read_models.progress_channel)))


def _positions(conn: psycopg.Connection, read_models: ReadModels) -> dict[str, int]:
    rows = conn.execute(sql.SQL("SELECT name, position FROM {}").format(read_models.tracking)).fetchall()
    return {name: int(position) for name, position in rows}
