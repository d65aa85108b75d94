"""Leaderboard latency: top-100 and a user's rank at 100,000 ranked users, Redis and PostgreSQL paths.

100,000 users' all-time XP (whole numbers 0-4,999, so ties are common and the
tie-break matters) are generated straight into ``leaderboard_scores`` with their
profiles (not through the event store), mirrored into Redis by the real mirror, and
then, for the same random users, it times the query API's own read path
(``BoardReads``: the board plus the usernames, as the endpoints answer):
- top-100 from the Redis mirror, and from PostgreSQL (the ranking index);
- a user's rank with 2 neighbours each side, from Redis, and from PostgreSQL (index-only count);
- the baseline: a plain PostgreSQL ``ORDER BY value DESC LIMIT 100`` on the same rows, and a plain
  ``count(*) WHERE value > v`` rank;
checks the paths agree, and prints p50/p99 (median of runs) beside the baseline. Target: p99 < 10 ms.

    .venv/bin/python -m bench.leaderboard [--users 100000] [--queries 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import redis
from psycopg import sql
from psycopg_pool import ConnectionPool

from bench.common import BENCH_DATABASE_URL, machine, median, percentile
from event_store.config import eventsourcing_env
from event_store.schema import ensure_database
from projections.leaderboard.boards import Board, Metric, Window
from projections.leaderboard.live.keys import LiveKeys
from projections.leaderboard.live.mirror import LiveMirror
from projections.leaderboard.projection import LeaderboardProjection
from projections.profiles.projection import ProfilesProjection
from projections.runtime import ReadModels, migrate
from query_api.live.ranks import RedisRanks
from query_api.reads.boards import BoardReads

BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BOARD = Board.current(Metric.XP, Window.ALL, NOW)
SCORES = """INSERT INTO {scores} (metric, period, bucket, user_id, value, samples, reached_position, reached_at,
    changed_position)
SELECT 'xp', 'all', %(bucket)s, md5('u' || g)::uuid, (g * 7919) %% 5000, 1, g * 1024, %(now)s, g * 1024
FROM generate_series(1, %(users)s) AS g"""
PROFILES = """INSERT INTO {profiles} (user_id, username, xp, last_event_position)
SELECT md5('u' || g)::uuid, 'trader' || g, (g * 7919) %% 5000, g * 1024 FROM generate_series(1, %(users)s) AS g"""
PLAIN_TOP = """SELECT user_id, value FROM {scores} WHERE metric = 'xp' AND period = 'all' AND bucket = %s
ORDER BY value DESC LIMIT 100"""
PLAIN_RANK = """SELECT 1 + count(*) FROM {scores} WHERE metric = 'xp' AND period = 'all' AND bucket = %s
AND value > (SELECT value FROM {scores} WHERE metric = 'xp' AND period = 'all' AND bucket = %s AND user_id = %s)"""


def populate(models: ReadModels, users: int) -> None:
    """The rows, a tracking position past them, VACUUM ANALYZE (index-only scans need the visibility map)."""
    scores, profiles = (
        models.tables_for(LeaderboardProjection)["leaderboard_scores"],
        models.tables_for(ProfilesProjection)["profiles"],
    )
    with models.connect() as conn:
        with conn.transaction():
            conn.execute(sql.SQL(SCORES).format(scores=scores), {"bucket": BOARD.bucket, "now": NOW, "users": users})
            conn.execute(sql.SQL(PROFILES).format(profiles=profiles), {"users": users})
            conn.execute(
                sql.SQL("UPDATE {} SET position = %s WHERE name IN ('leaderboard', 'profiles')").format(
                    models.tracking
                ),
                ((users + 1) * 1024,),
            )
        for table in (scores, profiles):
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(table))


def timed(run: Callable[[Any], Any], inputs: list[Any]) -> tuple[list[float], list[Any]]:
    """Milliseconds per call, and each call's answer."""
    latencies, answers = [], []
    for item in inputs:
        began = time.perf_counter()
        answers.append(run(item))
        latencies.append((time.perf_counter() - began) * 1000)
    return latencies, answers


