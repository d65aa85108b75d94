"""NFT rules: badge minted once per (user, achievement), owner-only listing, purchase with the 2.5 % fee."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest
from hypothesis import given as hypothesis_given
from hypothesis import strategies as st

from aggregates.errors import Forbidden, InvalidAmount
from aggregates.nft.errors import CannotBuyOwnNft, NftNotListed, PriceChanged
from aggregates.nft.nft import Nft, badge_id, marketplace_fee
from tests.unit.aggregates.spec import given, new_events, then_refused

ALICE = UUID("00000000-0000-4000-8000-00000000000a")
BOB = UUID("00000000-0000-4000-8000-00000000000b")


def badge() -> Nft:
    return given(Nft.mint_badge(ALICE, "first_trade"))


def listed(price: str) -> Nft:
    nft = badge()
    nft.list_for_sale(ALICE, D(price))
    return given(nft)


def test_badge_is_minted_to_its_earner_with_an_id_derived_from_user_and_achievement():
    nft = Nft.mint_badge(ALICE, "first_trade")

    assert new_events(nft) == [("Minted", {"owner_id": ALICE, "kind": "badge", "achievement": "first_trade"})]
    assert nft.id == badge_id(ALICE, "first_trade") != badge_id(ALICE, "ten_trades") != badge_id(BOB, "first_trade")
    assert not nft.listed


def test_owner_lists_at_a_price_when_the_price_is_in_cents():
    nft = badge()
    nft.list_for_sale(ALICE, D("12.30"))
    assert new_events(nft) == [("Listed", {"seller_id": ALICE, "price": D("12.30")})]
    assert nft.listed and nft.price == D("12.30")


def test_listing_is_refused_with_403_when_the_seller_does_not_own_the_nft():
    nft = badge()
    error = then_refused(nft, Forbidden, lambda: nft.list_for_sale(BOB, D("1.00")))
    assert error.status == 403


@pytest.mark.parametrize("price", ["0", "0.00", "-1.00", "1000000.01", "0.001", "NaN", "Infinity"])
def test_listing_is_refused_with_422_when_the_price_is_out_of_range_or_not_in_cents(price: str):
    nft = badge()
    then_refused(nft, InvalidAmount, lambda: nft.list_for_sale(ALICE, D(price)))


def test_a_listed_nft_is_repriced_when_listed_again():
    nft = listed("10.00")
    nft.list_for_sale(ALICE, D("20.00"))
    assert new_events(nft) == [("Listed", {"seller_id": ALICE, "price": D("20.00")})]


def test_purchase_moves_ownership_and_books_a_2_5_percent_fee_when_listed():
    nft = listed("100.00")
    sale = nft.purchase(BOB, D("100.00"))
    assert new_events(nft) == [
        ("Purchased", {"buyer_id": BOB, "seller_id": ALICE, "price": D("100.00"), "fee": D("2.50")})
    ]
    assert (sale.price, sale.fee, sale.proceeds) == (D("100.00"), D("2.50"), D("97.50"))
    assert nft.owner_id == BOB and not nft.listed


@pytest.mark.parametrize(
    ("price", "fee"),
    [
        ("0.20", "0.00"),  # 0.005 → 0.00 (half to even)
        ("0.60", "0.02"),  # 0.015 → 0.02 (half to even)
        ("1.00", "0.02"),  # 0.025 → 0.02
        ("3.00", "0.08"),  # 0.075 → 0.08
        ("0.30", "0.01"),  # 0.0075 → 0.01
        ("999999.99", "25000.00"),  # 24999.99975
        ("1000000.00", "25000.00"),
    ],
)
def test_fee_is_2_5_percent_with_bankers_rounding_when_it_ends_in_a_fraction_of_a_cent(price: str, fee: str):
    sale = listed(price).purchase(BOB, D(price))
    assert sale.fee == D(fee) and sale.proceeds == D(price) - D(fee)


@hypothesis_given(
    st.decimals(min_value=D("0.01"), max_value=D("1000000.00"), places=2, allow_nan=False, allow_infinity=False)
)
def test_fee_and_proceeds_add_up_to_the_price_when_any_price_is_paid(price: D):
    fee = marketplace_fee(price)
    assert fee == (price * D("0.025")).quantize(D("0.01"), rounding="ROUND_HALF_EVEN")
    assert D(0) <= fee <= price and fee.as_tuple().exponent == -2
    assert abs(fee - price * D("0.025")) <= D("0.005")


def test_purchase_is_refused_when_the_buyer_already_owns_it():
    nft = listed("5.00")
    then_refused(nft, CannotBuyOwnNft, lambda: nft.purchase(ALICE, D("5.00")))


def test_purchase_is_refused_when_the_nft_is_not_listed():
    nft = badge()
    then_refused(nft, NftNotListed, lambda: nft.purchase(BOB, D("5.00")))


def test_second_purchase_is_refused_when_the_nft_was_sold():
    nft = listed("5.00")
    nft.purchase(BOB, D("5.00"))
    given(nft)
    then_refused(nft, NftNotListed, lambda: nft.purchase(UUID(int=7), D("5.00")))


def test_purchase_is_refused_when_the_listing_was_repriced_after_the_buyer_saw_it():
    nft = listed("1.00")
    nft.list_for_sale(ALICE, D("900.00"))
    given(nft)
    then_refused(nft, PriceChanged, lambda: nft.purchase(BOB, D("1.00")))
