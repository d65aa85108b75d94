"""SQL of the market read models (tables documented in docs/read-models.md, "Market"): DDL, writes, reads."""

from __future__ import annotations

from projections.runtime.statements import StatementSet

INSTRUMENTS, CANDLES, FILLS, STREAMS = "market_instruments", "market_candles", "market_positions", "market_streams"
TABLES = (INSTRUMENTS, CANDLES, FILLS, STREAMS)

DDL = (
    """CREATE TABLE IF NOT EXISTS {market_instruments} (
        symbol text PRIMARY KEY,
        configured boolean NOT NULL DEFAULT false,
        tick_size numeric, quantity_step numeric, max_leverage int, max_move_pct numeric, min_notional numeric,
        stale_after_seconds int, status text,
        last_price numeric, last_tick_at timestamptz,
        last_event_position bigint NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {market_candles} (
        symbol text NOT NULL, interval text NOT NULL, t timestamptz NOT NULL,
        open numeric NOT NULL, high numeric NOT NULL, low numeric NOT NULL, close numeric NOT NULL,
        volume numeric NOT NULL, notional numeric NOT NULL, trades int NOT NULL,
        first_at timestamptz NOT NULL, last_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL,
        PRIMARY KEY (symbol, interval, t))""",
    """CREATE TABLE IF NOT EXISTS {market_positions} (
        position_id uuid PRIMARY KEY, symbol text NOT NULL, quantity numeric NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS {market_streams} (aggregate_id uuid PRIMARY KEY, symbol text NOT NULL)",
)

# A symbol appears on its first tick, its configuration or its first imported candle, whichever comes first.
KNOWN = """INSERT INTO {market_instruments} (symbol, last_event_position) VALUES (%(symbol)s, %(pos)s)
ON CONFLICT (symbol) DO NOTHING"""
TICKED = """UPDATE {market_instruments} SET last_price = %(price)s, last_tick_at = %(at)s, last_event_position = %(pos)s
WHERE symbol = %(symbol)s AND last_event_position < %(pos)s"""
CONFIGURED = """UPDATE {market_instruments} SET configured = true, tick_size = %(tick_size)s,
    quantity_step = %(quantity_step)s, max_leverage = %(max_leverage)s, max_move_pct = %(max_move_pct)s,
    min_notional = %(min_notional)s, stale_after_seconds = %(stale_after_seconds)s, status = %(status)s,
    last_event_position = %(pos)s
WHERE symbol = %(symbol)s AND last_event_position < %(pos)s"""
# The guard on last_event_position makes applying one event twice a no-op (one event touches a bucket once).
CANDLE = """INSERT INTO {market_candles} AS c (symbol, interval, t, open, high, low, close, volume, notional, trades,
    first_at, last_at, last_event_position)
VALUES (%(symbol)s, %(interval)s, %(t)s, %(open)s, %(high)s, %(low)s, %(close)s, %(volume)s, %(notional)s,
    %(trades)s, %(first_at)s, %(last_at)s, %(pos)s)
ON CONFLICT (symbol, interval, t) DO UPDATE SET
    open = CASE WHEN EXCLUDED.first_at < c.first_at THEN EXCLUDED.open ELSE c.open END,
    first_at = LEAST(c.first_at, EXCLUDED.first_at),
    close = CASE WHEN EXCLUDED.last_at >= c.last_at THEN EXCLUDED.close ELSE c.close END,
    last_at = GREATEST(c.last_at, EXCLUDED.last_at),
    high = GREATEST(c.high, EXCLUDED.high), low = LEAST(c.low, EXCLUDED.low),
    volume = c.volume + EXCLUDED.volume, notional = c.notional + EXCLUDED.notional,
    trades = c.trades + EXCLUDED.trades, last_event_position = EXCLUDED.last_event_position
WHERE c.last_event_position < EXCLUDED.last_event_position"""
FILL_OPENED = """INSERT INTO {market_positions} (position_id, symbol, quantity) VALUES (%s, %s, %s)
ON CONFLICT (position_id) DO NOTHING"""
FILL_OF = "SELECT symbol, quantity FROM {market_positions} WHERE position_id = %s"
STREAM = "INSERT INTO {market_streams} (aggregate_id, symbol) VALUES (%s, %s) ON CONFLICT (aggregate_id) DO NOTHING"
SYMBOL_OF = "SELECT symbol FROM {market_streams} WHERE aggregate_id = %s"

INSTRUMENT_ROWS = """SELECT symbol, configured, tick_size, quantity_step, max_leverage, max_move_pct, min_notional,
    stale_after_seconds, status, last_price, last_tick_at FROM {market_instruments}"""
CANDLES_FROM = """SELECT t, open, high, low, close, volume, trades, notional FROM {market_candles}
WHERE symbol = %(symbol)s AND interval = %(interval)s AND t >= %(start)s AND t < %(end)s ORDER BY t LIMIT %(limit)s"""
CANDLES_LATEST = """SELECT * FROM (SELECT t, open, high, low, close, volume, trades, notional FROM {market_candles}
WHERE symbol = %(symbol)s AND interval = %(interval)s AND t >= %(start)s AND t < %(end)s ORDER BY t DESC
LIMIT %(limit)s) latest ORDER BY t"""
TICKER = """SELECT i.symbol, i.last_price, i.last_tick_at,
    (SELECT open FROM {market_candles} c WHERE c.symbol = i.symbol AND c.interval = '1m'
      AND c.t > i.last_tick_at - interval '1 day' ORDER BY c.t LIMIT 1) AS open,
    w.high, w.low, COALESCE(w.volume, 0) AS volume, COALESCE(w.notional, 0) AS notional
FROM {market_instruments} i LEFT JOIN LATERAL (
    SELECT max(high) AS high, min(low) AS low, sum(volume) AS volume, sum(notional) AS notional FROM {market_candles} c
    WHERE c.symbol = i.symbol AND c.interval = '1m' AND c.t > i.last_tick_at - interval '1 day') w ON true"""
IS_KNOWN = "SELECT 1 FROM {market_instruments} WHERE symbol = %s"

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    statements={
        "known": KNOWN,
        "ticked": TICKED,
        "configured": CONFIGURED,
        "candle": CANDLE,
        "fill_opened": FILL_OPENED,
        "fill_of": FILL_OF,
        "stream": STREAM,
        "symbol_of": SYMBOL_OF,
        "instruments": INSTRUMENT_ROWS + " ORDER BY symbol",
        "candles_from": CANDLES_FROM,
        "candles_latest": CANDLES_LATEST,
        "tickers": TICKER + " ORDER BY i.symbol",
        "ticker": TICKER + " WHERE i.symbol = %(symbol)s ORDER BY i.symbol",
        "is_known": IS_KNOWN,
    },
)
