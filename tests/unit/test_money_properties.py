"""Properties of the money math (aggregates/money.py): rounding, symmetry, the loss cap.

An independent oracle (exact ``Fraction`` arithmetic) stands beside ``Decimal``'s
own quantize, so a wrong rounding mode or a precision loss shows up as a mismatch.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aggregates.money import (
    CENT,
    FEE_RATE,
    Side,
    gross_pnl,
    is_at_or_beyond_liquidation,
    liquidation_price,
    margin,
    notional,
    settle_close,
    to_cash,
    trading_fee,
)

MATH = settings(max_examples=200, deadline=None)
EXACT = Context(prec=200)
HALF_CENT = Decimal("0.005")


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False, allow_infinity=False
    )


amounts = decimals("-1000000000000", "1000000000000", 6)
prices = decimals("0.00000001", "1000000", 8)
quantities = decimals("0.00000001", "10000", 8)
notionals = decimals("0", "100000000000", 10)
sides = st.sampled_from(Side)
leverages = st.integers(min_value=1, max_value=10)


def half_even_cents(value: Decimal | Fraction) -> Decimal:
    """Banker's rounding to cents in exact rational arithmetic (the oracle)."""
    scaled = Fraction(value) * 100
    cents = math.floor(scaled)
    rest = scaled - cents
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and cents % 2 == 1):
        cents += 1
    return Decimal(cents).scaleb(-2)


def up_cents(value: Decimal | Fraction) -> Decimal:
    """Rounding up to the cent in exact rational arithmetic (the oracle for fees and margin)."""
    return Decimal(math.ceil(Fraction(value) * 100)).scaleb(-2)


def is_cents(value: Decimal) -> bool:
    return value.as_tuple().exponent == -2


# --- to_cash: banker's rounding -------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "cash"),
    [
        ("0.125", "0.12"),
        ("0.135", "0.14"),
        ("0.005", "0.00"),
        ("0.015", "0.02"),
        ("-0.125", "-0.12"),
        ("2.675", "2.68"),
        ("1.005", "1.00"),
        ("0.12499999", "0.12"),
        ("0.12500001", "0.13"),
        ("7", "7.00"),
    ],
)
def test_cash_rounds_half_to_even_when_quantizing_these_amounts(amount, cash):
    assert str(to_cash(Decimal(amount))) == cash


@MATH
@given(amounts)
def test_cash_equals_exact_banker_rounding_when_quantizing_any_amount(amount):
    cash = to_cash(amount)

    assert cash == half_even_cents(amount) == amount.quantize(CENT, rounding=ROUND_HALF_EVEN, context=EXACT)
    assert is_cents(cash)
    assert abs(cash - amount) <= HALF_CENT


@MATH
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_cash_rounds_to_the_even_cent_when_an_amount_lies_exactly_between_two_cents(cents):
    amount = (Decimal(cents) + Decimal("0.5")).scaleb(-2)

    assert to_cash(amount) == Decimal(cents if cents % 2 == 0 else cents + 1).scaleb(-2)


def test_cash_keeps_every_digit_when_an_amount_exceeds_the_default_decimal_precision():
    huge = Decimal("123456789012345678901234567890.125")

    assert to_cash(huge) == Decimal("123456789012345678901234567890.12")


# --- P&L: long/short symmetry -----------------------------------------------------------------


@MATH
@given(prices, prices, quantities)
def test_short_pnl_is_exactly_the_negated_long_pnl_when_entry_exit_and_quantity_are_equal(entry, exit_, quantity):
    # Exact, not "up to a cent": half-even rounds the magnitude, so round(−x) == −round(x).
    long_pnl = gross_pnl(Side.LONG, entry, exit_, quantity)
    short_pnl = gross_pnl(Side.SHORT, entry, exit_, quantity)

    assert long_pnl == -short_pnl
    assert long_pnl == -gross_pnl(Side.LONG, exit_, entry, quantity)
    assert long_pnl == half_even_cents((Fraction(exit_) - Fraction(entry)) * Fraction(quantity))
    assert is_cents(long_pnl) and is_cents(short_pnl)


@MATH
@given(sides, prices, quantities)
def test_pnl_is_zero_when_closing_at_the_entry_price(side, price, quantity):
    assert gross_pnl(side, price, price, quantity) == 0


@MATH
@given(prices, prices, prices, quantities)
def test_long_pnl_grows_with_the_exit_price_when_everything_else_is_equal(entry, exit_a, exit_b, quantity):
    low, high = sorted((exit_a, exit_b))
    assert gross_pnl(Side.LONG, entry, low, quantity) <= gross_pnl(Side.LONG, entry, high, quantity)
    assert gross_pnl(Side.SHORT, entry, low, quantity) >= gross_pnl(Side.SHORT, entry, high, quantity)


# --- fee and margin --------------------------------------------------------------------------