def one_run(
    reads: tuple[BoardReads, BoardReads], pool: ConnectionPool[Any], models: ReadModels, users: list[Any]
) -> dict[str, tuple[float, float]]:
    on_redis, on_postgres = reads
    scores = models.tables_for(LeaderboardProjection)["leaderboard_scores"]
    plain_top, plain_rank = (sql.SQL(q).format(scores=scores) for q in (PLAIN_TOP, PLAIN_RANK))

    def plain(query: sql.Composed, *params: Any) -> list[Any]:
        with pool.connection() as conn:
            return conn.execute(query, params).fetchall()

    def snapshot(read: Callable[[Any], Any]) -> Any:
        with pool.connection() as conn:  # as the read path runs a route's read
            return read(conn)

    cases: dict[str, Callable[[Any], Any]] = {
        "top-100, Redis": lambda _: snapshot(lambda c: on_redis.page(c, BOARD, 100, None, None)),
        "top-100, PostgreSQL": lambda _: snapshot(lambda c: on_postgres.page(c, BOARD, 100, None, None)),
        "top-100, plain ORDER BY (baseline)": lambda _: plain(plain_top, BOARD.bucket),
        "user rank, Redis": lambda u: snapshot(lambda c: on_redis.place(c, BOARD, u, 2, None)),
        "user rank, PostgreSQL": lambda u: snapshot(lambda c: on_postgres.place(c, BOARD, u, 2, None)),
        "user rank, plain count (baseline)": lambda u: plain(plain_rank, BOARD.bucket, BOARD.bucket, u),
    }
    found, answers = {}, {}
    for name, case in cases.items():
        timed(case, users[:20])  # warm-up: caches, prepared statements, script SHAs
        latencies, answers[name] = timed(case, users)
        found[name] = (percentile(latencies, 50), percentile(latencies, 99))
    assert [p.entries for p in answers["top-100, Redis"]] == [p.entries for p in answers["top-100, PostgreSQL"]]
    assert [p.source for p in answers["user rank, Redis"]] == ["redis"] * len(users)
    assert [p.standing for p in answers["user rank, Redis"]] == [p.standing for p in answers["user rank, PostgreSQL"]]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = eventsourcing_env(BENCH_DATABASE_URL, schema="public")
    ensure_database(env)
    models = ReadModels(
        BENCH_DATABASE_URL,
        schema=f"bench_leaderboard_{os.getpid()}",
        progress_channel=f"bench_leaderboard_{os.getpid()}",
    )
    client = redis.Redis.from_url(BENCH_REDIS_URL)
    pool: ConnectionPool[Any] = ConnectionPool(models.conninfo, min_size=2, max_size=2, open=True)
    try:
        migrate(models, [LeaderboardProjection(), ProfilesProjection()])
        began = time.perf_counter()
        populate(models, args.users)
        print(
            f"machine: {machine()}, Redis {client.info('server')['redis_version']}, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(f"generated {args.users:,} ranked users in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        with models.connect() as conn:
            LiveMirror(models, client, lambda: NOW).sync(conn)
        print(f"mirror rebuilt Redis from PostgreSQL in {time.perf_counter() - began:.1f} s")
        reads = _reads(models, client)
        sample = _users(pool, models, args.queries)
        results = [
            one_run(reads, pool, models, random.Random(seed).sample(sample, len(sample))) for seed in range(args.runs)
        ]
        report(results, args.users, args.queries)
    finally:
        pool.close()
        for key in client.scan_iter(match=LiveKeys.for_schema(models.schema).namespace + ":*", count=1000):
            client.delete(key)
        with models.connect() as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(models.schema)))


def _reads(models: ReadModels, client: redis.Redis) -> tuple[BoardReads, BoardReads]:
    keys = LiveKeys.for_schema(models.schema)
    down = RedisRanks(redis.Redis.from_url("redis://127.0.0.1:1/0"), keys, cooldown=3600)  # always "down"
    return BoardReads(models, RedisRanks(client, keys)), BoardReads(models, down)


def _users(pool: ConnectionPool[Any], models: ReadModels, n: int) -> list[Any]:
    """Random ranked users, spread over the whole board (the bottom is PostgreSQL's worst case)."""
    profiles = models.tables_for(ProfilesProjection)["profiles"]
    with pool.connection() as conn:
        rows = conn.execute(
            sql.SQL("SELECT user_id FROM {} ORDER BY md5(user_id::text) LIMIT %s").format(profiles), (n,)
        ).fetchall()
    return [r[0] for r in rows]


def report(results: list[dict[str, tuple[float, float]]], users: int, queries: int) -> None:
    print(
        f"{users:,} ranked users, {queries} queries per case x {len(results)} runs (median of runs), "
        "the query API's read path (board + usernames):"
    )
    baseline = {"top-100": "top-100, plain ORDER BY (baseline)", "user rank": "user rank, plain count (baseline)"}
    for name in results[0]:
        p50, p99 = (median([r[name][i] for r in results]) for i in range(2))
        base = median([r[baseline[name.split(",")[0]]][1] for r in results])
        print(
            f"  {name:<36} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   p99 vs baseline {p99 / base:5.2f} x"
            f"   {'(target p99 < 10 ms: met)' if p99 < 10 else '(target p99 < 10 ms: MISSED)'}"
        )


if __name__ == "__main__":
    main()
