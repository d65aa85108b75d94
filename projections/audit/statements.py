"""The SQL of the audit trail: tables, indexes, the insert-only guard, the writes.

Both tables are insert-only, guarded like the events table
(``event_store.schema.insert_only``): UPDATE, DELETE and TRUNCATE are refused to
every role but a superuser. docs/audit.md has the columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from psycopg import sql

from event_store.schema import insert_only
from projections.runtime.base import Tables

TRAIL, OWNERS = "trail", "owners"
TABLES = (TRAIL, OWNERS)

_DDL = (
    """CREATE TABLE IF NOT EXISTS {trail} (
        position bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        aggregate_id uuid NOT NULL,
        version bigint NOT NULL,
        topic text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        actor text,
        subject_id uuid,
        state bytea NOT NULL,
        prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash bytea NOT NULL CHECK (length(hash) = 32))""",
    "CREATE INDEX IF NOT EXISTS {trail_subject} ON {trail} (subject_id, position) WHERE subject_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {trail_actor} ON {trail} (actor, position) WHERE actor IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {trail_aggregate} ON {trail} (aggregate_id, version)",
    "CREATE INDEX IF NOT EXISTS {trail_time} ON {trail} (occurred_at, position)",
    """CREATE TABLE IF NOT EXISTS {owners} (
        aggregate_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        position bigint NOT NULL)""",
)
_COLUMNS = ("position", "occurred_at", "aggregate_id", "version", "topic", "schema_version", "data", "metadata",
            "actor", "subject_id", "state", "prev_hash", "hash")


@dataclass(frozen=True)
class Statements:
    ddl: tuple[sql.Composed, ...]
    insert_row: sql.Composed
    insert_owner: sql.Composed
    owners_of: sql.Composed
    prev_hash: sql.Composed


@cache  # Tables is frozen and rendering is pure: render once per set of tables
def render(tables: Tables) -> Statements:
    """Every statement with ``tables``' physical names."""
    trail, owners = tables[TRAIL], tables[OWNERS]
    physical = tables.physical(TRAIL)
    names = {"trail": trail, "owners": owners,
             **{f"trail_{k}": sql.Identifier(f"{physical}_{k}_idx") for k in ("subject", "actor", "aggregate", "time")}}
    ddl = [sql.SQL(s).format(**names) for s in _DDL]
    for logical in TABLES:
        ddl += insert_only(tables.schema, tables.physical(logical))
    return Statements(
        ddl=tuple(ddl),
        insert_row=sql.SQL("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (position) DO NOTHING").format(
            trail, sql.SQL(", ").join(map(sql.Identifier, _COLUMNS)),
            sql.SQL(", ").join(sql.Placeholder(c) for c in _COLUMNS)),
        insert_owner=sql.SQL("INSERT INTO {} (aggregate_id, user_id, position) VALUES (%s, %s, %s)"
                             " ON CONFLICT (aggregate_id) DO NOTHING").format(owners),
        owners_of=sql.SQL("SELECT aggregate_id, user_id FROM {} WHERE aggregate_id = ANY(%s)").format(owners),
        prev_hash=sql.SQL("SELECT hash FROM {} WHERE position < %s ORDER BY position DESC LIMIT 1").format(trail),
    )
