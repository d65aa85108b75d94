"""The SQL of the analytics read model: DDL and the one statement each event runs.

Everything lives in the schema of the ``Tables`` passed in (meant to be a schema
of its own, ``analytics``, that the read-only ``analyst`` role may read). Money,
prices and quantities are NUMERIC (exact), never float.

One statement per event: a data-modifying CTE inserts the trade fact and, only if
that insert happened (``ON CONFLICT DO NOTHING ... RETURNING``), adds it to the
hourly and daily rollups and to the traders' activity. So a repeated event changes
nothing, and the statements never fetch nor read ``rowcount`` (pipeline-safe).
The engagement tables (XP, achievements, clan sizes) follow the same rules;
their SQL is in ``engagement``.
"""

from __future__ import annotations

from projections.analytics import engagement
from projections.runtime.statements import StatementSet

TRADE_FACTS = "trade_facts"
VOLUME_HOURLY, VOLUME_DAILY = "volume_hourly", "volume_daily"
ACTIVITY_HOURLY, ACTIVITY_DAILY = "trader_activity_hourly", "trader_activity_daily"
TRADE_TABLES = (TRADE_FACTS, VOLUME_HOURLY, VOLUME_DAILY, ACTIVITY_HOURLY, ACTIVITY_DAILY)
TABLES = TRADE_TABLES + engagement.TABLES
# A position's trades: its open, each order adding to it, each partial close, its final close or liquidation.
KINDS = ("open", "increase", "partial", "close", "liquidation")

_VOLUME_COLUMNS = """symbol text NOT NULL,
        volume numeric NOT NULL,
        trade_count integer NOT NULL,
        open_count integer NOT NULL,
        close_count integer NOT NULL,
        liquidation_count integer NOT NULL,
        fees numeric NOT NULL,
        net_pnl numeric NOT NULL"""
_ACTIVITY_COLUMNS = """user_id uuid NOT NULL,
        trade_count integer NOT NULL,
        volume numeric NOT NULL"""

DDL = (
    "CREATE SCHEMA IF NOT EXISTS {schema}",
    """CREATE TABLE IF NOT EXISTS {trade_facts} (
        position_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('open', 'increase', 'partial', 'close', 'liquidation')),
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL CHECK (side IN ('long', 'short')),
        quantity numeric NOT NULL,
        price numeric NOT NULL,
        notional numeric NOT NULL,
        fee numeric NOT NULL,
        leverage integer NOT NULL,
        margin numeric NOT NULL,
        gross_pnl numeric,
        net_pnl numeric,
        uncovered_loss numeric,
        occurred_at timestamptz NOT NULL,
        log_position bigint NOT NULL,
        PRIMARY KEY (position_id, kind, log_position))""",
    "CREATE INDEX IF NOT EXISTS {facts_time_idx} ON {trade_facts} (occurred_at)",
    # The P&L distribution source: closed trades only, index-only scans by window.
    "CREATE INDEX IF NOT EXISTS {facts_pnl_idx} ON {trade_facts} (occurred_at) INCLUDE (net_pnl)"
    " WHERE net_pnl IS NOT NULL",
    f"CREATE TABLE IF NOT EXISTS {{volume_hourly}} (hour timestamptz NOT NULL, {_VOLUME_COLUMNS},"
    " PRIMARY KEY (hour, symbol))",
    f"CREATE TABLE IF NOT EXISTS {{volume_daily}} (day date NOT NULL, {_VOLUME_COLUMNS}, PRIMARY KEY (day, symbol))",
    f"CREATE TABLE IF NOT EXISTS {{trader_activity_hourly}} (hour timestamptz NOT NULL, {_ACTIVITY_COLUMNS},"
    " PRIMARY KEY (hour, user_id))",
    f"CREATE TABLE IF NOT EXISTS {{trader_activity_daily}} (day date NOT NULL, {_ACTIVITY_COLUMNS},"
    " PRIMARY KEY (day, user_id))",
)

OPEN_FACT = """INSERT INTO {trade_facts} (position_id, kind, user_id, symbol, side, quantity, price, notional, fee,
        leverage, margin, occurred_at, log_position)
    VALUES (%(position_id)s, 'open', %(user_id)s, %(symbol)s, %(side)s, %(quantity)s, %(price)s, %(notional)s,
        %(fee)s, %(leverage)s, %(margin)s, %(at)s, %(pos)s)
    ON CONFLICT (position_id, kind, log_position) DO NOTHING RETURNING user_id, symbol, kind, notional, fee, net_pnl"""

# Close, increase and partial close events carry no user, symbol nor side: they come from the open
# row. LEFT JOIN so one whose open is missing fails (NOT NULL user_id) and is parked by the
# runtime, instead of vanishing silently from the figures. A final close or liquidation closes what
# is left: the open's quantity, plus every increase, less every partial close (its notional is that
# quantity at the exit price).
_LEFT = """(SELECT sum(CASE f.kind WHEN 'partial' THEN -f.quantity ELSE f.quantity END) FROM {trade_facts} f
        WHERE f.position_id = %(position_id)s AND f.kind IN ('open', 'increase', 'partial'))"""
