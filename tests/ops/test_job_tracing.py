"""Jobs continue the trace that sent them (jobs/tracing.py): a real dramatiq worker on real Redis, spans
collected by the OpenTelemetry SDK's in-memory exporter."""

from __future__ import annotations

import time
from collections.abc import Iterator
from uuid import uuid4

import dramatiq
import pytest
from dramatiq.brokers.redis import RedisBroker
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from astratrade import tracing
from event_store import trace_context
from jobs.broker import middleware
from tests.ops.test_job_metrics import working

QUEUE = "job-tracing"


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.enable(provider)
    yield exporter
    tracing.disable()


@pytest.fixture
def broker(redis_url: str) -> Iterator[RedisBroker]:
    test_broker = RedisBroker(
        url=redis_url,
        namespace=f"test-job-tracing-{uuid4().hex[:10]}",
        middleware=middleware(min_backoff_ms=20, max_backoff_ms=200),
    )
    yield test_broker
    keys = list(test_broker.client.scan_iter(f"{test_broker.namespace}:*"))
    if keys:
        test_broker.client.delete(*keys)
    test_broker.close()


def wait_for(spans: InMemorySpanExporter, name: str, count: int = 1, timeout: float = 30) -> list[ReadableSpan]:
    deadline = time.monotonic() + timeout
    while len(found := [s for s in spans.get_finished_spans() if s.name == name]) < count:
        assert time.monotonic() < deadline, f"{name!r} never ended: {[s.name for s in spans.get_finished_spans()]}"
        time.sleep(0.02)
    return found


def test_a_job_runs_in_the_trace_of_the_reaction_that_sent_it(spans: InMemorySpanExporter, broker: RedisBroker) -> None:
    seen: list[str | None] = []

    @dramatiq.actor(broker=broker, queue_name=QUEUE, actor_name="traced_job", max_retries=1)
    def traced_job() -> None:
        seen.append(trace_context.current_traceparent())  # what the job's own commands would stamp

    # Given a policy's reaction (a span of the command's trace) that sends a job
    with trace_context.tracer().start_as_current_span("reaction") as reaction:
        traced_job.send()
    # When a real worker processes it
    with working(broker):
        [processed] = wait_for(spans, "process traced_job")
    [sent] = [s for s in spans.get_finished_spans() if s.name == "send traced_job"]
    # Then the send is a child of the reaction, the processing a child of the send, all one trace
    assert sent.parent is not None and processed.parent is not None
    assert sent.kind is SpanKind.PRODUCER and sent.parent.span_id == reaction.get_span_context().span_id
    assert processed.kind is SpanKind.CONSUMER and processed.parent.span_id == sent.context.span_id
    assert processed.context.trace_id == reaction.get_span_context().trace_id
    # And inside the job the processing span is current (its commands' events carry it)
    assert [t and t.rsplit("-", 1)[0] for t in seen] == [
        f"00-{processed.context.trace_id:032x}-{processed.context.span_id:016x}"
    ]


def test_a_failed_attempt_ends_its_span_as_an_error_and_the_retry_stays_in_the_trace(
    spans: InMemorySpanExporter, broker: RedisBroker
) -> None:
    @dramatiq.actor(broker=broker, queue_name=QUEUE, actor_name="failing_job", max_retries=1)
    def failing_job() -> None:
        raise RuntimeError("the job failed")

    with trace_context.tracer().start_as_current_span("reaction") as reaction:
        failing_job.send()
    with working(broker):
        attempts = wait_for(spans, "process failing_job", count=2)
    assert [a.status.status_code for a in attempts] == [StatusCode.ERROR, StatusCode.ERROR]
    assert {a.context.trace_id for a in attempts} == {reaction.get_span_context().trace_id}
