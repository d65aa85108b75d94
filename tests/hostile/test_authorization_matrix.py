"""Authorization matrix: every endpoint of both OpenAPI documents × every role × the victim's ids.

The victim is ``bob``, a trader owning a position, a clan, a challenge and an NFT; every other
actor aims at bob's ids (path parameters, and ``user_id``/``clan_id``/``opponent_id`` in queries
and bodies). ``EXPECTED`` lists, per endpoint, who gets past authorization:

- allowed: a 2xx, or a 409 (a business rule refused it after authorization passed);
- refused: 401 for anonymous callers, 403 or 404 (where existence is private) for the others.

The endpoint list comes from the documents, so a new endpoint without a row here fails the test
with the row to add: its authorization is a decision to write down, not to guess.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from schemathesis.python.asgi import get_client

from tests.hostile.world import BACKTEST, BOT, PASSWORD, World

ANON, TRADER, ANALYST, COMPLIANCE, ADMIN, FEED, OWNER = (
    "anonymous",
    "trader",
    "analyst",
    "compliance",
    "admin",
    "price_feed",
    "owner",
)
CALLERS = (ANON, TRADER, ANALYST, COMPLIANCE, ADMIN, FEED, OWNER)  # OWNER (bob himself) goes last
EVERYONE = frozenset(CALLERS)
SIGNED_IN = EVERYONE - {ANON}  # every user is a trader; other roles add to it
NOBODY: frozenset[str] = frozenset()

EXPECTED: dict[tuple[str, str], frozenset[str]] = {
    # both APIs
    ("GET", "/health"): EVERYONE,
    ("GET", "/ready"): EVERYONE,
    ("GET", "/metrics"): EVERYONE,
    # command API
    ("POST", "/v1/users"): EVERYONE,
    ("POST", "/v1/auth/token"): NOBODY,  # bob's name without bob's password
    ("POST", "/v1/admin/users/{user_id}/roles"): frozenset({ADMIN}),
    ("POST", "/v1/wallet/deposits"): SIGNED_IN,  # the caller's own wallet: no one else's id to give
    ("POST", "/v1/wallet/withdrawals"): SIGNED_IN,
    ("POST", "/v1/market/prices"): frozenset({FEED, ADMIN}),
    ("POST", "/v1/positions"): SIGNED_IN - {FEED},  # a price feed is a service: 403 role_cannot_trade
    ("POST", "/v1/positions/{position_id}/close"): frozenset({OWNER}),
    ("POST", "/v1/clans"): SIGNED_IN,
    ("POST", "/v1/clans/{clan_id}/members"): SIGNED_IN,  # anyone may join a clan
    ("DELETE", "/v1/clans/{clan_id}/members/me"): SIGNED_IN,  # "me": only ever the caller's membership
    ("POST", "/v1/friends"): SIGNED_IN,
    # bob's request to carol: only carol answers it; bob (the requester) gets 403, anyone else 404
    ("POST", "/v1/friends/requests/{request_id}/accept"): NOBODY,
    ("POST", "/v1/friends/requests/{request_id}/decline"): NOBODY,
    # unfriending bob: nobody here is bob's friend (404), and bob is not his own
    ("DELETE", "/v1/friends/{user_id}"): NOBODY,
    ("POST", "/v1/challenges"): SIGNED_IN,  # 409 unless bob is their friend
    ("POST", "/v1/challenges/{challenge_id}/accept"): NOBODY,  # only carol, bob's opponent
    ("POST", "/v1/challenges/{challenge_id}/decline"): NOBODY,  # likewise
    ("POST", "/v1/nfts/{nft_id}/listings"): frozenset({OWNER}),
    ("DELETE", "/v1/nfts/{nft_id}/listings"): frozenset({OWNER}),  # others 403; bob 200, or 409 when not listed
    ("POST", "/v1/nfts/{nft_id}/purchase"): SIGNED_IN,  # anyone may buy (409 while it is not listed)
    ("POST", "/v1/subscriptions"): SIGNED_IN,
    ("POST", "/v1/users/{user_id}/erasure"): frozenset({COMPLIANCE, ADMIN}),
    # query API
    ("GET", "/v1/portfolios/{user_id}"): frozenset({OWNER, ANALYST, COMPLIANCE}),
    ("GET", "/v1/projections"): SIGNED_IN,
    ("GET", "/v1/analytics/volume"): frozenset({ANALYST, ADMIN}),
    ("GET", "/v1/analytics/active-traders"): frozenset({ANALYST, ADMIN}),
    ("GET", "/v1/analytics/pnl-distribution"): frozenset({ANALYST, ADMIN}),
    ("GET", "/v1/analytics/engagement"): frozenset({ANALYST, ADMIN}),
    ("GET", "/v1/marketplace/listings"): SIGNED_IN,
    ("GET", "/v1/audit/events"): frozenset({COMPLIANCE}),
    ("GET", "/v1/audit/verify"): frozenset({COMPLIANCE}),
    ("GET", "/v1/audit/users/{user_id}/state"): frozenset({COMPLIANCE}),
    ("GET", "/v1/audit/anchors"): frozenset({COMPLIANCE}),
    ("GET", "/v1/audit/users"): frozenset({COMPLIANCE}),  # bob's username to his id
    ("GET", "/v1/leaderboards/{metric}"): SIGNED_IN,
    ("GET", "/v1/leaderboards/{metric}/users/{user_id}"): SIGNED_IN,
    ("GET", "/v1/profiles/{user_id}"): SIGNED_IN,
    ("GET", "/v1/clans/{clan_id}"): SIGNED_IN,
    # "the two users" only (api.md); anyone else 404s: challenge ids are private
    ("GET", "/v1/challenges/{challenge_id}"): frozenset({OWNER}),
    ("GET", "/v1/challenges"): SIGNED_IN,  # the caller's own: nobody else's id to give
    ("GET", "/v1/friends"): SIGNED_IN,  # likewise
    ("GET", "/v1/notifications"): SIGNED_IN,  # likewise
    ("GET", "/v1/stream/me"): SIGNED_IN,  # likewise
    ("GET", "/v1/stream/leaderboards/{metric}"): SIGNED_IN,
    # markets: public market data, any signed-in user
    ("GET", "/v1/market/indicators/{symbol}"): SIGNED_IN,
    ("GET", "/v1/stream/market/{symbol}"): SIGNED_IN,
    # the owner and compliance only; anyone else 404s: withdrawal ids are private
    ("GET", "/v1/withdrawals/{withdrawal_id}"): frozenset({OWNER, COMPLIANCE}),
    # history: the owner and compliance only; anyone else 403s (user ids are public, statements are not)
    ("GET", "/v1/history/trades"): frozenset({OWNER, COMPLIANCE}),
    ("GET", "/v1/history/ledger"): frozenset({OWNER, COMPLIANCE}),
    # sessions (tests/api/test_sessions.py, test_api_keys.py)
    ("POST", "/v1/auth/refresh"): NOBODY,  # a refresh token that is not theirs
    ("POST", "/v1/auth/logout"): SIGNED_IN,  # the caller's own login: nobody else's id to give
    ("POST", "/v1/api-keys"): SIGNED_IN,
    ("DELETE", "/v1/api-keys/{api_key_id}"): frozenset({OWNER}),  # another user's key is 404
    ("GET", "/v1/api-keys"): SIGNED_IN,  # the caller's own keys
    ("DELETE", "/v1/admin/users/{user_id}/roles/{role}"): frozenset({ADMIN}),
    # markets (tests/api/test_instruments.py, test_market_queries.py): public market data, admin settings
    ("PUT", "/v1/instruments/{symbol}"): frozenset({ADMIN}),
    ("GET", "/v1/market/instruments"): SIGNED_IN,
    ("GET", "/v1/market/tickers"): SIGNED_IN,
    ("GET", "/v1/market/tickers/{symbol}"): SIGNED_IN,
    ("GET", "/v1/market/candles/{symbol}"): SIGNED_IN,
    # orders and position changes (tests/api/test_orders.py, test_position_changes.py): another's ids are 404
    ("POST", "/v1/positions/{position_id}/margin"): frozenset({OWNER}),
    ("PUT", "/v1/positions/{position_id}/exits"): frozenset({OWNER}),
    ("POST", "/v1/orders"): SIGNED_IN - {FEED},
    ("DELETE", "/v1/orders/{order_id}"): frozenset({OWNER}),
    ("GET", "/v1/orders"): SIGNED_IN,  # the caller's own orders
    ("GET", "/v1/orders/{order_id}"): frozenset({OWNER}),
    ("PUT", "/v1/admin/users/{user_id}/limits"): frozenset({ADMIN}),  # risk limits
    # strategies (tests/strategies/api): a price feed is a service (403 role_cannot_trade); another's ids are 404
    ("GET", "/v1/strategies"): SIGNED_IN,
    ("POST", "/v1/backtests"): SIGNED_IN - {FEED},
    ("POST", "/v1/optimizations"): SIGNED_IN - {FEED},
    ("GET", "/v1/backtests/{backtest_id}"): frozenset({OWNER}),
    ("GET", "/v1/optimizations/{optimization_id}"): frozenset({OWNER}),
    ("POST", "/v1/bots"): SIGNED_IN - {FEED},  # bob's second bot: 409 quota_exceeded (the free plan runs one)
    ("GET", "/v1/bots"): SIGNED_IN,  # the caller's own bots
    ("DELETE", "/v1/bots/{bot_id}"): frozenset({OWNER}),
}
# Run last, in this order, each caller with a login of its own: each revokes tokens when it succeeds (a role
# grant and erasure bob's, logout the caller's).
ENDS_ACCESS = {
    ("POST", "/v1/admin/users/{user_id}/roles"): 1,
    ("DELETE", "/v1/admin/users/{user_id}/roles/{role}"): 2,
    ("POST", "/v1/auth/logout"): 3,
    ("POST", "/v1/users/{user_id}/erasure"): 4,
}

# Bodies aimed at bob's own id, which bob cannot send himself (a validation rule, not authorization).
SELF_TARGETED = {("POST", "/v1/friends"): {OWNER}, ("POST", "/v1/challenges"): {OWNER}}


def _body(w: World, method: str, path: str) -> dict[str, Any] | None:
    """A valid body aimed at bob's ids (None: the endpoint takes none)."""
    bob, tag = w.victim_ids["user_id"], uuid.uuid4().hex[:8]
    bodies: dict[tuple[str, str], Callable[[], dict[str, Any]]] = {
        ("POST", "/v1/users"): lambda: {
            "username": f"u{tag}",
            "email": f"u{tag}@example.com",
            "password": "a long password 1",
        },
        ("POST", "/v1/auth/token"): lambda: {"username": "bob", "password": "not bobs password"},
        ("POST", "/v1/admin/users/{user_id}/roles"): lambda: {"role": "analyst"},
        ("POST", "/v1/wallet/deposits"): lambda: {"amount": "10.00", "currency": "USD"},
        ("POST", "/v1/wallet/withdrawals"): lambda: {"amount": "1.00", "currency": "USD"},
        ("POST", "/v1/market/prices"): lambda: {"symbol": "BTC-USD", "price": "100.00"},
        ("POST", "/v1/positions"): lambda: {"symbol": "BTC-USD", "side": "long", "quantity": "0.2"},  # ≥ min notional
        ("POST", "/v1/clans"): lambda: {"name": f"clan-{tag}"},
        ("POST", "/v1/friends"): lambda: {"user_id": bob},
        ("POST", "/v1/challenges"): lambda: {"opponent_id": bob, "hours": 24},
        ("POST", "/v1/nfts/{nft_id}/listings"): lambda: {"price": "5.00"},
        ("POST", "/v1/nfts/{nft_id}/purchase"): lambda: {"price": "5.00"},
        ("POST", "/v1/subscriptions"): lambda: {"plan": "pro"},
        ("POST", "/v1/auth/refresh"): lambda: {"refresh_token": f"{uuid.UUID(bob).hex}.not-bobs-token"},
        ("POST", "/v1/api-keys"): lambda: {"name": f"k{tag}", "scopes": ["read"]},
        ("PUT", "/v1/instruments/{symbol}"): lambda: {
            "tick_size": "0.01",
            "quantity_step": "0.0001",
            "max_leverage": 10,
        },
        ("POST", "/v1/positions/{position_id}/margin"): lambda: {"amount": "1.00"},
        ("PUT", "/v1/positions/{position_id}/exits"): lambda: {"take_profit": "150"},
        ("POST", "/v1/orders"): lambda: {
            "type": "limit",
            "symbol": "BTC-USD",
            "side": "long",
            "quantity": "0.2",
            "limit_price": "95",
        },
        ("PUT", "/v1/admin/users/{user_id}/limits"): lambda: {"max_daily_loss": "1000000.00"},
        ("POST", "/v1/backtests"): lambda: {**BACKTEST, "params": {"fast": 5, "slow": 20}},
        ("POST", "/v1/optimizations"): lambda: {**BACKTEST, "grid": {"fast": [5, 10], "slow": [20]}},
        ("POST", "/v1/bots"): lambda: BOT,
    }
    make = bodies.get((method, path))
    return make() if make else None


