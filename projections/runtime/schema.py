"""The read-model schema: the runtime's own tables and every projection's tables.

``migrate`` is idempotent and runs in one transaction under an advisory lock, so
several processes starting at once neither race their ``CREATE TABLE`` nor see a
half-created schema (PostgreSQL DDL is transactional).
"""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import Cursor, sql

from projections.runtime.base import Projection, Tables
from projections.runtime.config import TRACKING_TABLE, ReadModels

_MIGRATION_LOCK = 7_240_002  # event_store.schema reserves 7_240_001

_RUNTIME_DDL = (
    # One row per projection: where it is, what it last saw of the log, its health.
    "CREATE TABLE IF NOT EXISTS {tracking} ("
    " name text PRIMARY KEY,"
    " position bigint NOT NULL DEFAULT 0,"
    " log_head bigint NOT NULL DEFAULT 0,"
    " lag_events bigint NOT NULL DEFAULT 0,"
    " last_event_at timestamptz,"
    " updated_at timestamptz NOT NULL DEFAULT now(),"
    " status text NOT NULL DEFAULT 'idle',"
    " last_error text)",
    # Events a projection gave up on (on_poison = "skip"): kept for a human.
    "CREATE TABLE IF NOT EXISTS {dead} ("
    " projection text NOT NULL,"
    " position bigint NOT NULL,"
    " topic text NOT NULL,"
    " originator_id uuid NOT NULL,"
    " error text NOT NULL,"
    " attempts integer NOT NULL,"
    " parked_at timestamptz NOT NULL DEFAULT now(),"
    " PRIMARY KEY (projection, position))",
)
# The definition a model was built with (Projection.version), added after release. Checked first:
# ALTER TABLE takes its exclusive lock even when the column exists, and would stall every worker
# step behind a migration queued behind a long transaction.
_ADD_VERSION = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = {schema} AND table_name = {table} AND column_name = 'version')
  THEN ALTER TABLE {tracking} ADD COLUMN version integer NOT NULL DEFAULT 1;
  END IF;
END $$"""


def migrate(read_models: ReadModels, projections: Sequence[Projection]) -> None:
    """Create the schema, the runtime tables, each projection's tables and tracking row."""
    with read_models.connect() as conn, conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(read_models.schema)))
        for statement in _RUNTIME_DDL:
            cur.execute(sql.SQL(statement).format(tracking=read_models.tracking, dead=read_models.dead_letters))
        cur.execute(
            sql.SQL(_ADD_VERSION).format(
                schema=sql.Literal(read_models.schema), table=sql.Literal(TRACKING_TABLE), tracking=read_models.tracking
            )
        )
        for projection in projections:
            own = read_models.tables_for(projection)
            cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(own.schema)))
            create_projection_tables(cur, projection, own)
            # A new model is built by its definition of today: no rebuild at first start.
            cur.execute(
                sql.SQL("INSERT INTO {} (name, version) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING").format(
                    read_models.tracking
                ),
                (projection.name, projection.version),
            )


def create_projection_tables(cur: Cursor, projection: Projection, tables: Tables) -> None:
    for statement in projection.create_tables(tables):
        cur.execute(sql.Composed([statement]))


def drop_projection_tables(cur: Cursor, projection: Projection, tables: Tables) -> None:
    # No CASCADE: a view an analyst built on a table must make a rebuild fail
    # loudly rather than vanish silently.
    for logical in projection.tables:
        cur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(tables[logical]))
