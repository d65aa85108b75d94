"""Tracing across the log: the W3C trace context of a command, stored in its events' metadata.

The mapper stamps ``traceparent`` (the span current while the command wrote the event) into each
event's ``_meta`` beside the correlation id; a projection, policy or job that handles the event
starts its span as a child of that context (``continued``), so one trace runs from an HTTP request
through every reaction it causes (docs/adr/0010-read-replicas-and-tracing.md).

Off by default, at no cost beyond a context-variable read per event: no provider is installed,
no span is started, nothing is stamped (the metadata stays exactly as before). ``astratrade.tracing``
installs a provider at process start when an exporter is configured. The provider is held here,
not in OpenTelemetry's set-once global, so a test can trace one flow and switch it off again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link, NoOpTracerProvider, Span, SpanKind, TracerProvider
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

KEY = "traceparent"
_PROPAGATOR = TraceContextTextMapPropagator()
_NAME = "astratrade"


@dataclass
class _Installed:
    provider: TracerProvider | None = None


_installed = _Installed()  # one per process, like OpenTelemetry's own global (module docstring)


def install(provider: TracerProvider | None) -> None:
    """Trace with ``provider`` from now on (None: stop tracing)."""
    _installed.provider = provider


def provider() -> TracerProvider | None:
    """The installed provider, None while tracing is off."""
    return _installed.provider


def tracer() -> trace.Tracer:
    return (_installed.provider or NoOpTracerProvider()).get_tracer(_NAME)


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the current span, None outside any (always, while tracing is off)."""
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get(KEY)


def context_of(traceparent: object) -> Context | None:
    """The context a stored ``traceparent`` names (None when absent or malformed)."""
    if not isinstance(traceparent, str) or not traceparent:
        return None
    context = _PROPAGATOR.extract({KEY: traceparent})
    return context if trace.get_current_span(context).get_span_context().is_valid else None


def link_to(traceparent: object) -> Link | None:
    context = context_of(traceparent)
    return None if context is None else Link(trace.get_current_span(context).get_span_context())


@contextmanager
def continued(
    name: str,
    metadata: dict[str, Any],
    links: Sequence[object] = (),
    kind: SpanKind = SpanKind.CONSUMER,
    **attributes: Any,
) -> Iterator[Span | None]:
    """A span continuing the trace stored in ``metadata`` (its ``traceparent``), current while the block runs;
    ``links`` are more stored traceparents it relates to. Nothing at all while tracing is off."""
    if _installed.provider is None:
        yield None
        return
    found = [link for link in map(link_to, links) if link is not None]
    with tracer().start_as_current_span(
        name, context=context_of(metadata.get(KEY)), kind=kind, links=found, attributes=attributes
    ) as span:
        yield span
