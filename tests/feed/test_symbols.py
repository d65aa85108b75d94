"""FEED_SYMBOLS: exchange symbols and the platform symbols their ticks become."""

from __future__ import annotations

import pytest

from services.feed.symbols import SymbolMap, parse_symbols


def test_stablecoin_quotes_map_to_usd_and_explicit_names_win_when_parsed():
    assert parse_symbols("BTC/USDT, ETH/USDC ,SOL/EUR,BTC/USDT:USDT=BTCPERP-USD") == [
        SymbolMap("BTC/USDT", "BTC-USD"),
        SymbolMap("ETH/USDC", "ETH-USD"),
        SymbolMap("SOL/EUR", "SOL-EUR"),
        SymbolMap("BTC/USDT:USDT", "BTCPERP-USD"),
    ]


@pytest.mark.parametrize("spec", ["BTCUSDT", "BTC/USDT=btc-usd", "BTC/USDT,BTC/USDT", "X/USDT"])
def test_a_symbol_list_is_refused_when_an_entry_is_malformed(spec: str):
    with pytest.raises(ValueError, match="FEED_SYMBOLS"):
        parse_symbols(spec)
