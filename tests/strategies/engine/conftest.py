"""A scripted strategy (its decisions given in advance) for tests that need exact signals on exact candles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import BaseModel, ConfigDict

from strategies import registry
from strategies.base import Candle, Strategy

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class ScriptParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signals: list[int | None]


class Scripted(Strategy):
    name = "scripted"
    description = "the n-th decision is signals[n]"
    Params = ScriptParams

    def __init__(self, params: ScriptParams) -> None:
        super().__init__(params)
        self._signals = iter(params.signals)

    def on_candle(self, candle: Candle) -> int | None:
        return next(self._signals, None)


@pytest.fixture
def scripted(monkeypatch) -> Iterator[str]:
    registry.names()  # load the built-ins first, then add the script beside them for this test only
    monkeypatch.setitem(registry._STRATEGIES, Scripted.name, Scripted)
    yield Scripted.name


def bar(i: int, open_: str, high: str, low: str, close: str) -> Candle:
    return Candle(T0 + timedelta(hours=i), Decimal(open_), Decimal(high), Decimal(low), Decimal(close), Decimal(1))


def flat_bars(*closes: str) -> list[Candle]:
    """Candles that open at the previous close (the first at its own close)."""
    out, previous = [], closes[0]
    for i, close in enumerate(closes):
        low, high = sorted((Decimal(previous), Decimal(close)))
        out.append(bar(i, previous, str(high), str(low), close))
        previous = close
    return out
