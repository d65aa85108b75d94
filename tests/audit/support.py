"""Helpers of the audit tests: catching the trail up, tampering as a superuser would, a known history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

import psycopg
from psycopg import sql

from aggregates.money import Side
from event_store.metadata import CommandContext
from projections.audit.projection import AuditProjection
from projections.runtime.base import Tables
from projections.runtime.config import ReadModels
from services.trading import TradingService
from services.users import UserService
from tests.projections import support as projections_support
from tests.support import SteppingClock

PASSWORD = "pw-long-enough-1"


def ctx(actor: UUID | str | None = None) -> CommandContext:
    return CommandContext(actor=None if actor is None else str(actor), correlation_id="audit-test")


def catch_up(read_models: ReadModels, es_env: dict[str, str], timeout: float = 60.0) -> int:
    """The audit trail caught up with every event of the log."""
    return projections_support.catch_up(read_models, es_env, None, AuditProjection(), timeout=timeout)


def audit_tables(read_models: ReadModels) -> Tables:
    return read_models.tables_for(AuditProjection)


def tamper(read_models: ReadModels, statement: sql.Composable, params: tuple[object, ...] = ()) -> None:
    """Run ``statement`` with triggers off, as a superuser bypassing the insert-only guard would."""
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn, conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute(sql.Composed([statement]), params)


@dataclass(frozen=True)
class History:
    alice: UUID
    bob: UUID
    before_open: datetime  # an instant after the deposit, just before alice opened her position
    position_id: UUID


def trade_history(users: UserService, trading: TradingService, clock: SteppingClock) -> History:
    """Alice and bob register; alice deposits 1000 and, an hour later, goes long 2 BTC at 100 (2x)."""
    alice = UUID(users.register("alice", "alice@example.com", PASSWORD, ctx()).body["user_id"])
    bob = UUID(users.register("bob", "bob@example.com", PASSWORD, ctx()).body["user_id"])
    clock.advance(minutes=1)
    trading.deposit(alice, Decimal("1000.00"), "USD", ctx(alice))
    trading.record_price("BTC-USD", Decimal("100"), ctx("feed"))
    clock.advance(hours=1)
    before_open = clock.instant
    clock.advance(seconds=1)
    opened = trading.open_position(alice, "BTC-USD", Side.LONG, Decimal("2"), 2, ctx(alice))
    clock.advance(minutes=1)
    trading.record_price("BTC-USD", Decimal("110"), ctx("feed"))
    return History(alice, bob, before_open, UUID(opened.body["position_id"]))


_TICK_STATE = """json_build_object(
    'timestamp', json_build_object('_type_', 'datetime_iso', '_data_',
        to_char((%(start)s::timestamptz + n * interval '1 second') AT TIME ZONE 'UTC',
                'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'),
    'price', json_build_object('_type_', 'decimal_str', '_data_', (100 + n %% 1000) || '.5'),
    'class_version', 1,
    '_meta', json_build_object('actor', 'feed', 'correlation_id', 'bulk', 'causation_id', NULL,
                               'idempotency_key', NULL))::text"""


def insert_ticks(es_env: dict[str, str], count: int, start: datetime) -> None:
    """``count`` price ticks of one market, one second apart, appended in one transaction by SQL
    (positions derived from its xid like the store's own appends): a large log, quickly."""
    events = sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")
    statement = sql.SQL(
        "INSERT INTO {} (originator_id, originator_version, topic, state, notification_id)"
        " SELECT %(market)s, n + 1, 'trading.MarketPrice.Ticked', convert_to(" + _TICK_STATE + ", 'UTF8'),"
        " (pg_current_xact_id()::text::bigint << 20) + n FROM generate_series(1, %(count)s) AS n"
    ).format(events)
    with psycopg.connect(ReadModels.from_env(es_env).conninfo, autocommit=True) as conn:
        conn.execute(statement, {"market": uuid4(), "count": count, "start": start})
