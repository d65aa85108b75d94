"""kill -9 every kind of process of ``astratrade up``, repeatedly, under a command load.

Then: no acknowledged command is lost, none is applied twice, every read model
equals a from-scratch rebuild, and the money in the portfolio is exactly what
the acknowledged commands moved.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from projections.runtime import ReadModels
from tests.faults import checks
from tests.faults.load import CommandLoad, Trader, login, register_trader
from tests.faults.servers import PrivateRedis, private_postgres
from tests.faults.system import System, running_system

TRADERS = 8
KILL_INTERVAL = 2.0  # seconds between two kills (each role is killed every len(roles) × this)
ADMIN, ADMIN_PASSWORD = "faults-admin", "faults admin password"


def start_traders(system: System) -> tuple[list[Trader], dict[str, str]]:
    """Registered traders, and the admin's headers (admins may post prices)."""
    system.cli("create-admin", ADMIN, ADMIN_PASSWORD)
    with httpx.Client(base_url=system.command_url, timeout=10) as client:
        traders = [register_trader(client, f"trader{n}") for n in range(TRADERS)]
        return traders, login(client, ADMIN, ADMIN_PASSWORD)


def kill_rounds(system: System, load: CommandLoad, rounds: int, patience: float = 60) -> None:
    """Kill every role once per round, waiting for its restart and for the load to move on.

    The supervisor doubles a process's restart delay each time it dies within 60 s of its start
    (up to 30 s): in a long soak the command API is down for longer and longer stretches."""
    roles = sorted(system.children())  # the job worker runs its threads in its own process: `jobs` is killed
    assert {"command-api", "query-api", "jobs"} <= set(roles), roles
    for _ in range(rounds):
        for role in roles:
            system.wait_for_role(role)
            system.kill(role)
            acknowledged = len(load.tally.acknowledged())
            time.sleep(KILL_INTERVAL)
            load.wait_for(acknowledged + 1, timeout=patience)  # commands resume after a command API kill


def run_and_verify(redis_server: PrivateRedis, rounds: int, patience: float = 60) -> dict[str, Any]:
    # A private PostgreSQL: a whole system holds ~100 connections, the shared server allows 100 in all.
    with private_postgres() as postgres, running_system(postgres.url, redis_server.url) as system:
        traders, feed = start_traders(system)
        with CommandLoad(system.command_url, traders, feed, command_timeout=patience) as load:
            load.wait_for(20)
            kill_rounds(system, load, rounds, patience)
            for role in system.children():
                system.wait_for_role(role)
            load.wait_for(len(load.tally.acknowledged()) + 20)  # the restarted system serves commands
        read_models = ReadModels.from_env(system.es_env(), system.read_schema)
        checks.wait_caught_up(system.es_env(), read_models, system.projections)
        checks.assert_nothing_parked(read_models, system.projections)
        system.stop()  # nothing moves while the rebuild is compared
        kinds = checks.assert_nothing_lost_or_doubled(system.es_env(), load.tally)
        checks.assert_money_matches(read_models, load.tally)
        compared = checks.assert_read_models_equal_rebuild(system.es_env(), read_models, system.projections)
        tally = load.tally
        assert tally.unexpected == [], tally.unexpected[:5]
        assert tally.unanswered() == []
        result = {
            "kills": len(system.kills),
            "roles": sorted(set(system.kills)),
            **tally.summary(),
            "by_kind": kinds,
            "rows_compared": sum(compared.values()),
            "lost": 0,
        }
        print(checks.figures(**result))
        return result


def test_nothing_lost_and_read_models_equal_rebuild_when_every_process_is_killed_repeatedly(
    redis_server: PrivateRedis,
) -> None:
    result = run_and_verify(redis_server, rounds=1)  # one kill of each process: ~1 min, what CI runs
    # Every process of up was killed: both APIs, the job worker and the worker groups' process.
    assert {"command-api", "query-api", "jobs"} < set(result["roles"]), result["roles"]
    assert result["kills"] == len(result["roles"])


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_nothing_lost_when_killed_for_minutes(redis_server: PrivateRedis) -> None:
    result = run_and_verify(redis_server, rounds=5, patience=180)
    assert result["kills"] == 5 * len(result["roles"]) >= 20
