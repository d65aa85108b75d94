"""Ticks of one symbol recorded as a batch (``TradingService.record_prices``): one transaction, each
tick under the rules a single tick meets (tick size, then the band from the tick before it), all or
nothing, on the real event store."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from aggregates.errors import InvalidPrice, PriceBandExceeded
from aggregates.market.errors import PriceOffTick
from aggregates.market.rules import InstrumentSettings
from aggregates.trading.market_price import MarketPrice, market_price_id
from event_store.application import EventStore
from event_store.horizon import TX_SHIFT
from services.commands import CommandRunner, Idempotency
from services.markets import MarketService
from services.trading import MAX_TICKS_PER_BATCH, Tick, TradingService, market_of
from tests.financial.support import CTX, logged

TICKED = (MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC)


def _market(store: Any, symbol: str) -> MarketPrice:
    found = market_of(store.repository, symbol)
    assert found is not None
    return found


def test_a_batch_lists_the_symbol_and_appends_every_tick_in_order_in_one_transaction(store, trading):
    result = trading.record_prices("BTC-USD", [Tick(D("100")), Tick(D("110"), D("2.5")), Tick(D("105"))], CTX)

    assert (result.status, result.body) == (201, {"symbol": "BTC-USD", "ticks": 3, "price": "105"})
    events = logged(store, topics=TICKED)
    ticks: list[Any] = [e.event for e in events]
    assert [(type(t).__name__, t.price, t.volume) for t in ticks] == [
        ("Listed", D("100"), None),
        ("Ticked", D("110"), D("2.5")),
        ("Ticked", D("105"), None),
    ]
    assert events[-1].position == result.position
    assert len({e.position >> TX_SHIFT for e in events}) == 1  # one commit (positions: transaction, index)
    assert _market(store, "BTC-USD").price == D("105")


def test_the_band_is_checked_from_the_tick_before_each_one_and_a_refusal_writes_nothing(store, trading):
    trading.record_price("BTC-USD", D("100"), CTX)
    # Each step within 20 %, though the batch moves 38 % in all: accepted, as one tick at a time would be
    trading.record_prices("BTC-USD", [Tick(D("115")), Tick(D("130"))], CTX)
    before = _market(store, "BTC-USD").version

    with pytest.raises(PriceBandExceeded, match=r"^ticks\[1\]: "):
        trading.record_prices("BTC-USD", [Tick(D("140")), Tick(D("200")), Tick(D("150"))], CTX)

    assert _market(store, "BTC-USD").version == before
    assert _market(store, "BTC-USD").price == D("130")


def test_a_configured_instrument_gives_the_tick_size_and_the_band(store, trading, clock):
    MarketService(CommandRunner(store, clock)).configure_instrument(
        "ETH-USD", InstrumentSettings(tick_size=D("0.5"), max_move_pct=D("10")), CTX
    )
    trading.record_prices("ETH-USD", [Tick(D("100")), Tick(D("109.5"))], CTX)

    with pytest.raises(PriceOffTick, match=r"^ticks\[1\]: "):
        trading.record_prices("ETH-USD", [Tick(D("110")), Tick(D("110.25"))], CTX)
    with pytest.raises(PriceBandExceeded, match=r"^ticks\[0\]: "):
        trading.record_prices("ETH-USD", [Tick(D("121"))], CTX)  # 10.5 % from 109.5
    with pytest.raises(InvalidPrice, match=r"^ticks\[0\]: "):
        trading.record_prices("ETH-USD", [Tick(D("110"), D("-1"))], CTX)

    assert _market(store, "ETH-USD").price == D("109.5")


@pytest.mark.parametrize("count", [0, MAX_TICKS_PER_BATCH + 1])
def test_an_empty_or_oversized_batch_is_refused(store, trading: TradingService, count):
    with pytest.raises(InvalidPrice, match="a batch holds 1 to"):
        trading.record_prices("BTC-USD", [Tick(D("100"))] * count, CTX)

    assert market_of(store.repository, "BTC-USD") is None
    assert logged(store, topics=TICKED) == []


def test_a_batch_under_an_idempotency_key_is_recorded_once(store, trading):
    ticks = [Tick(D("100")), Tick(D("101"))]
    idem = Idempotency("batch-1", {"symbol": "BTC-USD", "ticks": ["100", "101"]})
    first = trading.record_prices("BTC-USD", ticks, CTX, idem)

    again = trading.record_prices("BTC-USD", ticks, CTX, idem)

    assert again.replayed and again.body == first.body and again.position == first.position
    assert len(logged(store, topics=TICKED)) == 2


def test_a_long_price_stream_is_snapshotted_and_a_new_process_loads_it_from_the_snapshot(store, trading, es_env):
    ticks = [Tick(D(100 + i % 10)) for i in range(MAX_TICKS_PER_BATCH)]
    trading.record_prices("BTC-USD", ticks, CTX)
    trading.record_prices("BTC-USD", [*ticks[:4], Tick(D("104.5"))], CTX)  # versions 1,001-1,005

    snapshots = list(store.snapshots.get(market_price_id("BTC-USD")))
    assert [s.originator_version for s in snapshots] == [1000]
    fresh = EventStore(env=es_env)  # another process: an empty cache
    try:
        snapshot, after = fresh.store.select_snapshot_and_events(market_price_id("BTC-USD"))
        loaded = market_of(fresh.repository, "BTC-USD")
        assert loaded is not None
    finally:
        fresh.close()
    assert (snapshot.originator_version, len(after)) == (1000, 5)  # a cold load replays 5 events, not 1,005
    assert (loaded.version, loaded.price) == (1005, D("104.5"))
