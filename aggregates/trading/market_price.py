"""The MarketPrice aggregate: the price ticks of one symbol."""

from __future__ import annotations

import re
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates import money
from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import InvalidPrice, InvalidSymbol, PriceBandExceeded

SYMBOL_PATTERN = re.compile(r"^[A-Z0-9]{2,10}-[A-Z]{3,5}$")
_PRICE_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/market-price")
# A price feed once moved a price far enough in one tick to trade on it (1,000 → 89.9 M):
# a tick may move at most this many percent from the last price unless an admin forces it.
DEFAULT_MAX_MOVE_PCT = Decimal("20")


def market_price_id(symbol: str) -> UUID:
    """One price stream per symbol; its id follows from the symbol."""
    return uuid5(_PRICE_NS, symbol)


class MarketPrice(AstraAggregate):
    """The latest price of one symbol (``BTC-USD``), as recorded by a price feed."""

    TOPIC = "trading.MarketPrice"

    class Listed(CreationEvent):
        """A symbol's price stream started with its first tick."""

        TOPIC = "trading.MarketPrice.Listed"
        class_version = 2  # v2: ``volume``
        symbol: str
        price: Decimal
        volume: Decimal | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["volume"] = None  # a v1 tick carried no volume

    class Ticked(AstraAggregate.Event):
        """A new price was recorded for the symbol."""

        TOPIC = "trading.MarketPrice.Ticked"
        class_version = 2  # v2: ``volume``
        price: Decimal
        volume: Decimal | None  # quantity traded at the source, when the feed knows it

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["volume"] = None  # a v1 tick carried no volume

    @event(Listed)
    def __init__(self, id: UUID, symbol: str, price: Decimal, volume: Decimal | None) -> None:  # noqa: A002, ARG002
        self.symbol = symbol
        self.price = price

    @classmethod
    def list_symbol(cls, symbol: str, price: Decimal, volume: Decimal | None = None) -> MarketPrice:
        """Start the price stream of ``symbol`` with its first tick."""
        # fullmatch: ``$`` in the pattern would also accept a trailing newline.
        if not isinstance(symbol, str) or not SYMBOL_PATTERN.fullmatch(symbol):
            raise InvalidSymbol(f"symbol must look like BTC-USD, got {symbol!r}")
        _check_price(price)
        _check_volume(volume)
        return cls(id=market_price_id(symbol), symbol=symbol, price=price, volume=volume)

    def tick(self, price: Decimal, max_move_pct: Decimal | None, volume: Decimal | None = None) -> None:
        """Record a new price at most ``max_move_pct`` percent from the last one (None: no band, a forced tick)."""
        _check_price(price)
        if max_move_pct is not None and moves_beyond(self.price, price, max_move_pct):
            raise PriceBandExceeded(f"{self.symbol} {price} moves more than {max_move_pct} % from {self.price}")
        _check_volume(volume)
        self._ticked(price=price, volume=volume)

    @event(Ticked)
    def _ticked(self, price: Decimal, volume: Decimal | None) -> None:  # noqa: ARG002
        self.price = price


def moves_beyond(last: Decimal, price: Decimal, max_move_pct: Decimal) -> bool:
    """Whether ``price`` is more than ``max_move_pct`` percent away from ``last`` (exactly at the band is inside)."""
    return abs(price - last) * 100 > max_move_pct * last


def _check_price(price: Decimal) -> None:
    if not money.is_positive_with_places(price, money.PRICE_PLACES):
        raise InvalidPrice("price must be > 0 with at most 8 decimals")


def _check_volume(volume: Decimal | None) -> None:
    if volume is not None and not (volume == 0 or money.is_positive_with_places(volume, money.PRICE_PLACES)):
        raise InvalidPrice("volume must be >= 0 with at most 8 decimals")
