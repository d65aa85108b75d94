"""The market projection: instruments (settings, last price) and OHLCV candles at every interval.

Candles are built from ticks (their ``volume`` when the feed sent one), platform fills (a position's
open and its close or liquidation count its quantity at its price) and imported history.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from projections.market.statements import SQL, TABLES
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles

_ZERO = Decimal(0)


class MarketProjection(Projection):
    """Instruments with their last price, and candles at 1m, 5m, 15m, 1h, 4h and 1d.

    Its handlers write through the batch (``_Batch``), which merges the candle upserts of a batch."""

    name: ClassVar[str] = "market"
    tables: ClassVar[tuple[str, ...]] = TABLES

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        self.apply_batch(cursor, tables, [event])

    def apply_batch(self, cursor: Cursor[Any], tables: Tables, events: Sequence[LoggedEvent]) -> None:
        """Events in order, the candle upserts of the whole batch merged per bucket (6 per tick one by one:
        at thousands of ticks/s that is the lag) and each symbol's last price written once."""
        batch = _Batch(cursor, tables)
        for event in events:
            self.handler(event)(batch, event)
        batch.flush()

    @handles(MarketPrice.Listed, MarketPrice.Ticked)
    def _tick(self, b: _Batch, e: LoggedEvent) -> None:
        tick: Any = e.event
        symbol = b.symbol(e, MarketPrice.Listed)
        volume = tick.volume or _ZERO
        b.known(symbol, e.position)
        b.ticked(symbol, tick.price, e.timestamp, e.position)
        b.candles(symbol, parts.trade(e.timestamp, tick.price, volume, volume * tick.price), e.position)

    @handles(Instrument.Configured, Instrument.Reconfigured)
    def _configured(self, b: _Batch, e: LoggedEvent) -> None:
        configured: Any = e.event
        symbol = b.symbol(e, Instrument.Configured)
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
        b.cur.execute(b.sql.configured, {**fields, "symbol": symbol, "pos": e.position})

    @handles(HistoryChunk.Imported)
    def _imported(self, b: _Batch, e: LoggedEvent) -> None:
        chunk: Any = e.event
        b.known(chunk.symbol, e.position)
        b.candles(chunk.symbol, parts.imported(chunk.interval, chunk.bars), e.position)

    @handles(Position.Opened)
    def _opened(self, b: _Batch, e: LoggedEvent) -> None:
        opened: Any = e.event
        b.cur.execute(b.sql.fill_opened, (e.originator_id, opened.symbol, opened.quantity))
        b.candles(
            opened.symbol, parts.trade(e.timestamp, opened.entry_price, opened.quantity, opened.notional), e.position
        )

    @handles(Position.Closed, Position.Liquidated)
    def _closed(self, b: _Batch, e: LoggedEvent) -> None:
        closed: Any = e.event
        row = b.cur.execute(b.sql.fill_of, (e.originator_id,)).fetchone()
        if row is None:  # an Opened always precedes its close: a gap is a bug, never a lost fill
            raise ValueError(f"market: unknown position {e.originator_id}")
        symbol, quantity = row
        b.candles(
            symbol, parts.trade(e.timestamp, closed.exit_price, quantity, quantity * closed.exit_price), e.position
        )


class _Batch:
    """The writes of one batch of events, the candles' and last prices' held back and merged.

    Equal to applying the events one by one: every event of a batch is newer than every row
    (the runtime applies a batch once, with its tracking position), so each candle upsert of
    the batch would have applied; merging the contributions of one bucket in event order
    (``Contribution.merge``: earliest open, latest close, ties to the later) and upserting once
    at the batch's last position of that bucket gives the same row. A symbol's last price is
    its latest tick's, written before any Configured of the symbol moves the row's position."""

    def __init__(self, cur: Cursor[Any], tables: Tables) -> None:
        self.cur, self.sql = cur, SQL.render(tables)
        self.symbols: dict[UUID, str] = {}
        self._known: set[str] = set()
        self._ticked: dict[str, tuple[Decimal, datetime, int]] = {}
        self._candles: dict[tuple[str, str, datetime], tuple[parts.Contribution, int]] = {}

    def symbol(self, e: LoggedEvent, first: type) -> str:
        """The symbol of the event's stream: named by its first event, looked up for the later ones."""
        if e.originator_id in self.symbols:
            return self.symbols[e.originator_id]
        if isinstance(e.event, first):
            symbol: str = e.event.symbol  # type: ignore[attr-defined]
            self.cur.execute(self.sql.stream, (e.originator_id, symbol))  # whose symbol the stream is
        else:
            row = self.cur.execute(self.sql.symbol_of, (e.originator_id,)).fetchone()
            if row is None:  # a stream's first event always precedes the others: a gap is a bug
                raise ValueError(f"market: unknown stream {e.originator_id}")
            symbol = str(row[0])
        self.symbols[e.originator_id] = symbol
        return symbol

    def known(self, symbol: str, pos: int) -> None:
        if symbol not in self._known:  # the first event of the symbol in the batch lists it, as one by one
            self._known.add(symbol)
            self.cur.execute(self.sql.known, {"symbol": symbol, "pos": pos - 1})  # pos - 1: this event still applies

    def ticked(self, symbol: str, price: Decimal, at: datetime, pos: int) -> None:
        self._ticked[symbol] = (price, at, pos)

    def candles(self, symbol: str, contributions: list[parts.Contribution], pos: int) -> None:
        for part in contributions:
            key = (symbol, part.interval, part.t)
            held = self._candles.get(key)
            self._candles[key] = (held[0].merge(part) if held else part, pos)

    def flush_ticked(self) -> None:
        for symbol, (price, at, pos) in self._ticked.items():
            self.cur.execute(self.sql.ticked, {"symbol": symbol, "price": price, "at": at, "pos": pos})
        self._ticked.clear()

    def flush(self) -> None:
        self.flush_ticked()
        if self._candles:  # one upsert per bucket, its contributions merged beforehand
            self.cur.executemany(
                self.sql.candle,
                [{**vars(part), "symbol": symbol, "pos": pos} for (symbol, _, _), (part, pos) in self._candles.items()],
            )
        self._candles.clear()
