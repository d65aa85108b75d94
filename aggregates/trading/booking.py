"""A position's opening and ending booked in its owner's wallet: the pairs of aggregate calls that every path
which trades makes together, so live commands (services/trading.py, services/liquidation.py) and backtests
(strategies/account.py) book them by the same code. The caller saves both aggregates (or, in a backtest, keeps
them in memory)."""

from __future__ import annotations

from decimal import Decimal

from aggregates import money
from aggregates.money import FEE_RATE, MIN_NOTIONAL, Side
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet


def open_position(
    wallet: Wallet,
    symbol: str,
    side: Side,
    quantity: Decimal,
    leverage: int,
    price: Decimal,
    *,
    min_notional: Decimal = MIN_NOTIONAL,
    fee_rate: Decimal = FEE_RATE,
) -> Position:
    """Open for the wallet's owner at ``price``; its margin is reserved and its opening fee paid from cash
    (InsufficientFunds when they exceed it)."""
    position = Position.open(
        wallet.owner_id, symbol, side, quantity, leverage, price, min_notional=min_notional, fee_rate=fee_rate
    )
    wallet.reserve_margin(position.id, position.margin, position.fee)
    return position


def close_position(
    wallet: Wallet,
    position: Position,
    price: Decimal,
    quantity: Decimal | None = None,
    *,
    min_notional: Decimal = MIN_NOTIONAL,
    fee_rate: Decimal = FEE_RATE,
) -> tuple[money.Settlement, Decimal]:
    """Close the whole position (or ``quantity`` of it) at ``price``: the margin it releases goes back to cash with
    the (loss-capped) P&L, less the closing fee. Answers the settlement and the margin released."""
    margin_before = position.margin
    if quantity is None:
        settlement = position.close(price, fee_rate=fee_rate)
    else:
        settlement = position.close_part(quantity, price, min_notional=min_notional)
    released = margin_before - position.margin if position.is_open else margin_before
    wallet.release_margin(position.id, released, settlement.gross_pnl, settlement.fee)
    return settlement, released


def liquidate_position(wallet: Wallet, position: Position, price: Decimal) -> money.Settlement:
    """Liquidate at ``price``: the whole margin is forfeited (the loss), no closing fee, nothing back to cash."""
    settlement = position.liquidate(price)
    wallet.forfeit_margin(position.id, position.margin)
    return settlement
