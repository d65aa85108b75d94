"""Where read models live: one PostgreSQL schema, its progress channel, and how to connect."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from projections.runtime.base import Projection, Tables

DEFAULT_SCHEMA = "read_models"
DEFAULT_PROGRESS_CHANNEL = "astratrade_progress"
# eventsourcing NOTIFYs this channel in every append transaction (it is the events
# table's name); channels are database-wide, so other schemas only cause spurious
# wake-ups, never missed ones.
EVENTS_CHANNEL = "astratrade_events"
TRACKING_TABLE = "projection_tracking"
DEAD_LETTER_TABLE = "projection_dead_letters"


@dataclass(frozen=True)
class ReadModels:
    """The read-model schema on one database; shared by workers and the query API."""

    conninfo: str
    schema: str = DEFAULT_SCHEMA
    # Channels are database-wide: a schema of its own (as in tests) gets a channel
    # of its own, so a waiter never trusts another schema's progress.
    progress_channel: str = DEFAULT_PROGRESS_CHANNEL
    # Prefix of schemas that projections own (``Projection.schema``): empty in
    # production ("analytics"), "<schema>_" for any other read-model schema.
    own_schema_prefix: str = ""

    @classmethod
    def from_env(cls, es_env: dict[str, str], schema: str = DEFAULT_SCHEMA) -> ReadModels:
        """Read models on the event store's database (same ``POSTGRES_*`` settings)."""
        channel = DEFAULT_PROGRESS_CHANNEL if schema == DEFAULT_SCHEMA else f"{schema}_progress"
        prefix = "" if schema == DEFAULT_SCHEMA else f"{schema}_"
        return cls(conninfo=conninfo_of(es_env), schema=schema, progress_channel=channel, own_schema_prefix=prefix)

    def schema_for(self, projection: type[Projection] | Projection) -> str:
        """The schema holding ``projection``'s tables."""
        own = projection.schema
        return self.schema if own is None else self.own_schema_prefix + own

    def tables_for(self, projection: type[Projection] | Projection, suffix: str = "") -> Tables:
        """The physical tables of ``projection`` (live, or under a rebuild ``suffix``)."""
        return Tables(self.schema_for(projection), suffix)

    @property
    def tracking(self) -> sql.Identifier:
        return sql.Identifier(self.schema, TRACKING_TABLE)

    @property
    def dead_letters(self) -> sql.Identifier:
        return sql.Identifier(self.schema, DEAD_LETTER_TABLE)

    def connect(self, role: str = "read-models", *, autocommit: bool = True) -> psycopg.Connection:
        """A new connection; autocommit so every transaction is an explicit block.
        ``role`` names it in ``pg_stat_activity`` (application_name)."""
        return psycopg.connect(self.conninfo, autocommit=autocommit, application_name=f"astratrade:{role}"[:63])


def conninfo_of(es_env: dict[str, str]) -> str:
    """A libpq connection string from eventsourcing's ``POSTGRES_*`` variables."""
    parts = {
        "host": es_env["POSTGRES_HOST"],
        "port": es_env["POSTGRES_PORT"],
        "dbname": es_env["POSTGRES_DBNAME"],
        "user": es_env["POSTGRES_USER"],
        "password": es_env.get("POSTGRES_PASSWORD", ""),
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})
