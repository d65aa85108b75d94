"""A job worker for bench/optimize.py: the backtest actor on a Redis namespace of the bench's own.

dramatiq bench.optimize_worker --processes N --threads 1   (BENCH_DRAMATIQ_NAMESPACE, REDIS_URL set)
"""

from __future__ import annotations

import os

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from jobs.broker import middleware

dramatiq.set_broker(
    RedisBroker(url=os.environ["REDIS_URL"], namespace=os.environ["BENCH_DRAMATIQ_NAMESPACE"], middleware=middleware())
)

import jobs.backtests  # noqa: E402, F401  (binds to the broker above)
