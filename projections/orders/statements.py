"""The SQL of the orders read model: DDL, one idempotent statement per event, the reads of the query API.

| column | meaning |
|---|---|
| order_id, user_id | the order and its owner |
| type, symbol, side, quantity, leverage | what was asked (``market``/``limit``/``stop``) |
| limit_price, stop_price, time_in_force, expires_at | the trigger and how long it rests |
| position_id | the position it adds to, or (once filled) the one it opened |
| status | ``open``, ``filled``, ``cancelled``; ``cancel_reason`` says why it ended unfilled |
| reserved | cash the order holds now (0 once it ended) |
| fill_price, filled_quantity, fee, margin, filled_at | its fill (a market/limit/stop order fills whole); a TWAP/VWAP
order's totals so far, ``fill_price`` its average |
| filled_notional | Σ quantity × price of its fills (the exact numerator of the average fill price) |
| slices, filled_slices | a TWAP/VWAP order's slice count and how many filled (NULL / 0 for the others) |
| placed_at, updated_at, last_event_position | event time and log position of the first / latest change |

``order_slices``: one row per filled TWAP/VWAP slice (``order_id``, ``index``, ``quantity``, ``price``, ``fee``,
``margin``, ``filled_at``).
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

ORDERS, SLICES = "orders", "order_slices"
TABLES = (ORDERS, SLICES)
STATUSES = ("open", "filled", "cancelled")

DDL = (
    """CREATE TABLE IF NOT EXISTS {orders} (
        order_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        type text NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL,
        quantity numeric NOT NULL,
        leverage integer NOT NULL,
        limit_price numeric,
        stop_price numeric,
        time_in_force text NOT NULL,
        expires_at timestamptz,
        position_id uuid,
        status text NOT NULL CHECK (status IN ('open', 'filled', 'cancelled')),
        cancel_reason text,
        reserved numeric NOT NULL,
        fill_price numeric,
        filled_quantity numeric NOT NULL DEFAULT 0,
        fee numeric,
        margin numeric,
        filled_at timestamptz,
        filled_notional numeric NOT NULL DEFAULT 0,
        slices integer,
        filled_slices integer NOT NULL DEFAULT 0,
        placed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {user_idx} ON {orders} (user_id, status, placed_at)",
    """CREATE TABLE IF NOT EXISTS {order_slices} (
        order_id uuid NOT NULL, index integer NOT NULL, quantity numeric NOT NULL, price numeric NOT NULL,
        fee numeric NOT NULL, margin numeric NOT NULL, filled_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, index))""",
)
PLACED = """INSERT INTO {orders} (order_id, user_id, type, symbol, side, quantity, leverage, limit_price, stop_price,
    time_in_force, expires_at, position_id, status, reserved, placed_at, updated_at, last_event_position)
VALUES (%(order_id)s, %(owner_id)s, %(type)s, %(symbol)s, %(side)s, %(quantity)s, %(leverage)s, %(limit_price)s,
    %(stop_price)s, %(time_in_force)s, %(expires_at)s, %(position_id)s, 'open', %(reserved)s, %(at)s, %(at)s, %(pos)s)
ON CONFLICT (order_id) DO NOTHING"""
FILLED = """UPDATE {orders} SET status = 'filled', reserved = 0.00, fill_price = %(price)s,
    filled_quantity = quantity, filled_notional = quantity * %(price)s, fee = %(fee)s, margin = %(margin)s,
    position_id = %(position_id)s,
    filled_at = %(at)s, updated_at = %(at)s, last_event_position = %(pos)s
WHERE order_id = %(order_id)s AND last_event_position < %(pos)s"""
SCHEDULED = """UPDATE {orders} SET slices = %(slices)s, updated_at = %(at)s, last_event_position = %(pos)s
WHERE order_id = %(order_id)s AND last_event_position < %(pos)s"""
# The guard makes a replayed slice a no-op; the average is Σ q·p / Σ q, rounded when read.
SLICE = """UPDATE {orders} SET filled_quantity = filled_quantity + %(quantity)s,
    filled_notional = filled_notional + %(quantity)s * %(price)s, fee = COALESCE(fee, 0) + %(fee)s,
    margin = COALESCE(margin, 0) + %(margin)s, reserved = reserved - %(released)s, position_id = %(position_id)s,
    filled_slices = filled_slices + 1,
    status = CASE WHEN filled_slices + 1 = slices THEN 'filled' ELSE status END,
    filled_at = %(at)s, updated_at = %(at)s, last_event_position = %(pos)s
WHERE order_id = %(order_id)s AND last_event_position < %(pos)s"""
SLICE_ROW = """INSERT INTO {order_slices} (order_id, index, quantity, price, fee, margin, filled_at)
VALUES (%(order_id)s, %(index)s, %(quantity)s, %(price)s, %(fee)s, %(margin)s, %(at)s) ON CONFLICT DO NOTHING"""
SLICES_OF = """SELECT order_id, index, quantity, price, fee, margin, filled_at FROM {order_slices}
WHERE order_id = ANY(%s) ORDER BY order_id, index"""
CANCELLED = """UPDATE {orders} SET status = 'cancelled', reserved = 0.00, cancel_reason = %(reason)s,
    updated_at = %(at)s, last_event_position = %(pos)s
WHERE order_id = %(order_id)s AND last_event_position < %(pos)s"""
_COLUMNS = """SELECT order_id, user_id, type, symbol, side, quantity, leverage, limit_price, stop_price, time_in_force,
    expires_at,
    position_id, status, cancel_reason, reserved, fill_price, filled_quantity, fee, margin, filled_at, placed_at,
    updated_at, filled_notional, slices, filled_slices FROM {orders}"""
ONE = _COLUMNS + " WHERE order_id = %s"
MINE = (
    _COLUMNS
    + """ WHERE user_id = %(user)s AND (%(status)s::text IS NULL OR status = %(status)s)
ORDER BY placed_at DESC, order_id LIMIT %(limit)s"""
)

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"user_idx": (ORDERS, "_user_idx")},
    statements={
        "placed": PLACED,
        "filled": FILLED,
        "scheduled": SCHEDULED,
        "slice": SLICE,
        "slice_row": SLICE_ROW,
        "slices_of": SLICES_OF,
        "cancelled": CANCELLED,
        "one": ONE,
        "mine": MINE,
    },
)
