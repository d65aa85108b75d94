"""The SQL of the audit trail: tables, indexes, the insert-only guard, the writes.

Both tables are insert-only, guarded like the events table
(``event_store.schema.insert_only``): UPDATE, DELETE and TRUNCATE are refused to
every role but a superuser. docs/audit.md has the columns.
"""

from __future__ import annotations

from psycopg import sql

from event_store.schema import insert_only
from projections.runtime.base import Tables
from projections.runtime.statements import StatementSet

TRAIL, OWNERS = "trail", "owners"
TABLES = (TRAIL, OWNERS)

DDL = (
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
INSERT_ROW = """INSERT INTO {trail} (position, occurred_at, aggregate_id, version, topic, schema_version, data,
    metadata, actor, subject_id, state, prev_hash, hash)
VALUES (%(position)s, %(occurred_at)s, %(aggregate_id)s, %(version)s, %(topic)s, %(schema_version)s, %(data)s,
    %(metadata)s, %(actor)s, %(subject_id)s, %(state)s, %(prev_hash)s, %(hash)s)
ON CONFLICT (position) DO NOTHING"""
INSERT_OWNER = (
    "INSERT INTO {owners} (aggregate_id, user_id, position) VALUES (%s, %s, %s) ON CONFLICT (aggregate_id) DO NOTHING"
)
OWNERS_OF = "SELECT aggregate_id, user_id FROM {owners} WHERE aggregate_id = ANY(%s)"
PREV_HASH = "SELECT hash FROM {trail} WHERE position < %s ORDER BY position DESC LIMIT 1"

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={f"trail_{k}": (TRAIL, f"_{k}_idx") for k in ("subject", "actor", "aggregate", "time")},
    statements={"insert_row": INSERT_ROW, "insert_owner": INSERT_OWNER, "owners_of": OWNERS_OF, "prev_hash": PREV_HASH},
)


def ddl(tables: Tables) -> list[sql.Composable]:
    """The tables and indexes, then the triggers making both tables insert-only."""
    found: list[sql.Composable] = list(SQL.render(tables).ddl)
    for logical in TABLES:
        found += insert_only(tables.schema, tables.physical(logical))
    return found
