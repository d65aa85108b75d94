"""Position rules of api.md: fee, margin, P&L long/short, close fee, loss cap."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.errors import BelowMinNotional, InvalidLeverage, InvalidPrice, InvalidQuantity, PositionAlreadyClosed
from aggregates.money import Side
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from tests.unit.aggregates.spec import given, new_events, then_refused

OWNER = UUID("00000000-0000-4000-8000-000000000001")
LONG, SHORT = Side.LONG, Side.SHORT


def opened(side: Side, quantity: str, leverage: int, price: str) -> Position:
    return given(Position.open(OWNER, "BTC-USD", side, D(quantity), leverage, D(price)))


def closed(name: str, exit_price: str, gross: str, fee: str, net: str, uncovered: str = "0.00"):
    fields = {
        "exit_price": D(exit_price),
        "gross_pnl": D(gross),
        "fee": D(fee),
        "net_pnl": D(net),
        "uncovered_loss": D(uncovered),
    }
    # Closed (v2) names how the position ended; Liquidated does not.
    return (name, {**fields, "ended_by": "closed"} if name == "Closed" else fields)


# --- opening ---------------------------------------------------------------------------


def test_fee_is_a_tenth_of_a_percent_of_notional_and_margin_is_notional_over_leverage_when_opening():
    position = Position.open(OWNER, "BTC-USD", LONG, D("0.5"), 5, D("43210.12"))

    assert new_events(position) == [
        (
            "Opened",
            {
                "owner_id": OWNER,
                "symbol": "BTC-USD",
                "side": "long",
                "quantity": D("0.5"),
                "leverage": 5,
                "entry_price": D("43210.12"),
                "notional": D("21605.06"),  # 0.5 × 43210.12
                "fee": D("21.61"),  # 21.60506 → 21.61
                "margin": D("4321.02"),  # 21605.06 ÷ 5 = 4321.012 → up to 4321.02
                "liquidation_price": D("34568.08"),  # 43210.12 − 4321.02 ÷ 0.5
            },
        )
    ]
    assert position.is_open


@pytest.mark.parametrize(
    ("quantity", "price", "fee"),
    [
        ("1", "12345", "12.35"),
        ("1", "12355", "12.36"),
        ("3", "4115", "12.35"),
        ("1", "125", "0.13"),
        ("1", "135", "0.14"),
        ("1", "10", "0.01"),
        ("1", "10.01", "0.02"),
        ("1", "12341", "12.35"),
    ],
)
def test_fee_rounds_up_to_the_cent_when_a_tenth_of_a_percent_of_notional_has_a_fraction_of_a_cent(quantity, price, fee):
    position = Position.open(OWNER, "BTC-USD", LONG, D(quantity), 1, D(price))

    [(_, event)] = new_events(position)
    assert event["fee"] == D(fee)


@pytest.mark.parametrize(
    ("quantity", "price", "leverage", "margin"),
    [
        ("1", "100.25", 10, "10.03"),
        ("1", "100.35", 10, "10.04"),
        ("3", "100.01", 3, "100.01"),
        ("1", "100.01", 3, "33.34"),
        ("1", "12345", 10, "1234.50"),
        ("1", "100.01", 10, "10.01"),
    ],
)
def test_margin_is_notional_over_leverage_rounded_up_to_the_cent_when_opening(quantity, price, leverage, margin):
    position = Position.open(OWNER, "BTC-USD", LONG, D(quantity), leverage, D(price))

    [(_, event)] = new_events(position)
    assert event["margin"] == D(margin)


@pytest.mark.parametrize(("side", "liquidation"), [(LONG, "75"), (SHORT, "125")])
def test_liquidation_price_is_where_gross_loss_equals_margin_when_opening(side, liquidation):
    position = Position.open(OWNER, "ETH-USD", side, D("2"), 4, D("100"))  # notional 200, margin 50.00

    [(_, event)] = new_events(position)
    assert (event["side"], event["margin"], event["fee"]) == (side.value, D("50.00"), D("0.20"))
    assert event["liquidation_price"] == D(liquidation)


@pytest.mark.parametrize(("quantity", "price"), [("0.0005", "100"), ("0.09999999", "100"), ("1", "9.99")])
def test_opening_is_refused_as_below_min_notional_when_quantity_times_price_is_under_ten_dollars(quantity, price):
    with pytest.raises(BelowMinNotional) as refused:
        Position.open(OWNER, "BTC-USD", LONG, D(quantity), 10, D(price))

    assert (refused.value.code, refused.value.status) == ("below_min_notional", 422)


def test_fee_and_margin_are_at_least_a_cent_when_the_notional_is_exactly_the_minimum():
    position = Position.open(OWNER, "BTC-USD", LONG, D("0.1"), 10, D("100"))  # notional 10.00

    [(_, event)] = new_events(position)
    assert (event["fee"], event["margin"]) == (D("0.01"), D("1.00"))


def test_opening_is_refused_as_below_min_notional_when_the_instrument_sets_a_higher_minimum():
    with pytest.raises(BelowMinNotional):
        Position.open(OWNER, "BTC-USD", LONG, D("1"), 1, D("49.99"), min_notional=D("50.00"))


@pytest.mark.parametrize("quantity", ["0", "-1", "0.000000001", "NaN", "Infinity"])
def test_opening_is_refused_as_invalid_quantity_when_quantity_is_not_positive_with_8_decimals(quantity):
    with pytest.raises(InvalidQuantity):
        Position.open(OWNER, "BTC-USD", LONG, D(quantity), 1, D("100"))


@pytest.mark.parametrize("leverage", [0, -1, 11, True])
def test_opening_is_refused_as_invalid_leverage_when_leverage_is_not_an_integer_from_1_to_10(leverage):
    with pytest.raises(InvalidLeverage):
        Position.open(OWNER, "BTC-USD", LONG, D("1"), leverage, D("100"))


@pytest.mark.parametrize("price", ["0", "-100", "100.000000001", "NaN"])
def test_opening_is_refused_as_invalid_price_when_price_is_not_positive_with_8_decimals(price):
    with pytest.raises(InvalidPrice):
        Position.open(OWNER, "BTC-USD", LONG, D("1"), 1, D(price))


# --- closing: P&L and fees ---------------------------------------------------------------


def test_gross_is_exit_minus_entry_times_quantity_and_net_deducts_both_fees_when_closing_long_in_profit():
    position = opened(LONG, "2", 1, "100")  # fee 0.20, margin 200.00

    settlement = position.close(D("110"))

    # gross (110 − 100) × 2 = 20.00; closing fee 0.1 % × 220 = 0.22; net 20.00 − 0.20 − 0.22
    assert new_events(position) == [closed("Closed", "110", "20.00", "0.22", "19.58")]
    assert not position.is_open
    assert settlement.cash_returned == D("219.78")


def test_gross_is_entry_minus_exit_times_quantity_when_closing_short_in_profit():
    position = opened(SHORT, "2", 1, "100")

    position.close(D("90"))

    # gross (100 − 90) × 2 = 20.00; closing fee on exit notional 180 = 0.18
    assert new_events(position) == [closed("Closed", "90", "20.00", "0.18", "19.62")]


def test_loss_is_booked_in_full_when_closing_long_within_the_margin():
    position = opened(LONG, "2", 1, "100")

    position.close(D("95"))

    assert new_events(position) == [closed("Closed", "95", "-10.00", "0.19", "-10.39")]


def test_loss_is_booked_in_full_when_closing_short_within_the_margin():
    position = opened(SHORT, "2", 1, "100")

    position.close(D("104.5"))

    # gross (100 − 104.5) × 2 = −9.00; closing fee 0.209 → 0.21
    assert new_events(position) == [closed("Closed", "104.5", "-9.00", "0.21", "-9.41")]


@pytest.mark.parametrize(("exit_price", "gross", "net"), [("100.125", "0.12", "-0.09"), ("100.135", "0.14", "-0.07")])
def test_gross_pnl_rounds_half_to_even_and_the_closing_fee_up_when_they_end_in_fractions_of_a_cent(
    exit_price, gross, net
):
    position = opened(LONG, "1", 1, "100")  # fee 0.10

    position.close(D(exit_price))

    # closing fee 0.1 % × 100.125 = 0.100125 → up to 0.11
    assert new_events(position) == [closed("Closed", exit_price, gross, "0.11", net)]


def test_closing_fee_is_on_exit_notional_when_the_price_moved():
    position = opened(LONG, "10", 10, "1000")  # entry notional 10000, fee 10.00, margin 1000.00

    position.close(D("1050"))

    assert new_events(position) == [closed("Closed", "1050", "500.00", "10.50", "479.50")]


# --- closing: the loss cap ---------------------------------------------------------------


def test_closing_fee_is_capped_at_what_remains_of_the_margin_when_loss_nearly_takes_it_all():
    position = opened(LONG, "1", 10, "100")  # fee 0.10, margin 10.00, liquidation 90

    settlement = position.close(D("90.05"))

    # gross −9.95 leaves 0.05 of margin; the 0.09 closing fee is capped to it
    assert new_events(position) == [closed("Closed", "90.05", "-9.95", "0.05", "-10.10")]
    assert settlement.cash_returned == D("0.00")


def test_loss_is_exactly_the_margin_and_no_closing_fee_when_closing_at_the_liquidation_price():
    position = opened(LONG, "1", 10, "100")

    position.close(D("90"))

    assert new_events(position) == [closed("Closed", "90", "-10.00", "0.00", "-10.10")]


def test_loss_is_capped_at_the_margin_and_the_excess_is_uncovered_when_a_long_gaps_beyond_liquidation():
    position = opened(LONG, "1", 10, "100")

    settlement = position.close(D("80"))

    assert new_events(position) == [closed("Closed", "80", "-10.00", "0.00", "-10.10", uncovered="10.00")]
    assert settlement.cash_returned == D("0.00")


def test_loss_is_capped_at_the_margin_and_the_excess_is_uncovered_when_a_short_gaps_beyond_liquidation():
    position = opened(SHORT, "1", 10, "100")  # liquidation 110

    settlement = position.close(D("130"))

    assert new_events(position) == [closed("Closed", "130", "-10.00", "0.00", "-10.10", uncovered="20.00")]
    assert settlement.cash_returned == D("0.00")


def test_closing_is_refused_as_position_closed_when_the_position_is_already_closed():
    position = Position.open(OWNER, "BTC-USD", LONG, D("1"), 1, D("100"))
    position.close(D("101"))
    given(position)

    then_refused(position, PositionAlreadyClosed, lambda: position.close(D("102")))


# --- wallet and position together --------------------------------------------------------


def test_cash_changes_by_net_pnl_when_a_position_is_opened_and_closed_through_the_wallet():
    wallet = Wallet.open_for(OWNER)
    wallet.deposit(D("1000.00"), "USD")
    position = Position.open(OWNER, "BTC-USD", LONG, D("2"), 2, D("100"))  # margin 100.00, fee 0.20
    wallet.reserve_margin(position.id, position.margin, position.fee)
    given(wallet)

    settlement = position.close(D("110"))
    wallet.release_margin(position.id, position.margin, settlement.gross_pnl, settlement.fee)

    assert new_events(wallet) == [
        (
            "MarginReleased",
            {"position_id": position.id, "margin": D("100.00"), "gross_pnl": D("20.00"), "fee": D("0.22")},
        )
    ]
    assert (wallet.cash, wallet.reserved) == (D("1000.00") + settlement.net_pnl, D("0.00"))
    assert wallet.cash == D("1019.58")


def test_cash_never_pays_more_than_the_margin_when_a_leveraged_position_gaps_through_liquidation():
    wallet = Wallet.open_for(OWNER)
    wallet.deposit(D("100.00"), "USD")
    position = Position.open(OWNER, "BTC-USD", SHORT, D("1"), 10, D("500"))  # margin 50.00, fee 0.50
    wallet.reserve_margin(position.id, position.margin, position.fee)
    given(wallet)

    settlement = position.close(D("900"))  # a 400 move on a 50 margin
    wallet.release_margin(position.id, position.margin, settlement.gross_pnl, settlement.fee)

    assert (wallet.cash, wallet.reserved) == (D("49.50"), D("0.00"))  # 100 − 50 margin − 0.50 fee
    assert (settlement.gross_pnl, settlement.uncovered_loss) == (D("-50.00"), D("350.00"))
