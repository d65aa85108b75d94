"""MarketPrice rules of api.md: symbols of the BTC-USD form, prices > 0 with ≤ 8 decimals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from aggregates.errors import InvalidPrice, InvalidSymbol
from aggregates.trading.market_price import MarketPrice, market_price_id
from tests.unit.aggregates.spec import given, new_events, then_refused


def listed(symbol: str = "BTC-USD", price: str = "43000.5") -> MarketPrice:
    return given(MarketPrice.list_symbol(symbol, D(price)))


def test_symbol_is_listed_at_its_first_price_with_an_id_derived_from_the_symbol_when_first_ticked():
    market = MarketPrice.list_symbol("BTC-USD", D("43000.12345678"))

    assert new_events(market) == [("Listed", {"symbol": "BTC-USD", "price": D("43000.12345678")})]
    assert market.id == market_price_id("BTC-USD") != market_price_id("ETH-USD")
    assert market.price == D("43000.12345678")


def test_latest_price_is_recorded_when_ticked_again():
    market = listed()
    market.tick(D("43100"))
    given(market)

    market.tick(D("0.00000001"))

    assert new_events(market) == [("Ticked", {"price": D("0.00000001")})]
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

    then_refused(market, InvalidPrice, lambda: market.tick(D(price)))
