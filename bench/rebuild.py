"""Rebuild time and memory of the portfolio and leaderboard projections from a
1,000,000-event log, beside a bare read of the same log in the same run.

The log is bench/projections.py's: 10,000 wallets, each opened then deposited
into 99 times (every event is one the portfolio handles; the leaderboard reads
the deposits for ROI). Resident memory is sampled every 0.2 s during each
rebuild: flat means the peak stays near the start however long the log.

    .venv/bin/python -m bench.rebuild [--events 1000000]
"""

from __future__ import annotations

import argparse
import threading
import time

from bench.common import machine, scratch_env
from bench.projections import baseline, load
from projections.leaderboard.projection import LeaderboardProjection
from projections.portfolio.projection import PortfolioProjection
from projections.registry import migrate
from projections.runtime import ReadModels, rebuild
from projections.runtime.base import Projection


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class MemorySampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.samples.append(rss_mib())


def timed_rebuild(projection: Projection, read_models: ReadModels, env: dict[str, str]) -> tuple[float, float, float]:
    sampler, start_rss = MemorySampler(), rss_mib()
    sampler.start()
    started = time.perf_counter()
    rebuild(projection, read_models, env)
    elapsed = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    return elapsed, start_rss, max(sampler.samples or [start_rss])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with scratch_env("rebuild") as env:
        started = time.perf_counter()
        count = load(env, args.events)
        print(f"loaded {count:,} events in {time.perf_counter() - started:.0f} s")
        read_models = ReadModels.from_env(env, schema=env["POSTGRES_SCHEMA"] + "_read")
        migrate(read_models)
        for projection in (PortfolioProjection(), LeaderboardProjection()):
            bare = baseline(env, projection.topics)
            elapsed, start_rss, peak_rss = timed_rebuild(projection, read_models, env)
            print(
                f"{projection.name}: rebuilt {count:,} events in {elapsed:.1f} s ({count / elapsed:,.0f} events/s); "
                f"bare read of its topics {bare:,.0f} events/s; "
                f"RSS {start_rss:.0f} MiB at start, peak {peak_rss:.0f} MiB"
            )


if __name__ == "__main__":
    main()
