"""The engine's bookings, fills, liquidations, sizing and statistics on hand-made candles, and its determinism."""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from aggregates.market.rules import DEFAULTS
from strategies import engine
from strategies.base import Candle
from strategies.engine import BacktestSpec, check_spec, run_backtest
from strategies.registry import InvalidParams, UnknownStrategy
from tests.strategies.engine.conftest import T0, bar, flat_bars

D = Decimal


def spec(strategy: str, signals=None, **overrides) -> BacktestSpec:
    base = BacktestSpec(
        strategy, {"signals": signals} if signals is not None else {}, "BTC-USD", "1h", D("1000.00"), D("1"), None
    )
    return replace(base, **overrides)


def test_fill_at_close_books_fees_rounded_up_and_the_loss_capped_like_live(scripted):
    candles = flat_bars("100", "110", "120", "90")
    result = run_backtest(spec(scripted, [1, None, -1, None]), candles)

    long, short = result.trades
    assert (long.side, long.entry_at, long.entry_price, long.exit_at, long.exit_price, long.ended_by) == (
        "long",
        candles[0].at,
        D("100"),
        candles[2].at,
        D("120"),
        "signal",
    )
    assert (long.gross_pnl, long.fees, long.net_pnl) == (D("20.00"), D("0.22"), D("19.78"))  # 0.10 + 0.12
    assert (short.side, short.entry_price, short.exit_at, short.exit_price, short.ended_by) == (
        "short",
        D("120"),
        candles[3].at,
        D("90"),
        "end",
    )
    assert (short.gross_pnl, short.fees, short.net_pnl) == (D("30.00"), D("0.21"), D("29.79"))  # 0.12 + 0.09
    assert [e for _, e in result.equity_curve] == [D("999.90"), D("1009.90"), D("1019.66"), D("1049.57")]
    assert result.stats.final_equity == D("1049.57") == D("1000.00") + long.net_pnl + short.net_pnl


def test_fill_at_next_open_uses_the_next_candle_and_ignores_a_decision_on_the_last(scripted):
    candles = [
        bar(0, "100", "100", "100", "100"),
        bar(1, "101", "110", "101", "110"),
        bar(2, "111", "120", "111", "120"),
        bar(3, "119", "119", "90", "90"),
    ]
    result = run_backtest(spec(scripted, [1, None, -1, 1], fill="next_open"), candles)

    long, short = result.trades
    assert (long.entry_at, long.entry_price, long.exit_at, long.exit_price) == (
        candles[1].at,
        D("101"),
        candles[3].at,
        D("119"),
    )
    assert (short.entry_at, short.entry_price, short.exit_at, short.exit_price, short.ended_by) == (
        candles[3].at,
        D("119"),
        candles[3].at,
        D("90"),
        "end",
    )  # the last candle's 1 had no next open


def test_a_long_is_liquidated_at_its_liquidation_price_when_the_low_reaches_it(scripted):
    candles = [bar(0, "100", "100", "100", "100"), bar(1, "95", "96", "89", "94"), bar(2, "94", "95", "93", "95")]
    result = run_backtest(spec(scripted, [1], leverage=10), candles)

    (trade,) = result.trades
    # margin 10.00, opening fee 0.10: the loss is the margin, no closing fee
    assert (trade.exit_at, trade.exit_price, trade.ended_by) == (candles[1].at, D("90.00000000"), "liquidated")
    assert (trade.gross_pnl, trade.fees, trade.net_pnl) == (D("-10.00"), D("0.10"), D("-10.10"))
    assert result.stats.final_equity == D("989.90")


def test_a_gap_beyond_the_liquidation_price_liquidates_at_the_open(scripted):
    candles = [bar(0, "100", "100", "100", "100"), bar(1, "85", "86", "80", "84")]
    (trade,) = run_backtest(spec(scripted, [1], leverage=10), candles).trades
    assert (trade.exit_price, trade.ended_by, trade.net_pnl) == (D("85"), "liquidated", D("-10.10"))


def test_a_short_is_liquidated_when_the_high_reaches_it_before_the_candles_decision(scripted):
    candles = [bar(0, "100", "100", "100", "100"), bar(1, "105", "111", "104", "104")]
    short, long = run_backtest(spec(scripted, [-1, 1], leverage=10), candles).trades
    assert (short.exit_price, short.ended_by) == (D("110.00000000"), "liquidated")
    assert (long.side, long.entry_at, long.entry_price, long.ended_by) == ("long", candles[1].at, D("104"), "end")


