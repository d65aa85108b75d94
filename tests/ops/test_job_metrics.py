"""Job metrics: a real dramatiq worker on real Redis or RabbitMQ counts each outcome; the scrape shows them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import uuid4

import dramatiq
import pytest
import redis
from dramatiq import Worker
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry, generate_latest

from astratrade.commands import query_api_app
from jobs.broker import middleware
from jobs.metrics import JobMetrics, JobOutcomes
from projections.policies.challenges import EXPIRY_QUEUE
from projections.policies.job_broker import broker_for
from tests.hostile.world import World
from tests.job_brokers import dispose

QUEUE = "job-metrics"


@dataclass
class Jobs:
    """A broker of the test's own (Redis or RabbitMQ) with the job workers' middleware, and its scrape."""

    broker: dramatiq.Broker
    counts: redis.Redis  # where the job outcomes are counted
    namespace: str

    def scrape(self) -> str:
        """What the query API's /metrics renders of the job metrics."""
        registry = CollectorRegistry()
        sizes = self.broker.get_queue_message_counts if isinstance(self.broker, RabbitmqBroker) else None
        registry.register(JobMetrics(self.counts, self.namespace, [QUEUE], queue_counts=sizes))
        return generate_latest(registry).decode()


@pytest.fixture
def jobs(broker_kind: str, broker_urls: tuple[str, str | None]) -> Iterator[Jobs]:
    redis_url, rabbitmq_url = broker_urls
    counts, namespace = redis.Redis.from_url(redis_url), f"test-job-metrics-{uuid4().hex[:10]}"
    outcomes = JobOutcomes(counts, namespace) if broker_kind == "rabbitmq" else None
    broker = broker_for(
        broker_kind,
        redis_url,
        rabbitmq_url or "",
        namespace=namespace,
        middleware=middleware(min_backoff_ms=20, max_backoff_ms=200, outcomes=outcomes),
    )
    yield Jobs(broker, counts, namespace)
    dispose(broker)
    keys = list(counts.scan_iter(f"{namespace}:*"))
    if keys:
        counts.delete(*keys)
    counts.close()


@contextmanager
def working(broker: dramatiq.Broker) -> Iterator[None]:
    """A real dramatiq worker on ``broker`` for the duration of the block."""
    worker = Worker(broker, worker_threads=2, worker_timeout=50)
    worker.start()
    try:
        yield
    finally:
        worker.stop()


def scrape(client: redis.Redis, namespace: str) -> str:
    """The job metrics of a Redis broker's namespace, as the query API renders them."""
    registry = CollectorRegistry()
    registry.register(JobMetrics(client, namespace, [QUEUE]))
    return generate_latest(registry).decode()


def wait_for_line(jobs: Jobs, line: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while line not in (text := jobs.scrape()):
        assert time.monotonic() < deadline, f"{line!r} never scraped; last scrape:\n{text}"
        time.sleep(0.05)
    return text


def processed(actor: str, outcome: str, count: int) -> str:
    return f'astratrade_jobs_processed_total{{actor="{actor}",outcome="{outcome}"}} {count:.1f}'


def test_one_retry_and_one_success_are_scraped_when_a_job_fails_once_then_succeeds(jobs: Jobs) -> None:
    broker = jobs.broker
    # Given an actor whose first run fails
    runs: list[int] = []

    @dramatiq.actor(broker=broker, queue_name=QUEUE, actor_name="flaky")
    def flaky() -> None:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("the first run fails")

    # When a real worker runs one message of it
    with working(broker):
        flaky.send()
        wait_for_line(jobs, processed("flaky", "succeeded", 1))
        broker.join(QUEUE, timeout=30_000)

    # Then the scrape shows one retry, one success, and nothing dead-lettered or left over
    text = jobs.scrape()
    assert processed("flaky", "retried", 1) in text
    assert 'outcome="dead_lettered"' not in text
    for gauge in ("pending", "delayed", "dead_letters"):
        assert f'astratrade_jobs_{gauge}{{queue="{QUEUE}"}} 0.0' in text
    assert runs == [1, 1]


def test_a_dead_letter_is_scraped_when_a_job_exhausts_its_retries(jobs: Jobs) -> None:
    broker = jobs.broker

    # Given an actor that always fails, allowed two retries
    @dramatiq.actor(broker=broker, queue_name=QUEUE, actor_name="broken", max_retries=2)
    def broken() -> None:
        raise RuntimeError("always fails")

    # When a real worker runs one message of it
    with working(broker):
        broken.send()
        text = wait_for_line(jobs, processed("broken", "dead_lettered", 1))

    # Then two retries, one dead letter counted and one in the dead-letter queue, no success
    assert processed("broken", "retried", 2) in text
    assert f'astratrade_jobs_dead_letters{{queue="{QUEUE}"}} 1.0' in text
    assert 'outcome="succeeded"' not in text


def test_waiting_and_delayed_jobs_are_scraped_when_no_worker_runs(jobs: Jobs) -> None:
    broker = jobs.broker

    # Given an actor and no worker
    @dramatiq.actor(broker=broker, queue_name=QUEUE, actor_name="idle")
    def idle() -> None:
        pass

    # When one message is sent now and two for later
    idle.send()
    for _ in range(2):
        idle.send_with_options(delay=60_000)

    # Then one is pending and two delayed
    text = jobs.scrape()
    assert f'astratrade_jobs_pending{{queue="{QUEUE}"}} 1.0' in text
    assert f'astratrade_jobs_delayed{{queue="{QUEUE}"}} 2.0' in text
    assert "astratrade_jobs_redis_up 1.0" in text


def test_a_scrape_still_answers_when_redis_is_down() -> None:
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    text = scrape(unreachable, "dramatiq")
    assert "astratrade_jobs_redis_up 0.0" in text
    assert "astratrade_jobs_processed" not in text


def test_the_query_api_reads_queue_sizes_from_rabbitmq_when_it_carries_the_jobs(
    hostile_world: World, rabbitmq_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given jobs on RabbitMQ: one waiting on the challenges queue, two delayed
    broker = broker_for("rabbitmq", "", rabbitmq_url, middleware=[])

    @dramatiq.actor(broker=broker, queue_name=EXPIRY_QUEUE, actor_name="idle")
    def idle() -> None:
        pass

    idle.send()
    for _ in range(2):
        idle.send_with_options(delay=60_000)
    w = hostile_world
    for name, value in {
        "DATABASE_URL": w.settings.database_url,
        "REDIS_URL": w.settings.redis_url,
        "DATABASE_SCHEMA": w.es_env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": w.read_models.schema,
        "JWT_SECRET": w.settings.jwt_secret,
        "CLAIM_KEY": w.settings.claim_key,
        "ASTRATRADE_ENV": "test",
        "JOBS_BROKER": "rabbitmq",
        "RABBITMQ_URL": rabbitmq_url,
    }.items():
        monkeypatch.setenv(name, value)

    # When the query API's /metrics is scraped
    try:
        with TestClient(query_api_app()) as client:
            text = client.get("/metrics").text
    finally:
        dispose(broker)

    # Then the sizes are RabbitMQ's, not Redis' (where no job of this run ever was)
    assert f'astratrade_jobs_pending{{queue="{EXPIRY_QUEUE}"}} 1.0' in text
    assert f'astratrade_jobs_delayed{{queue="{EXPIRY_QUEUE}"}} 2.0' in text
    assert "astratrade_jobs_redis_up 1.0" in text
