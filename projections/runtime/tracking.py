"""The runtime's rows: one projection's tracking position, status and dead letters.

Every write here runs inside the caller's transaction, next to the read-model
change it accounts for; that is what makes the effect of an event exactly-once.
"""

from __future__ import annotations

from datetime import datetime

import psycopg
from psycopg import Connection, Cursor, sql

from event_store.log import LoggedEvent
from projections.runtime.config import ReadModels
from projections.runtime.reading import Step

_MAX_ERROR = 4_000  # a traceback-sized message is enough to diagnose; a row must stay small


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_MAX_ERROR]


class Tracking:
    """The tracking row and dead letters of one projection."""

    def __init__(self, read_models: ReadModels, name: str) -> None:
        self.name = name
        self.channel = read_models.progress_channel
        self._advance = sql.SQL(
            "UPDATE {} SET position = %s, log_head = GREATEST(log_head, %s), lag_events = %s,"
            " last_event_at = COALESCE(%s, last_event_at), updated_at = now(),"
            " status = 'running', last_error = NULL"
            " WHERE name = %s AND position = %s"
        ).format(read_models.tracking)
        self._select = sql.SQL("SELECT position, status FROM {} WHERE name = %s").format(read_models.tracking)
        self._version = sql.SQL("SELECT version FROM {} WHERE name = %s").format(read_models.tracking)
        self._set_version = sql.SQL("UPDATE {} SET version = %s WHERE name = %s").format(read_models.tracking)
        self._status = sql.SQL("UPDATE {} SET status = %s, last_error = %s, updated_at = now() WHERE name = %s").format(
            read_models.tracking
        )
        self._halt = sql.SQL(
            "UPDATE {} SET status = 'halted', last_error = %s, updated_at = now() WHERE name = %s AND position = %s"
        ).format(read_models.tracking)
        self._park = sql.SQL(
            "INSERT INTO {} (projection, position, topic, originator_id, error, attempts)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (projection, position) DO UPDATE"
            " SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, parked_at = now()"
        ).format(read_models.dead_letters)

    def read(self, cur: Cursor) -> tuple[int, str]:
        """(position, status); a missing row means ``migrate`` has not run."""
        row = cur.execute(self._select, (self.name,)).fetchone()
        if row is None:
            raise LookupError(f"no tracking row for projection {self.name!r}: run the read-model migration")
        return int(row[0]), str(row[1])

    def version(self, conn: Connection) -> int:
        """The ``Projection.version`` the model was built with."""
        try:
            row = conn.execute(self._version, (self.name,)).fetchone()
        except psycopg.errors.UndefinedColumn:
            raise LookupError("the tracking table has no version column: run the read-model migration") from None
        if row is None:
            raise LookupError(f"no tracking row for projection {self.name!r}: run the read-model migration")
        return int(row[0])

    def set_version(self, conn: Connection, version: int) -> None:
        conn.execute(self._set_version, (version, self.name))

    def mark(self, conn: Connection, status: str, note: str) -> None:
        """Record ``status`` with ``note`` (in last_error) outside any step's transaction."""
        with conn.cursor() as cur:
            self.set_status(cur, status, note)

    def advance(self, cur: Cursor, step: Step, last_event_at: datetime | None) -> bool:
        """Move ``step.start`` → ``step.upto`` only if the row is still at the start.

        False means another worker or a rebuild moved it: the caller must roll back,
        so the same events can never be applied twice. The progress NOTIFY is sent
        at commit, i.e. exactly when the new rows become visible.
        """
        cur.execute(self._advance, (step.upto, step.head, step.lag, last_event_at, self.name, step.start))
        if cur.rowcount != 1:
            return False
        cur.execute("SELECT pg_notify(%s, %s)", (self.channel, f"{self.name}:{step.upto}"))
        return True

    def set_status(self, cur: Cursor, status: str, error: str | None = None) -> None:
        cur.execute(self._status, (status, error, self.name))

    def halt(self, cur: Cursor, position: int, error: str) -> None:
        """Record a halt at ``position`` (a no-op if someone else moved the row)."""
        cur.execute(self._halt, (error, self.name, position))

    def park(self, cur: Cursor, event: LoggedEvent, error: str, attempts: int) -> None:
        cur.execute(self._park, (self.name, event.position, event.topic, event.originator_id, error, attempts))
