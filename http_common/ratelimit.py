"""Per-user rate limits on both APIs: a token bucket per caller, kept in Redis.

Every ``/v1/`` request takes one token from its caller's bucket: the user of a
valid bearer token, else (registration, login, bad tokens) the client address.
A bucket holds ``RATE_LIMIT_BURST`` tokens and refills at ``RATE_LIMIT_PER_SECOND``;
an empty bucket answers 429 ``rate_limited`` with ``Retry-After`` (whole seconds
until a token is back) before the route runs, so a refused command writes nothing.
Each API keeps buckets of its own (``key_prefix``), with its own settings.

The buckets live in Redis (one Lua script: atomic, on Redis's clock), so every
API process shares them. While a bucket is far from empty (at least twice a lease),
a process takes a *lease* of several tokens from it in one call and spends them
locally (``LeasedBuckets``), so most requests cost no Redis round trip; near the
limit a lease is one token, as exact as asking every time. Leased tokens leave the
shared bucket, so N processes never admit more than the limit; a lease unspent
after ``LEASE_SECONDS`` is dropped (at most a lease less than the limit, briefly).
Redis is never needed for a command to succeed: when
it is unreachable each process falls back to buckets of its own (N processes
then admit up to N times the limit) and tries Redis again a few seconds later.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from typing import Any

import redis.asyncio as aioredis
from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from http_common.problems import problem

log = logging.getLogger(__name__)
REDIS_TIMEOUT = 0.25  # seconds: a slow Redis must not slow every command
REDIS_RETRY_AFTER = 5.0  # seconds spent on local buckets after a Redis failure
KEY_PREFIX = "astratrade:ratelimit:"  # the command API's buckets
_LOCAL_BUCKETS = 100_000  # most callers tracked in-process (least recently seen evicted)
LEASE_SECONDS = 1.0  # an unspent lease is dropped after this: tokens never outlive it in a process
MAX_LEASE = 100  # tokens per lease at most (a twentieth of the burst, below that)
# Takes a lease of up to ARGV[3] tokens: all of them while the bucket holds at least twice
# that many, else one (exact near the limit). Returns {tokens granted, seconds to wait}.
_LEASE = """
local rate, burst, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local granted, wait = 0, 0
if tokens >= 2 * want then granted = want elseif tokens >= 1 then granted = 1 else wait = (1 - tokens) / rate end
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {granted, tostring(wait)}
"""


def install(app: FastAPI, rate: float, burst: int, redis_url: str, key_prefix: str = KEY_PREFIX) -> None:
    """Add the limiter to ``app``: ``rate`` tokens per second, ``burst`` at most; a rate of 0 turns it off."""
    app.add_middleware(RateLimit, rate=rate, burst=burst, redis_url=redis_url, key_prefix=key_prefix)


class LocalBuckets:
    """Token buckets in this process: the fallback while Redis is unreachable."""

    def __init__(self, rate: float, burst: int, clock: Any = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        """0 if a token was taken, else the seconds until one is back."""
        now = self.clock()
        tokens, at = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
        if len(self._buckets) > _LOCAL_BUCKETS:
            self._buckets.popitem(last=False)
        return wait


class RedisBuckets:
    """Token buckets shared by every API process, in Redis."""

    def __init__(self, url: str, rate: float, burst: int, key_prefix: str = KEY_PREFIX) -> None:
        self.url, self.rate, self.burst, self.key_prefix = url, rate, burst, key_prefix
        self._client: tuple[asyncio.AbstractEventLoop, Any] | None = None

    async def lease(self, key: str, want: int) -> tuple[int, float]:
        """Up to ``want`` tokens from ``key``'s bucket (all, one, or none: then the seconds to wait)."""
        granted, wait = await self._script()(keys=[self.key_prefix + key], args=[self.rate, self.burst, want])
        return int(granted), float(wait)

    def _script(self) -> Any:
        # One client per event loop: a client is bound to the loop it first connected on.
        loop = asyncio.get_running_loop()
        if self._client is None or self._client[0] is not loop:
            client = aioredis.Redis.from_url(
                self.url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
            )
            self._client = (loop, client.register_script(_LEASE))
        return self._client[1]


class LeasedBuckets:
    """This process's share of the Redis buckets: tokens leased, spent without a round trip."""

    def __init__(self, shared: RedisBuckets, clock: Any = time.monotonic) -> None:
        self.shared, self.clock = shared, clock
        self.lease_size = max(1, min(MAX_LEASE, shared.burst // 20))
        self._leases: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key: (tokens left, expiry)

    async def take(self, key: str) -> float:
        """0 if a token was taken, else the seconds until one is back (Redis errors propagate)."""
        now = self.clock()
        left, expires = self._leases.pop(key, (0, now))
        if left >= 1 and now < expires:
            self._leases[key] = (left - 1, expires)
            return 0.0
        granted, wait = await self.shared.lease(key, self.lease_size)
        if granted:
            self._leases[key] = (granted - 1, self.clock() + LEASE_SECONDS)
            if len(self._leases) > _LOCAL_BUCKETS:
                self._leases.popitem(last=False)
        return wait


class RateLimit:
    """ASGI middleware: one token per ``/v1/`` request, 429 when the caller's bucket is empty."""

    def __init__(self, app: ASGIApp, rate: float, burst: int, redis_url: str, key_prefix: str = KEY_PREFIX) -> None:
        self.app, self.enabled = app, rate > 0
        self.shared = LeasedBuckets(RedisBuckets(redis_url, rate, burst, key_prefix))
        self.local = LocalBuckets(rate, burst)
        self.redis_down_until = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.enabled and scope["path"].startswith("/v1/"):
            wait = await self._take(_caller(scope))
            if wait > 0:
                detail = "too many requests from this user; retry after the time in Retry-After"
                retry_after = {"Retry-After": str(max(1, math.ceil(wait)))}
                return await problem(429, "rate_limited", detail, retry_after)(scope, receive, send)
        await self.app(scope, receive, send)

    async def _take(self, key: str) -> float:
        if time.monotonic() >= self.redis_down_until:
            try:
                return await self.shared.take(key)
            except Exception as error:
                log.warning(
                    "rate limits: Redis unreachable (%s); using in-process buckets for %.0f s", error, REDIS_RETRY_AFTER
                )
                self.redis_down_until = time.monotonic() + REDIS_RETRY_AFTER
        return self.local.take(key)


def _caller(scope: Scope) -> str:
    """``user:<id>`` for a valid bearer token, else ``addr:<client address>``."""
    authorization = Headers(scope=scope).get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token:
        try:
            return f"user:{_verifier(scope['app']).verify(token).user_id}"
        except Exception:  # noqa: S110  (an invalid token is the route's 401; here it is just anonymous)
            pass
    client = scope.get("client")
    return f"addr:{client[0] if client else 'unknown'}"


def _verifier(app: Any) -> Any:
    """The app's token verifier (``http_common.wiring`` keeps it in the app state)."""
    return getattr(app.state, "token_verifier", None) or app.state.container.tokens
