"""Whatever the strategy, sizing, leverage and fill, a run never creates or loses a cent, and its trades are a
well-formed sequence (hypothesis over random candle series)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from strategies.base import Candle
from strategies.engine import BacktestSpec, run_backtest
from tests.strategies.engine.conftest import T0

STRATEGIES = [
    ("sma_cross", {"fast": 2, "slow": 5}),
    ("rsi_reversion", {"period": 3, "lower": 40, "upper": 60}),
    ("breakout", {"lookback": 3}),
]


def walk(seed: int, count: int, volatility: float) -> list[Candle]:
    rnd, price, out = random.Random(seed), 100.0, []
    for i in range(count):
        close = max(0.01, price * (1 + rnd.gauss(0, volatility)))
        high = max(price, close) * (1 + abs(rnd.gauss(0, volatility / 2)))
        low = max(0.01, min(price, close) * (1 - abs(rnd.gauss(0, volatility / 2))))
        out.append(
            Candle(
                T0 + timedelta(minutes=i),
                Decimal(f"{price:.2f}"),
                Decimal(f"{high:.2f}"),
                Decimal(f"{low:.2f}"),
                Decimal(f"{close:.2f}"),
                Decimal(1),
            )
        )
        price = close
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(0, 120),
    volatility=st.sampled_from([0.005, 0.03, 0.12]),
    choice=st.sampled_from(STRATEGIES),
    leverage=st.integers(1, 10),
    fill=st.sampled_from(["close", "next_open"]),
    fraction=st.one_of(st.none(), st.decimals(Decimal("0.01"), Decimal("1"), places=2)),
)
def test_a_run_never_creates_or_loses_a_cent(seed, count, volatility, choice, leverage, fill, fraction):
    candles = walk(seed, count, volatility)
    name, params = choice
    spec = BacktestSpec(
        name,
        params,
        "X",
        "1m",
        Decimal("1000.00"),
        Decimal("2") if fraction is None else None,
        fraction,
        leverage=leverage,
        fill=fill,
    )
    result = run_backtest(spec, candles)

    assert result.stats.final_equity == spec.initial_cash + sum((t.net_pnl for t in result.trades), Decimal(0))
    assert result.stats.fees == sum((t.fees for t in result.trades), Decimal(0))
    assert all(e >= 0 for _, e in result.equity_curve)
    for trade in result.trades:
        assert trade.net_pnl == trade.gross_pnl - trade.fees
        assert trade.fees > 0  # rounded up: never free
        assert trade.entry_at <= trade.exit_at
        assert trade.ended_by != "liquidated" or trade.gross_pnl < 0
    for before, after in zip(result.trades, result.trades[1:], strict=False):
        assert before.exit_at <= after.entry_at  # one position at a time
        assert before.ended_by != "end"
    if result.trades and result.trades[-1].ended_by == "end":
        assert result.trades[-1].exit_at == candles[-1].at
