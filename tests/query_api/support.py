"""Helpers of the query API tests: tokens, a known history, catching the read models up."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import jwt
from psycopg import sql

from aggregates.money import Side
from event_store.metadata import CommandContext
from projections.portfolio.projection import PortfolioProjection
from projections.runtime.config import ReadModels
from services.trading import TradingService
from services.users import UserService
from tests.projections import support as projections_support

JWT_SECRET = "query-test-jwt-secret-0123456789abcdef-0123456789abcdef"
CTX = CommandContext(actor="test", correlation_id="query-api-test")


def token(user_id: UUID | str, *roles: str, secret: str = JWT_SECRET, ttl: int = 6 * 3600, **claims: object) -> str:
    """A token as the command API issues it: sub, roles, iat, exp (HS256). Long-lived by default: modules
    make theirs at import, and a full suite outlasts a 15-minute token."""
    now = int(time.time())
    body = {"sub": str(user_id), "roles": list(roles or ("trader",)), "iat": now, "exp": now + ttl, **claims}
    return jwt.encode({k: v for k, v in body.items() if v is not None}, secret, algorithm="HS256")


def bearer(user_id: UUID | str, *roles: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(user_id, *roles)}"}


@dataclass(frozen=True)
class Traders:
    alice: UUID
    bob: UUID
    position: int  # of the last event written


def trade_history(users: UserService, trading: TradingService) -> Traders:
    """Alice deposits 1000, goes long 2 BTC at 100 with 2x leverage, BTC ticks to 110; bob only registers."""
    alice, bob = (
        UUID(users.register(name, f"{name}@example.com", "pw-12345678", CTX).body["user_id"])
        for name in ("alice", "bob")
    )
    trading.deposit(alice, Decimal("1000.00"), "USD", CTX)
    trading.record_price("BTC-USD", Decimal("100"), CTX)
    trading.open_position(alice, "BTC-USD", Side.LONG, Decimal("2"), 2, CTX)  # margin 100.00, fee 0.20
    last = trading.record_price("BTC-USD", Decimal("110"), CTX)
    return Traders(alice, bob, last.position)


def catch_up(read_models: ReadModels, es_env: dict[str, str], target: int, timeout: float = 60.0) -> int:
    """The portfolio read model caught up with ``target``."""
    return projections_support.catch_up(read_models, es_env, target, PortfolioProjection(), timeout=timeout)


def drop_read_models(read_models: ReadModels) -> None:
    with read_models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(read_models.schema)))