_FROM_OPEN = """FROM (VALUES (1)) AS one
    LEFT JOIN {trade_facts} o ON o.position_id = %(position_id)s AND o.kind = 'open'
    ON CONFLICT (position_id, kind, log_position) DO NOTHING RETURNING user_id, symbol, kind, notional, fee, net_pnl"""
CLOSE_FACT = f"""INSERT INTO {{trade_facts}} (position_id, kind, user_id, symbol, side, quantity, price, notional, fee,
        leverage, margin, gross_pnl, net_pnl, uncovered_loss, occurred_at, log_position)
    SELECT %(position_id)s, %(kind)s, o.user_id, o.symbol, o.side, {_LEFT}, %(price)s, {_LEFT} * %(price)s,
        %(fee)s, o.leverage, o.margin, %(gross_pnl)s, %(net_pnl)s, %(uncovered_loss)s, %(at)s, %(pos)s
    {_FROM_OPEN}"""
# A partial close: its own quantity at its exit price, its P&L and closing fee, the margin it released.
PARTIAL_FACT = f"""INSERT INTO {{trade_facts}} (position_id, kind, user_id, symbol, side, quantity, price, notional,
        fee, leverage, margin, gross_pnl, net_pnl, uncovered_loss, occurred_at, log_position)
    SELECT %(position_id)s, 'partial', o.user_id, o.symbol, o.side, %(quantity)s, %(price)s, %(quantity)s * %(price)s,
        %(fee)s, o.leverage, %(margin)s, %(gross_pnl)s, %(net_pnl)s, %(uncovered_loss)s, %(at)s, %(pos)s
    {_FROM_OPEN}"""
# An order adding to the position: its quantity at its price, its fee and the margin it added.
INCREASE_FACT = f"""INSERT INTO {{trade_facts}} (position_id, kind, user_id, symbol, side, quantity, price, notional,
        fee, leverage, margin, occurred_at, log_position)
    SELECT %(position_id)s, 'increase', o.user_id, o.symbol, o.side, %(quantity)s, %(price)s,
        %(quantity)s * %(price)s, %(fee)s, o.leverage, %(margin)s, %(at)s, %(pos)s
    {_FROM_OPEN}"""

VOLUME_ROLLUP = """INSERT INTO {table} AS v ({bucket}, symbol, volume, trade_count, open_count, close_count,
        liquidation_count, fees, net_pnl)
    SELECT {bucket_value}, symbol, notional, 1, (kind = 'open')::int, (kind = 'close')::int,
        (kind = 'liquidation')::int, fee, COALESCE(net_pnl, 0.00) FROM fact
    ON CONFLICT ({bucket}, symbol) DO UPDATE SET volume = v.volume + EXCLUDED.volume,
        trade_count = v.trade_count + 1, open_count = v.open_count + EXCLUDED.open_count,
        close_count = v.close_count + EXCLUDED.close_count,
        liquidation_count = v.liquidation_count + EXCLUDED.liquidation_count,
        fees = v.fees + EXCLUDED.fees, net_pnl = v.net_pnl + EXCLUDED.net_pnl"""

ACTIVITY_ROLLUP = """INSERT INTO {table} AS a ({bucket}, user_id, trade_count, volume)
    SELECT {bucket_value}, user_id, 1, notional FROM fact
    ON CONFLICT ({bucket}, user_id) DO UPDATE SET trade_count = a.trade_count + 1,
        volume = a.volume + EXCLUDED.volume"""

# One statement per event: the fact, then every rollup of what the fact insert returned.
RECORD = """WITH fact AS ({fact}),
hourly AS ({volume_hourly}),
daily AS ({volume_daily}),
active_hour AS ({activity_hourly})
{activity_daily}"""
# The rollups' slots filled here, the tables' placeholders left for the renderer.
_ROLLUPS = {
    "volume_hourly": VOLUME_ROLLUP.format(table="{volume_hourly}", bucket='"hour"', bucket_value="%(hour)s"),
    "volume_daily": VOLUME_ROLLUP.format(table="{volume_daily}", bucket='"day"', bucket_value="%(day)s"),
    "activity_hourly": ACTIVITY_ROLLUP.format(
        table="{trader_activity_hourly}", bucket='"hour"', bucket_value="%(hour)s"
    ),
    "activity_daily": ACTIVITY_ROLLUP.format(table="{trader_activity_daily}", bucket='"day"', bucket_value="%(day)s"),
}


def _record(fact: str) -> str:
    return RECORD.format(fact=fact, **_ROLLUPS)


SQL = StatementSet(
    tables=TABLES,
    ddl=DDL + engagement.DDL,
    indexes={
        "facts_time_idx": (TRADE_FACTS, "_occurred_at_idx"),
        "facts_pnl_idx": (TRADE_FACTS, "_closes_idx"),
        **engagement.INDEXES,
    },
    statements={
        "record_open": _record(OPEN_FACT),
        "record_close": _record(CLOSE_FACT),
        "record_partial": _record(PARTIAL_FACT),
        "record_increase": _record(INCREASE_FACT),
        "award_xp": engagement.AWARD_XP,
        "unlock_achievement": engagement.UNLOCK_ACHIEVEMENT,
        "found_clan": engagement.FOUND_CLAN,
        "move_member": engagement.MOVE_MEMBER,
    },
)
