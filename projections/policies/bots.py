"""The bot policy: every running bot decides on each CLOSED candle of its symbol and interval, and trades.

A candle closes when the first tick of a later bucket arrives (the market's own ticks are the only clock a
replay reproduces). The policy builds candles from ticks in ``bot_candles`` (only for markets and intervals a
running bot follows, listed in ``bot_watch``), both updated in the runtime's transaction. On a close, each bot
watching the market at that interval whose start preceded the candle's open (it saw the whole candle) takes
``strategies.engine.decide`` — the one decision point backtests use too — and ``services.bots.BotTrader``
trades and records ``Bot.Decided``.

Strategies keep state (moving windows): the policy holds one instance per bot in memory, built on first use
by feeding it the closed candles the bot already decided on (from ``bot_candles``, up to the aggregate's
last decided candle). So after a restart a bot resumes with the same state, a candle already decided (its
``Decided`` event committed before the crash, the tracking not) is fed but not acted on again, and no closed
candle is skipped: the runtime replays every tick after its tracked position.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.market.intervals import bucket_start
from aggregates.strategies.bot import Bot
from aggregates.strategies.errors import BotNotRunning, CandleAlreadyDecided
from aggregates.trading.market_price import MarketPrice, market_price_id
from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from projections.runtime.statements import StatementSet
from services.bots import BotTrader
from strategies.base import Candle, Strategy
from strategies.engine import decide
from strategies.registry import new_strategy
from strategies.sizing import quantity_for_fraction

WATCH, CANDLES = "bot_watch", "bot_candles"
_DDL = (
    """CREATE TABLE IF NOT EXISTS {bot_watch} (
        bot_id uuid PRIMARY KEY, market_id uuid NOT NULL, interval text NOT NULL,
        started_at timestamptz NOT NULL, started_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {watch_idx} ON {bot_watch} (market_id, interval)",
    """CREATE TABLE IF NOT EXISTS {bot_candles} (
        market_id uuid NOT NULL, interval text NOT NULL, at timestamptz NOT NULL,
        open numeric NOT NULL, high numeric NOT NULL, low numeric NOT NULL, close numeric NOT NULL,
        volume numeric NOT NULL, closed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (market_id, interval, at))""",
)
_WATCHED = "SELECT DISTINCT interval FROM {bot_watch} WHERE market_id = %s ORDER BY interval"
_FORMING = """SELECT at, open, high, low, close, volume FROM {bot_candles}
WHERE market_id = %s AND interval = %s AND NOT closed"""
_CLOSE = "UPDATE {bot_candles} SET closed = true WHERE market_id = %s AND interval = %s AND at = %s"
_EXTEND = """UPDATE {bot_candles} SET high = GREATEST(high, %(p)s), low = LEAST(low, %(p)s), close = %(p)s,
    volume = volume + %(v)s WHERE market_id = %(m)s AND interval = %(i)s AND at = %(at)s"""
_OPEN = """INSERT INTO {bot_candles} (market_id, interval, at, open, high, low, close, volume)
VALUES (%(m)s, %(i)s, %(at)s, %(p)s, %(p)s, %(p)s, %(p)s, %(v)s) ON CONFLICT DO NOTHING"""
# Bots that saw the whole candle: started before it opened (and before this tick, for a replay over a later table).
_DECIDERS = """SELECT bot_id FROM {bot_watch} WHERE market_id = %s AND interval = %s AND started_at <= %s
    AND started_position < %s ORDER BY started_position"""
_HISTORY = """SELECT at, open, high, low, close, volume FROM {bot_candles}
WHERE market_id = %s AND interval = %s AND closed AND at >= %s AND at <= %s ORDER BY at"""
_STARTED = "INSERT INTO {bot_watch} VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
_STOPPED = "DELETE FROM {bot_watch} WHERE bot_id = %s"

