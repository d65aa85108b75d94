"""The market read models on real PostgreSQL: UTC buckets, fills as volume, imported history,
idempotent, rebuild = incremental."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.market.rules import InstrumentSettings
from aggregates.money import Side
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.market.projection import MarketProjection
from projections.market.view import Candle, read_candles
from projections.runtime import ReadModels, rebuild
from services.commands import CommandRunner
from services.markets import MarketService
from services.trading import Tick, TradingService
from tests.financial.support import apply_log, catch_up, logged, rows
from tests.starknet.support import deposits, read_models_for
from tests.support import SteppingClock

CTX = CommandContext(actor="test", correlation_id="market")
CANDLES = "SELECT * FROM {s}.market_candles ORDER BY symbol, interval, t"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [MarketProjection()]) as read_models:
        yield read_models


def tick(trading: TradingService, clock: SteppingClock, when: str, price: str, volume: str | None = None) -> None:
    clock.set(at(when))
    trading.record_price("BTC-USD", D(price), CTX, volume=D(volume) if volume else None)


def candles(
    models: ReadModels, interval: str, start: datetime | None = None, end: datetime | None = None
) -> list[Candle]:
    with models.connect() as conn:
        return read_candles(conn, models.tables_for(MarketProjection()), "BTC-USD", interval, start, end)


def test_a_tick_exactly_on_a_boundary_opens_the_new_bucket(store, trading, clock, models):
    tick(trading, clock, "2026-01-05 12:00:00", "100", "1")
    tick(trading, clock, "2026-01-05 12:00:59.999999", "110", "2")
    tick(trading, clock, "2026-01-05 12:01:00", "105", "3")

    catch_up(store, models, MarketProjection())

    assert candles(models, "1m") == [
        Candle(at("2026-01-05 12:00"), D("100"), D("110"), D("100"), D("110"), D("3"), 2, D("320")),
        Candle(at("2026-01-05 12:01"), D("105"), D("105"), D("105"), D("105"), D("3"), 1, D("315")),
    ]
    assert [c.t for c in candles(models, "5m")] == [at("2026-01-05 12:00")]


def test_4h_buckets_align_on_utc_multiples_of_4_hours_and_1d_on_utc_midnight(store, trading, clock, models):
    tick(trading, clock, "2026-01-05 03:59:59", "100")
    tick(trading, clock, "2026-01-05 04:00:00", "101")
    tick(trading, clock, "2026-01-05 23:59:59.999999", "102")
    tick(trading, clock, "2026-01-06 00:00:00", "103")

    catch_up(store, models, MarketProjection())

    assert [(c.t, c.open, c.close) for c in candles(models, "4h")] == [
        (at("2026-01-05 00:00"), D("100"), D("100")),
        (at("2026-01-05 04:00"), D("101"), D("101")),
        (at("2026-01-05 20:00"), D("102"), D("102")),
        (at("2026-01-06 00:00"), D("103"), D("103")),
    ]
    assert [(c.t, c.open, c.high, c.low, c.close, c.trades) for c in candles(models, "1d")] == [
        (at("2026-01-05"), D("100"), D("102"), D("100"), D("102"), 3),
        (at("2026-01-06"), D("103"), D("103"), D("103"), D("103"), 1),
    ]


def test_position_opens_and_closes_count_their_quantity_as_volume(store, trading, clock, models):
    tick(trading, clock, "2026-01-05 12:00:00", "100", "0.5")
    owner = deposits(store, trading, 30)
    position = trading.open_position(owner, "BTC-USD", Side.LONG, D("2"), 1, CTX).body["position_id"]
    tick(trading, clock, "2026-01-05 12:00:30", "101")
    trading.close_position(owner, position, CTX)

    catch_up(store, models, MarketProjection())

    # 0.5 from the tick, 2 at the open (100), 2 at the close (101): notional 50 + 200 + 202
    assert candles(models, "1m") == [
        Candle(at("2026-01-05 12:00"), D("100"), D("101"), D("100"), D("101"), D("4.5"), 4, D("452"))
    ]


def test_imported_history_rolls_up_into_longer_intervals_and_merges_with_ticks(store, trading, clock, models):
    bars = [
        [at("2026-01-05 00:00"), D("10"), D("12"), D("9"), D("11"), D("5")],
        [at("2026-01-05 01:00"), D("11"), D("15"), D("11"), D("14"), D("7")],
    ]
    tick(trading, clock, "2026-01-05 02:30:00", "14.5", "1")
    MarketService(CommandRunner(store, clock)).import_history("BTC-USD", "1h", bars, CTX)  # imported after the tick

    catch_up(store, models, MarketProjection())

    assert [(c.t, c.open, c.high, c.low, c.close, c.volume) for c in candles(models, "1h")] == [
        (at("2026-01-05 00:00"), D("10"), D("12"), D("9"), D("11"), D("5")),
        (at("2026-01-05 01:00"), D("11"), D("15"), D("11"), D("14"), D("7")),
        (at("2026-01-05 02:00"), D("14.5"), D("14.5"), D("14.5"), D("14.5"), D("1")),
    ]
    assert [(c.open, c.high, c.low, c.close, c.volume) for c in candles(models, "4h")] == [
        (D("10"), D("15"), D("9"), D("14.5"), D("13"))
    ]
    assert candles(models, "1m")[0].t == at("2026-01-05 02:30")  # a 1h bar is never split into minutes


def test_candle_window_and_limit_read_from_start_or_the_latest(store, trading, clock, models):
    for minute in range(5):
        tick(trading, clock, f"2026-01-05 12:0{minute}:00", str(100 + minute))
    catch_up(store, models, MarketProjection())

    assert [c.open for c in candles(models, "1m", start=at("2026-01-05 12:01"), end=at("2026-01-05 12:03"))] == [
        D("101"),
        D("102"),
    ]
    with models.connect() as conn:
        latest = read_candles(conn, models.tables_for(MarketProjection()), "BTC-USD", "1m", limit=2)
    assert [c.open for c in latest] == [D("103"), D("104")]


def history(store: EventStore, trading: TradingService, clock: SteppingClock) -> None:
    owner = deposits(store, trading, 100)
    start = at("2026-01-05 23:50:00")
    for i in range(40):
        clock.set(start + timedelta(seconds=37 * i))
        trading.record_price("BTC-USD", D(100 + i % 7), CTX, volume=D(i) / 4 if i % 3 else None)
        if i % 9 == 0:
            trading.open_position(owner, "BTC-USD", Side.SHORT, D("1.5"), 2, CTX)
    MarketService(CommandRunner(store, clock)).import_history(
        "BTC-USD", "15m", [[at("2026-01-05 23:30"), D("90"), D("99"), D("80"), D("98"), D("3")]], CTX
    )


def test_nothing_changes_when_the_same_events_are_applied_twice(store, trading, clock, models):
    history(store, trading, clock)
    apply_log(store, models, MarketProjection())
    before = rows(models, CANDLES)

    apply_log(store, models, MarketProjection())

    assert rows(models, CANDLES) == before


def test_a_rebuild_from_zero_equals_the_incremental_result(store, trading, clock, models):
    history(store, trading, clock)
    projection = MarketProjection()
    positions = [0, *(e.position for e in logged(store, topics=projection.topics))]
    for after, upto in zip(positions[::7], [*positions[7::7], positions[-1]], strict=False):
        apply_log(store, models, projection, after=after, upto=upto)  # incremental: batches of 7, as a worker
    incremental = rows(models, CANDLES), rows(models, "SELECT * FROM {s}.market_instruments")

    with models.connect() as conn:
        for table in ("market_candles", "market_instruments", "market_positions", "market_streams"):
            conn.execute(f"TRUNCATE {models.schema}.{table}")
    apply_log(store, models, projection)

    assert (rows(models, CANDLES), rows(models, "SELECT * FROM {s}.market_instruments")) == incremental
    assert len(incremental[0]) > 6


def test_the_runtimes_rebuild_equals_the_model_its_worker_built_live(store, trading, clock, models, es_env):
    # Given a model built live by the real worker in two steps
    tick(trading, clock, "2026-01-05 11:59:00", "99", "1")
    catch_up(store, models, MarketProjection())
    history(store, trading, clock)
    catch_up(store, models, MarketProjection())
    live = rows(models, CANDLES), rows(models, "SELECT * FROM {s}.market_instruments")
    # When the runtime rebuilds it from position 0 and swaps it in
    rebuild(MarketProjection(), models, es_env)
    # Then the rebuilt model equals the live one
    assert (rows(models, CANDLES), rows(models, "SELECT * FROM {s}.market_instruments")) == live


def test_batches_merged_per_bucket_equal_the_events_applied_one_by_one(store, trading, clock, models):
    # Given ticks (one by one and in batches), fills opened and closed, imported history, and the
    # symbol configured after its last tick (the row's position moves past that tick's)
    history(store, trading, clock)
    owner = deposits(store, trading, 100)
    clock.set(at("2026-01-06 00:30:00"))
    opened = trading.open_position(owner, "BTC-USD", Side.LONG, D("2"), 2, CTX).body["position_id"]
    trading.record_prices("BTC-USD", [Tick(D("101")), Tick(D("102"), D("4")), Tick(D("101.5"))], CTX)
    trading.record_prices("BTC-USD", [Tick(D("103"), D("1")), Tick(D("100"))], CTX)
    MarketService(CommandRunner(store, clock)).configure_instrument("BTC-USD", InstrumentSettings(), CTX)
    trading.close_position(owner, UUID(opened), CTX)
    projection = MarketProjection()
    apply_log(store, models, projection)  # one by one
    one_by_one = rows(models, CANDLES), rows(models, "SELECT * FROM {s}.market_instruments")
    events = logged(store, topics=projection.topics)

    for size in (len(events), 5, 2):
        with models.connect() as conn:
            for table in ("market_candles", "market_instruments", "market_positions", "market_streams"):
                conn.execute(f"TRUNCATE {models.schema}.{table}")
        # When the log is applied in batches of ``size``, as the runtime does
        tables = models.tables_for(projection)
        with models.connect() as conn, conn.transaction(), conn.cursor() as cur:
            for i in range(0, len(events), size):
                projection.apply_batch(cur, tables, events[i : i + size])

        # Then every candle and instrument row is the same
        assert (rows(models, CANDLES), rows(models, "SELECT * FROM {s}.market_instruments")) == one_by_one, size
    assert one_by_one[1][0][9] == D("100")  # the last price: the last tick's, written before the Configured
