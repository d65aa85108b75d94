"""Turning tracing on for one process: an OTLP exporter, and the psycopg and Redis instrumentations.

Off unless ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set: then nothing here runs, no library is patched,
the APIs add no middleware, and the only cost is ``event_store.trace_context``'s check per event.
On, spans go in batches to the OTLP/HTTP endpoint (the exporter reads the standard ``OTEL_*``
variables itself: headers, timeout, and ``OTEL_TRACES_SAMPLER`` for sampling), named
``astratrade-<process>`` (``OTEL_SERVICE_NAME`` overrides). docs/adr/0010-read-replicas-and-tracing.md.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider

from astratrade.settings import Settings
from event_store import trace_context

if TYPE_CHECKING:
    from fastapi import FastAPI


def configure(settings: Settings, process: str) -> None:
    """Export this process's spans over OTLP when an endpoint is configured (once; later calls do nothing)."""
    if not settings.otel_exporter_otlp_endpoint or trace_context.provider() is not None:
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # noqa: PLC0415  (only when on)
    from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415

    name = os.environ.get("OTEL_SERVICE_NAME") or f"astratrade-{process.partition(':')[0]}"
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)  # for any library that asks OpenTelemetry's global
    enable(provider)


def enable(provider: TracerProvider) -> None:
    """Trace this process with ``provider``: our spans, and every psycopg connection and Redis client
    created from now on (tests pass an SDK provider with an in-memory exporter)."""
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor  # noqa: PLC0415
    from opentelemetry.instrumentation.redis import RedisInstrumentor  # noqa: PLC0415

    trace_context.install(provider)
    PsycopgInstrumentor().instrument(tracer_provider=provider, skip_dep_check=True)
    RedisInstrumentor().instrument(tracer_provider=provider)


def instrument_app(app: FastAPI) -> None:
    """A server span per request of ``app`` while tracing is on (no middleware at all while it is off)."""
    provider = trace_context.provider()
    if provider is not None:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor  # noqa: PLC0415  (only when on)

        FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls="health,ready,metrics")


def disable() -> None:
    """Stop tracing (connections made meanwhile keep their instrumentation until closed)."""
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor  # noqa: PLC0415
    from opentelemetry.instrumentation.redis import RedisInstrumentor  # noqa: PLC0415

    PsycopgInstrumentor().uninstrument()
    RedisInstrumentor().uninstrument()
    trace_context.install(None)