def _query(w: World, declared: list[str], path: str = "") -> dict[str, str]:
    """Values for the query parameters an operation declares, aimed at bob where they name a user or clan."""
    now = datetime.now(UTC)
    known = {
        "at": now.isoformat(),
        "from": (now - timedelta(days=1)).isoformat(),
        "to": now.isoformat(),
        "interval": "1h" if path.startswith("/v1/market/") else "day",  # candles' intervals are 1m…1d
        "user_id": w.victim_ids["user_id"],
        "clan_id": w.victim_ids["clan_id"],
        "username": w.victim.name if w.victim else "",
        **QUERY_OVERRIDES.get(path, {}),
    }
    return {name: known[name] for name in declared if name in known}


# Where an operation's parameter of a common name takes other values.
QUERY_OVERRIDES = {"/v1/market/indicators/{symbol}": {"interval": "1d", "name": "sma"}}


def _url(w: World, path: str) -> str:
    return path.format(metric="xp", symbol="BTC-USD", **w.victim_ids)


def _headers(w: World, caller: str) -> dict[str, str]:
    if caller == ANON:
        return {}
    assert w.victim is not None
    return w.victim.headers if caller == OWNER else w.actors[caller].headers


def _fresh_login(w: World, caller: str) -> dict[str, str]:
    """A new login of the caller (the old token may be revoked by now); the old headers if it cannot sign in."""
    if caller == ANON:
        return {}
    actor = w.victim if caller == OWNER else w.actors[caller]
    assert actor is not None
    token = w.command.post("/v1/auth/token", json={"username": actor.name, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"} if token.status_code == 200 else actor.headers


def _endpoints(w: World) -> list[tuple[str, str, str, list[str]]]:
    """(api, method, path, declared query parameters) of every operation of both documents."""
    found = []
    for api, app in (("command", w.command_app), ("query", w.query_app)):
        for path, operations in app.openapi()["paths"].items():
            for method, operation in operations.items():
                query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                found.append((api, method.upper(), path, query))
    return found


def test_only_the_allowed_roles_get_through_when_anyone_targets_another_users_ids(
    hostile_world: World, command_app: FastAPI, query_app: FastAPI
) -> None:
    w = hostile_world
    missing = [(m, p) for _, m, p, _ in _endpoints(w) if (m, p) not in EXPECTED]
    assert not missing, f"add these endpoints to EXPECTED (who may call them on another user's ids): {missing}"
    # schemathesis types an ASGI app's receive narrower than Starlette does: FastAPI apps are ASGI apps all the same
    with get_client(command_app) as command, get_client(query_app, max_stream_events=1) as query:  # type: ignore[arg-type]
        clients = {"command": command, "query": query}
        wrong, calls = _matrix(w, clients)
    print(
        f"FIGURES authorization matrix: {len(_endpoints(w))} endpoints x {len(CALLERS)} callers = {calls} calls,"
        f" {len(wrong)} wrong"
    )
    assert not wrong, "\n".join(wrong)


def _matrix(w: World, clients: dict[str, Any]) -> tuple[list[str], int]:
    wrong, calls = [], 0
    for api, method, path, query in sorted(_endpoints(w), key=lambda e: ENDS_ACCESS.get((e[1], e[2]), 0)):
        allowed = EXPECTED[(method, path)]
        for caller in CALLERS:
            if caller in SELF_TARGETED.get((method, path), ()):
                continue
            headers = _fresh_login(w, caller) if (method, path) in ENDS_ACCESS else _headers(w, caller)
            response = clients[api].request(
                method,
                "http://testserver" + _url(w, path),
                json=_body(w, method, path),
                params=_query(w, query, path),
                headers=headers,
                timeout=2,
            )
            calls += 1
            if (method, path) == ("POST", "/v1/auth/token") and response.status_code == 429:
                continue  # bob's account throttled after 5 wrong passwords: refused all the same
            verdict = _verdict(caller, response.status_code, caller in allowed)
            if verdict:
                wrong.append(f"{method} {path} as {caller}: {response.status_code} ({verdict}) {response.text[:200]}")
    return wrong, calls


def _verdict(caller: str, status: int, allowed: bool) -> str | None:
    """None when ``status`` is what an allowed (or refused) caller must get, else what is wrong."""
    if status >= 500:
        return "server error"
    if allowed:
        return None if 200 <= status < 300 or status == 409 else "should have been allowed"
    if caller == ANON:
        return None if status == 401 else "anonymous must get 401"
    return None if status in (401, 403, 404) else "should have been refused"


@pytest.mark.parametrize("forgery", ["alg-none", "wrong-key", "expired"])
def test_every_authenticated_endpoint_refuses_a_forged_token(
    hostile_world: World, command_app: FastAPI, query_app: FastAPI, forgery: str
) -> None:
    """The JWT battery of tests/api covers one endpoint per API; here every endpoint is tried."""
    token = _forged(hostile_world, forgery)
    wrong = []
    # schemathesis types an ASGI app's receive narrower than Starlette does: FastAPI apps are ASGI apps all the same
    with get_client(command_app) as command, get_client(query_app, max_stream_events=1) as query:  # type: ignore[arg-type]
        clients = {"command": command, "query": query}
        for api, method, path, declared in _endpoints(hostile_world):
            if EXPECTED.get((method, path)) == EVERYONE or path == "/v1/auth/token":
                continue  # public, or login (which reads no token: its refusals are the matrix's)
            response = clients[api].request(
                method,
                "http://testserver" + _url(hostile_world, path),
                json=_body(hostile_world, method, path),
                params=_query(hostile_world, declared, path),
                headers={"Authorization": f"Bearer {token}"},
                timeout=2,
            )
            if response.status_code != 401:
                wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong, wrong


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forged(w: World, forgery: str) -> str:
    now, sub = int(time.time()), w.actors[ADMIN].user_id
    claims = {"sub": sub, "iat": now, "exp": now + 600, "roles": ["trader", "admin", "compliance"]}
    if forgery == "alg-none":
        return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    if forgery == "wrong-key":
        return jwt.encode(claims, "another-secret-0123456789abcdef-0123456789abcdef", algorithm="HS256")
    return jwt.encode({**claims, "iat": now - 7200, "exp": now - 3600}, w.settings.jwt_secret, algorithm="HS256")
