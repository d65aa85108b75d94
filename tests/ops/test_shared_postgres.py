"""A good neighbour on a shared PostgreSQL: a full server is waited for in one line, never a traceback;
the processes never take the superuser-reserved slots; one ``up`` per checkout; no silent database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from astratrade import embedded, running
from astratrade.settings import Settings
from tests.faults.servers import PrivatePostgres, private_postgres

ROOT = Path(__file__).resolve().parents[2]
SLOTS = 8  # max_connections; 3 of them reserved for superusers (PostgreSQL's default)


@pytest.fixture(scope="module")
def small_postgres() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL with few connection slots, and a non-superuser role to fill them with."""
    with private_postgres(max_connections=SLOTS) as server:
        with psycopg.connect(server.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE ROLE neighbour LOGIN")
        yield server


@pytest.fixture
def full(small_postgres: PrivatePostgres) -> Iterator[list[psycopg.Connection]]:
    """Every ordinary slot taken by another application (a neighbour); only the reserved ones are left."""
    taken: list[psycopg.Connection] = []
    url = small_postgres.url.replace("postgres@", "neighbour@").rsplit("/", 1)[0] + "/postgres"
    while True:
        try:
            taken.append(psycopg.connect(url, autocommit=True))
        except psycopg.OperationalError as error:
            assert "reserved" in str(error), error
            break
    yield taken
    for conn in taken:
        conn.close()


def _cli(server: PrivatePostgres, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": server.url, "ASTRATRADE_EMBEDDED": "never", "LOG_FORMAT": "json"}
    return subprocess.Popen(
        [sys.executable, "-m", "astratrade.cli", *args],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 60) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"no line with {needle!r} within {timeout} s: {seen}")


def test_migrate_says_the_server_is_full_in_one_line_and_retries_until_a_slot_frees(
    small_postgres: PrivatePostgres, full: list[psycopg.Connection]
) -> None:
    # Given a server whose ordinary slots are all taken (only the superuser-reserved ones are free)
    # When migrate runs as the superuser owner
    migrate = _cli(small_postgres, "migrate")
    try:
        # Then it does not take a reserved slot: it says the server is full, in one JSON line, and waits
        seen = _wait_for_line(migrate, "is full (too many clients)")
        assert migrate.poll() is None
        assert json.loads(seen[-1])["level"] == "WARNING"
        # And when the neighbour lets go of its connections, it finishes
        for conn in full:
            conn.close()
        _, rest = migrate.communicate(timeout=120)
    finally:
        migrate.kill()
    assert migrate.returncode == 0, rest
    assert "Traceback" not in "".join(seen) + rest


def test_a_process_of_the_app_says_the_server_is_full_and_exits_for_a_retry_without_a_traceback(
    small_postgres: PrivatePostgres, full: list[psycopg.Connection]
) -> None:
    # Given a migrated database (the application's role exists) on a server full for ordinary roles
    for conn in full[:2]:
        conn.close()  # room for migrate, then taken again
    assert _cli(small_postgres, "migrate").wait(120) == 0
    full[:2] = [psycopg.connect(full[2].info.dsn, autocommit=True) for _ in range(2)]
    # When a command of the application runs (as the non-superuser role: no reserved slot for it)
    status = _cli(small_postgres, "projections", "status")
    _, err = status.communicate(timeout=60)
    # Then it says so in one line and exits with "try again" (up restarts such a process after a pause)
    assert status.returncode == 75, err
    assert "is full (too many clients)" in err and "Traceback" not in err
    assert "postgresql://astratrade_app@" in err  # and it said which database, as which role


def test_a_second_up_in_the_same_checkout_refuses_and_leaves_the_first_running(tmp_path: Path) -> None:
    # Given an up holding this checkout's data directory (the claim `up` takes first)
    first = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from astratrade import running\n"
                f"running.claim({str(tmp_path)!r}).record('postgresql://postgres@/astratrade?host=/x', embedded=True)\n"
                "print('held', flush=True); time.sleep(120)"
            ),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "held"
        # When a second up starts in the same checkout
        env = {**os.environ, "ASTRATRADE_DATA_DIR": str(tmp_path), "ASTRATRADE_EMBEDDED": "always"}
        second = subprocess.run(
            [sys.executable, "-m", "astratrade.cli", "up"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        # Then it refuses in one line naming the first, before starting any server
        assert second.returncode == 1, second.stderr
        assert f"already running in this checkout (pid {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr and not (tmp_path / "postgres").exists()
        # And the first still runs, still holding the checkout
        assert first.poll() is None
        assert running.running(tmp_path) == running.RunningUp(
            first.pid, "postgresql://postgres@/astratrade?host=/x", embedded=True
        )
    finally:
        first.kill()
        first.wait()
    assert running.running(tmp_path) is None  # the kernel dropped the lock with the process


def test_a_command_uses_the_embedded_postgres_of_the_running_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(tmp_path))
    claim = running.claim(tmp_path)
    try:
        claim.record("postgresql://postgres@/astratrade?host=/sock", embedded=True)
        assert embedded.attach(Settings()).database_url == "postgresql://postgres@/astratrade?host=/sock"
    finally:
        claim.release()


def test_a_command_refuses_when_the_running_up_uses_another_database_than_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(tmp_path))
    claim = running.claim(tmp_path)
    try:
        claim.record("postgresql://postgres@10.0.0.9:5432/astratrade", embedded=False)
        with pytest.raises(embedded.NoDatabase, match="10.0.0.9"):
            embedded.attach(Settings())
    finally:
        claim.release()


def test_a_command_refuses_when_no_up_runs_and_nothing_answers_at_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(embedded, "reachable", lambda _host, _port: False)
    with pytest.raises(embedded.NoDatabase, match="no `astratrade up` runs in this checkout"):
        embedded.attach(Settings())
