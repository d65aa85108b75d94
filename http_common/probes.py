"""Readiness probes of an app's dependencies: PostgreSQL and Redis. Any failure means "not ready"."""

from __future__ import annotations

import logging
from typing import Any

import redis
from psycopg_pool import ConnectionPool

PROBE_TIMEOUT_SECONDS = 2.0
_log = logging.getLogger(__name__)


def postgres_ok(pool: ConnectionPool[Any]) -> bool:
    """True when the pool's database answers ``SELECT 1``."""
    try:
        pool.open(wait=False)  # a pool opened lazily (the event store's) opens here; a no-op once open
        with pool.connection(timeout=PROBE_TIMEOUT_SECONDS) as conn:
            conn.execute("SELECT 1").fetchone()
    except Exception as error:  # the reason goes to the log
        _log.warning("readiness: PostgreSQL unreachable: %s", error)
        return False
    return True


def redis_ok(client: redis.Redis) -> bool:
    """True when Redis answers ``PING``."""
    try:
        return bool(client.ping())
    except Exception as error:  # the reason goes to the log
        _log.warning("readiness: Redis unreachable: %s", error)
        return False


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT_SECONDS, socket_timeout=PROBE_TIMEOUT_SECONDS)
