"""Wallet rules of api.md: deposit/withdrawal bounds, USD only, cents, margin."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.errors import InsufficientFunds, InvalidAmount, UnsupportedCurrency
from aggregates.trading.wallet import Wallet, wallet_id
from tests.unit.aggregates.spec import given, new_events, then_refused

OWNER = UUID("00000000-0000-4000-8000-000000000001")
POSITION = UUID("00000000-0000-4000-8000-0000000000aa")


def wallet_with(*deposits: str) -> Wallet:
    wallet = Wallet.open_for(OWNER)
    for amount in deposits:
        wallet.deposit(D(amount), "USD")
    return given(wallet)


def wallet_with_reserved(deposit: str, margin: str, fee: str) -> Wallet:
    wallet = Wallet.open_for(OWNER)
    wallet.deposit(D(deposit), "USD")
    wallet.reserve_margin(POSITION, D(margin), D(fee))
    return given(wallet)


# --- opening -------------------------------------------------------------------------


def test_wallet_is_opened_empty_in_usd_with_an_id_derived_from_its_owner_when_a_user_registers():
    wallet = Wallet.open_for(OWNER)

    assert new_events(wallet) == [("Opened", {"owner_id": OWNER, "currency": "USD"})]
    assert wallet.id == wallet_id(OWNER) == Wallet.open_for(OWNER).id
    assert (wallet.cash, wallet.reserved, wallet.currency) == (D("0.00"), D("0.00"), "USD")


# --- deposits ------------------------------------------------------------------------


def test_cash_is_credited_when_depositing_usd():
    wallet = wallet_with("10.00")

    wallet.deposit(D("100.25"), "USD")

    assert new_events(wallet) == [("Deposited", {"amount": D("100.25"), "currency": "USD"})]
    assert wallet.cash == D("110.25")


@pytest.mark.parametrize("amount", ["0.01", "1000000.00", "1000000"])
def test_deposit_is_accepted_when_amount_is_within_the_per_command_bounds(amount):
    wallet = wallet_with()

    wallet.deposit(D(amount), "USD")

    assert new_events(wallet) == [("Deposited", {"amount": D(amount), "currency": "USD"})]
    assert wallet.cash == D(amount)


@pytest.mark.parametrize(
    "amount",
    ["0", "0.00", "-0.01", "-5", "1000000.01", "2000000", "0.001", "10.125", "NaN", "sNaN", "Infinity", "-Infinity"],
)
def test_deposit_is_refused_as_invalid_amount_when_amount_is_out_of_bounds_or_finer_than_a_cent(amount):
    wallet = wallet_with("50.00")

    then_refused(wallet, InvalidAmount, lambda: wallet.deposit(D(amount), "USD"))


def test_deposit_is_refused_as_invalid_amount_when_amount_is_a_float():
    wallet = wallet_with()

    then_refused(wallet, InvalidAmount, lambda: wallet.deposit(10.5, "USD"))  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["EUR", "usd", "", "USDT"])
def test_deposit_is_refused_as_unsupported_currency_when_currency_is_not_usd(currency):
    wallet = wallet_with()

    then_refused(wallet, UnsupportedCurrency, lambda: wallet.deposit(D("10.00"), currency))


def test_cash_is_booked_in_cents_when_an_amount_carries_trailing_zeros():
    wallet = wallet_with("10.00")

    wallet.deposit(D("5.000"), "USD")

    [(name, event)] = new_events(wallet)
    assert (name, str(event["amount"]), str(wallet.cash)) == ("Deposited", "5.00", "15.00")


# --- withdrawals ---------------------------------------------------------------------


def test_cash_is_debited_when_withdrawing_less_than_the_cash():
    wallet = wallet_with("100.00")

    wallet.withdraw(D("40.10"), "USD")

    assert new_events(wallet) == [("Withdrawn", {"amount": D("40.10"), "currency": "USD", "starknet_address": None})]
    assert wallet.cash == D("59.90")


def test_withdrawal_records_the_starknet_address_when_one_is_given():
    wallet = wallet_with("100.00")

    wallet.withdraw(D("1.00"), "USD", "0x04a1")

    assert new_events(wallet) == [("Withdrawn", {"amount": D("1.00"), "currency": "USD", "starknet_address": "0x04a1"})]


def test_cash_is_emptied_when_withdrawing_exactly_all_of_it():
    wallet = wallet_with("60.00", "40.01")

    wallet.withdraw(D("100.01"), "USD")

    assert new_events(wallet) == [("Withdrawn", {"amount": D("100.01"), "currency": "USD", "starknet_address": None})]
    assert wallet.cash == D("0.00")


def test_withdrawal_is_refused_as_insufficient_funds_when_it_exceeds_the_cash_by_a_cent():
    wallet = wallet_with("100.00")

    then_refused(wallet, InsufficientFunds, lambda: wallet.withdraw(D("100.01"), "USD"))


def test_withdrawal_is_refused_as_insufficient_funds_when_it_reaches_into_reserved_margin():
    wallet = wallet_with_reserved("1000.00", margin="500.00", fee="5.00")  # cash 495.00, reserved 500.00

    then_refused(wallet, InsufficientFunds, lambda: wallet.withdraw(D("495.01"), "USD"))


def test_withdrawal_is_accepted_when_it_takes_exactly_the_unreserved_cash():
    wallet = wallet_with_reserved("1000.00", margin="500.00", fee="5.00")

    wallet.withdraw(D("495.00"), "USD")

    assert new_events(wallet) == [("Withdrawn", {"amount": D("495.00"), "currency": "USD", "starknet_address": None})]
    assert (wallet.cash, wallet.reserved) == (D("0.00"), D("500.00"))


@pytest.mark.parametrize("amount", ["0", "-1.00", "1000000.01", "0.005", "NaN", "Infinity"])
def test_withdrawal_is_refused_as_invalid_amount_when_amount_is_out_of_bounds_even_with_enough_cash(amount):
    wallet = wallet_with("1000000.00", "1000000.00")

    then_refused(wallet, InvalidAmount, lambda: wallet.withdraw(D(amount), "USD"))


def test_withdrawal_is_refused_as_unsupported_currency_when_currency_is_not_usd():
    wallet = wallet_with("100.00")

    then_refused(wallet, UnsupportedCurrency, lambda: wallet.withdraw(D("1.00"), "EUR"))


# --- margin ----------------------------------------------------------------------------


def test_margin_and_opening_fee_leave_cash_when_margin_is_reserved():
    wallet = wallet_with("1000.00")

    wallet.reserve_margin(POSITION, D("500.00"), D("5.00"))

    assert new_events(wallet) == [
        ("MarginReserved", {"position_id": POSITION, "margin": D("500.00"), "fee": D("5.00")})
    ]
    assert (wallet.cash, wallet.reserved) == (D("495.00"), D("500.00"))


def test_margin_is_reserved_when_cash_covers_margin_plus_fee_exactly():
    wallet = wallet_with("505.00")

    wallet.reserve_margin(POSITION, D("500.00"), D("5.00"))

    assert [name for name, _ in new_events(wallet)] == ["MarginReserved"]
    assert (wallet.cash, wallet.reserved) == (D("0.00"), D("500.00"))


def test_margin_is_refused_as_insufficient_funds_when_cash_misses_margin_plus_fee_by_a_cent():
    wallet = wallet_with("505.00")

    then_refused(wallet, InsufficientFunds, lambda: wallet.reserve_margin(POSITION, D("500.00"), D("5.01")))


def test_margin_returns_with_gross_pnl_less_closing_fee_when_margin_is_released():
    wallet = wallet_with_reserved("1000.00", margin="500.00", fee="5.00")

    wallet.release_margin(POSITION, D("500.00"), D("20.00"), D("0.22"))

    assert new_events(wallet) == [
        ("MarginReleased", {"position_id": POSITION, "margin": D("500.00"), "gross_pnl": D("20.00"), "fee": D("0.22")})
    ]
    assert (wallet.cash, wallet.reserved) == (D("1014.78"), D("0.00"))


def test_cash_is_unchanged_when_released_margin_is_entirely_lost():
    wallet = wallet_with_reserved("1000.00", margin="500.00", fee="5.00")

    wallet.release_margin(POSITION, D("500.00"), D("-500.00"), D("0.00"))

    assert [name for name, _ in new_events(wallet)] == ["MarginReleased"]
    assert (wallet.cash, wallet.reserved) == (D("495.00"), D("0.00"))
