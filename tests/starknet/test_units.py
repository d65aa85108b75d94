"""Unit conversions: cents ↔ token units exactly, u256 halves, felts and addresses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.units import (
    InvalidOnchainValue,
    cents_to_units,
    join_u256,
    parse_address,
    split_u256,
    units_to_cents,
    units_to_usd,
    usd_to_units,
)


def test_a_cent_is_ten_thousand_units_when_the_token_has_6_decimals() -> None:
    assert cents_to_units(1) == 10_000
    assert usd_to_units(Decimal("12.34")) == 12_340_000
    assert units_to_usd(12_340_000) == Decimal("12.34")


@pytest.mark.parametrize("amount", [Decimal("0.001"), Decimal("NaN"), Decimal("Infinity"), Decimal("-1")])
def test_an_amount_is_refused_when_it_is_not_whole_non_negative_cents(amount: Decimal) -> None:
    with pytest.raises(InvalidOnchainValue):
        usd_to_units(amount)


def test_units_are_refused_when_they_are_not_whole_cents() -> None:
    with pytest.raises(InvalidOnchainValue):
        units_to_cents(12_345)


def test_a_token_without_cents_is_refused() -> None:
    with pytest.raises(InvalidOnchainValue):
        cents_to_units(1, decimals=1)


@given(st.integers(min_value=0, max_value=10**30))
def test_cents_survive_the_round_trip_through_units(cents: int) -> None:
    assert units_to_cents(cents_to_units(cents)) == cents


@given(st.integers(min_value=0, max_value=2**256 - 1))
def test_a_u256_is_its_low_and_high_halves(value: int) -> None:
    low, high = split_u256(value)
    assert low < 2**128 and high < 2**128
    assert join_u256(low, high) == value


def test_a_value_beyond_u256_is_refused() -> None:
    with pytest.raises(InvalidOnchainValue):
        split_u256(2**256)


@pytest.mark.parametrize("text", ["123", "0xZZ", "0x0", hex(2**251), "", "0x"])
def test_an_address_is_refused_when_it_is_not_a_contract_address(text: str) -> None:
    with pytest.raises(InvalidOnchainValue):
        parse_address(text)


def test_an_address_parses_from_hex() -> None:
    assert parse_address("0x0ABC") == 0xABC
