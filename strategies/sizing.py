"""How much a strategy's position is: a fixed quantity, or a fraction of equity (backtests and bots alike)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Context, Decimal

_WIDE = Context(prec=60)


def quantity_for_fraction(equity: Decimal, fraction: Decimal, leverage: int, price: Decimal, step: Decimal) -> Decimal:
    """``equity × fraction × leverage ÷ price``, floored to the instrument's quantity ``step`` (so it is on the
    grid an open requires, and never more than asked). The margin is then ≈ ``equity × fraction``; the opening fee
    comes on top, so a fraction of 1 leaves no cash for it and the open is refused (docs/backtests.md)."""
    units = _WIDE.divide(
        _WIDE.multiply(_WIDE.multiply(equity, fraction), Decimal(leverage)), _WIDE.multiply(price, step)
    )
    # Written with the step's decimals (27.50000000, not 2.75E+1), like a quantity a trader types.
    return _WIDE.multiply(units.to_integral_value(ROUND_FLOOR, _WIDE), step).quantize(step, context=_WIDE)
