"""Runs the backend's processes and restarts any that dies, until Ctrl-C.

Each component is its own OS process (an API, one per worker group of projections,
the job workers), so a crash or a kill -9 of one never takes the others down; the supervisor restarts
it with a growing back-off and stops everything cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

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
        self.process = subprocess.Popen([sys.executable, "-m", "astratrade.cli", *self.args])  # noqa: S603
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
