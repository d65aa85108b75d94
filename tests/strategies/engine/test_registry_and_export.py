"""The strategies' catalogue and parameter validation, and the CSV export of a run."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from strategies import registry
from strategies.engine import BacktestSpec, run_backtest
from strategies.export import EQUITY_COLUMNS, TRADE_COLUMNS, write_equity_curve, write_trades
from tests.strategies.engine.conftest import flat_bars


def test_the_catalogue_lists_the_built_ins_with_typed_ranged_parameters():
    by_name = {entry["name"]: entry for entry in registry.catalogue()}
    assert set(by_name) == {"sma_cross", "rsi_reversion", "breakout"}
    assert set(by_name["sma_cross"]["params_schema"]["properties"]) == {"fast", "slow"}
    assert set(by_name["rsi_reversion"]["params_schema"]["properties"]) == {"period", "lower", "upper"}
    lookback = by_name["breakout"]["params_schema"]["properties"]["lookback"]
    assert (lookback["type"], lookback["minimum"], lookback["maximum"]) == ("integer", 1, 10000)
    assert all(
        entry["description"] and entry["params_schema"]["additionalProperties"] is False for entry in by_name.values()
    )


def test_absent_parameters_take_their_defaults():
    params = registry.parse_params("rsi_reversion", {"period": 7})
    assert params.model_dump() == {"period": 7, "lower": 30, "upper": 70}


@pytest.mark.parametrize(
    ("name", "raw", "param", "message"),
    [
        ("sma_cross", {"fast": 30, "slow": 30}, "fast", "fast must be less than slow"),
        ("rsi_reversion", {"lower": 80}, "lower", "lower must be less than upper"),
        ("rsi_reversion", {"upper": 100}, "upper", "Input should be less than or equal to 99"),
        ("breakout", {"lookback": 2.5}, "lookback", "Input should be a valid integer"),
        ("breakout", {"lookback": 0}, "lookback", "Input should be greater than or equal to 1"),
        ("breakout", ["lookback"], "params", "must be an object"),
    ],
)
def test_invalid_parameters_name_the_failing_one(name, raw, param, message):
    with pytest.raises(registry.InvalidParams) as refused:
        registry.parse_params(name, raw)
    assert (refused.value.param, refused.value.message) == (param, message)


def test_an_unknown_name_is_its_own_error():
    with pytest.raises(registry.UnknownStrategy, match="unknown strategy 'grid'"):
        registry.schema("grid")


def test_the_csv_holds_every_trade_and_every_point_as_exact_decimals(scripted):
    candles = flat_bars("100.12345678", "110", "120", "90")
    spec = BacktestSpec(scripted, {"signals": [1, None, -1]}, "X", "1h", Decimal("1000.00"), Decimal("0.5"), None)
    result = run_backtest(spec, candles)
    trades_out, curve_out = io.StringIO(), io.StringIO()
    write_trades(result.trades, trades_out)
    write_equity_curve(result.equity_curve, curve_out)

    rows = list(csv.DictReader(io.StringIO(trades_out.getvalue())))
    assert tuple(rows[0]) == TRADE_COLUMNS
    assert [(r["side"], r["entry_price"], r["net_pnl"], r["ended_by"]) for r in rows] == [
        (t.side, str(t.entry_price), str(t.net_pnl), t.ended_by) for t in result.trades
    ]
    assert rows[0]["entry_price"] == "100.12345678"
    points = list(csv.DictReader(io.StringIO(curve_out.getvalue())))
    assert tuple(points[0]) == EQUITY_COLUMNS
    assert [(p["at"], Decimal(p["equity"])) for p in points] == [(at.isoformat(), e) for at, e in result.equity_curve]
