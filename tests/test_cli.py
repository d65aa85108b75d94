"""The astratrade CLI against real PostgreSQL: migrate, create-admin, status, rebuild, worker."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from astratrade import commands
from astratrade.cli import _parser, main
from projections.registry import PROJECTIONS, workers_for
from tests.support import TEST_DATABASE_URL, new_schema_name


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, postgres_available: None) -> Iterator[dict[str, str]]:
    schemas = {"DATABASE_SCHEMA": new_schema_name(), "READ_MODEL_SCHEMA": new_schema_name()}
    monkeypatch.setenv("DATABASE_URL", TEST_DATABASE_URL)
    for name, value in schemas.items():
        monkeypatch.setenv(name, value)
    yield schemas
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        own = ("analytics", "audit")  # schemas that projections own (ReadModels.tables_for)
        for schema in (*schemas.values(), *(f"{schemas['READ_MODEL_SCHEMA']}_{name}" for name in own)):
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_migrate_creates_event_store_read_models_and_analytics_when_run_twice(cli_env: dict[str, str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0  # idempotent
    with psycopg.connect(TEST_DATABASE_URL) as conn:
        tables = {(s, t) for s, t in conn.execute("SELECT table_schema, table_name FROM information_schema.tables")}
    rm = cli_env["READ_MODEL_SCHEMA"]
    assert (cli_env["DATABASE_SCHEMA"], "astratrade_events") in tables
    assert (rm, "projection_tracking") in tables and (rm, "portfolio_accounts") in tables
    assert (f"{rm}_analytics", "trade_facts") in tables


def test_admin_is_created_then_promoted_once_when_create_admin_repeats(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-admin", "root", "a long admin password"]) == 0
    first = capsys.readouterr().out
    assert main(["create-admin", "root", "a long admin password"]) == 0
    assert capsys.readouterr().out == first  # same user id, no second grant


def test_status_lists_every_projection_and_rebuild_swaps_when_migrated(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["create-admin", "root", "a long admin password"])
    capsys.readouterr()
    assert main(["projections", "rebuild", "portfolio"]) == 0
    assert "rebuilt and swapped in" in capsys.readouterr().out
    assert main(["projections", "status"]) == 0
    out = capsys.readouterr().out
    assert "portfolio" in out and "analytics" in out


def test_unknown_projection_is_refused_when_a_worker_is_asked_for_it(cli_env: dict[str, str]) -> None:
    assert main(["worker", "no_such_projection"]) == 2
    assert main(["projections", "rebuild", "no_such_projection"]) == 1


def test_a_group_is_healthy_while_a_projection_of_another_group_is_halted(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a migrated system where the settlement policy (group `policies`) has halted
    assert main(["migrate"]) == 0
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        conn.execute(f'UPDATE "{cli_env["READ_MODEL_SCHEMA"]}".projection_tracking SET status = %s,'
                     " last_error = %s WHERE name = %s", ("halted", "boom", "settlement"))
    capsys.readouterr()
    # When each group's health check runs: only the group running it is unhealthy
    assert main(["projections", "status", "core"]) == 0
    assert main(["projections", "status", "social"]) == 0
    assert main(["projections", "status", "policies"]) == 1
    assert main(["projections", "status"]) == 1  # the whole read side is not healthy
    # And a group's check names its members only
    assert main(["projections", "status", "core"]) == 0
    lines = capsys.readouterr().out.splitlines()[-6:]
    assert sorted(line.split()[0] for line in lines[1:]) == ["anchors", "ledger", "marketplace", "portfolio",
                                                              "profiles"]
    assert main(["projections", "status", "no_such_group"]) == 2


def test_up_runs_the_read_side_in_three_worker_processes_covering_every_projection() -> None:
    children = commands.up_children()
    workers = [child.args for child in children if child.args[0] == "worker"]
    assert len(workers) <= 3 and len(children) <= 6  # + the supervisor and the dramatiq worker process: ≤ 8
    run = [p.name for args in workers for p in workers_for([a for a in args[1:] if not a.startswith("--")])]
    assert sorted(run) == sorted(p.name for p in PROJECTIONS)  # each exactly once
    assert sum("--live-ranks" in args for args in workers) == 1
    assert all(_parser().parse_args(child.args) for child in children)
