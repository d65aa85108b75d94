"""What an API key's scopes allow, by request (api.md "Accounts and sessions").

``read``: queries; ``trade``: orders, positions, wallet deposits; ``backtest``:
backtests, optimizations and bots. Everything else (managing keys, withdrawals,
erasure, admin endpoints, logout, social and NFT commands, prices) is out of every
scope: a key never does it, whatever its owner's roles. The rules are by path
prefix and method, first match wins, so a route added later is out of scope
until a rule names it.
"""

from __future__ import annotations

from http_common.problems import ApiProblem
from http_common.tokens import Principal

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_READS = frozenset({"GET", "HEAD"})
_ANY = _WRITES | _READS
# (methods, path prefix, scope or None for "never with a key")
RULES: tuple[tuple[frozenset[str], str, str | None], ...] = (
    (_ANY, "/v1/api-keys", None),
    (_ANY, "/v1/admin", None),
    (_ANY, "/v1/auth", None),
    (_ANY, "/v1/backtests", "backtest"),
    (_ANY, "/v1/optimizations", "backtest"),
    (_ANY, "/v1/bots", "backtest"),
    (_WRITES, "/v1/wallet/deposits", "trade"),
    (_WRITES, "/v1/positions", "trade"),
    (_WRITES, "/v1/orders", "trade"),
    (_READS, "/v1", "read"),
)


def required_scope(method: str, path: str) -> str | None:
    """The scope a key needs for this request; None when no key may make it."""
    for methods, prefix, scope in RULES:
        if method in methods and (path == prefix or path.startswith(prefix + "/")):
            return scope
    return None


def check_scope(principal: Principal, method: str, path: str) -> None:
    """403 ``scope_missing`` unless ``principal`` is a bearer token or a key holding the scope."""
    if principal.scopes is None:
        return
    scope = required_scope(method, path)
    if scope is None or scope not in principal.scopes:
        needed = f"the scope {scope!r}" if scope else "a login (no API key may do this)"
        raise ApiProblem(403, "scope_missing", f"this request needs {needed}")
