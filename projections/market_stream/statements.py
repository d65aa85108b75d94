"""The SQL of the market stream's own tables: each price stream's symbol (a Ticked event does not
repeat it) and each symbol's running candle of every interval."""

from __future__ import annotations

from projections.runtime.statements import StatementSet

SYMBOLS, CANDLES = "market_stream_symbols", "market_stream_candles"
TABLES = (SYMBOLS, CANDLES)

DDL = (
    "CREATE TABLE IF NOT EXISTS {market_stream_symbols} (stream_id uuid PRIMARY KEY, symbol text NOT NULL)",
    """CREATE TABLE IF NOT EXISTS {market_stream_candles} (
                    symbol text NOT NULL, interval text NOT NULL, t timestamptz NOT NULL,
                    first_at timestamptz NOT NULL, open numeric NOT NULL, high numeric NOT NULL,
                    low numeric NOT NULL, last_at timestamptz NOT NULL, close numeric NOT NULL,
                    volume numeric NOT NULL, notional numeric NOT NULL, trades integer NOT NULL,
                    PRIMARY KEY (symbol, interval))""",
)
LISTED = "INSERT INTO {market_stream_symbols} (stream_id, symbol) VALUES (%s, %s) ON CONFLICT DO NOTHING"
SYMBOL_OF = "SELECT symbol FROM {market_stream_symbols} WHERE stream_id = %s"
RUNNING = """SELECT interval, t, first_at, open, high, low, last_at, close, volume, notional, trades
 FROM {market_stream_candles} WHERE symbol = %s"""
SET_RUNNING = """INSERT INTO {market_stream_candles} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
 ON CONFLICT (symbol, interval) DO UPDATE SET t = EXCLUDED.t, first_at = EXCLUDED.first_at, open = EXCLUDED.open,
 high = EXCLUDED.high, low = EXCLUDED.low, last_at = EXCLUDED.last_at, close = EXCLUDED.close,
 volume = EXCLUDED.volume, notional = EXCLUDED.notional, trades = EXCLUDED.trades"""

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    statements={"listed": LISTED, "symbol_of": SYMBOL_OF, "running": RUNNING, "set_running": SET_RUNNING},
)
