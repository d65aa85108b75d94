"""Read-your-writes on a hot standby: how long after the primary a ``min_position`` wait ends on the standby.

Starts a private primary and a streaming hot standby of it (``tests/replica/standby.py``: the same
pair the tests use), then N times: a deposit, the portfolio worker's cycle that commits it with its
tracking row on the primary, and at that instant two waits for the position, run concurrently on the
query API's progress follower: one following the primary (the baseline, as without
``READ_DATABASE_URL``) and one following the standby (LISTEN on the primary, positions from the
standby, chasing its replay). Prints p50/p99 of each wait in ms and the standby's extra, with the
worker committing durably (what ``READ_DATABASE_URL`` selects) and asynchronously (the default without
one: its WAL then reaches the standby only at the WAL writer's next flush, up to ``wal_writer_delay``).

    .venv/bin/python -m bench.replica [--writes 300]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import replace
from decimal import Decimal
from uuid import UUID

from bench.common import median, percentile
from event_store.application import EventStore
from event_store.config import eventsourcing_env
from event_store.metadata import CommandContext
from event_store.schema import ensure_database, migrate
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ReadModels, WorkerOptions
from projections.runtime import migrate as migrate_read_models
from projections.runtime.config import conninfo_of
from projections.runtime.worker import ProjectionWorker
from query_api.progress import Progress
from services.commands import CommandRunner
from services.trading import TradingService
from services.users import UserService
from tests.replica.standby import primary_and_standby

CTX = CommandContext(actor="bench", correlation_id="bench-replica")


async def waits(primary: Progress, standby: Progress, position: int) -> tuple[float, float]:
    """Milliseconds until each follower has seen ``position``, from now."""
    started = time.perf_counter()

    async def wait(progress: Progress) -> float:
        assert await progress.wait_for("portfolio", position, 10.0), "never reached"
        return (time.perf_counter() - started) * 1000

    on_primary, on_standby = await asyncio.gather(wait(primary), wait(standby))
    return on_primary, on_standby


async def run(writes: int, durable: bool) -> tuple[list[float], list[float]]:
    with primary_and_standby() as (primary_server, standby_server):
        env = eventsourcing_env(primary_server.url, schema="bench_replica", pool_size=2)
        ensure_database(env)
        migrate(env)
        models = ReadModels.from_env(env, schema="bench_replica_rm")
        migrate_read_models(models, [PortfolioProjection()])
        standby_models = replace(models, conninfo=conninfo_of(eventsourcing_env(standby_server.url)))
        store = EventStore(env=env)
        runner = CommandRunner(store)
        trading = TradingService(runner)
        user = UUID(
            UserService(runner, b"bench").register("bench", "b@example.com", "pw-12345678", CTX).body["user_id"]
        )
        on_primary, on_standby = Progress(models), Progress(standby_models, models.conninfo)
        await on_primary.start()
        await on_standby.start()
        worker = ProjectionWorker(PortfolioProjection(), models, env, WorkerOptions(durable_commits=durable))
        results: tuple[list[float], list[float]] = ([], [])
        try:
            with worker.session() as session:
                assert session is not None
                for _ in range(writes):
                    position = trading.deposit(user, Decimal("1.00"), "USD", CTX).position
                    while session.position < position:  # the step that commits rows + tracking on the primary
                        if session.cycle().outcome is None:
                            time.sleep(0.001)
                    primary_ms, standby_ms = await waits(on_primary, on_standby, position)
                    results[0].append(primary_ms)
                    results[1].append(standby_ms)
        finally:
            await on_primary.stop()
            await on_standby.stop()
            store.close()
        return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=300)
    args = parser.parse_args()
    print(f"{args.writes} writes per mode; ms from the tracking commit on the primary until a min_position wait ends")
    for durable in (True, False):
        primary, standby = asyncio.run(run(args.writes, durable))
        print(
            "worker commits "
            + (
                "durable (what READ_DATABASE_URL selects)"
                if durable
                else "asynchronous (the default without a standby)"
            )
        )
        for name, values in (("primary (baseline)", primary), ("standby", standby)):
            print(f"{name:>19}: p50 {median(values):6.2f}  p99 {percentile(values, 99):6.2f}  max {max(values):6.2f}")
        extra = [s - p for p, s in zip(primary, standby, strict=True)]
        print(f"{'standby extra':>19}: p50 {median(extra):6.2f}  p99 {percentile(extra, 99):6.2f}")


if __name__ == "__main__":
    main()
