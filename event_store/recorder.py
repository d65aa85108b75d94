"""The application recorder: concurrent, gap-safe appends plus idempotency keys.

Positions. eventsourcing's recorder serialises every append with a table lock so
that positions (``notification_id``) are handed out in commit order; all writers
queue behind one another's commit. Here no lock is taken. Instead each event's
position is derived from its transaction id, assigned in the INSERT itself::

    position = (xid << 20) + index of the event within its transaction

and log readers only read below ``pg_snapshot_xmin(pg_current_snapshot()) << 20``
(``SAFE_HEAD_SQL``). Every transaction with an xid below the snapshot's xmin has
finished, so every position below that bound is final: committed and visible, or
never. A transaction still running has an xid ≥ xmin, so all its events get
positions above the bound, above anything a reader has already passed. Readers
therefore never skip an event committed late, tracking stays one integer, and
writers commit in parallel. Positions are sparse (gaps are normal); a transaction
holds at most 2**20 events, and positions fit a signed bigint until xid 2**43.

Idempotency. A command's idempotency record is written in the same statement, so
the same transaction, as its events: a crash can never leave events without their
key (a retry would then apply the command twice) nor a key without its events.

One round trip. An append is a single autocommit statement (a CTE inserting the
events and the key), then a NOTIFY of its own. An append is never retried here on
a lost connection: whether it committed is unknown, and only an idempotency key
makes a client's retry safe (the API answers 503 and the client retries with it).
(A notifier thread sharing one NOTIFY between appends was measured: the thread hop
cost more CPU per command, +0.2 ms, than the round trip it saved, so it was dropped.)

Loading is one round trip too: ``select_snapshot_and_events`` reads an aggregate's
latest snapshot and the events after it in one statement (eventsourcing's
repository asks for the snapshot, then for the events: two).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Connection
from psycopg.sql import SQL, Composed, Identifier

from event_store import access

IDEMPOTENCY_TABLE = "idempotency_keys"
TX_SHIFT = 20
MAX_EVENTS_PER_TRANSACTION = 2**TX_SHIFT
SAFE_HEAD_SQL = f"(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {TX_SHIFT}) - 1"


@dataclass(frozen=True)
class IdempotencyRecord:
    """The first answer to a keyed command, stored with the events it wrote."""

    actor: str
    key: str
    request_hash: str
    status: int
    body: dict[str, Any]


class AstraRecorder(PostgresApplicationRecorder):
    """Appends events (and an ``idempotency=`` record) in one statement, lock-free."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        events = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(events_table_name))
        keys = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(IDEMPOTENCY_TABLE))
        self.idempotency_table = keys
        # Positions come from the transaction id, not from a sequence (module docstring).
        self.sql_create_statements[self.create_table_statement_index] = SQL(
            "CREATE TABLE IF NOT EXISTS {} ("
            "originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text NOT NULL, "
            "state bytea NOT NULL, notification_id bigint NOT NULL, "
            "PRIMARY KEY (originator_id, originator_version))"
        ).format(events)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "actor text NOT NULL, key text NOT NULL, request_hash text NOT NULL, "
                "status smallint NOT NULL, body jsonb NOT NULL, position bigint NOT NULL, "
                "created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (actor, key))"
            ).format(keys)
        )
        # The per-command statements are rendered once: psycopg renders a Composed
        # again on every execute (~8 µs each), and caches the parsing of bytes.
        self._append = _append_statement(events, None).as_bytes(None)
        self._append_keyed = _append_statement(events, keys).as_bytes(None)
        self._notify = SQL("NOTIFY {}").format(Identifier(self.channel_name)).as_bytes(None)
        # eventsourcing names the tables <application>_events and <application>_snapshots.
        snapshots_table = events_table_name.removesuffix("_events") + "_snapshots"
        snapshots = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(snapshots_table))
        self._snapshot_and_events = SQL(
            "WITH s AS (SELECT originator_version, topic, state FROM {snapshots} WHERE originator_id = %(id)s "
            "ORDER BY originator_version DESC LIMIT 1) "
            "SELECT true AS snapshot, originator_version, topic, state FROM s UNION ALL "
            "SELECT false, originator_version, topic, state FROM {events} WHERE originator_id = %(id)s "
            "AND originator_version > coalesce((SELECT originator_version FROM s), 0) "
            "ORDER BY snapshot DESC, originator_version"
        ).format(snapshots=snapshots, events=events).as_bytes(None)
        self._safe_head = SQL("SELECT " + SAFE_HEAD_SQL + " AS head")
        self._count = SQL("SELECT count(*) AS n FROM {} WHERE notification_id > %s AND notification_id <= %s").format(
            events
        )
        self._find_key = SQL(
            "SELECT request_hash, status, body, position FROM {} WHERE actor = %s AND key = %s"
        ).format(keys)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        if len(stored_events) >= MAX_EVENTS_PER_TRANSACTION:
            raise ValueError(f"at most {MAX_EVENTS_PER_TRANSACTION - 1} events per transaction")
        record: IdempotencyRecord | None = kwargs.get("idempotency")
        params: dict[str, Any] = {
            "ids": [e.originator_id for e in stored_events],
            "versions": [e.originator_version for e in stored_events],
            "topics": [e.topic for e in stored_events],
            "states": [e.state for e in stored_events],
        }
        if record is not None:
            params.update(
                actor=record.actor,
                key=record.key,
                hash=record.request_hash,
                status=record.status,
                body=json.dumps(record.body),
            )
        statement = self._append_keyed if record else self._append
        access_rows: list[access.AccessRow] = kwargs.pop("access", None) or []
        with self.datastore.get_connection() as conn:
            if access_rows:  # a login, key or user change: its access rows commit with its events
                with conn.transaction():
                    ids = self._append_events(conn, statement, params, **kwargs)
                    access.write(conn, self.datastore.schema, access_rows)
            else:
                ids = self._append_events(conn, statement, params, **kwargs)
            # Wake followers after the commit, in a statement of its own: a NOTIFY
            # inside the append takes PostgreSQL's notify-queue lock until commit,
            # which would serialise concurrent writers again.
            conn.execute(self._notify)
        return ids

    def _append_events(self, conn: Connection[Any], statement: bytes, params: dict[str, Any], **_: Any) -> list[int]:
        with conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return sorted(row["notification_id"] for row in curs.fetchall())

    # A read is always safe to retry: like eventsourcing's select_events, ride out the
    # pooled connections a database restart left dead (an append is never retried).
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_snapshot_and_events(self, originator_id: UUID) -> tuple[StoredEvent | None, list[StoredEvent]]:
        """The latest snapshot of an aggregate (if any) and its events after it, in one round trip."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._snapshot_and_events, {"id": originator_id}, prepare=True)
            rows = curs.fetchall()
        stored = [StoredEvent(originator_id, row["originator_version"], row["topic"], bytes(row["state"]))
                  for row in rows]
        if rows and rows[0]["snapshot"]:
            return stored[0], stored[1:]
        return None, stored

    def safe_head(self) -> int:
        """The highest position below which the log is final (module docstring)."""
        return int(self._fetch_one(self._safe_head, ())["head"])

    def count_events(self, after: int, upto: int | None = None) -> int:
        """How many events have ``after < position <= upto`` (positions are sparse)."""
        return int(self._fetch_one(self._count, (after, upto if upto is not None else 2**63 - 1))["n"])

    def find_idempotency_record(self, actor: str, key: str) -> tuple[IdempotencyRecord, int] | None:
        """The stored first answer for ``key`` and the position it wrote, if any."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._find_key, (actor, key))
            row = curs.fetchone()
        if row is None:
            return None
        record = IdempotencyRecord(actor, key, row["request_hash"], row["status"], row["body"])
        return record, int(row["position"])

    def _fetch_one(self, query: Composed, params: tuple[Any, ...]) -> dict[str, Any]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(query, params, prepare=True)
            row = curs.fetchone()
        assert row is not None
        return dict(row)


def _append_statement(events: Composed, keys: Composed | None) -> Composed:
    """One statement appending events (and, given ``keys``, the idempotency record)."""
    append = SQL(
        "WITH appended AS (INSERT INTO {} (originator_id, originator_version, topic, state, notification_id) "
        "SELECT e.id, e.version, e.topic, e.state, (pg_current_xact_id()::text::bigint << {}) + e.n - 1 "
        "FROM unnest(%(ids)s::uuid[], %(versions)s::bigint[], %(topics)s::text[], %(states)s::bytea[]) "
        "WITH ORDINALITY AS e(id, version, topic, state, n) RETURNING notification_id)"
    ).format(events, SQL(str(TX_SHIFT)))
    if keys is not None:
        append += SQL(
            ", keyed AS (INSERT INTO {} (actor, key, request_hash, status, body, position) "
            "SELECT %(actor)s, %(key)s, %(hash)s, %(status)s, %(body)s::jsonb, max(notification_id) FROM appended)"
        ).format(keys)
    return append + SQL(" SELECT notification_id FROM appended")