SQL = StatementSet(
    tables=(WATCH, CANDLES),
    ddl=_DDL,
    indexes={"watch_idx": (WATCH, "_market_idx")},
    statements={
        "watched": _WATCHED,
        "forming": _FORMING,
        "close": _CLOSE,
        "extend": _EXTEND,
        "open": _OPEN,
        "deciders": _DECIDERS,
        "history": _HISTORY,
        "started": _STARTED,
        "stopped": _STOPPED,
    },
)


class BotPolicy(Policy):
    """Runs every bot on the closed candles of its symbol and interval, exactly once per candle."""

    name: ClassVar[str] = "bots"
    tables: ClassVar[tuple[str, ...]] = (WATCH, CANDLES)

    def __init__(self) -> None:
        super().__init__()
        self._minds: dict[UUID, tuple[Strategy, datetime | None]] = {}  # bot → strategy, last candle fed

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    def close(self) -> None:
        super().close()
        self._minds.clear()

    @handles(Bot.Started)
    def _started(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        started = cast(Bot.Started, event.event)
        cursor.execute(
            SQL.render(tables).started,
            (event.originator_id, market_price_id(started.symbol), started.interval, event.timestamp, event.position),
        )

    @handles(Bot.Stopped)
    def _stopped(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        cursor.execute(SQL.render(tables).stopped, (event.originator_id,))
        self._minds.pop(event.originator_id, None)

    @handles(MarketPrice.Listed, MarketPrice.Ticked)
    def _tick(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        market = event.originator_id
        price = cast(Decimal, event.event.price)  # type: ignore[attr-defined]
        volume = cast(Decimal | None, getattr(event.event, "volume", None)) or Decimal(0)
        for (interval,) in cursor.execute(SQL.render(tables).watched, (market,)).fetchall():
            at = bucket_start(event.timestamp, interval)
            row = cursor.execute(SQL.render(tables).forming, (market, interval)).fetchone()
            params = {"m": market, "i": interval, "p": price, "v": volume}
            if row is not None and at <= row[0]:
                # A tick stamped at or before the forming candle's open (clocks are not perfectly monotonic)
                # still belongs to it: a closed candle never changes.
                cursor.execute(SQL.render(tables).extend, {**params, "at": row[0]})
                continue
            if row is not None:
                cursor.execute(SQL.render(tables).close, (market, interval, row[0]))
                self._closed(cursor, tables, event, interval, Candle(*row))
            cursor.execute(SQL.render(tables).open, {**params, "at": at})

    def _closed(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent, interval: str, candle: Candle) -> None:
        deciders = cursor.execute(
            SQL.render(tables).deciders, (event.originator_id, interval, candle.at, event.position)
        ).fetchall()
        for (bot_id,) in deciders:
            self._decide(cursor, tables, event, bot_id, candle)

    def _decide(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent, bot_id: UUID, candle: Candle) -> None:
        trader = BotTrader(self.runner_for(event), quantity_for_fraction)
        strategy, fed = self._mind(cursor, tables, trader.bot(bot_id), event.originator_id)
        if fed is not None and candle.at <= fed:
            return  # decided before a restart: its Decided event is in the log already
        exposure = decide(strategy, candle)
        self._minds[bot_id] = (strategy, candle.at)
        try:
            trader.act(bot_id, candle.at, exposure, correlation=str(event.position))
        except (CandleAlreadyDecided, BotNotRunning):
            pass  # a replay of this tick, or stopped by its owner after this tick (the stop wins)

    def _mind(self, cursor: Cursor[Any], tables: Tables, bot: Bot, market: UUID) -> tuple[Strategy, datetime | None]:
        """The bot's strategy with every candle it already decided on fed to it (rebuilt after a restart)."""
        if bot.id in self._minds:
            return self._minds[bot.id]
        strategy = new_strategy(bot.strategy, bot.params)
        if bot.last_candle_at is not None:
            history = cursor.execute(
                SQL.render(tables).history, (market, bot.interval, bot.created_on, bot.last_candle_at)
            ).fetchall()
            for row in history:
                decide(strategy, Candle(*row))
        self._minds[bot.id] = (strategy, bot.last_candle_at)
        return self._minds[bot.id]
