"""The astratrade CLI against real PostgreSQL: migrate, create-admin, status, rebuild, worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import errors, sql

from astratrade import commands, running
from astratrade.cli import _parser, main
from astratrade.commands import command_api_app
from astratrade.database import as_app_role
from astratrade.settings import DEV_SECRET, Settings
from projections.groups import GROUPS
from projections.registry import PROJECTIONS, workers_for
from tests.faults.servers import free_port
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


def test_create_admin_refuses_and_creates_nothing_when_password_is_weak(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-admin", "root", "short"]) == 2
    assert main(["create-admin", "root", "1234567890"]) == 2
    assert "refused" in capsys.readouterr().err
    with psycopg.connect(TEST_DATABASE_URL) as conn:  # refused before migrating: not even the tables exist
        found = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s", (cli_env["DATABASE_SCHEMA"],)
        ).fetchone()
    assert found is None


def test_cli_and_apis_of_one_stack_share_generated_secrets_when_none_are_set(
    cli_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    redis_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a development stack with no JWT_SECRET or CLAIM_KEY, its data directory fresh
    for name in ("JWT_SECRET", "CLAIM_KEY", "ASTRATRADE_ENV"):
        monkeypatch.setenv(name, "restored-after-the-test")  # so the deletion (and the CLI's export) is undone
        monkeypatch.delenv(name)
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REDIS_URL", redis_url)
    stack_env = dict(os.environ)

    # When the first admin is created from the CLI (the first process: it generates the secrets)
    assert main(["create-admin", "root", "a long admin password"]) == 0
    kept = json.loads((tmp_path / "secrets.json").read_text())
    assert DEV_SECRET not in kept.values()
    assert "generated random development secrets" in capsys.readouterr().err
    # ...and a query API process of the same stack starts on its own (secrets from the data directory)
    port = free_port()
    query_api = subprocess.Popen(
        [sys.executable, "-m", "astratrade.cli", "serve", "query-api"],
        env={**stack_env, "QUERY_API_PORT": str(port)},
    )
    try:
        # Then the command API signs root in (the CLI's claim key) and the query API accepts its token
        with TestClient(command_api_app()) as commands:
            login = commands.post("/v1/auth/token", json={"username": "root", "password": "a long admin password"})
        assert login.status_code == 200, login.text
        token = {"Authorization": f"Bearer {login.json()['access_token']}"}
        assert _when_up(f"http://127.0.0.1:{port}").get("/v1/projections", headers=token).status_code == 200
    finally:
        query_api.terminate()
        query_api.wait(timeout=20)


def test_the_query_api_process_serves_the_console_on_its_own_port_when_asked(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> None:
    # Given a migrated stack, and `serve query-api --console` (what `up` runs) on two free ports
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert main(["migrate"]) == 0
    query_port, console_port = free_port(), free_port()
    env = {**os.environ, "QUERY_API_PORT": str(query_port), "CONSOLE_PORT": str(console_port)}
    process = subprocess.Popen([sys.executable, "-m", "astratrade.cli", "serve", "query-api", "--console"], env=env)
    try:
        # When each port is asked for what the other serves
        queries = _when_up(f"http://127.0.0.1:{query_port}")
        console = httpx.Client(base_url=f"http://127.0.0.1:{console_port}", timeout=10)
        config, page = console.get("/config.json"), console.get("/")

        # Then the console's port answers as `serve console` does, and only the console; the query API's, only it
        assert config.status_code == 200 and config.json()["query_api_port"] == query_port
        assert page.status_code == 200 and "content-security-policy" in page.headers
        assert console.get("/v1/projections").status_code == 404
        assert queries.get("/config.json").status_code == 404
        assert "content-security-policy" not in queries.get("/health").headers
        assert len(psutil.Process(process.pid).children()) == 0  # one process for both
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_up_hands_over_to_a_light_supervisor_that_keeps_the_lock_and_stops_everything_on_ctrl_c(
    cli_env: dict[str, str], tmp_path: Path, redis_url: str
) -> None:
    # Given `up` on servers that are already there (nothing embedded to stop at the end)
    ports = {name: str(free_port()) for name in ("COMMAND_API_PORT", "QUERY_API_PORT", "CONSOLE_PORT")}
    env = {**os.environ, **ports, "REDIS_URL": redis_url, "ASTRATRADE_DATA_DIR": str(tmp_path)}
    env["ASTRATRADE_EMBEDDED"] = "never"
    up = subprocess.Popen([sys.executable, "-m", "astratrade.cli", "up"], env=env)
    try:
        _when_up(f"http://127.0.0.1:{ports['QUERY_API_PORT']}", timeout=120)
        supervisor = psutil.Process(up.pid)

        # Then the same pid became the light supervisor (none of the settings' weight), still holding the
        # checkout's lock, supervising the five processes' other four
        assert supervisor.cmdline()[1:3] == ["-m", "astratrade.supervisor"]
        assert supervisor.memory_info().rss < 40 * 2**20
        held = running.running(tmp_path)
        assert held is not None and held.pid == up.pid
        assert len(supervisor.children()) == 4
        children = supervisor.children()
    finally:
        # When Ctrl-C reaches it
        up.send_signal(signal.SIGINT)
        up.wait(timeout=60)

    # Then it stopped every child, released the lock and exited cleanly
    assert up.returncode == 0
    assert not any(child.is_running() and child.status() != psutil.STATUS_ZOMBIE for child in children)
    assert running.running(tmp_path) is None


def _when_up(base_url: str, timeout: float = 60.0) -> httpx.Client:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base_url + "/health", timeout=2).status_code == 200:
                return httpx.Client(base_url=base_url, timeout=10)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{base_url} did not come up")


def _app_url() -> str:
    return as_app_role(Settings()).database_url


def test_the_app_role_is_no_superuser_and_cannot_rewrite_an_event_when_migrated(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a migrated database with one event (the admin's)
    assert main(["create-admin", "root", "a long admin password"]) == 0
    events = sql.Identifier(cli_env["DATABASE_SCHEMA"], "astratrade_events")
    with psycopg.connect(_app_url(), autocommit=True) as conn:
        # Then the role the processes connect as is no superuser
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)
        # When it tries to rewrite the event, then PostgreSQL refuses (no UPDATE granted)
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            conn.execute(sql.SQL("UPDATE {} SET topic = topic").format(events))
    # And when UPDATE was granted by mistake, the insert-only trigger still refuses it
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("GRANT UPDATE ON {} TO astratrade_app").format(events))
    with psycopg.connect(_app_url(), autocommit=True) as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="insert-only"):
            conn.execute(sql.SQL("UPDATE {} SET topic = topic").format(events))


def test_the_app_role_owns_the_read_models_but_only_appends_to_the_audit_trail_when_migrated(
    cli_env: dict[str, str],
) -> None:
    assert main(["migrate"]) == 0
    rm = cli_env["READ_MODEL_SCHEMA"]
    with psycopg.connect(TEST_DATABASE_URL) as conn:
        owners: dict[str, str] = dict(
            conn.execute(
                "SELECT schemaname || '.' || tablename, tableowner FROM pg_tables WHERE schemaname LIKE %s", (f"{rm}%",)
            ).fetchall()
        )
    assert owners[f"{rm}.projection_tracking"] == owners[f"{rm}_analytics.trade_facts"] == "astratrade_app"
    assert owners[f"{rm}_audit.trail"] != "astratrade_app" and owners[f"{rm}_audit.owners"] != "astratrade_app"
    with psycopg.connect(_app_url()) as conn:  # the trail: read and append, never own
        privileges = conn.execute(
            "SELECT has_table_privilege(%s, 'INSERT'), has_table_privilege(%s, 'UPDATE')", (f'"{rm}_audit".trail',) * 2
        ).fetchone()
    assert privileges == (True, False)


def test_each_command_says_which_database_and_role_it_uses(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["migrate"])
    capsys.readouterr()
    assert main(["projections", "status"]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if '"database: ' in line]
    assert len(said) == 1 and "postgresql://astratrade_app@" in said[0], said


def test_a_group_is_healthy_while_a_projection_of_another_group_is_halted(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a migrated system where the settlement policy (group `policies`) has halted
    assert main(["migrate"]) == 0
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        conn.execute(
            f'UPDATE "{cli_env["READ_MODEL_SCHEMA"]}".projection_tracking SET status = %s,'
            " last_error = %s WHERE name = %s",
            ("halted", "boom", "settlement"),
        )
    capsys.readouterr()
    # When each group's health check runs: only the group running it is unhealthy
    assert main(["projections", "status", "core"]) == 0
    assert main(["projections", "status", "social"]) == 0
    assert main(["projections", "status", "policies"]) == 1
    assert main(["projections", "status"]) == 1  # the whole read side is not healthy
    # And a group's check names its members only
    assert main(["projections", "status", "core"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = max(i for i, line in enumerate(lines) if line.startswith("projection "))
    assert sorted(line.split()[0] for line in lines[header + 1 :]) == [
        "anchors",
        "ledger",
        "marketplace",
        "orders",
        "portfolio",
        "profiles",
        "statement",
        "strategies",
        "trade_history",
        "withdrawals",
    ]
    assert main(["projections", "status", "no_such_group"]) == 2


def test_up_runs_the_read_side_in_one_worker_process_covering_every_group_and_projection() -> None:
    children = commands.up_children()
    workers = [child.args for child in children if child.args[0] == "worker"]
    # Issue 13: ≤ 8 processes in all: the supervisor and these (the job worker no longer forks a child)
    assert len(workers) == 1 and len(children) <= 7
    [names] = [[a for a in args[1:] if not a.startswith("--")] for args in workers]
    assert names == list(GROUPS)  # each group as such: its leases' connection, its health (`projections status`)
    run = [p.name for p in workers_for(names)]
    assert sorted(run) == sorted(p.name for p in PROJECTIONS)  # each exactly once
    assert "--live-ranks" in workers[0]
    assert ["serve", "query-api", "--console"] in [child.args for child in children]  # the console's files too
    assert not any(child.args[:2] == ["serve", "console"] for child in children)
    assert all(_parser().parse_args(child.args) for child in children)
