"""The whole backend as ``astratrade up`` in a subprocess: private schemas, free loopback ports.

``System`` starts the supervisor, waits until both APIs answer, finds its
children (to kill them with SIGKILL), and stops everything it started, even
processes orphaned by a kill, when the block ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import psycopg
from psycopg import sql

from event_store.config import eventsourcing_env
from projections.registry import workers_for
from tests.faults.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
JWT_SECRET = "faults-jwt-secret-0123456789abcdef-0123456789abcdef"
CLAIM_KEY = "faults-claim-key-0123456789abcdef-0123456789abcdef"
START_TIMEOUT = 90  # seconds: seven Python processes importing the stack on two cores


class System:
    """``astratrade up`` against ``database_url`` and ``redis_url``, in schemas of its own."""

    def __init__(self, database_url: str, redis_url: str, **env: str) -> None:
        tag = uuid.uuid4().hex[:10]
        self.database_url, self.redis_url = database_url, redis_url
        self.schema, self.read_schema = f"f_{tag}", f"f_{tag}_rm"
        self.command_port, self.query_port = free_port(), free_port()
        self.log_path = Path(os.environ.get("FAULTS_LOG_DIR", "/tmp")) / f"astratrade-faults-{tag}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DATABASE_SCHEMA": self.schema,
            "READ_MODEL_SCHEMA": self.read_schema,
            "COMMAND_API_PORT": str(self.command_port),
            "QUERY_API_PORT": str(self.query_port),
            "ASTRATRADE_ENV": "test",
            "JWT_SECRET": JWT_SECRET,
            "CLAIM_KEY": CLAIM_KEY,
            "ASTRATRADE_EMBEDDED": "never",
            "DB_POOL_SIZE": "4",
            "PYTHONUNBUFFERED": "1",
            "RELAY_STREAM_PREFIX": f"{self.schema}:events:",  # the event bus of this system's log only
            "CONSOLE_PORT": str(free_port()),  # up's web console: never a port another system (or a developer) holds
            **env,
        }
        self.supervisor: subprocess.Popen[bytes] | None = None
        self.kills: list[str] = []
        self.projections: list[str] = []

    @property
    def command_url(self) -> str:
        return f"http://127.0.0.1:{self.command_port}"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.query_port}"

    def es_env(self) -> dict[str, str]:
        return eventsourcing_env(self.database_url, schema=self.schema, pool_size=2)

    def cli(self, *args: str) -> str:
        """Run one ``astratrade`` command against this system's database and schemas."""
        done = subprocess.run(
            [sys.executable, "-m", "astratrade.cli", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"astratrade {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.supervisor = subprocess.Popen(
                [sys.executable, "-m", "astratrade.cli", "up"],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        self.wait_ready()
        # The projections this system runs workers for (one worker process runs every group of them).
        roles = self.children()
        groups = [group for role in roles if role.startswith("worker:") for group in role[7:].split("+")]
        self.projections = sorted(p.name for p in workers_for(groups))

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        for url in (self.command_url, self.query_url):
            while not _answers(url + "/health"):
                assert self.supervisor is not None and self.supervisor.poll() is None, self.tail_log()
                assert time.monotonic() < deadline, f"{url} did not start\n{self.tail_log()}"
                time.sleep(0.2)

    def children(self) -> dict[str, psutil.Process]:
        """The supervised processes by role: ``command-api``, ``worker:core+social+policies`` (its groups),
        ``jobs``…"""
        assert self.supervisor is not None
        found: dict[str, psutil.Process] = {}
        for child in psutil.Process(self.supervisor.pid).children():
            with contextlib.suppress(psutil.Error):
                args = child.cmdline()[child.cmdline().index("astratrade.cli") + 1 :]
                names = "+".join(arg for arg in args[1:] if not arg.startswith("--"))
                name = args[1] if args[0] == "serve" else f"worker:{names}" if args[0] == "worker" else args[0]
                found[name] = child
        return found

    def kill(self, role: str) -> int:
        """SIGKILL the process playing ``role``; its pid."""
        process = self.children()[role]
        process.send_signal(signal.SIGKILL)
        self.kills.append(role)
        return process.pid

    def wait_for_role(self, role: str, timeout: float = 60) -> psutil.Process:
        deadline = time.monotonic() + timeout
        while (process := self.children().get(role)) is None:
            assert time.monotonic() < deadline, f"{role} was not restarted\n{self.tail_log()}"
            time.sleep(0.2)
        return process

    def stop(self) -> None:
        """SIGTERM the supervisor (it stops its children), then SIGKILL whatever it left behind."""
        if self.supervisor is None:
            return
        tree = _tree(self.supervisor.pid)
        if self.supervisor.poll() is None:
            self.supervisor.send_signal(signal.SIGTERM)
            try:
                self.supervisor.wait(30)
            except subprocess.TimeoutExpired:
                self.supervisor.kill()
                self.supervisor.wait(10)
        for process in tree:
            with contextlib.suppress(psutil.Error):
                process.kill()
        self.supervisor = None

    def drop_schemas(self) -> None:
        with (
            contextlib.suppress(psycopg.Error),
            psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn,
        ):
            for schema in (self.schema, self.read_schema, f"{self.read_schema}_analytics"):
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            rows = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (self.read_schema + "%",))
            for (schema,) in rows.fetchall():
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

    def tail_log(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines() if self.log_path.exists() else []


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


@contextlib.contextmanager
def running_system(database_url: str, redis_url: str, keep_log: bool = False, **env: str) -> Iterator[System]:
    """A started system; stopped, its schemas dropped and its log removed (unless kept) afterwards."""
    system = System(database_url, redis_url, **env)
    try:
        system.cli("migrate")
        system.start()
        yield system
    except BaseException:
        keep_log = True  # the processes' JSON logs, for whoever reads the failure
        print(f"astratrade up's log kept: {system.log_path}")
        raise
    finally:
        system.stop()
        system.drop_schemas()
        if not keep_log:
            system.log_path.unlink(missing_ok=True)
