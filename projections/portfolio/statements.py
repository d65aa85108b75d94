"""The SQL of the portfolio read model: DDL, one statement per write, the reads.

Money, prices and quantities are NUMERIC (exact), never float. Every write is a
single statement that fetches nothing, so the runtime may pipeline them; each is
idempotent when the same event is applied again (``last_event_position`` guards,
``ON CONFLICT DO NOTHING``, the ``status = 'open'`` guard on close).
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

ACCOUNTS, WALLETS, POSITIONS, PRICES = (
    "portfolio_accounts",
    "portfolio_wallets",
    "portfolio_positions",
    "portfolio_market_prices",
)
TABLES = (ACCOUNTS, WALLETS, POSITIONS, PRICES)

DDL = (
    """CREATE TABLE IF NOT EXISTS {portfolio_accounts} (
        user_id uuid PRIMARY KEY,
        realized_pnl numeric NOT NULL DEFAULT 0.00,
        closed_positions integer NOT NULL DEFAULT 0,
        opened_at timestamptz,
        last_event_position bigint NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {portfolio_wallets} (
        wallet_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        currency text NOT NULL,
        cash numeric NOT NULL DEFAULT 0.00,
        reserved_margin numeric NOT NULL DEFAULT 0.00,
        total_deposits numeric NOT NULL DEFAULT 0.00,
        total_withdrawals numeric NOT NULL DEFAULT 0.00,
        fees_paid numeric NOT NULL DEFAULT 0.00,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {wallets_user_idx} ON {portfolio_wallets} (user_id)",
    """CREATE TABLE IF NOT EXISTS {portfolio_positions} (
        position_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL CHECK (side IN ('long', 'short')),
        quantity numeric NOT NULL,
        leverage integer NOT NULL,
        entry_price numeric NOT NULL,
        notional numeric NOT NULL,
        margin numeric NOT NULL,
        fee numeric NOT NULL,
        liquidation_price numeric NOT NULL,
        opened_at timestamptz NOT NULL,
        opened_event_position bigint NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_at timestamptz,
        exit_price numeric,
        gross_pnl numeric,
        close_fee numeric,
        net_pnl numeric,
        uncovered_loss numeric,
        closed_event_position bigint)""",
    "ALTER TABLE {portfolio_wallets} ADD COLUMN IF NOT EXISTS held_by_orders numeric NOT NULL DEFAULT 0.00",
    # Guards the partial closes and margin additions of a position against being applied twice.
    "ALTER TABLE {portfolio_positions} ADD COLUMN IF NOT EXISTS changed_event_position bigint NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS {positions_open_idx} ON {portfolio_positions} (user_id) WHERE status = 'open'",
    "CREATE INDEX IF NOT EXISTS {positions_user_idx} ON {portfolio_positions} (user_id, closed_at)",
    """CREATE TABLE IF NOT EXISTS {portfolio_market_prices} (
        price_id uuid PRIMARY KEY,
        symbol text NOT NULL UNIQUE,
        price numeric NOT NULL,
        ticked_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
)

OPEN_WALLET = """WITH account AS (
    INSERT INTO {portfolio_accounts} (user_id, opened_at, last_event_position)
    VALUES (%(user_id)s, %(at)s, %(pos)s) ON CONFLICT (user_id) DO NOTHING)
INSERT INTO {portfolio_wallets} (wallet_id, user_id, currency, opened_at, updated_at, last_event_position)
VALUES (%(wallet_id)s, %(user_id)s, %(currency)s, %(at)s, %(at)s, %(pos)s) ON CONFLICT (wallet_id) DO NOTHING"""

_WALLET_UPDATE = """UPDATE {{portfolio_wallets}} SET {changes}, updated_at = %(at)s, last_event_position = %(pos)s
WHERE wallet_id = %(wallet_id)s AND last_event_position < %(pos)s"""
DEPOSIT = _WALLET_UPDATE.format(changes="cash = cash + %(amount)s, total_deposits = total_deposits + %(amount)s")
WITHDRAW = _WALLET_UPDATE.format(changes="cash = cash - %(amount)s, total_withdrawals = total_withdrawals + %(amount)s")
RESERVE = _WALLET_UPDATE.format(
    changes="cash = cash - %(margin)s - %(fee)s, reserved_margin = reserved_margin + %(margin)s, "
    "fees_paid = fees_paid + %(fee)s"
)
RELEASE = _WALLET_UPDATE.format(
    changes="cash = cash + %(margin)s + %(gross_pnl)s - %(fee)s, reserved_margin = reserved_margin - %(margin)s, "
    "fees_paid = fees_paid + %(fee)s"
)
# A liquidation forfeits the reserved margin; NFT trades and subscriptions only move cash.
FORFEIT = _WALLET_UPDATE.format(changes="reserved_margin = reserved_margin - %(margin)s")
MOVE_CASH = _WALLET_UPDATE.format(changes="cash = cash + %(delta)s")
# A resting order's reservation: cash held (negative ``delta``: released back to cash).
HOLD = _WALLET_UPDATE.format(changes="cash = cash - %(delta)s, held_by_orders = held_by_orders + %(delta)s")

OPEN_POSITION = """INSERT INTO {portfolio_positions} (position_id, user_id, symbol, side, quantity, leverage,
    entry_price, notional, margin, fee, liquidation_price, opened_at, opened_event_position)
VALUES (%(position_id)s, %(user_id)s, %(symbol)s, %(side)s, %(quantity)s, %(leverage)s, %(entry_price)s,
    %(notional)s, %(margin)s, %(fee)s, %(liquidation_price)s, %(at)s, %(pos)s)
ON CONFLICT (position_id) DO NOTHING"""

# The position's own guard (status = 'open') makes a repeated close a no-op for both tables.
CLOSE_POSITION = """WITH closed AS (
    UPDATE {portfolio_positions} SET status = 'closed', closed_at = %(at)s, exit_price = %(exit_price)s,
        gross_pnl = %(gross_pnl)s, close_fee = %(fee)s, net_pnl = %(net_pnl)s,
        uncovered_loss = %(uncovered_loss)s, closed_event_position = %(pos)s
    WHERE position_id = %(position_id)s AND status = 'open'
    RETURNING user_id, net_pnl)
INSERT INTO {portfolio_accounts} AS a (user_id, realized_pnl, closed_positions, last_event_position)
SELECT user_id, net_pnl, 1, %(pos)s FROM closed
ON CONFLICT (user_id) DO UPDATE SET realized_pnl = a.realized_pnl + EXCLUDED.realized_pnl,
    closed_positions = a.closed_positions + 1, last_event_position = EXCLUDED.last_event_position"""

# A partial close: the position keeps the rest; its net P&L is realized now (not a closed position yet).
PARTIAL_CLOSE = """WITH changed AS (
    UPDATE {portfolio_positions} SET quantity = %(remaining_quantity)s, margin = %(remaining_margin)s,
        fee = fee - %(open_fee)s, notional = %(remaining_quantity)s * entry_price,
        liquidation_price = %(liquidation_price)s, changed_event_position = %(pos)s
    WHERE position_id = %(position_id)s AND status = 'open' AND changed_event_position < %(pos)s
    RETURNING user_id)
UPDATE {portfolio_accounts} a SET realized_pnl = a.realized_pnl + %(net_pnl)s, last_event_position = %(pos)s
FROM changed WHERE a.user_id = changed.user_id"""
# An order's fill added to the position: the new totals (weighted entry price, margin, fee paid).
INCREASE = """UPDATE {portfolio_positions} SET quantity = %(total_quantity)s, entry_price = %(entry_price)s,
    margin = %(margin)s, fee = fee + %(fee)s, notional = %(total_quantity)s * %(entry_price)s,
    liquidation_price = %(liquidation_price)s, changed_event_position = %(pos)s
WHERE position_id = %(position_id)s AND status = 'open' AND changed_event_position < %(pos)s"""
ADD_MARGIN = """UPDATE {portfolio_positions} SET margin = %(margin)s, liquidation_price = %(liquidation_price)s,
    changed_event_position = %(pos)s
WHERE position_id = %(position_id)s AND status = 'open' AND changed_event_position < %(pos)s"""

LIST_PRICE = """INSERT INTO {portfolio_market_prices} (price_id, symbol, price, ticked_at, last_event_position)
VALUES (%(price_id)s, %(symbol)s, %(price)s, %(at)s, %(pos)s) ON CONFLICT (price_id) DO NOTHING"""
TICK_PRICE = """UPDATE {portfolio_market_prices}
SET price = %(price)s, ticked_at = %(at)s, last_event_position = %(pos)s
WHERE price_id = %(price_id)s AND last_event_position < %(pos)s"""

READ_ACCOUNT = "SELECT realized_pnl, closed_positions FROM {portfolio_accounts} WHERE user_id = %s"
READ_WALLETS = """SELECT currency, cash, reserved_margin, total_deposits, total_withdrawals, fees_paid,
    held_by_orders FROM {portfolio_wallets} WHERE user_id = %s ORDER BY currency"""
READ_OPEN_POSITIONS = """SELECT p.position_id, p.symbol, p.side, p.quantity, p.leverage, p.entry_price, p.margin,
    p.fee, p.liquidation_price, p.opened_at, COALESCE(m.price, p.entry_price) AS mark_price
FROM {portfolio_positions} p LEFT JOIN {portfolio_market_prices} m ON m.symbol = p.symbol
WHERE p.user_id = %s AND p.status = 'open' ORDER BY p.opened_event_position"""


SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={
        "wallets_user_idx": (WALLETS, "_user_idx"),
        "positions_open_idx": (POSITIONS, "_open_idx"),
        "positions_user_idx": (POSITIONS, "_user_idx"),
    },
    statements={
        "open_wallet": OPEN_WALLET,
        "deposit": DEPOSIT,
        "withdraw": WITHDRAW,
        "reserve": RESERVE,
        "release": RELEASE,
        "forfeit": FORFEIT,
        "move_cash": MOVE_CASH,
        "hold": HOLD,
        "increase": INCREASE,
        "open_position": OPEN_POSITION,
        "close_position": CLOSE_POSITION,
        "partial_close": PARTIAL_CLOSE,
        "add_margin": ADD_MARGIN,
        "list_price": LIST_PRICE,
        "tick_price": TICK_PRICE,
        "read_account": READ_ACCOUNT,
        "read_wallets": READ_WALLETS,
        "read_open_positions": READ_OPEN_POSITIONS,
    },
)
