"""Market benchmark: ticks/s through the command path with the candles' lag, and candle read latency.

In one scratch schema, in one run:

* ingest: ``--ticks`` price ticks through ``TradingService.record_price`` (the command path, no
  HTTP, one tick per command), then ``--batch-ticks`` through ``record_prices`` in commands of
  ``--batch`` ticks (another symbol), one thread each, beside a baseline of ``--ticks`` deposits
  through the same runner;
* candle lag: the ``market`` projection follows in a thread meanwhile (runtime session cycles); lag =
  time from a tick's commit to the first cycle whose tracking position reaches it, per phase;
* reads, after both phases (``--batch-ticks`` sets the size of the history read): ``read_candles``
  of the latest 500 1m candles and of a 1h window, and one symbol's ticker, beside a ``SELECT 1``
  round trip on the same connection;
* import (``--import-candles N``, 0 skips it): N 1m candles written to a CSV file, then
  ``astratrade market import``'s two steps timed (checking the file, storing the chunks), then the
  ``market`` projection building their candles at every interval.

    .venv/bin/python -m bench.market [--ticks 3000] [--batch-ticks 30000 --batch 100] [--reads 500]
                                     [--import-candles 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

from psycopg import sql

from aggregates import clock as domain_clock
from aggregates.trading.wallet import Wallet
from astratrade.market_import import load_bars
from bench.common import machine, percentile, scratch_env
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.market.projection import MarketProjection
from projections.market.view import MarketView, read_candles
from projections.runtime import ProjectionWorker, ReadModels, migrate
from services.commands import CommandRunner
from services.markets import MarketService
from services.trading import Tick, TradingService

CTX = CommandContext(actor="bench", correlation_id="bench-market")
START = datetime(2026, 1, 5, tzinfo=UTC)
SINGLE, BATCHED, IMPORTED = "BTC-USD", "ETH-USD", "SOL-USD"


class BenchClock:
    """Event time moves 7 s per tick, so ticks spread over many candles of every interval."""

    def __init__(self) -> None:
        self.instant = START

    def __call__(self) -> datetime:
        self.instant += timedelta(seconds=7)
        return self.instant


def price_at(i: int) -> Decimal:
    return Decimal(1000 + (i * 37) % 200) / 10


def ingest(trading: TradingService, ticks: int, commits: list[tuple[int, float]]) -> float:
    began = time.perf_counter()
    for i in range(ticks):
        result = trading.record_price(SINGLE, price_at(i), CTX, volume=Decimal(i % 5) or None)
        commits.append((result.position, time.perf_counter()))
    return ticks / (time.perf_counter() - began)


def ingest_batches(trading: TradingService, ticks: int, size: int, commits: list[tuple[int, float]]) -> float:
    began = time.perf_counter()
    for first in range(0, ticks, size):
        batch = [Tick(price_at(i), Decimal(i % 5) or None) for i in range(first, min(ticks, first + size))]
        result = trading.record_prices(BATCHED, batch, CTX)
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


def following(
    models: ReadModels, env: dict[str, str], commits: list[tuple[int, float]], run: Callable[[], float]
) -> tuple[float, list[float]]:
    """``run()``'s figure, and the lag of every commit it appended, with the projection following."""
    seen: list[tuple[int, float]] = []
    stop = threading.Event()
    follower = threading.Thread(target=follow, args=(models, env, seen, stop))
    follower.start()
    try:
        figure = run()
        deadline = time.monotonic() + 120
        while (not seen or seen[-1][0] < commits[-1][0]) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        follower.join()
    return figure, lags(commits, seen)


def import_candles(store: EventStore, models: ReadModels, env: dict[str, str], count: int) -> dict[str, float]:
    """Seconds to check a CSV of ``count`` 1m candles, to store it, and for the projection to build it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.csv"
        with path.open("w") as handle:
            handle.write("time,open,high,low,close,volume\n")
            for i in range(count):
                p = price_at(i)
                handle.write(f"{(START - timedelta(minutes=count - i)).isoformat()},{p},{p + 1},{p - 1},{p},{i % 7}\n")
        began = time.perf_counter()
        bars = load_bars(path, "1m")
    checked = time.perf_counter()
    result = MarketService(CommandRunner(store)).import_history(IMPORTED, "1m", bars, CTX)
    stored = time.perf_counter()
    worker = ProjectionWorker(MarketProjection(), models, env)
    with worker.session() as session:
        assert session is not None
        while session.position < result.position:
            session.cycle()
    built = time.perf_counter()
    return {
        "check_file_s": round(checked - began, 2),
        "store_s": round(stored - checked, 2),
        "command_total_s": round(stored - began, 2),
        "candles_built_s": round(built - stored, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ticks", type=int, default=3000, help="ticks one per command (and the deposits baseline)")
    parser.add_argument("--batch-ticks", type=int, default=30000, help="ticks through record_prices")
    parser.add_argument("--batch", type=int, default=100, help="ticks per record_prices command")
    parser.add_argument("--reads", type=int, default=500)
    parser.add_argument("--import-candles", type=int, default=0, help="candles of a timed import (0: none)")
    args = parser.parse_args()
    with scratch_env("market") as env:
        store = EventStore(env=env)
        models = ReadModels.from_env(env, schema=env["POSTGRES_SCHEMA"] + "_rm")
        migrate(models, [MarketProjection()])
        trading = TradingService(CommandRunner(store, BenchClock()))
        baseline = deposits(store, trading, args.ticks)
        singles: list[tuple[int, float]] = []
        rate, lag = following(models, env, singles, lambda: ingest(trading, args.ticks, singles))
        batches: list[tuple[int, float]] = []
        batch_rate, batch_lag = following(
            models, env, batches, lambda: ingest_batches(trading, args.batch_ticks, args.batch, batches)
        )
        tables, view = models.tables_for(MarketProjection), MarketView()
        with models.connect() as conn:
            latest = timed(lambda: read_candles(conn, tables, BATCHED, "1m", limit=500), args.reads)
            window = timed(
                lambda: read_candles(conn, tables, BATCHED, "1h", START, START + timedelta(days=1)), args.reads
            )
            ticker = timed(lambda: view.tickers(conn, tables, BATCHED), args.reads)
            ping = timed(lambda: conn.execute("SELECT 1").fetchone(), args.reads)
            candle_rows = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(tables["market_candles"])).fetchone()
        imported = import_candles(store, models, env, args.import_candles) if args.import_candles else None
        store.close()
    ms = 1000

    def spread(samples: list[float], places: int = 2) -> dict[str, float]:
        return {"p50": round(percentile(samples, 50) * ms, places), "p99": round(percentile(samples, 99) * ms, places)}

    print(
        json.dumps(
            {
                "machine": machine(),
                "load_average": os.getloadavg(),
                "baseline_deposits_per_s": round(baseline),
                "single": {
                    "ticks": args.ticks,
                    "ticks_per_s": round(rate),
                    "ratio": round(rate / baseline, 2),
                    "candle_lag_ms": spread(lag, 1),
                },
                "batched": {
                    "ticks": args.batch_ticks,
                    "per_command": args.batch,
                    "ticks_per_s": round(batch_rate),
                    "ratio": round(batch_rate / baseline, 2),
                    "candle_lag_ms": spread(batch_lag, 1),
                },
                "candle_rows": candle_rows[0] if candle_rows else 0,
                "read_latest_500_1m_ms": spread(latest),
                "read_1h_day_ms": spread(window),
                "read_ticker_ms": spread(ticker),
                "baseline_select_1_ms": spread(ping),
                "import": imported and {"candles": args.import_candles, **imported},
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
