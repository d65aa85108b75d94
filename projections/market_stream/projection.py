"""Publishes every price tick of the log to Redis pub/sub, for ``GET /v1/stream/market/{symbol}``.

A projection with one table (each price stream's symbol): the runtime gives it the log in order, exactly once per
committed position, and its lease (one publisher per schema). Pub/sub is lossy by design:
with Redis down a tick is dropped (logged once per outage), and subscribers are told to
``resync`` when the query API's subscription comes back. A crash between publishing and
the tracking commit publishes those ticks again: ``position`` lets a client see it. Ticks
older than ``LIVE_SECONDS`` (a worker catching up after downtime) are not live news and
are not published. Never rebuilt: a rebuild would replay the whole market onto the stream.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import Any, ClassVar

import redis
from psycopg import Cursor, sql

from aggregates.clock import Clock, system_clock
from aggregates.trading.market_price import MarketPrice
from event_store.log import LoggedEvent
from projections.market_stream.channels import channel
from projections.runtime.base import Projection, Tables

log = logging.getLogger(__name__)
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
LIVE_SECONDS = 60.0


class MarketStreamProjection(Projection):
    """Ticks (listing and later ticks) → ``{"type": "tick", symbol, price, at, position}`` on the symbol's channel."""

    name: ClassVar[str] = "market_stream"
    topics: ClassVar[tuple[str, ...]] = (MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC)
    tables: ClassVar[tuple[str, ...]] = ("market_stream_symbols",)
    rebuildable: ClassVar[bool] = False

    def __init__(self, redis_url: str | None = None, now: Clock = system_clock) -> None:
        self.redis_url, self.now = redis_url, now
        self.client: redis.Redis | None = None
        self.symbols: dict[Any, str] = {}  # price stream id → symbol (a Ticked event does not repeat it)
        self._failing = False

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        # A Ticked event does not repeat its symbol: the listing's is kept here, beside the tracking row.
        return [sql.SQL("CREATE TABLE IF NOT EXISTS {} (stream_id uuid PRIMARY KEY, symbol text NOT NULL)").format(
            tables["market_stream_symbols"])]

    def open(self, es_env: dict[str, str]) -> None:  # noqa: ARG002
        # The same variable Settings reads (projections may not import astratrade).
        url = self.redis_url or os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
        self.client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def apply(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> None:
        symbol = self._symbol(cursor, tables, event)
        if (self.now() - event.timestamp.astimezone(UTC)).total_seconds() > LIVE_SECONDS:
            return
        at: datetime = event.timestamp
        message = {"type": "tick", "symbol": symbol, "price": str(event.event.price),  # type: ignore[attr-defined]
                   "at": at.isoformat(), "position": event.position}
        self._publish(channel(tables.schema, symbol), message)

    def _symbol(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> str:
        stream_id = event.originator_id
        if event.topic == MarketPrice.Listed.TOPIC:
            symbol: str = event.event.symbol  # type: ignore[attr-defined]
            cursor.execute(sql.SQL("INSERT INTO {} (stream_id, symbol) VALUES (%s, %s) ON CONFLICT DO NOTHING").format(
                tables["market_stream_symbols"]), (stream_id, symbol))
            self.symbols[stream_id] = symbol
        if stream_id not in self.symbols:  # listed before this process started
            row = cursor.execute(sql.SQL("SELECT symbol FROM {} WHERE stream_id = %s").format(
                tables["market_stream_symbols"]), (stream_id,)).fetchone()
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
