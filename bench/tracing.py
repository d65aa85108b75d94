"""What tracing costs a command: off (the default) against the code before tracing, and on.

One process runs the same command (a deposit: load the wallet, append one event, one transaction)
over the real event store in three modes, interleaved run by run so the machine's noise falls on
all three alike:

- ``before``: the mapper as it was before tracing (its ``traceparent`` look-up replaced by nothing);
- ``off``: tracing off, as shipped by default (one context-variable read per event written);
- ``on``: an SDK provider with a span per command and the psycopg instrumentation, exporting to memory.

It also times the off path's look-up alone. Figures: medians of ``--runs``, commands/s and the ratio
to ``before``.

    .venv/bin/python -m bench.tracing [--commands 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import time
import timeit
from collections.abc import Callable
from decimal import Decimal
from uuid import UUID

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from astratrade import tracing
from bench.common import machine, median, scratch_env
from event_store import trace_context
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.commands import CommandRunner
from services.trading import TradingService
from services.users import UserService

CTX = CommandContext(actor="bench", correlation_id="bench-tracing")


def deposits(trading: TradingService, user: UUID, count: int, wrap: Callable[[], object] | None = None) -> float:
    """Commands per second of ``count`` deposits (each in a span of its own when ``wrap`` makes one)."""
    started = time.perf_counter()
    for _ in range(count):
        if wrap is None:
            trading.deposit(user, Decimal("1.00"), "USD", CTX)
        else:
            with wrap():  # type: ignore[attr-defined]
                trading.deposit(user, Decimal("1.00"), "USD", CTX)
    return count / (time.perf_counter() - started)


def measure(
    mode: str, env: dict[str, str], user: UUID, count: int, provider: TracerProvider, lookup: Callable[[], str | None]
) -> float:
    """Commands/s of one mode, on a store of its own (opened after tracing is switched, so instrumented when on)."""
    trace_context.current_traceparent = (lambda: None) if mode == "before" else lookup
    if mode == "on":
        tracing.enable(provider)
    store = EventStore(env=env)
    try:
        trading = TradingService(CommandRunner(store))
        deposits(trading, user, 50)  # the pool's connections and the wallet in the cache
        span = (lambda: trace_context.tracer().start_as_current_span("POST deposit")) if mode == "on" else None
        return deposits(trading, user, count, span)
    finally:
        store.close()
        if mode == "on":
            tracing.disable()
        trace_context.current_traceparent = lookup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    lookup = trace_context.current_traceparent
    results: dict[str, list[float]] = {"before": [], "off": [], "on": []}
    with scratch_env("tracing") as env:
        store = EventStore(env=env)
        runner = CommandRunner(store)
        user = UUID(
            UserService(runner, b"bench").register("bench", "bench@example.com", "pw-12345678", CTX).body["user_id"]
        )
        deposits(TradingService(runner), user, 200)  # warm the server's caches
        store.close()
        modes = list(results)
        for run in range(args.runs):
            for mode in modes[run % 3 :] + modes[: run % 3]:  # each mode first, second and third in turn
                results[mode].append(measure(mode, env, user, args.commands, provider, lookup))
                exporter.clear()
    per_call = min(timeit.repeat(lookup, number=100_000, repeat=5)) / 100_000
    base = median(results["before"])
    print(f"machine: {machine()}; {args.commands} deposits per run, {args.runs} runs, one client")
    for mode, values in results.items():
        print(f"{mode:>6}: {median(values):8.0f} commands/s  ({median(values) / base:.3f} × before)")
    print(f"off path alone: {per_call * 1e9:.0f} ns per event written (current_traceparent with no span)")


if __name__ == "__main__":
    main()
