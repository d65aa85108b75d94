"""Traces through dramatiq (which has no official OpenTelemetry instrumentation): a middleware.

Sending a message starts a short PRODUCER span and stores its W3C ``traceparent`` in the message's
options (they travel with the message through Redis, and a retry's send continues from them);
processing it runs under a CONSUMER span that continues that trace, so a job started by a policy's
reaction sits in the trace of the command that caused it. A job's own commands then stamp that trace
into their events. Without an installed provider (tracing off) every hook returns at once.
"""

from __future__ import annotations

import threading
from typing import Any

import dramatiq
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from event_store import trace_context


class TraceJobs(dramatiq.Middleware):
    """Spans around sending and processing each message (module docstring)."""

    def __init__(self) -> None:
        self._open = threading.local()  # the span and context token of the message this worker thread runs

    def before_enqueue(self, broker: dramatiq.Broker, message: Any, delay: int | None) -> None:  # noqa: ARG002
        if trace_context.provider() is None:
            return
        # A retry is enqueued again with the options of its first send: it stays in that trace.
        with trace_context.continued(
            f"send {message.actor_name}",
            message.options,
            kind=SpanKind.PRODUCER,
            queue=message.queue_name,
            message_id=message.message_id,
        ):
            traceparent = trace_context.current_traceparent()
        if traceparent is not None:
            message.options[trace_context.KEY] = traceparent

    def before_process_message(self, broker: dramatiq.Broker, message: Any) -> None:  # noqa: ARG002
        if trace_context.provider() is None:
            return
        span = trace_context.tracer().start_span(
            f"process {message.actor_name}",
            context=trace_context.context_of(message.options.get(trace_context.KEY)),
            kind=SpanKind.CONSUMER,
            attributes={
                "queue": message.queue_name,
                "message_id": message.message_id,
                "retries": message.options.get("retries", 0),
            },
        )
        token = otel_context.attach(trace.set_span_in_context(span))
        self._open.current = (span, token)

    def after_process_message(
        self,
        broker: dramatiq.Broker,  # noqa: ARG002
        message: Any,  # noqa: ARG002
        *,
        result: Any = None,  # noqa: ARG002
        exception: BaseException | None = None,
    ) -> None:
        self._close(exception)

    def after_skip_message(self, broker: dramatiq.Broker, message: Any) -> None:  # noqa: ARG002
        self._close(None)

    def _close(self, exception: BaseException | None) -> None:
        opened = getattr(self._open, "current", None)
        if opened is None:
            return
        span, token = opened
        self._open.current = None
        if exception is not None:
            span.record_exception(exception)
            span.set_status(Status(StatusCode.ERROR, type(exception).__name__))
        span.end()
        otel_context.detach(token)
