"""Rebuild a projection from position 0 into fresh tables, then swap them in.

Why readers never see a half-built model, and no event is lost or doubled:

1. The new tables are built under a suffix (``Tables(schema, "__rebuild")``)
   that no reader or worker names, while the live worker keeps serving.
2. The swap is ONE transaction. It first locks the live tracking row
   (``SELECT ... FOR UPDATE``); every live step updates that row before touching
   any read-model table, so the swap waits for a step in flight to commit and the
   next step waits for the swap: no interleaving, no deadlock.
3. Under that lock it reads the head, applies the remaining tail to the new
   tables, drops the old tables, renames the new ones (with their indexes and
   sequences) into place and sets tracking to the head. Until COMMIT readers see
   the old tables (PostgreSQL DDL is transactional); after it, the complete new
   ones. A reader blocked on the old table re-resolves the name once unblocked.
   (The DROP waits for readers already inside the old table: a long analyst
   query delays the swap, and the live worker with it, but never breaks it.)
4. The live worker's blocked step then finds the row no longer at its start
   position (0 rows updated), rolls back and continues from the new position,
   now writing to the swapped-in tables (names are resolved per statement).

A second rebuild of the same projection is refused (advisory lock), which is
also what makes dropping a crashed rebuild's leftover tables at start safe.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

from psycopg import Connection, Cursor, sql

from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.runtime.applier import Applier, Outcome, RetryPolicy
from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.lease import lease_key
from projections.runtime.reading import Step, read_step
from projections.runtime.schema import create_projection_tables, drop_projection_tables
from projections.runtime.swap import rename_into_place
from projections.runtime.tracking import Tracking

log = logging.getLogger(__name__)
REBUILD_SUFFIX = "__rebuild"
REBUILD_NAMESPACE = 72_403  # advisory lock: at most one rebuild per projection


class RebuildFailed(RuntimeError):
    """The rebuild could not complete; the live model is untouched."""


class _RebuildGuard:
    """No tracking row for the private tables: the rebuild tracks itself in memory
    (a crashed rebuild starts over). Poison events are parked like the live ones."""

    def __init__(self, tracking: Tracking) -> None:
        self.tracking = tracking

    def advance(self, cur: Cursor, step: Step, last_event_at: datetime | None) -> bool:  # noqa: ARG002 (Guard)
        return True

    def park(self, cur: Cursor, event: LoggedEvent, error: str, attempts: int) -> None:
        self.tracking.park(cur, event, error, attempts)

    def halt(self, cur: Cursor, position: int, error: str) -> None:  # noqa: ARG002 (Guard)
        raise RebuildFailed(f"halted after position {position}: {error}")


def rebuild(
    projection: Projection,
    read_models: ReadModels,
    es_env: dict[str, str],
    batch_size: int = 1_000,
    retry: RetryPolicy | None = None,
) -> int:
    """Rebuild ``projection`` without downtime; the position the new model is at."""
    if not projection.rebuildable:
        raise RebuildFailed(
            f"{projection.name} is not rebuildable: a policy would only repeat its reactions, "
            "and an insert-only trail (audit) is verified, never replaced"
        )
    store = EventStore(env={**es_env, "POSTGRES_POOL_SIZE": "2", "CREATE_TABLE": "n"})
    projection.open(es_env)  # as the worker does: e.g. profiles unseal usernames through it
    try:
        with read_models.connect() as lock_conn, read_models.connect() as conn:
            _lock(lock_conn, read_models, projection.name)
            return _Rebuild(
                projection, read_models, conn, EventLog(store), batch_size=batch_size, retry=retry or RetryPolicy()
            ).run()
    finally:
        projection.close()
        store.close()


def _lock(conn: Connection, read_models: ReadModels, name: str) -> None:
    # Session-level: held until this connection closes, whatever happens.
    row = conn.execute(
        "SELECT pg_try_advisory_lock(%s, hashtext(%s))", (REBUILD_NAMESPACE, lease_key(read_models, name))
    ).fetchone()
    if row != (True,):
        raise RebuildFailed(f"a rebuild of {name!r} is already running")


class _Rebuild:
    def __init__(
        self,
        projection: Projection,
        read_models: ReadModels,
        conn: Connection,
        log_: EventLog,
        *,
        batch_size: int,
        retry: RetryPolicy,
    ) -> None:
        self.projection, self.read_models, self.conn, self.log = projection, read_models, conn, log_
        self.batch_size = batch_size
        self.tracking = Tracking(read_models, projection.name)
        self.tables = read_models.tables_for(projection, REBUILD_SUFFIX)
        self.applier = Applier(conn, projection, self.tables, _RebuildGuard(self.tracking), retry)

    def run(self) -> int:
        started_at = self._prepare()
        try:
            position = self._catch_up(0, self.log.head())
            # Catch up outside any lock until the tail left for the swap is short.
            while self.log.count(position, self.log.head()) > self.batch_size:
                position = self._catch_up(position, self.log.head())
            return self._swap(position, started_at)
        except BaseException:
            self._drop_quietly()
            raise

    def _drop_quietly(self) -> None:
        # Best effort: the next rebuild drops leftovers anyway; keep the real error.
        with contextlib.suppress(Exception), self.conn.transaction(), self.conn.cursor() as cur:
            drop_projection_tables(cur, self.projection, self.tables)

    def _prepare(self) -> datetime:
        with self.conn.transaction(), self.conn.cursor() as cur:
            drop_projection_tables(cur, self.projection, self.tables)  # leftovers of a crashed rebuild
            create_projection_tables(cur, self.projection, self.tables)
            started_at = cur.execute("SELECT now()").fetchone()
        assert started_at is not None
        instant: datetime = started_at[0]
        return instant

    def _catch_up(self, position: int, head: int) -> int:
        while position < head:
            step = read_step(self.log, position, head, self.batch_size, self.projection.topics)
            if self.applier.apply(step) is not Outcome.APPLIED:
                raise RebuildFailed(f"could not apply ({step.start}, {step.upto}]")
            position = step.upto
        return position

    def _swap(self, position: int, started_at: datetime) -> int:
        rm, name = self.read_models, self.projection.name
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute(sql.SQL("SELECT position FROM {} WHERE name = %s FOR UPDATE").format(rm.tracking), (name,))
            # The applier's transactions nest as savepoints inside this one, so
            # poison handling works unchanged for the tail.
            head = self._catch_up(position, max(position, self.log.head()))
            live = rm.tables_for(self.projection)
            drop_projection_tables(cur, self.projection, live)
            for logical in self.projection.tables:
                rename_into_place(cur, live.schema, self.tables.physical(logical), live.physical(logical))
            self._set_tracking(cur, head, started_at)
        log.info("%s: rebuilt and swapped in at position %s", name, head)
        return head

    def _set_tracking(self, cur: Cursor, head: int, started_at: datetime) -> None:
        rm, name = self.read_models, self.projection.name
        cur.execute(
            sql.SQL(
                "UPDATE {} SET position = %s, log_head = GREATEST(log_head, %s), lag_events = 0, updated_at = now(),"
                " status = CASE WHEN status IN ('halted', 'upgrading') THEN 'running' ELSE status END, last_error = NULL,"  # noqa: E501
                " version = %s WHERE name = %s"
            ).format(rm.tracking),
            (head, head, self.projection.version, name),
        )
        # Dead letters the rebuild did not park again were handled this time.
        cur.execute(
            sql.SQL("DELETE FROM {} WHERE projection = %s AND position <= %s AND parked_at < %s").format(
                rm.dead_letters
            ),
            (name, head, started_at),
        )
        cur.execute("SELECT pg_notify(%s, %s)", (rm.progress_channel, f"{name}:{head}"))
