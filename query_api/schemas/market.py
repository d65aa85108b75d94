"""GET /v1/market/…: instruments, tickers and candles (api.md "Markets")."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from pydantic import BaseModel, Field

from aggregates.market.rules import DEFAULTS
from projections.market.view import Candle
from query_api.schemas.common import DecimalString

PERCENT = Decimal("0.01")


class InstrumentView(BaseModel):
    """A symbol's settings (the defaults unless an admin configured it), status and last price."""

    symbol: str
    configured: bool = Field(description="false: listed by its first tick (or import) and trading on the defaults")
    tick_size: DecimalString
    quantity_step: DecimalString
    max_leverage: int
    max_move_pct: DecimalString
    min_notional: DecimalString
    stale_after_seconds: int | None
    status: str
    last_price: DecimalString | None
    last_tick_at: datetime | None

    @classmethod
    def of(cls, row: dict[str, Any], default_min_notional: Decimal) -> InstrumentView:
        def pick(name: str, default: Any) -> Any:
            return row[name] if row["configured"] and row[name] is not None else default

        return cls(
            symbol=row["symbol"],
            configured=row["configured"],
            tick_size=pick("tick_size", DEFAULTS.tick_size),
            quantity_step=pick("quantity_step", DEFAULTS.quantity_step),
            max_leverage=pick("max_leverage", DEFAULTS.max_leverage),
            max_move_pct=pick("max_move_pct", DEFAULTS.max_move_pct),
            min_notional=pick("min_notional", default_min_notional),
            stale_after_seconds=row["stale_after_seconds"] if row["configured"] else None,
            status=pick("status", DEFAULTS.status),
            last_price=row["last_price"],
            last_tick_at=row["last_tick_at"],
        )


class InstrumentsReply(BaseModel):
    instruments: list[InstrumentView]
    as_of_position: int


class TickerView(BaseModel):
    """The last price and the figures of the 24 h before it (1-minute candles starting in that window)."""

    symbol: str
    last: DecimalString | None
    last_tick_at: datetime | None
    open: DecimalString | None
    high: DecimalString | None
    low: DecimalString | None
    change_pct: DecimalString | None = Field(description="(last − open) ÷ open × 100, 2 decimals half-even")
    volume: DecimalString = Field(description="traded quantity: tick volume + platform fills")
    notional: DecimalString = Field(description="traded value: tick volume × price + fills' notional")
    as_of_position: int

    @classmethod
    def of(cls, row: dict[str, Any], as_of: int) -> TickerView:
        last, open_ = row["last_price"], row["open"]
        change = ((last - open_) * 100 / open_).quantize(PERCENT, ROUND_HALF_EVEN) if last and open_ else None
        return cls(
            symbol=row["symbol"],
            last=last,
            last_tick_at=row["last_tick_at"],
            open=open_,
            high=row["high"],
            low=row["low"],
            change_pct=change,
            volume=row["volume"],
            notional=row["notional"],
            as_of_position=as_of,
        )


class TickersReply(BaseModel):
    tickers: list[TickerView]
    as_of_position: int


class CandleView(BaseModel):
    """One bucket; ``t`` its UTC start."""

    t: datetime
    open: DecimalString
    high: DecimalString
    low: DecimalString
    close: DecimalString
    volume: DecimalString
    trades: int

    @classmethod
    def of(cls, candle: Candle) -> CandleView:
        return cls(
            t=candle.t,
            open=candle.open,
            high=candle.high,
            low=candle.low,
            close=candle.close,
            volume=candle.volume,
            trades=candle.trades,
        )
