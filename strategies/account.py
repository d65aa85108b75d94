"""A trader's account in memory for a backtest: the real Wallet and Position aggregates, booked by the same code
as live commands (aggregates/trading/booking.py, which services/trading.py and services/liquidation.py call),
without an event store: a refused open is dropped like a command that raised, and the events are discarded as
they are made.

The per-candle path reads only cached figures (``liquidation_at``, ``equity``); the aggregates are touched only
when a position opens or ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from uuid import NAMESPACE_URL, uuid5

from aggregates import money
from aggregates.errors import DomainError
from aggregates.market.rules import InstrumentSettings
from aggregates.money import Side, unrealized_pnl
from aggregates.trading import booking
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from strategies.results import EndedBy, Trade
from strategies.sizing import quantity_for_fraction

# Every backtest trades as the same synthetic owner: nothing about a run depends on who asked for it.
BACKTEST_OWNER = uuid5(NAMESPACE_URL, "https://astratrade.example/backtest")
_WIDE = Context(prec=60)


@dataclass(frozen=True)
class Terms:
    """What every open of a run uses: the instrument's rules and the run's sizing, leverage and fee rate."""

    symbol: str
    instrument: InstrumentSettings
    min_notional: Decimal
    leverage: int
    fee_rate: Decimal
    quantity: Decimal | None
    equity_fraction: Decimal | None


class SimulatedAccount:
    """One wallet funded with the initial cash and at most one open position."""

    __slots__ = (
        "_held",
        "_marking",
        "_opened_at",
        "exposure",
        "liquidation_at",
        "now",
        "position",
        "refused_opens",
        "terms",
        "wallet",
    )

    def __init__(self, terms: Terms, initial_cash: Decimal) -> None:
        self.terms = terms
        self.wallet = Wallet.open_for(BACKTEST_OWNER)
        left = initial_cash
        while left > 0:  # a deposit command takes at most MAX_CASH_AMOUNT, so fund as a trader would
            chunk = min(left, money.MAX_CASH_AMOUNT)
            self.wallet.deposit(chunk, self.wallet.currency)
            left -= chunk
        self.wallet.collect_events()
        self.position: Position | None = None
        self.exposure = 0  # 1 long, -1 short, 0 flat
        self.refused_opens = 0
        self._opened_at: datetime | None = None
        # The price of the first tick at or beyond the open position's liquidation price (None: flat, or out of
        # reach): a long is liquidated by a candle whose low reaches it, a short by one whose high does.
        self.liquidation_at: Decimal | None = None
        self._held = initial_cash  # cash + reserved margin: equity before the open position's P&L
        self._marking: tuple[Side, Decimal, Decimal, Decimal] | None = None
        self.now = datetime.min.replace(tzinfo=UTC)  # the candle being booked: the time its events are stamped with

    def clock(self) -> datetime:
        """The run's clock (install it with ``aggregates.clock.using``): events carry their candle's time, as they
        would have live, and a run stamps them the same way every time."""
        return self.now

    def equity(self, mark: Decimal) -> Decimal:
        """Cash + reserved margin + the open position's P&L at ``mark`` (capped at −margin): the portfolio's
        equity (projections/portfolio/valuation.py) by the same money rule."""
        marking = self._marking
        if marking is None:
            return self._held
        side, entry, quantity, margin = marking
        return self._held + unrealized_pnl(side, entry, mark, quantity, margin)

    def open(self, exposure: int, price: Decimal, at: datetime) -> None:
        """Open long (1) or short (-1) at ``price``, as TradingService.open_position does; a refusal (cash short
        of margin and fee, notional below the minimum, nothing to buy) leaves the account flat and is counted."""
        self.now = at
        terms = self.terms
        quantity = terms.quantity
        if quantity is None:
            assert terms.equity_fraction is not None
            quantity = quantity_for_fraction(
                self._held, terms.equity_fraction, terms.leverage, price, terms.instrument.quantity_step
            )
        try:
            position = booking.open_position(
                self.wallet,
                terms.symbol,
                Side.LONG if exposure > 0 else Side.SHORT,
                quantity,
                terms.leverage,
                price,
                min_notional=terms.min_notional,
                fee_rate=terms.fee_rate,
            )
        except DomainError:
            self.refused_opens += 1
            return
        self.position, self.exposure, self._opened_at = position, exposure, at
        self.liquidation_at = _first_tick_reaching(position, terms.instrument.tick_size)
        self._settled()

    def close(self, price: Decimal, at: datetime, ended_by: EndedBy) -> Trade:
        """Close the whole position at ``price`` with the closing fee, as TradingService.close_position does."""
        position = self.position
        assert position is not None
        self.now = at
        settlement, _ = booking.close_position(self.wallet, position, price, fee_rate=self.terms.fee_rate)
        return self._ended(position, settlement, price, at, ended_by)

    def liquidate(self, price: Decimal, at: datetime) -> Trade:
        """Liquidate at ``price`` (at or beyond the liquidation price): the margin forfeited, no closing fee, as
        LiquidationService.liquidate does."""
        position = self.position
        assert position is not None
        self.now = at
        settlement = booking.liquidate_position(self.wallet, position, price)
        return self._ended(position, settlement, price, at, "liquidated")

    def _ended(
        self, position: Position, settlement: money.Settlement, price: Decimal, at: datetime, ended_by: EndedBy
    ) -> Trade:
        assert self._opened_at is not None
        trade = Trade(
            side="long" if position.side is Side.LONG else "short",
            quantity=position.quantity,
            entry_at=self._opened_at,
            entry_price=position.entry_price,
            exit_at=at,
            exit_price=price,
            gross_pnl=settlement.gross_pnl,
            fees=position.fee + settlement.fee,
            net_pnl=settlement.net_pnl,
            ended_by=ended_by,
        )
        self.position, self.exposure, self._opened_at, self.liquidation_at = None, 0, None, None
        self._settled()
        return trade

    def _settled(self) -> None:
        # The events were the aggregates' record of the run; nothing stores them, so drop them as they come.
        self.wallet.collect_events()
        position = self.position
        if position is not None:
            position.collect_events()
        self._held = self.wallet.cash + self.wallet.reserved
        # What marking the open position to a price reads, once per candle.
        self._marking = (
            None if position is None else (position.side, position.entry_price, position.quantity, position.margin)
        )


def _first_tick_reaching(position: Position, tick: Decimal) -> Decimal | None:
    """The liquidation price on the tick grid, at or beyond it: where the live trigger policy (which liquidates at
    the first tick at or beyond the exact price) would act. None when no positive price reaches it (a long at
    leverage 1)."""
    ticks = _WIDE.divide(position.liquidation_price, tick)
    if position.side is Side.LONG:
        price = _WIDE.multiply(ticks.to_integral_value(ROUND_FLOOR, _WIDE), tick)
        return price if price > 0 else None
    return _WIDE.multiply(ticks.to_integral_value(ROUND_CEILING, _WIDE), tick)