def test_the_liquidation_price_is_the_first_tick_beyond_it(scripted):
    """Leverage 3 at 100: margin 33.34 (rounded up), exact liquidation price 66.66; on a 0.5 tick the first price
    at or below it is 66.5, which a low of 67 does not reach and a low of 66.5 does."""
    instrument = replace(DEFAULTS, tick_size=D("0.5"))
    kept = [bar(0, "100", "100", "100", "100"), bar(1, "70", "70", "67", "68")]
    assert run_backtest(spec(scripted, [1], leverage=3, instrument=instrument), kept).trades[0].ended_by == "end"
    reached = [bar(0, "100", "100", "100", "100"), bar(1, "70", "70", "66.5", "68")]
    (trade,) = run_backtest(spec(scripted, [1], leverage=3, instrument=instrument), reached).trades
    assert (trade.exit_price, trade.ended_by, trade.net_pnl) == (D("66.5"), "liquidated", D("-33.44"))


def test_after_a_liquidation_no_decision_means_staying_flat(scripted):
    candles = [bar(0, "100", "100", "100", "100"), bar(1, "95", "96", "89", "94"), bar(2, "94", "95", "93", "95")]
    result = run_backtest(spec(scripted, [1, None, None], leverage=10), candles)
    assert len(result.trades) == 1
    assert [e for _, e in result.equity_curve][-2:] == [D("989.90"), D("989.90")]


def test_equity_fraction_sizing_floors_to_the_quantity_step(scripted):
    instrument = replace(DEFAULTS, quantity_step=D("0.001"))
    candles = flat_bars("333", "333")
    result = run_backtest(
        spec(scripted, [1], quantity=None, equity_fraction=D("0.5"), leverage=2, instrument=instrument), candles
    )
    assert result.trades[0].quantity == D("3.003")  # 1000 × 0.5 × 2 / 333 = 3.003003…


def test_an_open_the_rules_refuse_leaves_the_account_flat_and_is_counted(scripted):
    candles = flat_bars("100", "101", "102")
    # All the equity as margin leaves nothing for the opening fee: the wallet refuses, as live.
    short_of_fee = run_backtest(spec(scripted, [1], quantity=None, equity_fraction=D("1")), candles)
    assert (short_of_fee.trades, short_of_fee.refused_opens) == ([], 1)
    assert short_of_fee.stats.final_equity == D("1000.00")
    below_minimum = run_backtest(spec(scripted, [1, 1, 1], quantity=D("0.01")), candles)  # notional 1 < 10
    assert (below_minimum.trades, below_minimum.refused_opens) == ([], 3)


@pytest.mark.parametrize(("rate", "fees"), [(D("0"), D("0.00")), (D("0.0025"), D("0.50"))])
def test_the_fee_rate_is_the_money_rule_with_another_rate(scripted, rate, fees):
    (trade,) = run_backtest(spec(scripted, [1], fee_rate=rate), flat_bars("100", "100")).trades
    assert trade.fees == fees  # 0.25 on open + 0.25 on close


def test_statistics_of_a_known_run(scripted):
    result = run_backtest(spec(scripted, [1, None, -1, None]), flat_bars("100", "110", "120", "90"))
    stats = result.stats
    assert (stats.trades, stats.net_pnl, stats.return_pct, stats.win_rate_pct, stats.fees, stats.max_drawdown_pct) == (
        2,
        D("49.57"),
        D("4.96"),
        D("100.00"),
        D("0.43"),
        D("0.01"),
    )  # the only dip: 1000 → 999.90 (the fee)
    equity = [1000.0] + [float(e) for _, e in result.equity_curve]
    returns = [b / a - 1 for a, b in zip(equity, equity[1:], strict=False)]
    expected = statistics.mean(returns) / statistics.stdev(returns) * math.sqrt(365 * 24)
    assert abs(float(stats.sharpe) - expected) < 0.0001


def test_max_drawdown_is_the_largest_fall_from_a_running_peak(scripted):
    result = run_backtest(spec(scripted, [1], fee_rate=D("0")), flat_bars("100", "200", "150", "180", "120", "300"))
    # equity 1000, 1100, 1050, 1080, 1020, 1200: the worst fall is 1100 → 1020
    assert result.stats.max_drawdown_pct == D("7.27")