@MATH
@given(notionals, notionals)
def test_fee_never_decreases_when_notional_grows(one, other):
    low, high = sorted((one, other))
    assert Decimal(0) <= trading_fee(low) <= trading_fee(high)


@MATH
@given(prices, quantities)
def test_fee_is_a_tenth_of_a_percent_of_notional_rounded_up_to_the_cent_when_opening(price, quantity):
    value = notional(quantity, price)

    assert value == EXACT.multiply(quantity, price)  # notional itself is exact
    assert trading_fee(value) == up_cents(Fraction(value) * Fraction(FEE_RATE))
    assert is_cents(trading_fee(value))
    assert trading_fee(value) > 0  # never zero: a positive notional always pays at least a cent


@MATH
@given(notionals, leverages)
def test_margin_is_notional_over_leverage_rounded_up_to_the_cent_when_reserved(value, leverage):
    reserved = margin(value, leverage)

    assert reserved == up_cents(Fraction(value) / leverage)
    assert is_cents(reserved)
    assert Decimal(0) <= reserved * leverage - value < CENT * leverage  # never less than the exact share
    assert (reserved > 0) == (value > 0)


# --- settlement: the loss cap -----------------------------------------------------------------


trades = st.tuples(sides, prices, prices, quantities, leverages)


def opened(side: Side, entry: Decimal, quantity: Decimal, leverage: int) -> tuple[Decimal, Decimal]:
    value = notional(quantity, entry)
    return margin(value, leverage), trading_fee(value)


@MATH
@given(trades)
def test_close_never_returns_negative_cash_nor_books_a_loss_beyond_margin_when_settling_any_trade(trade):
    side, entry, exit_, quantity, leverage = trade
    reserved, open_fee = opened(side, entry, quantity, leverage)

    s = settle_close(side, entry, exit_, quantity, reserved, open_fee)

    assert s.cash_returned >= 0
    assert s.gross_pnl >= -reserved
    assert Decimal(0) <= s.fee <= trading_fee(notional(quantity, exit_))


@MATH
@given(trades)
def test_margin_plus_gross_less_fee_is_the_cash_returned_when_settling_any_trade(trade):
    side, entry, exit_, quantity, leverage = trade
    reserved, open_fee = opened(side, entry, quantity, leverage)
    raw = gross_pnl(side, entry, exit_, quantity)

    s = settle_close(side, entry, exit_, quantity, reserved, open_fee)

    assert reserved + s.gross_pnl - s.fee == s.cash_returned
    assert s.net_pnl == s.gross_pnl - open_fee - s.fee
    assert s.gross_pnl - s.uncovered_loss == raw  # nothing lost: what the trader does not bear is uncovered
    assert s.uncovered_loss >= 0
    assert all(is_cents(v) for v in (s.gross_pnl, s.fee, s.net_pnl, s.cash_returned, s.uncovered_loss))


@MATH
@given(trades)
def test_pnl_and_fee_are_booked_uncapped_when_the_loss_leaves_room_for_the_closing_fee(trade):
    side, entry, exit_, quantity, leverage = trade
    reserved, open_fee = opened(side, entry, quantity, leverage)
    raw = gross_pnl(side, entry, exit_, quantity)
    close_fee = trading_fee(notional(quantity, exit_))
    assume(reserved + raw >= close_fee)

    s = settle_close(side, entry, exit_, quantity, reserved, open_fee)

    assert (s.gross_pnl, s.fee, s.uncovered_loss) == (raw, close_fee, Decimal(0))


@MATH
@given(trades, st.integers(min_value=0, max_value=10**6))
def test_margin_is_lost_exactly_and_no_fee_is_paid_when_closing_at_or_beyond_liquidation(trade, beyond):
    side, entry, _, quantity, leverage = trade
    reserved, open_fee = opened(side, entry, quantity, leverage)
    liquidation = liquidation_price(side, entry, quantity, reserved)
    step = Decimal(beyond).scaleb(-8)
    exit_ = EXACT.subtract(liquidation, step) if side is Side.LONG else EXACT.add(liquidation, step)
    assume(exit_ > 0)

    s = settle_close(side, entry, exit_, quantity, reserved, open_fee)

    assert is_at_or_beyond_liquidation(side, exit_, liquidation)
    assert (s.gross_pnl, s.fee, s.cash_returned) == (-reserved, Decimal(0), Decimal(0))
    assert s.net_pnl == -reserved - open_fee


@MATH
@given(trades)
def test_price_is_not_at_liquidation_when_it_is_a_hair_on_the_safe_side(trade):
    side, entry, _, quantity, leverage = trade
    reserved, _ = opened(side, entry, quantity, leverage)
    liquidation = liquidation_price(side, entry, quantity, reserved)
    hair = Decimal("1e-30")

    safe = EXACT.add(liquidation, hair) if side is Side.LONG else EXACT.subtract(liquidation, hair)

    assert not is_at_or_beyond_liquidation(side, safe, liquidation)
    assert is_at_or_beyond_liquidation(side, liquidation, liquidation)
