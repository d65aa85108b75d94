"""Route dependencies as ``Annotated`` aliases: services, the caller, the command envelope."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from pydantic import BaseModel

from aggregates.user.roles import Role
from command_api.container import Container
from event_store.metadata import CommandContext
from http_common.auth import CurrentUser, require_role
from http_common.problems import ApiProblem
from http_common.tokens import Principal
from services.commands import Idempotency
from services.markets import MarketService
from services.trading import TradingService
from services.users import UserService

__all__ = [
    "Admin",
    "Command",
    "CurrentUser",
    "Dealer",
    "Envelope",
    "IdempotencyKey",
    "Markets",
    "PriceFeed",
    "Principal",
    "Services",
    "Trader",
    "Trading",
    "Users",
    "require_role",
]
_SECRET_FIELDS = frozenset({"password"})


async def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


Services = Annotated[Container, Depends(_container)]


async def _users(c: Services) -> UserService:
    return c.users


async def _trading(c: Services) -> TradingService:
    return c.trading


Users = Annotated[UserService, Depends(_users)]
Trading = Annotated[TradingService, Depends(_trading)]


async def _markets(c: Services) -> MarketService:
    return c.markets


Markets = Annotated[MarketService, Depends(_markets)]  # markets: instruments (issue 14)

Trader = Annotated[Principal, Depends(require_role(Role.TRADER))]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
PriceFeed = Annotated[Principal, Depends(require_role(Role.PRICE_FEED, Role.ADMIN))]
_SERVICE_ROLES = frozenset({Role.PRICE_FEED.value})


async def _dealer(user: Trader) -> Principal:
    # A price feed trading on its own ticks turned 1,000 into 89.9 M: service accounts never trade.
    if user.has_any(_SERVICE_ROLES):
        raise ApiProblem(403, "role_cannot_trade", "a price_feed account is a service: it cannot trade")
    return user


Dealer = Annotated[Principal, Depends(_dealer)]  # a trader on every trading entry point (positions, orders)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=128,
        pattern=r"^[\x20-\x7E]+$",
        description="makes a retry safe: the same key and body answer the first result and write nothing",
    ),
]


@dataclass(frozen=True)
class Envelope:
    """What every command carries besides its body: correlation, idempotency key, operation."""

    correlation_id: str
    idempotency_key: str | None
    operation: str
    fingerprint_key: bytes

    def context(self, actor: Principal | None) -> CommandContext:
        return CommandContext(
            actor=str(actor.user_id) if actor else None,
            correlation_id=self.correlation_id,
            causation_id=None,
            idempotency_key=self.idempotency_key,
        )

    def idempotency(self, body: BaseModel | None = None, **request: Any) -> Idempotency | None:
        """The key with its request fingerprint: operation, validated body and path parameters."""
        if self.idempotency_key is None:
            return None
        fields = body.model_dump(mode="json") if body is not None else {}
        for name in _SECRET_FIELDS & fields.keys():
            # Stored fingerprints must not become an unsalted hash of a password.
            fields[name] = hmac.new(self.fingerprint_key, fields[name].encode(), hashlib.sha256).hexdigest()
        return Idempotency(self.idempotency_key, {"operation": self.operation, **fields, **request})


async def _envelope(request: Request, c: Services, key: IdempotencyKey = None) -> Envelope:
    operation = f"{request.method} {getattr(request.scope.get('route'), 'path', request.url.path)}"
    return Envelope(request.state.correlation_id, key, operation, _fingerprint_key(c.settings.claim_key))


@lru_cache(maxsize=4)
def _fingerprint_key(claim_key: str) -> bytes:
    # A key of its own, derived from the claim key, for fingerprinting secret fields; derived once,
    # not per request (an HMAC set-up was ~1 % of a deposit's CPU in the issue-19 profile).
    return hmac.new(claim_key.encode(), b"idempotency-fingerprint", hashlib.sha256).digest()


Command = Annotated[Envelope, Depends(_envelope)]
