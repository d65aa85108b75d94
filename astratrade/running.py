"""The ``astratrade up`` running in this checkout, if any: one per data directory.

``up`` holds an exclusive ``flock`` on ``<data dir>/up.lock`` for as long as it
runs and writes into it which database it uses. A second ``up`` in the same
checkout finds the lock taken and refuses before it starts anything (it would
fight the first over the ports, and on Ctrl-C stop the first's embedded Redis).
The other commands read the file to use the same database as the running ``up``.
The kernel drops the lock when ``up`` exits, however it exits (kill -9 included).
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "up.lock"


@dataclass(frozen=True)
class RunningUp:
    """What a running ``up`` wrote about itself."""

    pid: int
    database: str  # its DATABASE_URL without the password (astratrade.database.describe)
    embedded: bool  # whether that is its embedded PostgreSQL


class AlreadyRunning(Exception):
    """Another ``up`` holds this data directory."""

    def __init__(self, data_dir: Path, other: RunningUp | None) -> None:
        who = f"pid {other.pid}, database {other.database}" if other else "starting"
        super().__init__(
            f"another `astratrade up` is already running in this checkout ({who}; lock "
            f"{data_dir / LOCK_FILE}): stop it first (Ctrl-C in its terminal), or give this one "
            "another ASTRATRADE_DATA_DIR and other ports"
        )


class Claim:
    """This process's hold on the data directory, from ``claim`` until ``release``."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def record(self, database: str, *, embedded: bool) -> None:
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, json.dumps({"pid": os.getpid(), "database": database, "embedded": embedded}).encode(), 0)

    def release(self) -> None:
        os.ftruncate(self.fd, 0)
        os.close(self.fd)  # closing drops the lock


def claim(data_dir: str | Path) -> Claim:
    """Take the data directory for this ``up``, or raise ``AlreadyRunning``."""
    directory = Path(data_dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)  # not inherited by children
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(directory, running(directory)) from None
    return Claim(fd)


def running(data_dir: str | Path) -> RunningUp | None:
    """The ``up`` holding ``data_dir``, or None when none does."""
    path = Path(data_dir).resolve() / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return None  # nobody holds it: no up running
        except BlockingIOError:
            text = os.pread(fd, 65536, 0).decode(errors="replace")
    finally:
        os.close(fd)
    try:
        found = json.loads(text)
        return RunningUp(int(found["pid"]), str(found["database"]), bool(found["embedded"]))
    except (ValueError, KeyError, TypeError):
        return RunningUp(0, "not recorded yet", embedded=False)  # it is still starting
