"""Runs the backend's processes and restarts any that dies, until Ctrl-C.

Each component is its own OS process (an API, one per worker group of projections,
the job workers), so a crash or a kill -9 of one never takes the others down; the supervisor restarts
it with a growing back-off and stops everything cleanly on SIGINT/SIGTERM.

``up`` prepares (settings, the data directory's lock, migrations), then, unless it started an embedded
server it must stop at the end, replaces itself (``exec``, same pid, same lock) with
``python -m astratrade.supervisor SPEC``: this module and the JSON logging, ~20 MB instead of the ~45 MB
of pydantic and the settings it no longer needs (docs/adr/0015-light-up.md). Import nothing heavy here.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from astratrade.logs import setup

log = logging.getLogger("astratrade.supervisor")
_MAX_BACKOFF = 30.0


@dataclass
class Child:
    """One supervised process: a name and the ``astratrade`` arguments that start it."""

    name: str
    args: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    started_at: float = field(default=0.0)

    def start(self) -> None:
        # PGAPPNAME: libpq names every connection that sets no application_name of its own after this process,
        # so pg_stat_activity tells an operator which process holds each connection.
        env = {**os.environ, "PGAPPNAME": os.environ.get("PGAPPNAME", f"astratrade:{self.name}")[:63]}
        self.process = subprocess.Popen([sys.executable, "-m", "astratrade.cli", *self.args], env=env)  # noqa: S603
        self.started_at = time.monotonic()
        log.info("started %s (pid %s)", self.name, self.process.pid)

    def reap(self) -> None:
        """Schedule a restart if the process died; reset back-off after a stable run."""
        if self.process is None or self.process.poll() is None:
            return
        code = self.process.returncode
        stable = time.monotonic() - self.started_at > 60
        self.restarts = 0 if stable else self.restarts + 1
        delay = min(_MAX_BACKOFF, 0.5 * 2**self.restarts)
        log.warning("%s exited with %s; restarting in %.1fs", self.name, code, delay)
        self.process = None
        self.next_start = time.monotonic() + delay


class Supervisor:
    """Starts children, restarts the dead, stops all on a signal."""

    def __init__(self, children: list[Child]) -> None:
        self.children = children
        self.stopping = False

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        for child in self.children:
            child.start()
        while not self.stopping:
            for child in self.children:
                child.reap()
                if child.process is None and time.monotonic() >= child.next_start and not self.stopping:
                    child.start()
            time.sleep(0.2)
        return self._shutdown()

    def _stop(self, signum: int, _frame: object) -> None:
        log.info("received signal %s: stopping", signum)
        self.stopping = True

    def _shutdown(self, grace: float = 10.0) -> int:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        log.info("all processes stopped")
        return 0


def exec_into(children: list[Child], lock_fd: int, log_level: str, log_format: str) -> None:
    """Replace this process with a light supervisor of ``children`` that holds ``lock_fd`` until it ends.
    Never returns."""
    spec = {
        "children": [[child.name, child.args] for child in children],
        "lock_fd": lock_fd,
        "log": [log_level, log_format],
    }
    os.set_inheritable(lock_fd, True)
    for handler in logging.getLogger().handlers:
        handler.flush()
    os.execv(sys.executable, [sys.executable, "-m", "astratrade.supervisor", json.dumps(spec)])  # noqa: S606


def main(argv: list[str]) -> int:
    """The supervisor ``exec_into`` starts: the same logs as ``up`` (its process name), the children, then the lock
    released (``astratrade.running``) when all have stopped."""
    spec = json.loads(argv[0])
    setup("up", *spec["log"])
    try:
        return Supervisor([Child(name, list(args)) for name, args in spec["children"]]).run()
    finally:
        os.ftruncate(spec["lock_fd"], 0)  # as ``running.Claim.release``: no ``up`` recorded any more
        os.close(spec["lock_fd"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
