"""The market projection: instruments (settings, last price) and OHLCV candles at every interval.

Candles are built from ticks (their ``volume`` when the feed sent one), platform fills (a position's
open and its close or liquidation count its quantity at its price) and imported history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

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
        MarketPrice.Listed.TOPIC,
        MarketPrice.Ticked.TOPIC,
        Instrument.Configured.TOPIC,
        Instrument.Reconfigured.TOPIC,
        HistoryChunk.Imported.TOPIC,
        Position.Opened.TOPIC,
        Position.Closed.TOPIC,
        Position.Liquidated.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = TABLES

    def __init__(self, view: MarketView | None = None) -> None:
        self.view = view or MarketView()
        self._handlers: dict[str, Callable[[_Batch, LoggedEvent], None]] = {
            MarketPrice.Listed.TOPIC: self._tick,
            MarketPrice.Ticked.TOPIC: self._tick,
            Instrument.Configured.TOPIC: self._configured,
            Instrument.Reconfigured.TOPIC: self._configured,
            HistoryChunk.Imported.TOPIC: self._imported,
            Position.Opened.TOPIC: self._opened,
            Position.Closed.TOPIC: self._closed,
            Position.Liquidated.TOPIC: self._closed,
        }

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        self.apply_batch(cursor, tables, [event])

    def apply_batch(self, cursor: Cursor[Any], tables: Tables, events: Sequence[LoggedEvent]) -> None:
        """Events in order, the candle upserts of the whole batch merged per bucket (6 per tick one by one:
        at thousands of ticks/s that is the lag) and each symbol's last price written once."""
        batch = _Batch(self.view, cursor, tables)
        for event in events:
            self._handlers[event.topic](batch, event)
        batch.flush()

    def _tick(self, b: _Batch, e: LoggedEvent) -> None:
        tick: Any = e.event
        symbol = self._symbol(b, e, MarketPrice.Listed)
        volume = tick.volume or _ZERO
        b.known(symbol, e.position)
        b.ticked(symbol, tick.price, e.timestamp, e.position)
        b.candles(symbol, parts.trade(e.timestamp, tick.price, volume, volume * tick.price), e.position)

    def _configured(self, b: _Batch, e: LoggedEvent) -> None:
        configured: Any = e.event
        symbol = self._symbol(b, e, Instrument.Configured)
        fields = {
            k: getattr(configured, k)
            for k in (
                "tick_size",
                "quantity_step",
                "max_leverage",
                "max_move_pct",
                "min_notional",
                "stale_after_seconds",
                "status",
            )
        }
        b.known(symbol, e.position)
        b.flush_ticked()  # an earlier tick's last price lands before this event moves the row's position on
        self.view.configured(b.cur, b.tables, symbol, fields, e.position)

    def _imported(self, b: _Batch, e: LoggedEvent) -> None:
        chunk: Any = e.event
        b.known(chunk.symbol, e.position)
        b.candles(chunk.symbol, parts.imported(chunk.interval, chunk.bars), e.position)

    def _opened(self, b: _Batch, e: LoggedEvent) -> None:
        opened: Any = e.event
        self.view.fill_opened(b.cur, b.tables, e.originator_id, opened.symbol, opened.quantity)
        b.candles(
            opened.symbol, parts.trade(e.timestamp, opened.entry_price, opened.quantity, opened.notional), e.position
        )

    def _closed(self, b: _Batch, e: LoggedEvent) -> None:
        closed: Any = e.event
        symbol, quantity = self.view.fill_of(b.cur, b.tables, e.originator_id)
        b.candles(
            symbol, parts.trade(e.timestamp, closed.exit_price, quantity, quantity * closed.exit_price), e.position
        )

    def _symbol(self, b: _Batch, e: LoggedEvent, first: type) -> str:
        """The symbol of the event's stream: named by its first event, looked up for the later ones."""
        if e.originator_id in b.symbols:
            return b.symbols[e.originator_id]
        if isinstance(e.event, first):
            symbol: str = e.event.symbol  # type: ignore[attr-defined]
            self.view.stream(b.cur, b.tables, e.originator_id, symbol)
        else:
            symbol = self.view.symbol_of(b.cur, b.tables, e.originator_id)
        b.symbols[e.originator_id] = symbol
        return symbol


class _Batch:
    """The writes of one batch of events, the candles' and last prices' held back and merged.

    Equal to applying the events one by one: every event of a batch is newer than every row
    (the runtime applies a batch once, with its tracking position), so each candle upsert of
    the batch would have applied; merging the contributions of one bucket in event order
    (``Contribution.merge``: earliest open, latest close, ties to the later) and upserting once
    at the batch's last position of that bucket gives the same row. A symbol's last price is
    its latest tick's, written before any Configured of the symbol moves the row's position."""

    def __init__(self, view: MarketView, cur: Cursor[Any], tables: Tables) -> None:
        self.view, self.cur, self.tables = view, cur, tables
        self.symbols: dict[UUID, str] = {}
        self._known: set[str] = set()
        self._ticked: dict[str, tuple[Decimal, datetime, int]] = {}
        self._candles: dict[tuple[str, str, datetime], tuple[parts.Contribution, int]] = {}

    def known(self, symbol: str, pos: int) -> None:
        if symbol not in self._known:  # the first event of the symbol in the batch lists it, as one by one
            self._known.add(symbol)
            self.view.known(self.cur, self.tables, symbol, pos)

    def ticked(self, symbol: str, price: Decimal, at: datetime, pos: int) -> None:
        self._ticked[symbol] = (price, at, pos)

    def candles(self, symbol: str, contributions: list[parts.Contribution], pos: int) -> None:
        for part in contributions:
            key = (symbol, part.interval, part.t)
            held = self._candles.get(key)
            self._candles[key] = (held[0].merge(part) if held else part, pos)

    def flush_ticked(self) -> None:
        for symbol, (price, at, pos) in self._ticked.items():
            self.view.ticked(self.cur, self.tables, symbol, price, at, pos)
        self._ticked.clear()

    def flush(self) -> None:
        self.flush_ticked()
        self.view.merged_candles(
            self.cur, self.tables, [(symbol, part, pos) for (symbol, _, _), (part, pos) in self._candles.items()]
        )
        self._candles.clear()
