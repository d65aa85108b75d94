"""Login throttling (api.md "Abuse limits"): 429 ``login_throttled`` with a growing ``Retry-After``.

Each attempt at ``POST /v1/auth/token`` is counted in three counters (``login_counters.py``):

- **account from this address**: ``LOGIN_FAILURES_PER_ACCOUNT`` (5) free failures, then
  blocked 1 s, 2 s, 4 s … up to 15 min; a successful login resets it;
- **this address, any account** (credential stuffing): ``LOGIN_FAILURES_PER_ADDRESS`` (20)
  free failures, same growth; a success does not reset it (an attacker could otherwise
  clear it by signing in to an account of their own between guesses);
- **the account from everywhere** (a botnet guessing one password): ``LOGIN_ACCOUNT_CEILING``
  (50) free failures, then blocked at most 60 s at a time; a successful login resets it.

Lockout trade-off: a stranger's failures never lock the account owner out for long. They
only ever block their own address; the account-wide ceiling caps each block at 60 s and
never applies to an address that signed in to the account in the last 30 days, so a
victim on a known address is never blocked by others, and on a new one waits at most 60 s
at a time during a distributed attack. The guessing rate stays bounded all the same.

A blocked attempt is refused before its password is checked, so a flood costs no hashing.
Counters live in Redis, shared by every API process; while Redis is unreachable each process
counts on its own (``http_common/ratelimit.py`` does the same) and retries Redis a few
seconds later. Keys hold a keyed hash of the username (never the name) under the event
store's database and schema, so separate deployments sharing a Redis never meet.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aggregates.user.claim import claim_id
from aggregates.user.user import User
from astratrade.settings import Settings
from command_api.login_counters import Limit, LocalCounters, RedisCounters
from http_common.problems import ApiProblem
from services.errors import InvalidCredentials
from services.users import UserService

log = logging.getLogger(__name__)
REDIS_RETRY_AFTER = 5.0  # seconds counted in-process after a Redis failure
ADDRESS_CAP_MS = 15 * 60_000
ACCOUNT_CEILING_CAP_MS = 60_000


@dataclass(frozen=True)
class Attempt:
    """One login attempt, charged as a failure until it is known to be something else."""

    throttle: LoginThrottle
    limits: list[Limit]
    account: str
    address: str

    def succeeded(self) -> None:
        """Reset the account's counters, un-charge the address and trust it for this account."""
        per_account = [limit.key for limit in self.limits if limit.key.startswith(self.account)]
        self.throttle.store("refund", [self.throttle.key("address", self.address)])
        self.throttle.store("forget", per_account)
        self.throttle.store("trust", f"{self.account}:trusted", self.address)

    def abandoned(self) -> None:
        """Un-charge an attempt that ended without a verdict (busy, store unreachable)."""
        self.throttle.store("refund", [limit.key for limit in self.limits])


class LoginThrottle:
    """Guards ``UserService.authenticate`` with the three counters."""

    def __init__(self, settings: Settings, namespace: str, shared: Any = None, local: Any = None) -> None:
        self.shared = shared or RedisCounters(settings.redis_url)
        self.local = local or LocalCounters()
        self.redis_down_until = 0.0
        self.prefix = f"astratrade:login:{namespace}"
        self.claim_key = settings.claim_key.encode()
        self.per_account = settings.login_failures_per_account
        self.per_address = settings.login_failures_per_address
        self.ceiling = settings.login_account_ceiling

    def authenticate(self, users: UserService, username: str, password: str, address: str) -> User:
        """The user, if not throttled and the password is right; a failure is counted."""
        attempt = self.begin(username, address)
        try:
            user = users.authenticate(username, password)
        except InvalidCredentials:
            raise
        except BaseException:
            attempt.abandoned()
            raise
        attempt.succeeded()
        return user

    def begin(self, username: str, address: str) -> Attempt:
        """Charge an attempt, or raise 429 ``login_throttled`` while any of its counters is blocked."""
        account = self.key("account", str(claim_id("login", username, self.claim_key)))
        limits = [
            Limit(f"{account}:from:{address}", self.per_account, ADDRESS_CAP_MS),
            Limit(self.key("address", address), self.per_address, ADDRESS_CAP_MS),
        ]
        if not self.store("trusted", f"{account}:trusted", address):
            limits.append(Limit(account, self.ceiling, ACCOUNT_CEILING_CAP_MS))
        wait_ms = self.store("charge", limits)
        if wait_ms > 0:
            raise ApiProblem(
                429,
                "login_throttled",
                "too many failed logins; retry after the time in Retry-After",
                {"Retry-After": str(max(1, math.ceil(wait_ms / 1000)))},
            )
        return Attempt(self, limits, account, address)

    def close(self) -> None:
        self.shared.client.close()

    def key(self, kind: str, value: str) -> str:
        return f"{self.prefix}:{kind}:{value}"

    def store(self, method: str, *args: Any) -> Any:
        """Call the shared counters, or this process's own while Redis is unreachable."""
        if time.monotonic() >= self.redis_down_until:
            try:
                return _call(self.shared, method, *args)
            except Exception as error:
                log.warning(
                    "login throttle: Redis unreachable (%s); counting in-process for %.0f s", error, REDIS_RETRY_AFTER
                )
                self.redis_down_until = time.monotonic() + REDIS_RETRY_AFTER
        return _call(self.local, method, *args)


def _call(counters: Any, method: str, *args: Any) -> Any:
    bound: Callable[..., Any] = getattr(counters, method)
    return bound(*args)
