"""The audit projection: every event of the log becomes one hash-chained, insert-only row.

It hashes the stored bytes, so it reads each batch's rows of the events table
itself (same database, same transaction) instead of the decoded events it is
handed: those only tell it which positions the batch covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.sql import Composable
from psycopg.types.json import Jsonb

from event_store.log import LoggedEvent
from projections.audit import statements
from projections.audit.canonical import GENESIS, canonical_bytes, chain_hash
from projections.audit.stored import derive, owner_of_new_aggregate, subject_of
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.statements import Rendered

AUDIT_SCHEMA = "audit"  # where compliance reads; see docs/audit.md
EVENTS_TABLE = "astratrade_events"
StoredRow = tuple[int, UUID, int, str, bytes]


class AuditProjection(Projection):
    """The audit trail: the whole log, in order, each row chained to the previous one by SHA-256."""

    name: ClassVar[str] = "audit"
    topics: ClassVar[tuple[str, ...]] = ()  # every topic: the log is read unfiltered
    tables: ClassVar[tuple[str, ...]] = statements.TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # a skipped event would be a hole in the chain
    schema: ClassVar[str] = AUDIT_SCHEMA
    # Insert-only tables cannot be dropped and swapped; and a chain recomputed over
    # a tampered log would launder the tampering. The trail is only ever appended to.
    rebuildable: ClassVar[bool] = False

    def __init__(self) -> None:
        self._events: sql.Composed | None = None

    def sql(self, tables: Tables) -> Rendered:
        """The statements for ``tables`` (rendered once per set of tables)."""
        return statements.SQL.render(tables)

    def create_tables(self, tables: Tables) -> list[Composable]:  # not sql.: the class has a method sql
        return statements.ddl(tables)

    def open(self, es_env: dict[str, str]) -> None:
        self._events = sql.SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {}"
            " WHERE notification_id >= %s AND notification_id <= %s ORDER BY notification_id"
        ).format(sql.Identifier(es_env["POSTGRES_SCHEMA"], EVENTS_TABLE))

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        self.apply_batch(cursor, tables, [event])

    def apply_batch(self, cursor: Cursor[Any], tables: Tables, events: Sequence[LoggedEvent]) -> None:
        if not events:
            return
        stored = self._stored(cursor, events)
        rendered = self.sql(tables)
        row = cursor.execute(rendered.prev_hash, (stored[0][0],)).fetchone()
        owners = dict(cursor.execute(rendered.owners_of, ([r[1] for r in stored],)).fetchall())
        links = _Links(bytes(row[0]) if row else GENESIS, owners)
        rows = [links.row(*event) for event in stored]
        if links.new_owners:
            cursor.executemany(rendered.insert_owner, links.new_owners)
        cursor.executemany(rendered.insert_row, rows)

    def _stored(self, cursor: Cursor[Any], events: Sequence[LoggedEvent]) -> list[StoredRow]:
        """The batch's rows of the events table, exactly as stored; the batch is every event
        between its first and last position (the projection reads every topic)."""
        if self._events is None:
            raise RuntimeError("the audit projection reads the events table: open(es_env) first")
        first, last = events[0].position, events[-1].position
        rows = cursor.execute(self._events, (first, last)).fetchall()
        stored = [(int(p), UUID(str(i)), int(v), str(t), bytes(s)) for p, i, v, t, s in rows]
        if [r[0] for r in stored] != [e.position for e in events]:
            raise RuntimeError(f"the events table changed under the audit projection in ({first}, {last})")
        return stored


class _Links:
    """Chains one batch's rows: each hash over the previous one, owners learnt on the way."""

    def __init__(self, prev: bytes, owners: dict[UUID, UUID]) -> None:
        self.prev, self.owners = prev, owners
        self.new_owners: list[tuple[UUID, UUID, int]] = []

    def row(self, position: int, aggregate_id: UUID, version: int, topic: str, state: bytes) -> dict[str, Any]:
        derived = derive(state)
        owner = owner_of_new_aggregate(topic, aggregate_id, version, derived.data)
        if owner is not None:
            self.owners[aggregate_id] = owner
            self.new_owners.append((aggregate_id, owner, position))
        prev, digest = self.prev, chain_hash(self.prev, canonical_bytes(position, aggregate_id, version, topic, state))
        self.prev = digest
        return {
            "position": position,
            "occurred_at": derived.occurred_at,
            "aggregate_id": aggregate_id,
            "version": version,
            "topic": topic,
            "schema_version": derived.schema_version,
            "data": Jsonb(derived.data),
            "metadata": Jsonb(derived.metadata),
            "actor": derived.actor,
            "subject_id": subject_of(self.owners.get(aggregate_id), derived.data),
            "state": state,
            "prev_hash": prev,
            "hash": digest,
        }
