"""Failure counters of the login throttle: in Redis (shared by every API process), in-process as a fallback.

A counter is a hash ``{n, until}``: ``n`` failures charged, and the instant (ms) before
which an attempt is refused. ``charge`` is one atomic step over all of an attempt's
counters: refused (the longest wait, nothing charged) if any of them is blocked, else each
is charged one failure up front, and one that reaches its threshold is blocked for
``2^(n - threshold)`` seconds up to its cap. Charging before the password is checked
makes concurrent guesses race-free: past the threshold exactly one attempt per block
window gets its password checked, whatever the concurrency.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import redis

REDIS_TIMEOUT = 0.25  # seconds: a slow Redis must not slow every login
COUNTER_TTL_MS = 3_600_000  # a counter is forgotten an hour after its last charge
TRUSTED_TTL_MS = 30 * 86_400_000  # an address that signed in to an account is trusted for 30 days
_LOCAL_KEYS = 100_000  # most counters kept in-process (least recently used evicted)
_CHARGE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for _, key in ipairs(KEYS) do
  local blocked = (tonumber(redis.call('HGET', key, 'until')) or 0) - now
  if blocked > wait then wait = blocked end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local threshold, cap = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local n = redis.call('HINCRBY', key, 'n', 1)
  if n >= threshold then
    redis.call('HSET', key, 'until', now + math.min(cap, 1000 * 2 ^ (n - threshold)))
  end
  redis.call('PEXPIRE', key, ARGV[#ARGV])
end
return 0
"""
_REFUND = """
for _, key in ipairs(KEYS) do
  if redis.call('HINCRBY', key, 'n', -1) < 0 then redis.call('HSET', key, 'n', 0) end
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1]) end
end
"""


@dataclass(frozen=True)
class Limit:
    """One counter of an attempt: its key, the free failures, the longest block (ms)."""

    key: str
    threshold: int
    cap_ms: int


def block_ms(n: int, limit: Limit) -> int:
    """How long the ``n``-th failure blocks its counter (0 below the threshold)."""
    return 0 if n < limit.threshold else min(limit.cap_ms, 1000 * 2 ** min(n - limit.threshold, 40))


class RedisCounters:
    """The counters every API process shares."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)
        self.script, self.refund_script = self.client.register_script(_CHARGE), self.client.register_script(_REFUND)

    def charge(self, limits: list[Limit]) -> int:
        args = [v for limit in limits for v in (limit.threshold, limit.cap_ms)] + [COUNTER_TTL_MS]
        return int(self.script(keys=[limit.key for limit in limits], args=args))

    def refund(self, keys: list[str]) -> None:
        self.refund_script(keys=keys, args=[COUNTER_TTL_MS])  # a counter forgotten meanwhile comes back at 0

    def forget(self, keys: list[str]) -> None:
        self.client.delete(*keys)

    def trust(self, key: str, member: str) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            pipe.sadd(key, member)
            pipe.pexpire(key, TRUSTED_TTL_MS)
            pipe.execute()

    def trusted(self, key: str, member: str) -> bool:
        return bool(self.client.sismember(key, member))


class LocalCounters:
    """The same counters in this process: the fallback while Redis is unreachable."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._counters: OrderedDict[str, tuple[int, float, float]] = OrderedDict()  # n, until, expires (ms)
        self._trusted: OrderedDict[tuple[str, str], float] = OrderedDict()

    def charge(self, limits: list[Limit]) -> int:
        with self._lock:
            now = self.clock() * 1000
            counters = [self._get(limit.key, now) for limit in limits]
            wait = max((until - now for _, until in counters), default=0)
            if wait > 0:
                return int(wait)
            for limit, (n, until) in zip(limits, counters, strict=True):
                blocked = block_ms(n + 1, limit)
                self._put(limit.key, n + 1, now + blocked if blocked else until, now)
            return 0

    def refund(self, keys: list[str]) -> None:
        with self._lock:
            now = self.clock() * 1000
            for key in keys:
                n, until = self._get(key, now)
                self._put(key, max(0, n - 1), until, now)

    def forget(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._counters.pop(key, None)

    def trust(self, key: str, member: str) -> None:
        with self._lock:
            self._trusted[(key, member)] = self.clock() * 1000 + TRUSTED_TTL_MS
            if len(self._trusted) > _LOCAL_KEYS:
                self._trusted.popitem(last=False)

    def trusted(self, key: str, member: str) -> bool:
        with self._lock:
            return self._trusted.get((key, member), 0) > self.clock() * 1000

    def _get(self, key: str, now: float) -> tuple[int, float]:
        n, until, expires = self._counters.get(key, (0, 0.0, 0.0))
        return (n, until) if expires > now else (0, 0.0)

    def _put(self, key: str, n: int, until: float, now: float) -> None:
        self._counters.pop(key, None)
        self._counters[key] = (n, until, now + COUNTER_TTL_MS)
        if len(self._counters) > _LOCAL_KEYS:
            self._counters.popitem(last=False)
