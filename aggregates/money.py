"""Pure money math of api.md "Business rules". Decimal only, never float.

Cash is USD quantized to 0.01 with banker's rounding at every booking, except
fees and margin, which round up to the cent (api.md "Rule changes in v1.1"); prices
and quantities carry up to 8 decimals. Products are computed in a wide decimal
context so a large notional is never silently rounded before quantization.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, Context, Decimal
from enum import Enum

CENT = Decimal("0.01")
FEE_RATE = Decimal("0.001")  # 0.1 % of notional, on open and on close
MAX_LEVERAGE = 10
MAX_CASH_AMOUNT = Decimal("1000000.00")  # per deposit or withdrawal command
PRICE_PLACES = 8  # prices and quantities carry up to 8 decimals
MIN_NOTIONAL = Decimal("10.00")  # an instrument's default minimum notional of an open (USD)
_WIDE = Context(prec=60)
_PRICE_STEP = Decimal(1).scaleb(-PRICE_PLACES)


class Side(str, Enum):
    LONG = "long"
    SHORT = "short"

    def opposite(self) -> Side:
        return Side.SHORT if self is Side.LONG else Side.LONG


# Looking a member up on an Enum class costs ~0.2 µs (Python 3.11): the functions run on every booking and, in
# backtests, on every candle's mark, so they compare with this module-level name.
_LONG = Side.LONG


def to_cash(amount: Decimal) -> Decimal:
    """Quantize to cents with banker's rounding: the one place cash is rounded."""
    return amount.quantize(CENT, ROUND_HALF_EVEN, _WIDE)  # positional: keywords cost decimal's C method 3×


def to_cash_up(amount: Decimal) -> Decimal:
    """Quantize to cents rounding up: what the platform charges (fees) or holds (margin).

    Rounding these half-even let a tiny position book 0.00 fee and 0.00 margin, so
    a trader with no cash could open risk-free pairs (docs/decisions.md, "Fees and
    margin round up"). A positive amount therefore never books as 0.00.
    """
    return amount.quantize(CENT, ROUND_CEILING, _WIDE)


def is_positive_with_places(value: object, places: int) -> bool:
    """A finite ``Decimal`` > 0 whose value has at most ``places`` decimals."""
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        return False
    return int(value.normalize(_WIDE).as_tuple().exponent) >= -places


def notional(quantity: Decimal, price: Decimal) -> Decimal:
    """Exact notional value ``quantity × price`` (not rounded)."""
    return _WIDE.multiply(quantity, price)


def trading_fee(notional_value: Decimal, rate: Decimal = FEE_RATE) -> Decimal:
    """``rate`` (the platform's 0.1 % unless a backtest asks for another) of a notional, rounded up to the cent."""
    return to_cash_up(_WIDE.multiply(notional_value, rate))


def margin(notional_value: Decimal, leverage: int) -> Decimal:
    """Margin reserved by a position: notional ÷ leverage, rounded up to the cent."""
    return to_cash_up(_WIDE.divide(notional_value, Decimal(leverage)))


def pro_rata(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """``amount · part / whole`` in cents, half-even: the share of a position's margin (or opening fee) that a
    partial close of ``part`` of ``whole`` carries (api.md "Orders and positions (extended)")."""
    return to_cash(_WIDE.divide(_WIDE.multiply(amount, part), whole))


def weighted_price(q1: Decimal, p1: Decimal, q2: Decimal, p2: Decimal) -> Decimal:
    """Entry price after adding ``q2`` at ``p2`` to ``q1`` at ``p1``: ``(q1·p1 + q2·p2) / (q1 + q2)``, 8 decimals,
    half-even."""
    total = _WIDE.add(_WIDE.multiply(q1, p1), _WIDE.multiply(q2, p2))
    return _WIDE.divide(total, _WIDE.add(q1, q2)).quantize(_PRICE_STEP, ROUND_HALF_EVEN, _WIDE)


def gross_pnl(side: Side, entry: Decimal, exit_: Decimal, quantity: Decimal) -> Decimal:
    """Gross P&L of closing: (exit − entry) × qty long, (entry − exit) × qty short."""
    move = _WIDE.subtract(exit_, entry) if side is _LONG else _WIDE.subtract(entry, exit_)
    return to_cash(_WIDE.multiply(move, quantity))


def liquidation_price(side: Side, entry: Decimal, quantity: Decimal, margin_: Decimal) -> Decimal:
    """The price at which the gross loss equals the margin (exact, unrounded)."""
    distance = _WIDE.divide(margin_, quantity)
    return _WIDE.subtract(entry, distance) if side is _LONG else _WIDE.add(entry, distance)


def is_at_or_beyond_liquidation(side: Side, price: Decimal, liquidation: Decimal) -> bool:
    return price <= liquidation if side is _LONG else price >= liquidation


class Settlement:
    """How a manual close settles: the loss is capped at the margin.

    The booked gross P&L never goes below −margin (any excess is the
    ``uncovered_loss``, borne by the platform); the closing fee is then capped at
    what is left of the margin, so a close never takes more than the margin from
    the trader's cash (docs/decisions.md, "loss cap and the closing fee").
    """

    def __init__(self, margin_: Decimal, open_fee: Decimal, raw_gross: Decimal, close_fee: Decimal):
        self.gross_pnl = max(raw_gross, -margin_)
        self.uncovered_loss = self.gross_pnl - raw_gross
        self.fee = min(close_fee, margin_ + self.gross_pnl)
        self.net_pnl = self.gross_pnl - open_fee - self.fee
        self.cash_returned = margin_ + self.gross_pnl - self.fee


def settle_close(
    side: Side,
    entry: Decimal,
    exit_: Decimal,
    quantity: Decimal,
    margin_: Decimal,
    open_fee: Decimal,
    fee_rate: Decimal = FEE_RATE,
) -> Settlement:
    """Settle a manual close at ``exit_`` by the api.md rules."""
    raw = gross_pnl(side, entry, exit_, quantity)
    return Settlement(margin_, open_fee, raw, trading_fee(notional(quantity, exit_), fee_rate))


def unrealized_pnl(side: Side, entry: Decimal, mark: Decimal, quantity: Decimal, margin_: Decimal) -> Decimal:
    """An open position's gross P&L if closed at ``mark``, in cents, capped at −margin as a close would be: what
    equity counts (the portfolio's valuation and a backtest's equity curve)."""
    return max(gross_pnl(side, entry, mark, quantity), -margin_)


def return_on_margin_percent(net_pnl: Decimal, margin_: Decimal) -> int:
    """Whole percent of net P&L over margin, rounded down (used by XP)."""
    if margin_ <= 0:
        return 0
    percent = _WIDE.divide(_WIDE.multiply(net_pnl, Decimal(100)), margin_)
    return int(percent.to_integral_value(rounding=ROUND_DOWN))
