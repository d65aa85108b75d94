"""Job tests on both brokers: a RabbitMQ virtual host of each test run's own, and brokers of either kind.

The vhost is created with ``rabbitmqctl`` (RabbitMQ has no AMQP command for it) and deleted at the end,
so two runs on one RabbitMQ never share a queue; on Redis each test has a namespace of its own.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import dramatiq
import pika
import pika.exceptions
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker

from projections.policies.job_broker import broker_for

BROKERS = ["redis", "rabbitmq"]
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/"


@contextmanager
def private_vhost() -> Iterator[str]:
    """The AMQP URL of a fresh virtual host (guest may use it), deleted afterwards; OSError when unavailable."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        raise OSError("rabbitmqctl is not installed")
    pika.BlockingConnection(pika.URLParameters(RABBITMQ + "%2F")).close()  # raises when RabbitMQ is down
    vhost = f"astratrade-test-{uuid4().hex[:10]}"
    for command in (["add_vhost", vhost], ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]):
        subprocess.run([ctl, "-q", *command], check=True, capture_output=True, timeout=60)
    try:
        yield RABBITMQ + vhost
    finally:
        subprocess.run([ctl, "-q", "delete_vhost", vhost], check=False, capture_output=True, timeout=60)


def job_broker_for(
    kind: str, redis_url: str, rabbitmq_url: str | None, middleware: list[dramatiq.Middleware] | None = None
) -> dramatiq.Broker:
    """A broker of ``kind`` for one test: Redis in a namespace of its own, RabbitMQ in the run's vhost."""
    return broker_for(kind, redis_url, rabbitmq_url or "", middleware, namespace=f"astratrade-test-{uuid4().hex[:10]}")


def dispose(broker: dramatiq.Broker) -> None:
    """Drop what the test left in its broker."""
    if isinstance(broker, RedisBroker):
        keys = list(broker.client.scan_iter(f"{broker.namespace}:*"))
        if keys:
            broker.client.delete(*keys)
    elif isinstance(broker, RabbitmqBroker):
        for queue in broker.get_declared_queues():
            for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
                try:
                    broker.channel.queue_delete(name)
                except pika.exceptions.AMQPError:
                    del broker.channel
    broker.close()


def dead_letters(broker: dramatiq.Broker, queue: str) -> int:
    """Messages in ``queue``'s dead-letter queue."""
    if isinstance(broker, RabbitmqBroker):
        return broker.get_queue_message_counts(queue)[2]
    assert isinstance(broker, RedisBroker)
    return int(broker.client.zcard(f"{broker.namespace}:{queue}.XQ"))
