"""Which exchange symbols the connector follows, and the platform symbol each one's ticks become."""

from __future__ import annotations

from dataclasses import dataclass

from aggregates.trading.market_price import SYMBOL_PATTERN

# Stablecoin quotes stand for the platform's USD: BTC/USDT → BTC-USD.
USD_ALIASES = frozenset({"USDT", "USDC", "BUSD", "FDUSD", "USD"})


@dataclass(frozen=True)
class SymbolMap:
    """One followed market: ``BTC/USDT`` on the exchange, recorded as ``BTC-USD``."""

    exchange_symbol: str
    symbol: str


def default_symbol(exchange_symbol: str) -> str:
    """``BASE/QUOTE`` → ``BASE-QUOTE``, a stablecoin quote read as USD."""
    base, _, quote = exchange_symbol.partition("/")
    quote = quote.split(":")[0]  # a derivative's settle currency (BTC/USDT:USDT) is not part of ours
    return f"{base}-{'USD' if quote in USD_ALIASES else quote}"


def parse_symbols(spec: str) -> list[SymbolMap]:
    """``FEED_SYMBOLS``: comma-separated ``BTC/USDT`` (default mapping) or ``BTC/USDT=XBT-USD`` (explicit)."""
    maps: list[SymbolMap] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        exchange_symbol, _, ours = item.partition("=")
        exchange_symbol = exchange_symbol.strip()
        ours = ours.strip() or default_symbol(exchange_symbol)
        if "/" not in exchange_symbol or not SYMBOL_PATTERN.fullmatch(ours):
            raise ValueError(f"FEED_SYMBOLS: {item!r} must be BASE/QUOTE[=OUR-SYMBOL] with ours like BTC-USD")
        if any(m.exchange_symbol == exchange_symbol for m in maps):
            raise ValueError(f"FEED_SYMBOLS: {exchange_symbol} is listed twice")
        maps.append(SymbolMap(exchange_symbol, ours))
    return maps
