"""Market benchmark: ticks/s through the command path with the candles' lag, and candle read latency.

In one scratch schema, in one run:

* ingest: ``--ticks`` price ticks through ``TradingService.record_price`` (the command path, no
  HTTP), one thread, beside a baseline of as many deposits through the same runner;
* candle lag: the ``market`` projection follows in a thread meanwhile (runtime session cycles); lag =
  time from a tick's commit to the first cycle whose tracking position reaches it;
* candle reads: ``read_candles`` of the latest 500 1m candles and of a 1h window, beside a
  ``SELECT 1`` round trip on the same connection.

    .venv/bin/python -m bench.market [--ticks 3000] [--reads 500]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

from aggregates import clock as domain_clock
from aggregates.trading.wallet import Wallet
from bench.common import machine, percentile, scratch_env
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.market.projection import MarketProjection
from projections.market.view import read_candles
from projections.runtime import ProjectionWorker, ReadModels, migrate
from services.commands import CommandRunner
from services.trading import TradingService

CTX = CommandContext(actor="bench", correlation_id="bench-market")
START = datetime(2026, 1, 5, tzinfo=UTC)


class BenchClock:
    """Event time moves 7 s per tick, so ticks spread over many candles of every interval."""

    def __init__(self) -> None:
        self.instant = START

    def __call__(self) -> datetime:
        self.instant += timedelta(seconds=7)
        return self.instant


def ingest(trading: TradingService, ticks: int, commits: list[tuple[int, float]]) -> float:
    began = time.perf_counter()
    for i in range(ticks):
        price = Decimal(1000 + (i * 37) % 200) / 10
        result = trading.record_price("BTC-USD", price, CTX, volume=Decimal(i % 5) or None)
        commits.append((result.position, time.perf_counter()))
    return ticks / (time.perf_counter() - began)


def deposits(store: EventStore, trading: TradingService, count: int) -> float:
    owner = uuid4()
    with domain_clock.using(trading.runner.clock):
        store.save(Wallet.open_for(owner))
    began = time.perf_counter()
    for _ in range(count):
        trading.deposit(owner, Decimal("1.00"), "USD", CTX)
    return count / (time.perf_counter() - began)


def follow(models: ReadModels, env: dict[str, str], seen: list[tuple[int, float]], stop: threading.Event) -> None:
    worker = ProjectionWorker(MarketProjection(), models, env)
    with worker.session() as session:
        assert session is not None
        while not stop.is_set():
            if session.cycle().outcome is None:
                time.sleep(0.005)
            seen.append((session.position, time.perf_counter()))


def lags(commits: list[tuple[int, float]], seen: list[tuple[int, float]]) -> list[float]:
    out, j = [], 0
    for position, committed in commits:
        while j < len(seen) and (seen[j][0] < position or seen[j][1] < committed):
            j += 1
        if j < len(seen):
            out.append(seen[j][1] - committed)
    return out


def timed(fn: object, reads: int) -> list[float]:
    samples = []
    for _ in range(reads):
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ticks", type=int, default=3000)
    parser.add_argument("--reads", type=int, default=500)
    args = parser.parse_args()
    with scratch_env("market") as env:
        store = EventStore(env=env)
        models = ReadModels.from_env(env, schema=env["POSTGRES_SCHEMA"] + "_rm")
        migrate(models, [MarketProjection()])
        trading = TradingService(CommandRunner(store, BenchClock()))
        baseline = deposits(store, trading, args.ticks)
        commits: list[tuple[int, float]] = []
        seen: list[tuple[int, float]] = []
        stop = threading.Event()
        follower = threading.Thread(target=follow, args=(models, env, seen, stop))
        follower.start()
        rate = ingest(trading, args.ticks, commits)
        deadline = time.monotonic() + 60
        while (not seen or seen[-1][0] < commits[-1][0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        follower.join()
        lag = lags(commits, seen)
        tables = models.tables_for(MarketProjection)
        with models.connect() as conn:
            latest = timed(lambda: read_candles(conn, tables, "BTC-USD", "1m", limit=500), args.reads)
            window = timed(lambda: read_candles(conn, tables, "BTC-USD", "1h", START, START + timedelta(days=1)),
                           args.reads)
            ping = timed(lambda: conn.execute("SELECT 1").fetchone(), args.reads)
        store.close()
    ms = 1000

    def spread(samples: list[float], places: int = 2) -> dict[str, float]:
        return {"p50": round(percentile(samples, 50) * ms, places), "p99": round(percentile(samples, 99) * ms, places)}

    print(json.dumps({
        "machine": machine(), "ticks": args.ticks,
        "ticks_per_s": round(rate), "baseline_deposits_per_s": round(baseline), "ratio": round(rate / baseline, 2),
        "candle_lag_ms": spread(lag, 1), "read_latest_500_1m_ms": spread(latest), "read_1h_day_ms": spread(window),
        "baseline_select_1_ms": spread(ping),
    }, indent=1))


if __name__ == "__main__":
    main()
