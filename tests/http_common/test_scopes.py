"""What each API key scope allows (api.md "Accounts and sessions"), by method and path."""

from __future__ import annotations

import pytest

from http_common.scopes import required_scope

CASES = [
    ("GET", "/v1/portfolios/me", "read"),
    ("GET", "/v1/orders", "read"),
    ("POST", "/v1/orders", "trade"),
    ("DELETE", "/v1/orders/123", "trade"),
    ("POST", "/v1/positions", "trade"),
    ("POST", "/v1/positions/1/close", "trade"),
    ("PUT", "/v1/positions/1/exits", "trade"),
    ("POST", "/v1/wallet/deposits", "trade"),
    ("POST", "/v1/backtests", "backtest"),
    ("GET", "/v1/backtests/1", "backtest"),
    ("POST", "/v1/optimizations", "backtest"),
    ("POST", "/v1/bots", "backtest"),
    ("DELETE", "/v1/bots/1", "backtest"),
    ("POST", "/v1/wallet/withdrawals", None),
    ("POST", "/v1/users/1/erasure", None),
    ("POST", "/v1/api-keys", None),
    ("GET", "/v1/api-keys", None),
    ("DELETE", "/v1/api-keys/1", None),
    ("POST", "/v1/admin/users/1/roles", None),
    ("PUT", "/v1/admin/users/1/limits", None),
    ("POST", "/v1/auth/logout", None),
    ("POST", "/v1/market/prices", None),
    ("POST", "/v1/positionsX", None),  # a prefix names whole path segments only
    ("POST", "/v1/friends", None),
    ("POST", "/v1/friends/requests/1/accept", None),
    ("DELETE", "/v1/friends/1", None),
    ("DELETE", "/v1/nfts/1/listings", None),
    ("GET", "/v1/friends", "read"),
    ("GET", "/v1/challenges", "read"),
]


@pytest.mark.parametrize(("method", "path", "scope"), CASES, ids=[f"{m} {p}" for m, p, _ in CASES])
def test_required_scope_when_a_key_makes_the_request(method: str, path: str, scope: str | None) -> None:
    assert required_scope(method, path) == scope
