"""The Redis mirror against real PostgreSQL and Redis: identical ranks, flushes, outages."""

from __future__ import annotations

import threading
import time

import redis
from fastapi.testclient import TestClient

from projections.leaderboard.boards import Board, Metric, Window
from projections.leaderboard.live.keys import LiveKeys
from projections.leaderboard.live.worker import MirrorWorker
from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking
from projections.runtime.config import ReadModels
from query_api.live.ranks import RedisRanks
from tests.leaderboard.support import Mirrored, World, bearer, forget_live_keys
from tests.leaderboard.test_projection import three_traders

CLOSED_PORT = "redis://127.0.0.1:1/0"


def every_board(world: World, read_models: ReadModels, client: redis.Redis) -> list[tuple[Board, list, list | None]]:
    """(board, PostgreSQL's entries, Redis's entries or None) for every current board, global and per clan."""
    ranking, ranks = (
        Ranking(read_models.tables_for(LeaderboardProjection)),
        RedisRanks(client, LiveKeys.for_schema(read_models.schema)),
    )
    clans = [None, *_clans(read_models)]
    found = []
    with read_models.connect() as conn:
        for metric in Metric:
            for window in Window:
                for clan in clans:
                    board = Board.current(metric, window, world.clock(), clan)
                    with conn.transaction():
                        pg = ranking.page(conn, board, 1000)
                    redis_side = ranks.top(board, 1000, None)
                    found.append((board, pg, redis_side[1] if redis_side else None))
    return found


def _clans(read_models: ReadModels) -> list:
    with read_models.connect() as conn:
        return [
            c
            for (c,) in conn.execute(
                f'SELECT DISTINCT clan_id FROM "{read_models.schema}".leaderboard_members WHERE clan_id IS NOT NULL'
            ).fetchall()
        ]


def assert_identical(world: World, read_models: ReadModels, client: redis.Redis) -> None:
    for board, pg, mirrored in every_board(world, read_models, client):
        assert mirrored == pg, board


def test_redis_ranks_equal_postgresql_on_every_board_as_trading_goes_on(
    world: World, read_models: ReadModels, mirror: Mirrored, redis_client: redis.Redis
):
    alice, bob, carol = three_traders(world)
    wolves = world.found(alice, "wolves")
    world.join(bob, wolves)
    world.settle()
    mirror.sync()  # the first sync rebuilds from PostgreSQL
    assert_identical(world, read_models, redis_client)
    # When trading, deposits and clan moves go on, synced incrementally
    world.trade(bob, "100", "140")
    world.deposit(carol, "5000.00")
    world.leave(bob, wolves)
    world.join(carol, wolves)
    world.settle()
    assert mirror.sync() > 0
    assert_identical(world, read_models, redis_client)


def test_ranks_return_identical_to_postgresql_when_redis_is_flushed_mid_run(
    world: World, read_models: ReadModels, mirror: Mirrored, redis_client: redis.Redis
):
    alice, bob, _ = three_traders(world)
    mirror.sync()
    # Given Redis is emptied (this schema's keys: other suites share the database) while trading goes on
    assert forget_live_keys(redis_client, read_models) > 0
    world.trade(alice, "100", "105")
    world.found(bob, "bears")
    world.settle()
    # Then nothing is served from Redis until the mirror has rebuilt it, and then it is identical again
    assert all(mirrored is None for _, _, mirrored in every_board(world, read_models, redis_client))
    mirror.sync()
    assert_identical(world, read_models, redis_client)


def test_the_worker_rebuilds_at_start_and_after_a_flush_and_outlives_an_unreachable_redis(
    world: World, read_models: ReadModels, redis_url: str, redis_client: redis.Redis, clock
):
    three_traders(world)
    down = MirrorWorker(read_models, CLOSED_PORT, clock=clock, poll=0.1)
    up = MirrorWorker(read_models, redis_url, clock=clock, poll=0.1)
    threads = [threading.Thread(target=w.run, daemon=True) for w in (down, up)]
    for thread in threads:
        thread.start()
    try:
        assert up.synced.wait(10)
        assert_identical(world, read_models, redis_client)
        forget_live_keys(redis_client, read_models)
        _eventually(lambda: redis_client.exists(LiveKeys.for_schema(read_models.schema).meta) == 1)
        assert_identical(world, read_models, redis_client)
        assert threads[0].is_alive() and not down.synced.is_set()
    finally:
        down.stop.set()
        up.stop.set()
        for thread in threads:
            thread.join(10)


def test_every_endpoint_answers_from_postgresql_when_redis_is_down(world: World, make_client, mirror: Mirrored):
    alice, bob, _ = three_traders(world)
    wolves = world.found(alice, "wolves")
    position = world.settle()
    mirror.sync()
    up, down = make_client(), make_client(redis=CLOSED_PORT)
    for path in (
        "/v1/leaderboards/roi",
        f"/v1/leaderboards/xp/users/{bob}",
        f"/v1/profiles/{alice}",
        f"/v1/clans/{wolves}",
    ):
        served = [c.get(path, params={"min_position": position}, headers=bearer(bob)) for c in (up, down)]
        assert [r.status_code for r in served] == [200, 200], (path, served[1].text)
        first, second = (r.json() for r in served)
        if "source" in first:
            assert (first.pop("source"), second.pop("source")) == ("redis", "postgres")
        assert first == second, path


def test_a_mirror_behind_min_position_is_not_trusted(world: World, client: TestClient, mirror: Mirrored):
    alice, _, _ = three_traders(world)
    mirror.sync()
    world.trade(alice, "100", "200")
    position = world.settle()
    reply = client.get("/v1/leaderboards/realized_pnl", params={"min_position": position}, headers=bearer(alice))
    assert reply.json()["source"] == "postgres" and reply.json()["entries"][0]["value"] == "109.49"
    mirror.sync()
    reply = client.get("/v1/leaderboards/realized_pnl", params={"min_position": position}, headers=bearer(alice))
    assert reply.json()["source"] == "redis" and reply.json()["entries"][0]["value"] == "109.49"


def _eventually(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)
