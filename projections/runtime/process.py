"""Running a worker as the body of an OS process: stops cleanly on SIGTERM / SIGINT."""

from __future__ import annotations

import logging
import signal
import threading

from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.worker import ProjectionWorker, WorkerOptions

log = logging.getLogger(__name__)


def run_worker(projection: Projection, read_models: ReadModels, es_env: dict[str, str],
               options: WorkerOptions | None = None, stop: threading.Event | None = None) -> None:
    """Run until SIGTERM/SIGINT (or ``stop``); a standby until the lease is free.

    The stop event is only checked between transactions, so a signal never
    interrupts a step half-way (not that a half step could ever commit)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda _signum, _frame: stop.set())
    log.info("worker for %s starting", projection.name)
    ProjectionWorker(projection, read_models, es_env, options, stop).run()
    log.info("worker for %s stopped", projection.name)
