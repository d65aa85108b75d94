"""Helpers of the financial tests: contexts, applying the log by hand, reading events back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import sql

from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from projections.runtime import ReadModels
from projections.runtime.base import Projection, Tables
from tests.projections import support as projections_support

D = Decimal
CTX = CommandContext(actor="test", correlation_id="financial-test")
ALL = 2**62  # beyond any real position: every event in these tests is committed


def logged(store: EventStore, after: int = 0, topics: tuple[str, ...] = ()) -> list[LoggedEvent]:
    return EventLog(store).read(after, ALL, 1_000_000, topics)


def apply_log(store: EventStore, models: ReadModels, projection: Projection, after: int = 0, upto: int = ALL) -> Tables:
    """Apply ``(after, upto]`` of the projection's topics in one transaction, as the runtime does."""
    tables = models.tables_for(projection)
    with models.connect() as conn, conn.transaction(), conn.cursor() as cur:
        for event in EventLog(store).read(after, upto, 1_000_000, projection.topics):
            projection.apply(cur, tables, event)
    return tables


def rows(models: ReadModels, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``query`` whose ``{s}`` names the read-model schema."""
    with models.connect() as conn:
        return conn.execute(sql.SQL(query).format(s=sql.Identifier(models.schema)), params).fetchall()


def wallet(store: EventStore, user_id: UUID) -> Wallet:
    found: Wallet = store.repository.get(wallet_id(user_id))
    return found


def catch_up(store: EventStore, models: ReadModels, projection: Projection, timeout: float = 60.0) -> int:
    """``projection`` caught up with every event written so far."""
    return projections_support.catch_up(models, store.env, None, projection, timeout=timeout)


def replay_from_zero(models: ReadModels, name: str) -> None:
    """As after a crash between reactions and their tracking commit: the runtime starts over."""
    with models.connect() as conn:
        conn.execute(sql.SQL("UPDATE {} SET position = 0 WHERE name = %s").format(models.tracking), (name,))
