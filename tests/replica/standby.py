"""A real streaming replica for tests: a private primary, and a hot standby of it made by pg_basebackup -R.

Why a private primary and not the machine's PostgreSQL: the machine's pg_hba.conf has no
``replication`` line (``all`` never matches replication connections), and a test must not edit a
shared server's authentication. initdb's own pg_hba.conf (trust) admits replication connections,
so the pair below is the real thing: WAL streamed over the replication protocol, replayed by a
hot standby that answers read-only queries. Both live in one temporary directory, owned by the
``postgres`` system user when the tests run as root, and are deleted at teardown.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.faults.servers import PG_BIN, START_TIMEOUT, PrivatePostgres, _as_postgres, free_port


@dataclass(frozen=True)
class Standby:
    """A hot standby on 127.0.0.1:<port>, streaming from its primary."""

    data: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/astratrade"

    def pause_replay(self) -> None:
        """Stop applying WAL (it still arrives): the standby's view freezes, as under a long lag."""
        self._execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self._execute("SELECT pg_wal_replay_resume()")

    def _execute(self, statement: str) -> None:
        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(statement)


def _start_standby(primary: PrivatePostgres) -> Standby:
    data, port = primary.dir / "standby", free_port()
    # -R writes primary_conninfo and standby.signal; -X stream copies the WAL of the backup itself.
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_basebackup"),
                "-h",
                str(primary.dir),
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(data),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    standby = Standby(data, port, primary.dir / "standby.log")
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={primary.dir}"
        " -c hot_standby=on -c fsync=off -c max_connections=100 -c shared_buffers=32MB"
    )
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(standby.log),
                "-o",
                options,
                "-w",
                "-t",
                str(START_TIMEOUT),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=START_TIMEOUT + 10,
    )
    _wait_streaming(primary)
    return standby


def _wait_streaming(primary: PrivatePostgres) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    with psycopg.connect(primary.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        while conn.execute("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'").fetchone() != (1,):
            assert time.monotonic() < deadline, "the standby never started streaming"
            time.sleep(0.05)


def _stop(data: Path) -> None:
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
        check=False,
        capture_output=True,
        timeout=60,
    )


@contextlib.contextmanager
def primary_and_standby() -> Iterator[tuple[PrivatePostgres, Standby]]:
    """A started primary and a streaming hot standby of it; both stopped and deleted afterwards."""
    primary = PrivatePostgres(max_connections=100)  # its directory is the postgres user's when we are root
    standby: Standby | None = None
    try:
        primary.start()
        standby = _start_standby(primary)
        yield primary, standby
    finally:
        if standby is not None:
            _stop(standby.data)
        primary.close()  # stops the primary and deletes the directory, the standby's data with it
