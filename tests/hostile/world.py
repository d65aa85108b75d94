"""A small populated world for the hostile suites: both real apps on a schema of their own, one
user per role, and a victim (``bob``) owning one object of every kind another user may target.

Read models are brought up to date in-process by the real runtime (every registered projection
and policy, until the log is quiet), so the query API answers from real rows.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg import sql

from astratrade.settings import Settings
from command_api.app import create_app as create_command_app
from event_store.application import EventStore
from event_store.log import EventLog
from projections import registry
from projections.runtime import ReadModels
from query_api.app import create_app as create_query_app
from query_api.container import QueryOptions
from tests.projections.support import catch_up
from tests.support import TEST_DATABASE_URL, fresh_schema

JWT_SECRET = "hostile-jwt-secret-0123456789abcdef-0123456789abcdef"
PASSWORD = "a hostile password 1"
ROLES = ("trader", "analyst", "compliance", "admin", "price_feed")


@dataclass(frozen=True)
class Actor:
    name: str
    user_id: str
    headers: dict[str, str]


@dataclass
class World:
    es_env: dict[str, str]
    read_models: ReadModels
    settings: Settings
    command_app: FastAPI
    query_app: FastAPI
    command: TestClient
    store: EventStore
    actors: dict[str, Actor] = field(default_factory=dict)  # by role; "trader" is alice
    victim: Actor | None = None  # bob, a trader whose objects the others target
    victim_ids: dict[str, str] = field(default_factory=dict)  # path parameter name → bob's object id

    def fresh_command_app(self) -> FastAPI:
        """Another command app on the same store (schemathesis's pytest plugin ends every app's lifespan
        when a test ends, closing what the app owns: each test gets apps of its own)."""
        return create_command_app(self.settings, store=self.store)

    def fresh_query_app(self) -> FastAPI:
        return create_query_app(self.settings, self.read_models, QueryOptions(wait_timeout=0.5))

    def register(self, name: str, *roles: str) -> Actor:
        """A user holding ``roles`` (granted by the admin), logged in."""
        body = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
        created = self.command.post("/v1/users", json=body)
        assert created.status_code == 201, created.text
        user_id = created.json()["user_id"]
        for role in roles:
            granted = self.command.post(
                f"/v1/admin/users/{user_id}/roles", json={"role": role}, headers=self.actors["admin"].headers
            )
            assert granted.status_code == 200, granted.text
        return Actor(name, user_id, self.login(name))

    def login(self, name: str) -> dict[str, str]:
        token = self.command.post("/v1/auth/token", json={"username": name, "password": PASSWORD})
        assert token.status_code == 200, token.text
        return {"Authorization": f"Bearer {token.json()['access_token']}"}

    def post(self, actor: Actor, path: str, body: dict[str, Any] | None = None, expect: int = 200) -> dict[str, Any]:
        response = self.command.post(path, json=body, headers=actor.headers)
        assert response.status_code == expect, (path, response.text)
        return dict(response.json())

    def settle(self, timeout: float = 60) -> int:
        """Run every projection and policy until each has applied the whole log (policies append)."""
        store = EventStore(env={**self.es_env, "POSTGRES_POOL_SIZE": "1"})
        try:
            deadline, log = time.monotonic() + timeout, EventLog(store)
            while True:
                last = log.last_position()
                for projection in registry.projections():
                    catch_up(self.read_models, self.es_env, last, projection, timeout=deadline - time.monotonic())
                if log.last_position() == last:
                    return last
        finally:
            store.close()


def hostile_settings(redis_url: str, es_env: dict[str, str], read_schema: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "ASTRATRADE_ENV": "test",
        "database_url": TEST_DATABASE_URL,
        "redis_url": redis_url,
        "DATABASE_SCHEMA": es_env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": read_schema,
        "jwt_secret": JWT_SECRET,
        "CLAIM_KEY": "hostile-claim-key-0123456789abcdef",
        "RATE_LIMIT_PER_SECOND": 0,  # the fuzzers send thousands of requests per user
        "QUERY_RATE_LIMIT_PER_SECOND": 0,
    }
    return Settings(**{**values, **overrides})  # type: ignore[arg-type]


@contextmanager
def world(redis_url: str) -> Iterator[World]:
    """Both apps on a fresh schema, with no dramatiq message leaving the process (a stub broker)."""
    previous = dramatiq.get_broker() if _has_broker() else None
    dramatiq.set_broker(StubBroker())
    with fresh_schema() as es_env:
        read_models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
        registry.migrate(read_models)
        settings = hostile_settings(redis_url, es_env, read_models.schema)
        store = EventStore(env=settings.eventsourcing_env())
        command_app = create_command_app(settings, store=store)
        query_app = create_query_app(settings, read_models, QueryOptions(wait_timeout=0.5))
        try:
            with TestClient(command_app) as client:
                found = World(es_env, read_models, settings, command_app, query_app, client, store)
                _populate(found)
                yield found
        finally:
            store.close()
            _drop(read_models)
            if previous is not None:
                dramatiq.set_broker(previous)


def _has_broker() -> bool:
    return dramatiq.broker.global_broker is not None


# A backtest, a grid and a bot of bob's (strategies: docs/strategies-api.md); the matrix sends the same bodies.
BACKTEST = {
    "strategy": "sma_cross",
    "symbol": "BTC-USD",
    "interval": "1h",
    "from": "2026-01-01T00:00:00Z",
    "to": "2026-01-02T00:00:00Z",
    "quantity": "0.1",
}
BOT = {"strategy": "sma_cross", "params": {"fast": 5, "slow": 20}, "symbol": "BTC-USD", "quantity": "0.1"}


def _populate(w: World) -> None:
    admin_id = w.command_app.state.container.users.create_admin("root", PASSWORD, _cli_context())
    w.actors["admin"] = Actor("root", str(admin_id), w.login("root"))
    for role in ("analyst", "compliance", "price_feed"):
        w.actors[role] = w.register(role.replace("_", ""), role)
    alice, bob, carol = (w.register(name) for name in ("alice", "bob", "carol"))
    w.actors["trader"], w.victim = alice, bob
    w.post(w.actors["price_feed"], "/v1/market/prices", {"symbol": "BTC-USD", "price": "100.00"}, 201)
    for trader in (alice, bob, carol):
        w.post(trader, "/v1/wallet/deposits", {"amount": "5000.00", "currency": "USD"})
    position = w.post(bob, "/v1/positions", {"symbol": "BTC-USD", "side": "long", "quantity": "1"}, 201)
    clan = w.post(bob, "/v1/clans", {"name": f"bobs-{uuid.uuid4().hex[:6]}"}, 201)
    request = w.post(bob, "/v1/friends", {"user_id": carol.user_id}, 201)
    w.post(carol, f"/v1/friends/requests/{request['request_id']}/accept", None)
    challenge = w.post(bob, "/v1/challenges", {"opponent_id": carol.user_id, "hours": 24}, 201)
    withdrawal = w.post(bob, "/v1/wallet/withdrawals", {"amount": "1.00", "currency": "USD"})
    order = w.post(
        bob,
        "/v1/orders",
        {"type": "limit", "symbol": "BTC-USD", "side": "long", "quantity": "1", "limit_price": "95"},
        201,
    )  # resting: the price stays at 100
    backtest = w.post(bob, "/v1/backtests", {**BACKTEST, "params": {"fast": 5, "slow": 20}}, 202)
    optimization = w.post(bob, "/v1/optimizations", {**BACKTEST, "grid": {"fast": [5, 10], "slow": [20]}}, 202)
    bot = w.post(bob, "/v1/bots", BOT, 201)
    w.settle()  # policies mint bob's first_trade badge, among others
    key = w.post(bob, "/v1/api-keys", {"name": "bobs-bot", "scopes": ["read"]}, 201)
    w.victim_ids.update(request_id=request["request_id"])
    w.victim_ids.update(
        user_id=bob.user_id,
        position_id=position["position_id"],
        clan_id=clan["clan_id"],
        challenge_id=challenge["challenge_id"],
        nft_id=_an_nft_of(w, bob.user_id),
        withdrawal_id=withdrawal["withdrawal_id"],
        api_key_id=key["api_key_id"],
        order_id=order["order_id"],
        role="analyst",
        backtest_id=backtest["backtest_id"],
        optimization_id=optimization["optimization_id"],
        bot_id=bot["bot_id"],
    )


def _an_nft_of(w: World, user_id: str) -> str:
    """One NFT bob owns (the badge minted for his first trade), from the event store."""
    schema = sql.Identifier(w.es_env["POSTGRES_SCHEMA"], "astratrade_events")
    with w.read_models.connect() as conn:
        rows = conn.execute(
            sql.SQL(
                "SELECT originator_id::text, convert_from(state, 'UTF8') FROM {}"
                " WHERE topic LIKE 'nft.%%' AND originator_version = 1"
            ).format(schema)
        ).fetchall()
    owned = [nft for nft, state in rows if user_id.replace("-", "") in state or user_id in state]
    assert owned, "no NFT minted for the victim: the minting policy did not run"
    return owned[0]


def _cli_context() -> Any:
    from event_store.metadata import CommandContext  # noqa: PLC0415

    return CommandContext(actor="cli", correlation_id="cli")


def _drop(read_models: ReadModels) -> None:
    with read_models.connect() as conn:
        for (schema,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (read_models.schema + "%",)
        ).fetchall():
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
