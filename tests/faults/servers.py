"""Private PostgreSQL and Redis servers for fault tests: own port, own temp dir, bounded, cleaned up.

The shared servers on 5432/6379 are never touched: a test that restarts or stops
a server starts its own with these, on a free loopback port.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import redis

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
START_TIMEOUT = 30  # seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` system user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1:<free port>, trust auth."""

    def __init__(self, max_connections: int = 300) -> None:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN} (set PG_BIN)")
        self.dir = Path(tempfile.mkdtemp(prefix="astratrade-pg-"))
        self.data, self.port = self.dir / "data", free_port()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.restarts = 0
        self.max_connections = max_connections

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/astratrade"

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.dir}"
            f" -c fsync=off -c max_connections={self.max_connections} -c shared_buffers=32MB"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.dir / "log"),
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
        self.wait_ready()

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )

    def restart(self, mode: str = "fast", down_for: float = 0.0) -> None:
        """Stop (``immediate`` is a crash: no checkpoint, recovery at start), stay down, start again."""
        self.stop(mode)
        time.sleep(down_for)
        self.start()
        self.restarts += 1

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A throw-away redis-server on 127.0.0.1:<free port>, no persistence."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="astratrade-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.stops = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
            self.stops += 1
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def private_postgres(max_connections: int = 300) -> Iterator[PrivatePostgres]:
    server = PrivatePostgres(max_connections)
    try:
        server.start()
        yield server
    finally:
        server.close()


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.close()
