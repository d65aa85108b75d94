"""The backtest engine: a strategy over candles through the real trading aggregates, in memory.

Per candle, in this order (docs/backtests.md "Candle by candle"):
1. a decision awaiting the next open (``fill="next_open"``) fills at this candle's open (a position whose
   liquidation price the open gapped through is liquidated at the open first);
2. the open position is liquidated if the candle's low (long) or high (short) reaches its liquidation price, at
   the first tick at or beyond it (the open, when the candle opened beyond it);
3. the strategy decides on the closed candle (``decide``); a change of exposure fills at this close
   (``fill="close"``) or waits for the next open;
4. equity is marked at the close.
A position still open after the last candle is closed at its close (``ended_by="end"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal, TypeVar

from aggregates import clock, money
from aggregates.errors import DomainError
from aggregates.market.intervals import INTERVALS
from aggregates.market.rules import DEFAULTS, TRADING, InstrumentSettings, check_entry
from aggregates.money import FEE_RATE, MAX_LEVERAGE, MIN_NOTIONAL, PRICE_PLACES
from strategies import registry, stats
from strategies.account import SimulatedAccount, Terms
from strategies.base import Candle, Strategy
from strategies.registry import InvalidParams
from strategies.results import BacktestResult, EndedBy, Stats, Trade

__all__ = [
    "BacktestResult",
    "BacktestSpec",
    "EndedBy",
    "Fill",
    "Stats",
    "Trade",
    "check_spec",
    "decide",
    "downsample",
    "run_backtest",
]

Fill = Literal["close", "next_open"]
PROGRESS_EVERY = 10_000  # candles between two progress reports
MAX_FEE_RATE = Decimal("0.1")
# The simulated wallet is funded by deposits of at most MAX_CASH_AMOUNT, as a trader's is: this bounds them to 1,000.
MAX_INITIAL_CASH = Decimal("1000000000.00")
_FILLS = ("close", "next_open")


@dataclass(frozen=True)
class BacktestSpec:
    """One run. Sizing: exactly one of ``quantity`` (fixed, on the instrument's quantity step) and
    ``equity_fraction`` (0 < f ≤ 1, see strategies/sizing.py). ``instrument``: the symbol's settings (the jobs
    pass the configured ones; tick size, quantity step, maximum leverage and minimum notional apply, not the
    trading status, which is about today, not the past)."""

    strategy: str
    params: dict[str, object]
    symbol: str
    interval: str
    initial_cash: Decimal
    quantity: Decimal | None
    equity_fraction: Decimal | None
    leverage: int = 1
    fill: Fill = "close"
    fee_rate: Decimal = FEE_RATE
    instrument: InstrumentSettings = DEFAULTS


def check_spec(spec: BacktestSpec) -> Strategy:
    """Validate a run before any candle is read; answer a fresh strategy. Raises UnknownStrategy, or InvalidParams
    naming the failing field (a strategy parameter by its own name)."""
    strategy = registry.new_strategy(spec.strategy, spec.params)
    if spec.interval not in INTERVALS:
        raise InvalidParams("interval", f"must be one of {', '.join(INTERVALS)}")
    if not money.is_positive_with_places(spec.initial_cash, 2) or spec.initial_cash > MAX_INITIAL_CASH:
        raise InvalidParams("initial_cash", f"must be > 0 and at most {MAX_INITIAL_CASH}, with at most 2 decimals")
    if (spec.quantity is None) == (spec.equity_fraction is None):
        raise InvalidParams("quantity", "give exactly one of quantity and equity_fraction")
    fraction = spec.equity_fraction
    if fraction is not None and not (money.is_positive_with_places(fraction, PRICE_PLACES) and fraction <= 1):
        raise InvalidParams("equity_fraction", "must be > 0 and at most 1, with at most 8 decimals")
    top = min(MAX_LEVERAGE, spec.instrument.max_leverage)
    if isinstance(spec.leverage, bool) or not isinstance(spec.leverage, int) or not 1 <= spec.leverage <= top:
        raise InvalidParams("leverage", f"must be an integer from 1 to {top}")
    if spec.quantity is not None:
        if not money.is_positive_with_places(spec.quantity, PRICE_PLACES):
            raise InvalidParams("quantity", "must be > 0 with at most 8 decimals")
        try:  # the entry rules of a live open, today's trading status aside
            at = datetime.min
            check_entry(
                replace(spec.instrument, status=TRADING, stale_after_seconds=None), spec.quantity, spec.leverage, at, at
            )
        except DomainError as exc:
            raise InvalidParams("quantity", exc.detail) from None
    if spec.fill not in _FILLS:
        raise InvalidParams("fill", "must be close or next_open")
    rate = spec.fee_rate
    if not isinstance(rate, Decimal) or not rate.is_finite() or not 0 <= rate < MAX_FEE_RATE:
        raise InvalidParams("fee_rate", f"must be at least 0 and below {MAX_FEE_RATE}")
    return strategy


def decide(strategy: Strategy, candle: Candle) -> int | None:
    """The one place a strategy's decision is taken: backtests and live bots both call it, so the same strategy
    on the same candles decides the same way in both."""
    return strategy.on_candle(candle)


def run_backtest(
    spec: BacktestSpec, candles: Iterable[Candle], progress: Callable[[int], None] | None = None
) -> BacktestResult:
    """Run ``spec`` over ``candles`` (closed, in time order, timezone-aware). Deterministic: the same spec and
    candles give the same trades, curve and stats. ``progress`` is called with the number of candles done every
    PROGRESS_EVERY candles and once at the end."""
    strategy = check_spec(spec)
    account = SimulatedAccount(
        Terms(
            symbol=spec.symbol,
            instrument=spec.instrument,
            min_notional=spec.instrument.min_notional or MIN_NOTIONAL,
            leverage=spec.leverage,
            fee_rate=spec.fee_rate,
            quantity=spec.quantity,
            equity_fraction=spec.equity_fraction,
        ),
        spec.initial_cash,
    )
    trades: list[Trade] = []
    curve: list[tuple[datetime, Decimal]] = []
    on_close = spec.fill == "close"
    pending: int | None = None  # an exposure decided on the previous candle, to fill at this open
    last: Candle | None = None
    done = 0
    # The per-candle path: names bound once; the aggregates are touched only when a position opens or ends.
    mark, keep = account.equity, curve.append
    with clock.using(account.clock):
        for candle in candles:
            if pending is not None:
                _liquidate_at_open(account, candle, trades)
                _expose(account, pending, candle.open, candle.at, trades)
                pending = None
            reach = account.liquidation_at
            if reach is not None and (candle.low <= reach if account.exposure > 0 else candle.high >= reach):
                opened_beyond = candle.open <= reach if account.exposure > 0 else candle.open >= reach
                trades.append(account.liquidate(candle.open if opened_beyond else reach, candle.at))
            wanted = decide(strategy, candle)
            close = candle.close
            if wanted is not None and wanted != account.exposure:
                if on_close:
                    _expose(account, wanted, close, candle.at, trades)
                else:
                    pending = wanted
            keep((candle.at, mark(close)))
            last = candle
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
        if last is not None and account.position is not None:
            trades.append(account.close(last.close, last.at, "end"))
            curve[-1] = (last.at, account.equity(last.close))
    if progress is not None and done % PROGRESS_EVERY:
        progress(done)
    return BacktestResult(
        trades=trades,
        equity_curve=curve,
        stats=stats.compute(spec.initial_cash, spec.interval, trades, curve),
        refused_opens=account.refused_opens,
    )


def _expose(account: SimulatedAccount, wanted: int, price: Decimal, at: datetime, trades: list[Trade]) -> None:
    """Move from the current exposure to ``wanted`` at ``price``: close what is held, open the new side."""
    if wanted == account.exposure:
        return
    if account.position is not None:
        trades.append(account.close(price, at, "signal"))
    if wanted != 0:
        account.open(wanted, price, at)


def _liquidate_at_open(account: SimulatedAccount, candle: Candle, trades: list[Trade]) -> None:
    """Before a fill at the open: a position the open gapped beyond its liquidation price is liquidated there (the
    live trigger policy acts on that tick before any command on it)."""
    reach = account.liquidation_at
    if reach is not None and (candle.open <= reach if account.exposure > 0 else candle.open >= reach):
        trades.append(account.liquidate(candle.open, candle.at))


_Point = TypeVar("_Point")


def downsample(curve: Sequence[_Point], points: int) -> list[_Point]:
    """At most ``points`` (≥ 2) evenly spaced points of ``curve``, its first and last included, for HTTP answers;
    the full curve is in the CSV (strategies/export.py)."""
    if points < 2:
        raise ValueError("points must be at least 2")
    count = len(curve)
    if count <= points:
        return list(curve)
    return [curve[(i * (count - 1)) // (points - 1)] for i in range(points)]
