"""The dramatiq broker of the jobs: Redis (the default) or RabbitMQ, chosen by ``JOBS_BROKER``.

One home for both ends: the policies enqueue on it (``from_environ``, the variables Settings reads:
projections may not import astratrade) and the job workers consume from it (jobs/broker.py, with
their middleware). RabbitMQ is enqueued with publisher confirms, so a policy tracks an event only
once RabbitMQ has the job, as Redis' reply guarantees on the other broker (docs/adr/0008).
"""

from __future__ import annotations

import os
from typing import Literal

import dramatiq
import redis
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.errors import BrokerConnectionError

BrokerKind = Literal["redis", "rabbitmq"]
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
# What an enqueue raises when the broker cannot take the job (the policies retry the event on these).
ENQUEUE_ERRORS: tuple[type[Exception], ...] = (redis.RedisError, BrokerConnectionError)


def broker_for(
    kind: str,
    redis_url: str,
    rabbitmq_url: str,
    middleware: list[dramatiq.Middleware] | None = None,
    namespace: str = "dramatiq",
) -> dramatiq.Broker:
    """A broker of the given kind; ValueError for any other. ``namespace`` prefixes the Redis broker's keys
    (a RabbitMQ broker is kept apart by the virtual host in its URL)."""
    if kind == "redis":
        # A worker killed mid-job: its messages go back to the queue once its heartbeat is 15 s stale
        # (dramatiq's default is 60 s, checked on 0.1 % of calls). RabbitMQ does this itself, at once,
        # when the dead worker's connection drops.
        return RedisBroker(
            url=redis_url,
            heartbeat_timeout=15_000,
            maintenance_chance=100_000,
            middleware=middleware,
            namespace=namespace,
        )
    if kind == "rabbitmq":
        return RabbitmqBroker(url=rabbitmq_url, confirm_delivery=True, middleware=middleware)
    raise ValueError(f"JOBS_BROKER must be redis or rabbitmq, not {kind!r}")


def from_environ() -> dramatiq.Broker:
    """The broker a policy enqueues on, without middleware (it only sends)."""
    return broker_for(
        os.environ.get("JOBS_BROKER", "redis"),
        os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
        os.environ.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL),
        middleware=[],
    )
