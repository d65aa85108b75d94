"""The market projection: instruments (settings, last price) and OHLCV candles at every interval.

Candles are built from ticks (their ``volume`` when the feed sent one), platform fills (a position's
open and its close or liquidation count its quantity at its price) and imported history.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.market.history import HistoryChunk
from aggregates.market.instrument import Instrument
from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.market import contributions as parts
from projections.market.statements import TABLES
from projections.market.view import MarketView
from projections.runtime.base import Projection, Tables

_ZERO = Decimal(0)


class MarketProjection(Projection):
    """Instruments with their last price, and candles at 1m, 5m, 15m, 1h, 4h and 1d."""

    name: ClassVar[str] = "market"
    topics: ClassVar[tuple[str, ...]] = (
        MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC, Instrument.Configured.TOPIC,
        Instrument.Reconfigured.TOPIC, HistoryChunk.Imported.TOPIC, Position.Opened.TOPIC, Position.Closed.TOPIC,
        Position.Liquidated.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = TABLES

    def __init__(self, view: MarketView | None = None) -> None:
        self.view = view or MarketView()
        self._handlers: dict[str, Callable[[Cursor[Any], Tables, LoggedEvent], None]] = {
            MarketPrice.Listed.TOPIC: self._tick, MarketPrice.Ticked.TOPIC: self._tick,
            Instrument.Configured.TOPIC: self._configured, Instrument.Reconfigured.TOPIC: self._configured,
            HistoryChunk.Imported.TOPIC: self._imported, Position.Opened.TOPIC: self._opened,
            Position.Closed.TOPIC: self._closed, Position.Liquidated.TOPIC: self._closed,
        }

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        self._handlers[event.topic](cursor, tables, event)

    def _tick(self, cur: Cursor[Any], tables: Tables, e: LoggedEvent) -> None:
        tick: Any = e.event
        symbol = self._symbol(cur, tables, e, MarketPrice.Listed)
        volume = tick.volume or _ZERO
        self.view.known(cur, tables, symbol, e.position)
        self.view.ticked(cur, tables, symbol, tick.price, e.timestamp, e.position)
        self.view.candles(cur, tables, symbol, parts.trade(e.timestamp, tick.price, volume, volume * tick.price),
                          e.position)

    def _configured(self, cur: Cursor[Any], tables: Tables, e: LoggedEvent) -> None:
        configured: Any = e.event
        symbol = self._symbol(cur, tables, e, Instrument.Configured)
        fields = {k: getattr(configured, k) for k in ("tick_size", "quantity_step", "max_leverage", "max_move_pct",
                                                       "min_notional", "stale_after_seconds", "status")}
        self.view.known(cur, tables, symbol, e.position)
        self.view.configured(cur, tables, symbol, fields, e.position)

    def _imported(self, cur: Cursor[Any], tables: Tables, e: LoggedEvent) -> None:
        chunk: Any = e.event
        self.view.known(cur, tables, chunk.symbol, e.position)
        self.view.candles(cur, tables, chunk.symbol, parts.imported(chunk.interval, chunk.bars), e.position)

    def _opened(self, cur: Cursor[Any], tables: Tables, e: LoggedEvent) -> None:
        opened: Any = e.event
        self.view.fill_opened(cur, tables, e.originator_id, opened.symbol, opened.quantity)
        self.view.candles(cur, tables, opened.symbol,
                          parts.trade(e.timestamp, opened.entry_price, opened.quantity, opened.notional), e.position)

    def _closed(self, cur: Cursor[Any], tables: Tables, e: LoggedEvent) -> None:
        closed: Any = e.event
        symbol, quantity = self.view.fill_of(cur, tables, e.originator_id)
        self.view.candles(cur, tables, symbol, parts.trade(e.timestamp, closed.exit_price, quantity,
                                                           quantity * closed.exit_price), e.position)

    def _symbol(self, cur: Cursor[Any], tables: Tables, e: LoggedEvent, first: type) -> str:
        """The symbol of the event's stream: named by its first event, looked up for the later ones."""
        if isinstance(e.event, first):
            symbol: str = e.event.symbol  # type: ignore[attr-defined]
            self.view.stream(cur, tables, e.originator_id, symbol)
            return symbol
        return self.view.symbol_of(cur, tables, e.originator_id)
