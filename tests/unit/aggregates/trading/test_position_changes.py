"""Position changes of api.md "Orders and positions (extended)": partial close, margin added, exits."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.errors import BelowMinNotional, InvalidQuantity, PositionAlreadyClosed
from aggregates.money import Side
from aggregates.trading.position import Exit, ExitNotReached, InvalidExit, Position, StopBeyondLiquidation
from tests.unit.aggregates.spec import given, new_events, then_refused

OWNER = UUID("00000000-0000-4000-8000-000000000001")
LONG, SHORT = Side.LONG, Side.SHORT


def opened(side: Side, quantity: str, leverage: int, price: str) -> Position:
    return given(Position.open(OWNER, "BTC-USD", side, D(quantity), leverage, D(price)))


# --- partial close ----------------------------------------------------------------------


def test_partial_close_books_pnl_and_fee_on_its_quantity_and_releases_its_share_of_margin():
    position = opened(LONG, "2", 4, "100")  # notional 200: fee 0.20, margin 50.00, liquidation 75

    settlement = position.close_part(D("0.5"), D("110"))

    # gross 10 × 0.5 = 5.00; fee 0.1 % × 55 = 0.055 → 0.06 (up); margin 50 × 0.5/2 = 12.50;
    # opening fee share 0.20 × 0.25 = 0.05; net 5.00 − 0.05 − 0.06 = 4.89
    assert new_events(position) == [
        (
            "PartiallyClosed",
            {
                "quantity": D("0.5"),
                "exit_price": D("110"),
                "gross_pnl": D("5.00"),
                "fee": D("0.06"),
                "open_fee": D("0.05"),
                "net_pnl": D("4.89"),
                "uncovered_loss": D("0.00"),
                "margin_released": D("12.50"),
                "remaining_quantity": D("1.5"),
                "remaining_margin": D("37.50"),
                "liquidation_price": D("75"),
            },
        )
    ]
    assert settlement.cash_returned == D("17.44")  # 12.50 + 5.00 − 0.06
    assert (position.is_open, position.quantity, position.margin, position.fee) == (
        True,
        D("1.5"),
        D("37.50"),
        D("0.15"),
    )


def test_margin_released_rounds_half_even_and_the_final_close_releases_whatever_remains():
    position = opened(LONG, "3", 3, "100")  # margin 100.00, fee 0.30

    position.close_part(D("1"), D("100"))  # 100 × 1/3 = 33.333… → 33.33
    position.close_part(D("1"), D("100"))  # 66.67 × 1/2 = 33.335 → 33.34 (half-even)
    first, second = new_events(position)
    assert (first[1]["margin_released"], second[1]["margin_released"]) == (D("33.33"), D("33.34"))
    margin_left = position.margin
    position.close(D("100"))

    assert margin_left == D("33.33")
    assert D("33.33") + D("33.34") + margin_left == D("100.00")
    assert not position.is_open


def test_a_partial_close_of_everything_is_the_final_close():
    position = opened(SHORT, "1", 2, "100")

    position.close_part(D("1"), D("90"))

    [(name, fields)] = new_events(position)
    assert (name, fields["ended_by"], fields["gross_pnl"]) == ("Closed", "closed", D("10.00"))


def test_the_loss_of_a_partial_close_is_capped_at_the_margin_it_releases():
    position = opened(LONG, "1", 10, "100")  # margin 10.00, fee 0.10, liquidation 90

    settlement = position.close_part(D("0.5"), D("70"))  # a gap the liquidation policy has not reached yet

    # raw −15.00 capped at −5.00 (the margin released), 10.00 uncovered; the fee is capped at what is left: 0.00
    assert (settlement.gross_pnl, settlement.uncovered_loss, settlement.fee, settlement.net_pnl) == (
        D("-5.00"),
        D("10.00"),
        D("0.00"),
        D("-5.05"),
    )
    assert settlement.cash_returned == D("0.00")


def test_a_partial_close_leaving_less_than_the_minimum_notional_open_is_refused():
    position = opened(LONG, "1", 10, "100")  # margin 10.00
    then_refused(position, BelowMinNotional, lambda: position.close_part(D("0.90000001"), D("100")))


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "0.000000001"])
def test_a_partial_close_of_nothing_or_more_than_is_open_is_refused(quantity):
    position = opened(LONG, "1", 10, "100")
    then_refused(position, InvalidQuantity, lambda: position.close_part(D(quantity), D("100")))


# --- margin added ---------------------------------------------------------------------------


@pytest.mark.parametrize(("side", "liquidation"), [(LONG, D("80")), (SHORT, D("120"))])
def test_adding_margin_moves_the_liquidation_price_away(side, liquidation):
    position = opened(side, "1", 10, "100")  # margin 10.00, liquidation 90 / 110

    position.add_margin(D("10.00"))

    assert new_events(position) == [
        ("MarginAdded", {"amount": D("10.00"), "margin": D("20.00"), "liquidation_price": liquidation})
    ]


def test_margin_cannot_be_added_to_a_closed_position():
    position = opened(LONG, "1", 10, "100")
    position.close(D("100"))
    given(position)
    then_refused(position, PositionAlreadyClosed, lambda: position.add_margin(D("1.00")))


# --- exits -------------------------------------------------------------------------------------


def test_a_longs_stop_at_or_below_its_liquidation_price_is_refused_and_above_it_accepted():
    position = opened(LONG, "1", 10, "100")  # liquidation 90

    then_refused(position, StopBeyondLiquidation, lambda: position.set_exits(D("90"), None, None, D("100")))
    position.set_exits(D("90.01"), D("120"), D("5"), D("100"))

    assert new_events(position) == [
        (
            "ExitsSet",
            {
                "stop_loss": D("90.01"),
                "take_profit": D("120"),
                "trailing_stop_pct": D("5"),
                "reference_price": D("100"),
            },
        )
    ]


def test_a_shorts_stop_at_or_above_its_liquidation_price_is_refused():
    position = opened(SHORT, "1", 10, "100")  # liquidation 110
    then_refused(position, StopBeyondLiquidation, lambda: position.set_exits(D("110"), None, None, D("100")))


@pytest.mark.parametrize("pct", ["0", "100", "5.001"])
def test_a_trailing_percentage_out_of_range_is_refused(pct):
    position = opened(LONG, "1", 2, "100")
    then_refused(position, InvalidExit, lambda: position.set_exits(None, None, D(pct), D("100")))


def test_an_exit_fires_only_when_reached_and_closes_the_whole_position_with_the_closing_fee():
    position = opened(LONG, "1", 2, "100")  # margin 50.00, fee 0.10
    position.set_exits(D("95"), D("120"), None, D("100"))
    given(position)

    then_refused(position, ExitNotReached, lambda: position.fire_exit(Exit.STOP_LOSS, D("95.01")))
    then_refused(position, ExitNotReached, lambda: position.fire_exit(Exit.TAKE_PROFIT, D("119.99")))
    then_refused(position, ExitNotReached, lambda: position.fire_exit(Exit.TRAILING_STOP, D("90")))
    position.fire_exit(Exit.STOP_LOSS, D("94"))

    # gross −6.00, fee 0.1 % × 94 = 0.094 → 0.10, net −6.00 − 0.10 − 0.10
    assert new_events(position) == [
        (
            "Closed",
            {
                "exit_price": D("94"),
                "gross_pnl": D("-6.00"),
                "fee": D("0.10"),
                "net_pnl": D("-6.20"),
                "uncovered_loss": D("0.00"),
                "ended_by": "stop_loss",
            },
        )
    ]


def test_a_closed_event_stored_before_exits_existed_reads_as_the_owners_close():
    state = {"exit_price": D("1"), "gross_pnl": D("0"), "fee": D("0"), "net_pnl": D("0"), "uncovered_loss": D("0")}

    Position.Closed.upcast_v1_v2(state)

    assert state["ended_by"] == "closed"
    assert Position.Closed.class_version == 2
