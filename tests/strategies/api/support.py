"""Helpers of the strategies API tests: candles from real ticks, requests, waiting for jobs to finish."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
from fastapi.testclient import TestClient

from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.runtime import ReadModels
from services.commands import CommandRunner
from services.trading import TradingService
from tests.api.support import Actor
from tests.financial.support import catch_up
from tests.support import SteppingClock

SYMBOL = "BTC-USD"
FEED = CommandContext(actor="feed", correlation_id="strategies-test")
START = "2026-01-05T12:00:00+00:00"  # the SteppingClock's start: the first tick's candle


def wave(i: int) -> Decimal:
    """A price that swings (so sma_cross crosses a few times) on the 8-decimal grid."""
    return Decimal(40_000 + 2_000 * math.sin(i / 4)).quantize(Decimal("0.01"))


def tick_minutes(runner: CommandRunner, clock: SteppingClock, count: int, first: int = 0, symbol: str = SYMBOL) -> None:
    """One tick per minute (each in its own 1m candle), ``count`` of them, through the real price command."""
    trading = TradingService(runner)
    for i in range(first, first + count):
        trading.record_price(symbol, wave(i), FEED, force=True)
        clock.advance(minutes=1)


def backtest_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "strategy": "sma_cross",
        "params": {"fast": 3, "slow": 8},
        "symbol": SYMBOL,
        "interval": "1m",
        "from": START,
        "to": "2026-01-05T14:00:00+00:00",
        "initial_cash": "10000.00",
        "quantity": "0.01",
    }
    return {**body, **overrides}


def wait_for(check: Callable[[], Any], timeout: float = 60.0, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every)


def finished(
    query: TestClient,
    store: EventStore,
    models: ReadModels,
    projection: Any,
    path: str,
    actor: Actor,
    timeout: float = 90.0,
) -> httpx.Response:
    """Poll ``path`` (catching the read model up each time) until its status is done or failed."""

    def done() -> httpx.Response | None:
        catch_up(store, models, projection)
        response = query.get(path, headers=actor.headers)
        assert response.status_code == 200, response.text
        return response if response.json()["status"] in ("done", "failed") else None

    found: httpx.Response = wait_for(done, timeout, every=0.2)
    return found