def walk(count: int, seed: int) -> list[Candle]:
    rnd, price, out = random.Random(seed), 100.0, []
    for i in range(count):
        close = price * (1 + rnd.gauss(0, 0.01))
        high = max(price, close) * (1 + abs(rnd.gauss(0, 0.004)))
        low = min(price, close) * (1 - abs(rnd.gauss(0, 0.004)))
        out.append(
            Candle(
                T0 + timedelta(hours=i), D(f"{price:.2f}"), D(f"{high:.2f}"), D(f"{low:.2f}"), D(f"{close:.2f}"), D(1)
            )
        )
        price = close
    return out


@pytest.mark.parametrize(
    ("strategy", "params"),
    [
        ("sma_cross", {"fast": 3, "slow": 9}),
        ("rsi_reversion", {"period": 6, "lower": 35, "upper": 65}),
        ("breakout", {"lookback": 5}),
    ],
)
@pytest.mark.parametrize("fill", ["close", "next_open"])
def test_same_inputs_give_identical_results(strategy, params, fill):
    candles = walk(1500, 7)
    run = replace(spec(strategy), params=params, quantity=None, equity_fraction=D("0.8"), leverage=10, fill=fill)
    first = run_backtest(run, candles)
    again = run_backtest(run, iter(list(candles)))  # any iterable: a generator of candles as the jobs read them
    assert first == again
    assert len(first.trades) > 10
    assert first.stats.final_equity == run.initial_cash + sum(t.net_pnl for t in first.trades)
    assert len(first.equity_curve) == len(candles)
    assert first.equity_curve[-1][1] == first.stats.final_equity


def test_progress_reports_the_candles_done(monkeypatch, scripted):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    run_backtest(spec(scripted, []), flat_bars("1", "2", "3", "4", "5"), seen.append)
    assert seen == [2, 4, 5]


def test_no_candles_no_trades():
    result = run_backtest(spec("breakout"), [])
    assert (result.trades, result.equity_curve, result.stats.final_equity, result.stats.sharpe) == (
        [],
        [],
        D("1000.00"),
        D("0"),
    )


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"params": {"fast": 20, "slow": 10}}, "fast"),
        ({"params": {"slow": "30"}}, "slow"),
        ({"params": {"speed": 1}}, "speed"),
        ({"interval": "2m"}, "interval"),
        ({"initial_cash": D("0")}, "initial_cash"),
        ({"initial_cash": D("10.001")}, "initial_cash"),
        ({"initial_cash": D("1000000000.01")}, "initial_cash"),
        ({"quantity": None}, "quantity"),
        ({"equity_fraction": D("0.5")}, "quantity"),
        ({"quantity": None, "equity_fraction": D("1.5")}, "equity_fraction"),
        ({"quantity": D("-1")}, "quantity"),
        ({"quantity": D("0.5"), "instrument": replace(DEFAULTS, quantity_step=D("1"))}, "quantity"),
        ({"leverage": 11}, "leverage"),
        ({"leverage": 5, "instrument": replace(DEFAULTS, max_leverage=3)}, "leverage"),
        ({"leverage": True}, "leverage"),
        ({"fill": "vwap"}, "fill"),
        ({"fee_rate": D("-0.001")}, "fee_rate"),
        ({"fee_rate": D("NaN")}, "fee_rate"),
    ],
)
def test_a_bad_spec_names_the_failing_field(overrides, param):
    with pytest.raises(InvalidParams) as refused:
        check_spec(replace(spec("sma_cross"), **overrides))
    assert refused.value.param == param


def test_an_unknown_strategy_is_refused():
    with pytest.raises(UnknownStrategy):
        check_spec(spec("martingale"))


def test_downsample_keeps_the_ends_and_spreads_evenly():
    curve = [(T0 + timedelta(minutes=i), D(i)) for i in range(1001)]
    points = engine.downsample(curve, 11)
    assert [p[1] for p in points] == [D(i) for i in range(0, 1001, 100)]
    assert engine.downsample(curve[:5], 11) == curve[:5]
    with pytest.raises(ValueError, match="at least 2"):
        engine.downsample(curve, 1)
