"""Publishes every price tick of the log, and each candle its ticks close, to Redis pub/sub, for
``GET /v1/stream/market/{symbol}``.

A projection with one table (each price stream's symbol): the runtime gives it the log in order, exactly once per
committed position, and its lease (one publisher per schema). Pub/sub is lossy by design:
with Redis down a tick is dropped (logged once per outage), and subscribers are told to
``resync`` when the query API's subscription comes back. A crash between publishing and
the tracking commit publishes those ticks again: ``position`` lets a client see it. Ticks
older than ``LIVE_SECONDS`` (a worker catching up after downtime) are not live news and
are not published. Never rebuilt: a rebuild would replay the whole market onto the stream.

Closed candles: the running candle of every interval is kept per symbol (``market_stream_candles``,
the same ``Contribution`` math as the market read model); the first tick in a later bucket closes
it and publishes it as ``{"type": "candle", ...}`` before the tick. These are the candles of the
ticks: ``GET /v1/market/candles`` also counts platform fills and imported history.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

import redis
from psycopg import Cursor, sql

from aggregates.clock import Clock, system_clock
from aggregates.trading.market_price import MarketPrice
from event_store.log import LoggedEvent
from projections.market.contributions import Contribution, trade
from projections.market_stream.channels import channel
from projections.market_stream.statements import SQL, TABLES
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles

log = logging.getLogger(__name__)
_ZERO = Decimal(0)
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
LIVE_SECONDS = 60.0


class MarketStreamProjection(Projection):
    """Ticks (listing and later ticks) → ``{"type": "tick", symbol, price, at, position}`` on the symbol's channel."""

    name: ClassVar[str] = "market_stream"
    tables: ClassVar[tuple[str, ...]] = TABLES
    rebuildable: ClassVar[bool] = False

    def __init__(self, redis_url: str | None = None, now: Clock = system_clock) -> None:
        self.redis_url, self.now = redis_url, now
        self.client: redis.Redis | None = None
        self.symbols: dict[Any, str] = {}  # price stream id → symbol (a Ticked event does not repeat it)
        self._failing = False

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    def open(self, es_env: dict[str, str]) -> None:  # noqa: ARG002
        # The same variable Settings reads (projections may not import astratrade).
        url = self.redis_url or os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
        self.client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    @handles(MarketPrice.Listed, MarketPrice.Ticked)
    def _tick(self, cur: Cursor, t: Tables, e: LoggedEvent) -> None:
        symbol = self._symbol(cur, t, e)
        tick: Any = e.event
        volume = tick.volume or _ZERO
        closed = self._closed_candles(cur, t, symbol, trade(e.timestamp, tick.price, volume, volume * tick.price))
        if (self.now() - e.timestamp.astimezone(UTC)).total_seconds() > LIVE_SECONDS:
            return
        at: datetime = e.timestamp
        for candle in closed:
            self._publish(channel(t.schema, symbol), _candle_message(symbol, candle, e.position))
        message = {
            "type": "tick",
            "symbol": symbol,
            "price": str(tick.price),
            "at": at.isoformat(),
            "position": e.position,
        }
        self._publish(channel(t.schema, symbol), message)

    def _closed_candles(self, cur: Cursor, t: Tables, symbol: str, parts: list[Contribution]) -> list[Contribution]:
        """Merges a tick into the symbol's running candles; returns those it closed (shortest interval first)."""
        rendered = SQL.render(t)
        running = {row[0]: Contribution(*row) for row in cur.execute(rendered.running, (symbol,))}
        closed, rows = [], []
        for part in parts:
            current = running.get(part.interval)
            if current is not None and part.t < current.t:
                continue  # a late tick of a bucket already closed: the stream's candle is final
            if current is not None and part.t > current.t:
                closed.append(current)
            merged = current.merge(part) if current is not None and part.t == current.t else part
            rows.append(
                (
                    symbol,
                    merged.interval,
                    merged.t,
                    merged.first_at,
                    merged.open,
                    merged.high,
                    merged.low,
                    merged.last_at,
                    merged.close,
                    merged.volume,
                    merged.notional,
                    merged.trades,
                )
            )
        cur.executemany(rendered.set_running, rows)
        return closed

    def _symbol(self, cur: Cursor, t: Tables, e: LoggedEvent) -> str:
        stream_id = e.originator_id
        if e.topic == MarketPrice.Listed.TOPIC:
            symbol: str = e.event.symbol  # type: ignore[attr-defined]
            cur.execute(SQL.render(t).listed, (stream_id, symbol))
            self.symbols[stream_id] = symbol
        if stream_id not in self.symbols:  # listed before this process started
            row = cur.execute(SQL.render(t).symbol_of, (stream_id,)).fetchone()
            if row is None:
                raise LookupError(f"market_stream: no listing recorded for price stream {stream_id}")
            self.symbols[stream_id] = row[0]
        return self.symbols[stream_id]

    def _publish(self, name: str, message: dict[str, Any]) -> None:
        assert self.client is not None, "open() connects"
        try:
            self.client.publish(name, json.dumps(message, separators=(",", ":")))
        except redis.RedisError as error:
            if not self._failing:
                log.warning("market stream: Redis unavailable (%s); ticks are not streamed until it returns", error)
            self._failing = True
            return
        self._failing = False


def _candle_message(symbol: str, candle: Contribution, position: int) -> dict[str, Any]:
    """A closed candle as the stream sends it; ``position`` is the log position of the tick that closed it."""
    return {
        "type": "candle",
        "symbol": symbol,
        "interval": candle.interval,
        "t": candle.t.isoformat(),
        "open": str(candle.open),
        "high": str(candle.high),
        "low": str(candle.low),
        "close": str(candle.close),
        "volume": str(candle.volume),
        "trades": candle.trades,
        "position": position,
    }
