"""Read-your-writes over the runtime's progress: the tracking position, and a bounded wait.

The runtime's ``ProgressWaiter`` (one LISTEN connection per process, with a short
poll of the tracking table as the fallback) serves every request while the app
runs; before start-up (or after shutdown) a wait opens a connection of its own.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection, sql

from projections.runtime import ProgressWaiter, ReadModels, wait_for


class Progress:
    """Where each projection is in the log, and waiting until one gets somewhere."""

    def __init__(self, read_models: ReadModels) -> None:
        self.read_models = read_models
        self._select = sql.SQL("SELECT position FROM {} WHERE name = %s").format(read_models.tracking)
        self._waiter: ProgressWaiter | None = None

    def position(self, conn: Connection[Any], name: str) -> int:
        """The projection's position in the caller's transaction (0 before its first step)."""
        row = conn.execute(self._select, (name,)).fetchone()
        return int(row[0]) if row else 0

    def wait_for(self, name: str, position: int, timeout: float) -> bool:
        """True once ``name`` has applied everything up to ``position``; False after ``timeout`` seconds."""
        if self._waiter is not None:
            return self._waiter.wait_for(name, position, timeout)
        return wait_for(self.read_models, name, position, timeout)

    def start(self) -> None:
        """Start the shared listener (idempotent)."""
        if self._waiter is None:
            self._waiter = ProgressWaiter(self.read_models)

    def stop(self) -> None:
        if self._waiter is not None:
            self._waiter.close()
            self._waiter = None
