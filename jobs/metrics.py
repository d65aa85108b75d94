"""Job metrics: job workers count each message's outcome into Redis; the query API's /metrics exports them.

Counted in Redis rather than with dramatiq's own Prometheus middleware: that one serves a port from
each ``astratrade jobs`` (a scrape target per host or replica; two on one host collide on the port and
on its counter files in /tmp), its counters are files lost with the container, and on Redis it counts
a retry twice (under ``<queue>.DQ`` when scheduled, under ``<queue>`` when due). ``HINCRBY``
is atomic across any number of worker processes and hosts, the totals outlive restarts, and operators
scrape the /metrics they already scrape. If Redis loses the counts they restart at zero, which
Prometheus' ``rate`` takes as a counter reset.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import dramatiq
import pika.exceptions
import redis
from dramatiq.errors import BrokerConnectionError
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from projections.policies.backtests import BACKTEST_QUEUE
from projections.policies.challenges import EXPIRY_QUEUE
from services.onchain import QUEUE as STARKNET_QUEUE

log = logging.getLogger(__name__)
OUTCOMES_KEY = "__astratrade_job_outcomes__"  # beside dramatiq's own <namespace>:__heartbeats__ etc.
QUEUES = (EXPIRY_QUEUE, STARKNET_QUEUE, BACKTEST_QUEUE)
BROKER_ERRORS = (BrokerConnectionError, pika.exceptions.AMQPError)


class JobOutcomes(dramatiq.Middleware):
    """Counts every message of every actor by outcome: succeeded, retried or dead_lettered.

    It must come before ``Retries`` in the broker's middleware: dramatiq runs ``after_*`` hooks last to
    first, so this one then sees whether ``Retries`` gave up on the message (``message.failed``).
    """

    def __init__(self, counts: redis.Redis | None = None, namespace: str = "dramatiq") -> None:
        # ``counts``: the Redis to count in when the broker is not a Redis one (RabbitMQ); on a
        # RedisBroker, its own client and namespace.
        self.counts, self.namespace = counts, namespace

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: Any,
        *,
        result: Any = None,  # noqa: ARG002
        exception: BaseException | None = None,
    ) -> None:
        if exception is None:
            self._count(broker, message.actor_name, "succeeded")
        elif not message.failed:  # Retries scheduled it again; a failed one is counted by after_nack
            self._count(broker, message.actor_name, "retried")

    def after_nack(self, broker: dramatiq.Broker, message: Any) -> None:
        # Every road to the dead-letter queue ends here: retries exhausted, `throws`, AgeLimit, unknown actor.
        self._count(broker, message.actor_name, "dead_lettered")

    def _count(self, broker: Any, actor: str, outcome: str) -> None:
        client, namespace = (
            (self.counts, self.namespace) if self.counts is not None else (broker.client, broker.namespace)
        )
        try:
            client.hincrby(f"{namespace}:{OUTCOMES_KEY}", f"{outcome}:{actor}", 1)
        except redis.RedisError as error:  # a lost count must not fail the job
            log.warning("job metrics: %s of %s not counted: %s", outcome, actor, error)


class JobMetrics:
    """Prometheus collector of the job counters and queue sizes, read from Redis at each scrape."""

    def __init__(
        self,
        client: redis.Redis,
        namespace: str = "dramatiq",
        queues: Sequence[str] = QUEUES,
        queue_counts: Callable[[str], tuple[int, int, int]] | None = None,
    ) -> None:
        # ``queue_counts``: (waiting, delayed, dead) of a queue, asked of the broker when it is not Redis
        # (``RabbitmqBroker.get_queue_message_counts``: its "waiting" leaves out delivered, unacked jobs).
        self.client, self.namespace, self.queues, self.queue_counts = client, namespace, queues, queue_counts

    def describe(self) -> list[Metric]:
        return []  # nothing is read when registering, so a Redis that is down cannot stop the start

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "astratrade_jobs_redis_up",
            "1 when the job metrics could be read (Redis, and RabbitMQ when it carries the jobs)",
        )
        try:
            outcomes, sizes = self._read()
        except (redis.RedisError, *BROKER_ERRORS) as error:  # a scrape must answer; the outage shows as up 0
            log.warning("job metrics: Redis or the broker unreachable: %s", error)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        processed = CounterMetricFamily(
            "astratrade_jobs_processed",
            "Job messages by actor and outcome (succeeded, retried: failed and scheduled again, dead_lettered)",
            labels=["actor", "outcome"],
        )
        for field, count in sorted(outcomes.items()):
            outcome, actor = field.decode().split(":", 1)
            processed.add_metric([actor, outcome], int(count))
        yield from [processed, *self._gauges(sizes), up]

    def _read(self) -> tuple[dict[bytes, bytes], list[int]]:
        ns = self.namespace
        if self.queue_counts is not None:
            outcomes: dict[bytes, bytes] = self.client.hgetall(f"{ns}:{OUTCOMES_KEY}")  # type: ignore[assignment]
            return outcomes, [n for q in self.queues for n in self.queue_counts(q)]
        pipe = self.client.pipeline(transaction=False)
        pipe.hgetall(f"{ns}:{OUTCOMES_KEY}")
        for queue in self.queues:  # dramatiq's Redis layout (dramatiq/brokers/redis/dispatch.lua)
            pipe.hlen(f"{ns}:{queue}.msgs")
            pipe.hlen(f"{ns}:{queue}.DQ.msgs")
            pipe.zcard(f"{ns}:{queue}.XQ")
        outcomes, *sizes = pipe.execute()
        return outcomes, sizes

    def _gauges(self, sizes: list[int]) -> list[GaugeMetricFamily]:
        gauges = [
            GaugeMetricFamily(f"astratrade_jobs_{name}", text, labels=["queue"])
            for name, text in (
                ("pending", "jobs enqueued and not finished: waiting, prefetched or running"),
                ("delayed", "jobs waiting for their time: retries in backoff and scheduled jobs"),
                ("dead_letters", "jobs in the dead-letter queue (kept 7 days)"),
            )
        ]
        for i, queue in enumerate(self.queues):
            for gauge, size in zip(gauges, sizes[3 * i : 3 * i + 3], strict=True):
                gauge.add_metric([queue], size)
        return gauges
