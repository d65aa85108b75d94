"""Stop a PRIVATE Redis under load: commands and PostgreSQL-backed queries keep working, /ready
says Redis is down; when it returns, /ready recovers, jobs run again and live ranks are rebuilt."""

from __future__ import annotations

import time
from collections import Counter

import httpx
import pytest
import redis

from tests.faults import checks
from tests.faults.jobs_support import create_attempts_table, enqueue, kill_group, start_job_worker, wait_for_stages
from tests.faults.load import CommandLoad
from tests.faults.servers import PrivateRedis, private_postgres
from tests.faults.system import System, running_system
from tests.faults.test_kill_workers import start_traders

DOWN_FOR = 8.0  # seconds Redis stays stopped


def readiness(system: System) -> dict[str, tuple[int, dict[str, str]]]:
    found = {}
    for name, url in (("command", system.command_url), ("query", system.query_url)):
        response = httpx.get(url + "/ready", timeout=10)
        found[name] = (response.status_code, response.json().get("checks", {}))
    return found


def wait_until(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def live_ranks_key(system: System) -> str:
    return f"lb:{system.read_schema}:meta"  # projections/leaderboard/live/keys.py: the mirror's marker


@pytest.mark.timeout(240)
def test_commands_and_queries_work_and_jobs_resume_when_redis_stops_and_returns(redis_server: PrivateRedis) -> None:
    with private_postgres() as postgres, running_system(postgres.url, redis_server.url) as system:
        create_attempts_table(postgres.url, system.schema)
        traders, feed = start_traders(system)
        jobs = start_job_worker(postgres.url, system.schema, redis_server.url)
        try:
            enqueue(redis_server.url, "before", traders[0].user_id, "1.00")
            wait_for_stages(postgres.url, system.schema, "before", ["started", "effect done"])
            client = redis.Redis.from_url(redis_server.url)
            mirrored = _wait_quietly(lambda: client.exists(live_ranks_key(system)) == 1, 20)
            with CommandLoad(system.command_url, traders, feed) as load:
                load.wait_for(20)
                outage = redis_down(system, redis_server, load, traders[0].headers)
            # Then, Redis back: ready again, jobs run again on the same worker, live ranks rebuilt
            wait_until(lambda: all(s == 200 for s, _ in readiness(system).values()), 30, "not ready after Redis")
            enqueue(redis_server.url, "after", traders[0].user_id, "2.00")
            wait_for_stages(postgres.url, system.schema, "after", ["started", "effect done"], timeout=60)
            assert jobs.poll() is None, "the job worker died while Redis was down"
            if mirrored:
                wait_until(lambda: client.exists(live_ranks_key(system)) == 1, 60, "live ranks not rebuilt")
        finally:
            kill_group(jobs)
        checks.assert_nothing_lost_or_doubled(system.es_env(), load.tally, Counter(deposit=2))  # + the 2 jobs
        assert load.tally.unexpected == [], load.tally.unexpected[:5]
        assert load.tally.unanswered() == []
        print(
            checks.figures(
                redis_stops=redis_server.stops, **load.tally.summary(), lost=0, live_ranks=mirrored, **outage
            )
        )


def redis_down(
    system: System, redis_server: PrivateRedis, load: CommandLoad, headers: dict[str, str]
) -> dict[str, int]:
    """Stop Redis; check commands, queries and readiness while it is down; start it again."""
    redis_server.stop()
    started, acknowledged = time.monotonic(), len(load.tally.acknowledged())
    load.wait_for(acknowledged + 30, timeout=30)  # commands go on without Redis
    during = len(load.tally.acknowledged()) - acknowledged
    portfolio = httpx.get(system.query_url + "/v1/portfolios/me", headers=headers, timeout=10)
    assert portfolio.status_code == 200, portfolio.text  # PostgreSQL-backed queries go on too
    for name, (status, found) in readiness(system).items():
        assert status == 503 and found == {**found, "postgres": "ok", "redis": "unreachable"}, (name, status, found)
    time.sleep(max(0.0, DOWN_FOR - (time.monotonic() - started)))
    redis_server.start()
    return {"acknowledged_while_redis_down": during}


def _wait_quietly(predicate: object, timeout: float) -> bool:
    try:
        wait_until(predicate, timeout, "")
    except AssertionError:
        return False
    return True
