"""Tracing (docs/adr/0010): one trace from POST /v1/orders, through the trigger policy's fill on a later tick,
to the owner's notification; every event stamped with the trace context of the command that wrote it.

Spans are collected by the OpenTelemetry SDK's in-memory exporter; the apps, PostgreSQL and the workers are
the real ones. Tracing is switched on for this module's tests only, and off again after each.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from aggregates.trading.order import Order
from astratrade import tracing
from astratrade.settings import Settings
from command_api.app import create_app
from event_store.application import EventStore
from event_store.log import EventLog
from projections.notifications.projection import NotificationsProjection
from projections.policies.liquidation import LiquidationPolicy
from projections.runtime import ReadModels
from tests.api.support import Actor, deposit, set_price
from tests.financial.support import catch_up
from tests.starknet.support import read_models_for
from tests.support import SteppingClock


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.enable(provider)
    yield exporter
    tracing.disable()


@pytest.fixture
def app(request: pytest.FixtureRequest, settings: Settings, store: EventStore, clock: SteppingClock) -> FastAPI:
    if "spans" in request.fixturenames:
        request.getfixturevalue("spans")  # tracing on before the app is built, so it is instrumented
    return create_app(settings, store=store, clock=clock)


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [LiquidationPolicy(), NotificationsProjection()]) as read_models:
        yield read_models


def trace_of(traceparent: str) -> int:
    return int(traceparent.split("-")[1], 16)


def server_span(spans: InMemorySpanExporter, route: str) -> ReadableSpan:
    [span] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER and s.name == route]
    return span


def named(spans: InMemorySpanExporter, name: str) -> list[ReadableSpan]:
    return [s for s in spans.get_finished_spans() if s.name == name]


def events_of(store: EventStore, topic: str) -> list[dict[str, Any]]:
    log = EventLog(store)
    return [e.metadata for e in log.read(0, log.head(), 1000, [topic])]


def test_one_trace_runs_from_post_orders_to_the_fill_and_the_notification(
    spans: InMemorySpanExporter, client: Any, store: EventStore, models: ReadModels, alice: Actor, feed: Actor
) -> None:
    # Given alice's limit long of 1 BTC at 95, placed over HTTP
    deposit(client, alice, "1000.00")
    set_price(client, feed, "BTC-USD", "100")
    placed = client.post(
        "/v1/orders",
        json={
            "type": "limit",
            "symbol": "BTC-USD",
            "side": "long",
            "quantity": "1",
            "leverage": 5,
            "limit_price": "95",
        },
        headers=alice.headers,
    )
    assert placed.status_code == 201, placed.text
    post = server_span(spans, "POST /v1/orders")
    assert post.parent is None  # the request starts the trace
    # When BTC ticks at 94.5, and the trigger policy, then the notifications projection, follow the log
    spans.clear()
    set_price(client, feed, "BTC-USD", "94.5")
    tick = server_span(spans, "POST /v1/market/prices")
    catch_up(store, models, LiquidationPolicy())
    catch_up(store, models, NotificationsProjection())
    # Then the order's events carry the POST's trace: placed in the request, filled by the policy
    [placed_meta] = events_of(store, Order.Placed.TOPIC)
    [filled_meta] = events_of(store, Order.Filled.TOPIC)
    assert trace_of(placed_meta["traceparent"]) == trace_of(filled_meta["traceparent"]) == post.context.trace_id
    # And the fill is a span of that trace, linked to the tick's (which is another trace)
    [fill] = named(spans, "liquidation fill order")
    assert fill.context.trace_id == post.context.trace_id != tick.context.trace_id
    assert [link.context.trace_id for link in fill.links] == [tick.context.trace_id]
    # And the owner's notification of the fill is applied in a span under the fill's
    [notified] = named(spans, f"notifications {Order.Filled.TOPIC}")
    assert notified.context.trace_id == post.context.trace_id
    assert notified.parent is not None and notified.parent.span_id == fill.context.span_id
    # And the database work of the request is in its trace too (psycopg instrumentation)
    assert any(
        s.kind is SpanKind.CLIENT and s.context.trace_id == tick.context.trace_id
        for s in spans.get_finished_spans()
        if s.attributes and s.attributes.get("db.system") == "postgresql"
    )


def test_events_carry_no_trace_context_while_tracing_is_off(client: Any, store: EventStore, alice: Actor) -> None:
    # Given tracing off (the default): the app fixture of this test did not enable it
    deposit(client, alice, "10.00")
    # Then the events' metadata is exactly what it was before tracing existed
    assert all("traceparent" not in meta for meta in events_of(store, "trading.Wallet.Deposited"))
