"""A 100-combination grid on 1 job worker process, then on 2: does optimisation scale with workers?

Each combination of ``POST /v1/optimizations`` is its own ``run_backtest`` message (jobs/backtests.py), so more
worker processes (or hosts) take more of them at once with no code change. This bench imports N one-minute
candles of BTC-USD as history (one command), builds the market read model, records one 100-combination
``sma_cross`` grid per run through the real service (a pro user), enqueues its runs as the dispatch policy does,
and times from the enqueue until the last run is recorded, with ``dramatiq bench.optimize_worker -p 1`` and
``-p 2``, interleaved (workers booted before the clock starts). It prints both and the ratio
(ideal 2.0 on 2 free cores).

    .venv/bin/python -m bench.optimize [--candles 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from dramatiq import Message
from dramatiq.brokers.redis import RedisBroker

from aggregates.strategies.optimization import Optimization
from bench.common import machine, median, scratch_env
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.market.projection import MarketProjection
from projections.policies.backtests import BACKTEST_QUEUE, RUN_ACTOR
from projections.runtime import ReadModels, migrate, rebuild
from projections.strategies.projection import StrategiesProjection
from services.commands import CommandRunner
from services.markets import MarketService
from services.strategies import GridRequest, StrategyService
from services.subscriptions import SubscriptionService
from services.trading import TradingService
from services.users import UserService

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
START = datetime(2026, 1, 1, tzinfo=UTC)
GRID = {"fast": list(range(2, 12)), "slow": list(range(20, 30))}  # 10 x 10 = 100 combinations


def bars(count: int) -> list[list[Any]]:
    """A random-looking but fixed walk (so sma_cross trades), on the 2-decimal grid."""
    price, out, seed = Decimal("40000.00"), [], 12345
    for i in range(count):
        seed = (seed * 1103515245 + 12345) % 2**31
        step = Decimal((seed % 2001) - 1000) / 10
        close = max(Decimal("100.00"), price + step)
        out.append(
            [START + timedelta(minutes=i), price, max(price, close) + 1, min(price, close) - 1, close, Decimal("1.5")]
        )
        price = close
    return out


def prepare(env: dict[str, str], models: ReadModels, count: int) -> tuple[CommandRunner, UUID]:
    store = EventStore(env=env)
    runner = CommandRunner(store)
    ctx = CommandContext(actor="bench", correlation_id="bench-optimize")
    TradingService(runner).record_price("BTC-USD", Decimal("40000"), ctx)
    MarketService(runner).import_history("BTC-USD", "1m", bars(count), ctx)
    user = UUID(
        UserService(runner, b"bench")
        .register("bench", "bench@example.com", "correct horse battery", ctx)
        .body["user_id"]
    )
    TradingService(runner).deposit(user, Decimal("100.00"), "USD", ctx)
    SubscriptionService(runner).subscribe(user, "pro", ctx)  # grids of 100 need the pro plan
    migrate(models, [MarketProjection(), StrategiesProjection()])
    rebuild(MarketProjection(), models, env)
    return runner, user


def grid_request(count: int) -> GridRequest:
    spec = {
        "strategy": "sma_cross",
        "symbol": "BTC-USD",
        "interval": "1m",
        "from": START.isoformat(),
        "to": (START + timedelta(minutes=count)).isoformat(),
        "initial_cash": "10000.00",
        "quantity": "0.01",
        "equity_fraction": None,
        "leverage": 1,
        "fill": "close",
        "fee_rate": "0.001",
    }
    combos = [{"fast": f, "slow": s} for f in GRID["fast"] for s in GRID["slow"]]
    return GridRequest(spec, combos, GRID, "net_pnl")


def timed_grid(
    runner: CommandRunner, user: UUID, count: int, processes: int, env: dict[str, str], models: ReadModels
) -> float:
    """Seconds from enqueueing a fresh 100-combination grid to its Optimization.Completed, on ``processes``."""
    namespace = f"bench-optimize-{uuid4().hex[:8]}"
    worker_env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "BENCH_DRAMATIQ_NAMESPACE": namespace,
        "ASTRATRADE_ENV": "development",
        "DATABASE_URL": env_url(env),
        "DATABASE_SCHEMA": env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": models.schema,
    }
    workers = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "bench.optimize_worker",
            "--processes",
            str(processes),
            "--threads",
            "1",
        ],
        env=worker_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    broker = RedisBroker(url=REDIS_URL, namespace=namespace, middleware=[])
    try:
        time.sleep(6)  # booted (imports) before the clock starts
        result = StrategyService(runner).request_optimization(
            user, grid_request(count), CommandContext(actor=str(user), correlation_id="bench")
        )
        optimization: Optimization = runner.store.repository.get(UUID(result.body["optimization_id"]))
        started = time.perf_counter()
        for backtest_id in optimization.backtest_ids:  # what the dispatch policy does per Requested event
            broker.enqueue(
                Message(
                    queue_name=BACKTEST_QUEUE, actor_name=RUN_ACTOR, args=(str(backtest_id),), kwargs={}, options={}
                )
            )
        while not _completed(runner, optimization.id):
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        workers.terminate()
        workers.wait(30)
        broker.flush_all()
        broker.close()


def _completed(runner: CommandRunner, optimization_id: UUID) -> bool:
    found: Optimization = runner.store.repository.get(optimization_id)
    return found.completed


def env_url(env: dict[str, str]) -> str:
    return f"postgresql://{env['POSTGRES_USER']}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DBNAME']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    with scratch_env("optimize") as env:
        models = ReadModels.from_env(env, schema=env["POSTGRES_SCHEMA"] + "_read")
        runner, user = prepare(env, models, args.candles)
        one: list[float] = []
        two: list[float] = []
        for _ in range(args.runs):  # interleaved, so a neighbour's load on the machine hits both alike
            one.append(timed_grid(runner, user, args.candles, 1, env, models))
            two.append(timed_grid(runner, user, args.candles, 2, env, models))
        with models.connect() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{models.schema}" CASCADE')
    combos = len(GRID["fast"]) * len(GRID["slow"])
    print(f"grid of {combos} sma_cross backtests over {args.candles} 1m candles, median of {args.runs}:")
    print(f"  1 job worker process : {median(one):7.2f} s  ({combos / median(one):6.1f} backtests/s)  runs {one}")
    print(f"  2 job worker processes: {median(two):7.2f} s  ({combos / median(two):6.1f} backtests/s)  runs {two}")
    print(f"  speed-up 2 vs 1: {median(one) / median(two):.2f}x (baseline: the 1-worker run of this same run)")


if __name__ == "__main__":
    main()
