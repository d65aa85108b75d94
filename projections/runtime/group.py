"""Several projection workers as threads of one process, sharing its connections.

A worker process costs ~55 MB and two idle connections; a thread costs almost nothing
(docs/adr/0003-worker-groups.md has the figures). Each projection keeps everything that
makes it safe alone: its lease (a standby copy of the group takes over projection by
projection), its own transactions and tracking row, its poison policy. A projection that
halts, or whose thread dies, is that projection's problem only: the others go on, and a
thread that died of a bug is started again after a growing back-off, as the supervisor
does for processes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.options import WorkerOptions
from projections.runtime.shared import GroupResources, StepConnections
from projections.runtime.worker import ProjectionWorker

log = logging.getLogger(__name__)
_MAX_BACKOFF = 30.0  # seconds before a crashed worker thread starts again, at most
_STABLE = 60.0  # seconds a thread must have run for its back-off to start over


class WorkerGroup:
    """Runs one worker thread per projection until ``stop`` is set."""

    def __init__(
        self,
        name: str,
        projections: Sequence[Projection],
        read_models: ReadModels,
        es_env: dict[str, str],
        options: WorkerOptions | None = None,
        stop: threading.Event | None = None,
        extras: Sequence[Callable[[threading.Event], None]] = (),
        connections: StepConnections | None = None,
    ) -> None:
        """``extras``: other long-running loops of the read side to run beside (``run(stop)``);
        ``connections``: the step connections of this process's groups (``run_groups``), else its own."""
        self.name, self.projections, self.read_models, self.es_env = name, list(projections), read_models, es_env
        self.options = options or WorkerOptions()
        self.stop = stop or threading.Event()
        self.extras = list(extras)
        self.connections = connections

    def run(self) -> None:
        shared = GroupResources(
            self.read_models,
            self.es_env,
            self.name,
            len(self.projections),
            self.options.durable_commits,
            self.options.log_env,
            self.connections,
        )
        try:
            bodies = {p.name: self._worker_body(p, shared) for p in self.projections}
            bodies.update({f"extra:{n}": _extra_body(extra, self.stop) for n, extra in enumerate(self.extras)})
            threads = [
                threading.Thread(target=_restarting, args=(name, body, self.stop), name=f"worker:{name}")
                for name, body in bodies.items()
            ]
            for thread in threads:
                thread.start()
            log.info("group %s: %d workers running", self.name, len(self.projections))
            for thread in threads:
                thread.join()
        finally:
            shared.close()

    def _worker_body(self, projection: Projection, shared: GroupResources) -> Callable[[], None]:
        def body() -> None:
            ProjectionWorker(projection, self.read_models, self.es_env, self.options, self.stop, shared).run()

        return body


def _extra_body(extra: Callable[[threading.Event], None], stop: threading.Event) -> Callable[[], None]:
    return lambda: extra(stop)


def _restarting(name: str, body: Callable[[], None], stop: threading.Event) -> None:
    """Run ``body`` until ``stop``; start it again after a back-off whenever it raises."""
    failures = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            body()
        except Exception:
            failures = 0 if time.monotonic() - started > _STABLE else failures + 1
            delay = min(_MAX_BACKOFF, 0.5 * 2**failures)
            log.exception("%s: worker thread failed; starting it again in %.1fs", name, delay)
            stop.wait(delay)
        else:
            return  # a worker returns only once stopped
