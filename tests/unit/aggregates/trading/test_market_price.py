"""MarketPrice rules of api.md: symbols of the BTC-USD form, prices > 0 with ≤ 8 decimals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from aggregates.errors import InvalidPrice, InvalidSymbol, PriceBandExceeded
from aggregates.trading.market_price import DEFAULT_MAX_MOVE_PCT, MarketPrice, market_price_id
from tests.unit.aggregates.spec import given, new_events, then_refused


def listed(symbol: str = "BTC-USD", price: str = "43000.5") -> MarketPrice:
    return given(MarketPrice.list_symbol(symbol, D(price)))


def test_symbol_is_listed_at_its_first_price_with_an_id_derived_from_the_symbol_when_first_ticked():
    market = MarketPrice.list_symbol("BTC-USD", D("43000.12345678"))

    assert new_events(market) == [("Listed", {"symbol": "BTC-USD", "price": D("43000.12345678"), "volume": None})]
    assert market.id == market_price_id("BTC-USD") != market_price_id("ETH-USD")
    assert market.price == D("43000.12345678")


def test_latest_price_is_recorded_when_ticked_again():
    market = listed()
    market.tick(D("43100"), None)
    given(market)

    market.tick(D("0.00000001"), None)

    assert new_events(market) == [("Ticked", {"price": D("0.00000001"), "volume": None})]
    assert market.price == D("0.00000001")


@pytest.mark.parametrize("symbol", ["btc-usd", "BTCUSD", "B-USD", "BTC-US", "BTC-USD\n", " BTC-USD", "BTC-USDT-X", ""])
def test_listing_is_refused_as_invalid_symbol_when_symbol_is_not_of_the_btc_usd_form(symbol):
    with pytest.raises(InvalidSymbol):
        MarketPrice.list_symbol(symbol, D("100"))


@pytest.mark.parametrize("price", ["0", "-1", "0.000000001", "NaN", "Infinity"])
def test_listing_is_refused_as_invalid_price_when_price_is_not_positive_with_8_decimals(price):
    with pytest.raises(InvalidPrice):
        MarketPrice.list_symbol("BTC-USD", D(price))


@pytest.mark.parametrize("price", ["0", "-1", "1.123456789", "NaN", "-Infinity"])
def test_tick_is_refused_as_invalid_price_when_price_is_not_positive_with_8_decimals(price):
    market = listed()

    then_refused(market, InvalidPrice, lambda: market.tick(D(price), None))


@pytest.mark.parametrize("price", ["1200", "800", "1000.00000001", "1199.99999999"])
def test_tick_is_recorded_when_it_moves_at_most_the_band_from_the_last_price(price):
    market = listed(price="1000")

    market.tick(D(price), DEFAULT_MAX_MOVE_PCT)

    assert new_events(market) == [("Ticked", {"price": D(price), "volume": None})]


@pytest.mark.parametrize(
    ("price", "band"), [("1200.00000001", "20"), ("799.99999999", "20"), ("89900000", "20"), ("1050.01", "5")]
)
def test_tick_is_refused_as_price_band_exceeded_when_it_moves_beyond_the_band(price, band):
    market = listed(price="1000")

    then_refused(market, PriceBandExceeded, lambda: market.tick(D(price), D(band)))


def test_a_forced_tick_has_no_band():
    market = listed(price="1000")

    market.tick(D("89900000"), None)

    assert market.price == D("89900000")
