"""Tracing is off unless an OTLP endpoint is configured (astratrade/tracing.py): then nothing is patched and
no app gets OpenTelemetry's middleware; with one, the process exports under its own service name. No collector
runs: the one span exported at shutdown is refused, within the 1 s export timeout the test sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from astratrade import tracing
from astratrade.settings import Settings
from event_store import trace_context

CLAIM_KEY = "tracing-test-claim-key-0123456789abcdef"
SECRET = "tracing-test-jwt-secret-0123456789abcdef-0123456789"


def settings(**overrides: object) -> Settings:
    return Settings(
        **{
            "ASTRATRADE_ENV": "test",
            "jwt_secret": SECRET,
            "CLAIM_KEY": CLAIM_KEY,  # type: ignore[arg-type]
            **overrides,
        }
    )


@pytest.fixture
def switched_off() -> Iterator[None]:
    yield
    installed = trace_context.provider()
    if installed is not None:
        tracing.disable()
        assert isinstance(installed, TracerProvider)
        installed.shutdown()


def test_nothing_is_traced_when_no_endpoint_is_configured(switched_off: None) -> None:
    tracing.configure(settings(), "command-api")
    assert trace_context.provider() is None
    app = FastAPI()
    tracing.instrument_app(app)  # what both create_app do
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
    with trace_context.continued("anything", {"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"}) as span:
        assert span is None and trace_context.current_traceparent() is None


def test_an_endpoint_turns_tracing_on_under_the_process_s_name(
    switched_off: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "1")  # read by the exporter: a refused export gives up fast
    tracing.configure(settings(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9"), "worker:core")
    installed = trace_context.provider()
    assert isinstance(installed, TracerProvider)
    assert installed.resource.attributes["service.name"] == "astratrade-worker"
    app = FastAPI()
    tracing.instrument_app(app)
    assert getattr(app, "_is_instrumented_by_opentelemetry", False)
    # And a stored traceparent is continued: the span is its child, and what a command would stamp names it
    parent = "00-" + "1" * 32 + "-" + "2" * 16 + "-01"
    with trace_context.continued("reaction", {"traceparent": parent}) as span:
        assert span is not None and span.get_span_context().trace_id == int("1" * 32, 16)
        stamped = trace_context.current_traceparent()
        assert stamped is not None and stamped.split("-")[1] == "1" * 32 and stamped.split("-")[2] != "2" * 16
