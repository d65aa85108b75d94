"""Who may still call: the access tables, written in the transaction of the events they follow.

The event store is the source of truth for users, logins and API keys; these
three small tables are their current state as every request needs it, by primary
key (docs/adr/0005-token-revocation.md):

- ``access_users``: a user's token generation, live roles and whether erased;
- ``access_ended_logins``: logins ended by logout or refresh-token reuse;
- ``access_api_keys``: API keys (hash, scopes, expiry, revoked) by id.

``EventStore._record`` derives the rows from the aggregates a save changes and the
recorder writes them in the same transaction as the events, so they can never lag
the log nor get ahead of it. They are write-side state, not read models: no
projection worker, no tracking position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import MutableOrImmutableAggregate
from psycopg import Connection, sql
from psycopg.rows import tuple_row

from aggregates.user.api_key import ApiKey
from aggregates.user.login import Login
from aggregates.user.user import User

USERS_TABLE, LOGINS_TABLE, KEYS_TABLE = "access_users", "access_ended_logins", "access_api_keys"
TABLES = (USERS_TABLE, LOGINS_TABLE, KEYS_TABLE)
_DDL = {
    USERS_TABLE: "CREATE TABLE IF NOT EXISTS {} (user_id uuid PRIMARY KEY, generation integer NOT NULL, "
    "roles text[] NOT NULL, erased boolean NOT NULL)",
    LOGINS_TABLE: "CREATE TABLE IF NOT EXISTS {} (login_id uuid PRIMARY KEY, user_id uuid NOT NULL, "
    "reason text NOT NULL)",
    KEYS_TABLE: "CREATE TABLE IF NOT EXISTS {} (api_key_id uuid PRIMARY KEY, owner_id uuid NOT NULL, "
    "name text NOT NULL, scopes text[] NOT NULL, key_hash text NOT NULL, "
    "created_at timestamptz NOT NULL, expires_at timestamptz, revoked boolean NOT NULL)",
}
_UPSERT = {
    USERS_TABLE: "INSERT INTO {} (user_id, generation, roles, erased) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (user_id) DO UPDATE SET generation = greatest({}.generation, excluded.generation), "
    "roles = excluded.roles, erased = {}.erased OR excluded.erased",
    LOGINS_TABLE: "INSERT INTO {} (login_id, user_id, reason) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
    KEYS_TABLE: "INSERT INTO {} (api_key_id, owner_id, name, scopes, key_hash, created_at, expires_at, revoked) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (api_key_id) DO UPDATE SET revoked = {}.revoked OR excluded.revoked",
}


@dataclass(frozen=True)
class AccessRow:
    """One row to upsert into ``table``, about ``user_id``'s access."""

    table: str
    values: tuple[Any, ...]
    user_id: UUID


def create_tables(schema: str) -> list[sql.Composed]:
    """DDL of the access tables (run by ``event_store.schema.migrate``)."""
    return [sql.SQL(_DDL[t]).format(sql.Identifier(schema, t)) for t in TABLES]


def rows_for(aggregates: Iterable[object], changed: set[Any]) -> list[AccessRow]:
    """The access rows that follow from the aggregates of one save that have new events."""
    rows: list[AccessRow] = []
    for aggregate in aggregates:
        if getattr(aggregate, "id", None) in changed:
            rows.extend(_rows_of(aggregate))
    return rows


def _rows_of(aggregate: object) -> list[AccessRow]:
    if isinstance(aggregate, User):
        return [
            AccessRow(
                USERS_TABLE,
                (aggregate.id, aggregate.token_generation, list(aggregate.roles), aggregate.erased),
                aggregate.id,
            )
        ]
    if isinstance(aggregate, Login) and aggregate.ended:
        return [AccessRow(LOGINS_TABLE, (aggregate.id, aggregate.user_id, aggregate.end_reason), aggregate.user_id)]
    if isinstance(aggregate, ApiKey):
        return [
            AccessRow(
                KEYS_TABLE,
                (
                    aggregate.id,
                    aggregate.owner_id,
                    aggregate.name,
                    list(aggregate.scopes),
                    aggregate.key_hash,
                    aggregate.created_on,
                    aggregate.expires_at,
                    aggregate.revoked,
                ),
                aggregate.owner_id,
            )
        ]
    return []


def write(conn: Connection[Any], schema: str, rows: Sequence[AccessRow]) -> None:
    """Upsert ``rows`` on ``conn``, inside the caller's transaction. Upserts only move forward
    (a generation never decreases, an erasure or revocation is never undone)."""
    for row in rows:
        table = sql.Identifier(schema, row.table)
        conn.execute(sql.SQL(_UPSERT[row.table]).format(table, table, table), row.values)


def backfill(
    conn: Connection[Any], schema: str, events_table: str, load: Callable[[UUID], MutableOrImmutableAggregate[UUID]]
) -> int:
    """Write the access rows of every user, login and API key in the log (``load`` gets an aggregate by id):
    for a log written before these tables existed, or restored without them. Upserts only move forward, so
    running it over current rows changes nothing. Returns how many rows it wrote."""
    topics = [cls.TOPIC for cls in (User.Registered, Login.Ended, ApiKey.Issued)]
    with conn.cursor(row_factory=tuple_row) as cursor:
        cursor.execute(
            sql.SQL("SELECT DISTINCT originator_id FROM {} WHERE topic = ANY(%s)").format(
                sql.Identifier(schema, events_table)
            ),
            (topics,),
        )
        ids = [aggregate_id for (aggregate_id,) in cursor.fetchall()]
    rows = [row for aggregate_id in ids for row in _rows_of(load(aggregate_id))]
    with conn.transaction():
        write(conn, schema, rows)
    return len(rows)
