"""Running workers as the body of an OS process: stops cleanly on SIGTERM / SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence

from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.group import WorkerGroup
from projections.runtime.worker import ProjectionWorker, WorkerOptions

log = logging.getLogger(__name__)


def run_worker(
    projection: Projection,
    read_models: ReadModels,
    es_env: dict[str, str],
    options: WorkerOptions | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run until SIGTERM/SIGINT (or ``stop``); a standby until the lease is free.

    The stop event is only checked between transactions, so a signal never
    interrupts a step half-way (not that a half step could ever commit)."""
    stop = _stopped_by_signals(stop)
    log.info("worker for %s starting", projection.name)
    ProjectionWorker(projection, read_models, es_env, options, stop).run()
    log.info("worker for %s stopped", projection.name)


def run_group(
    name: str,
    projections: Sequence[Projection],
    read_models: ReadModels,
    es_env: dict[str, str],
    options: WorkerOptions | None = None,
    stop: threading.Event | None = None,
    extras: Sequence[Callable[[threading.Event], None]] = (),
) -> None:
    """Run the workers of ``projections`` as threads of this process until SIGTERM/SIGINT (or ``stop``)."""
    stop = _stopped_by_signals(stop)
    log.info("worker group %s starting: %s", name, ", ".join(p.name for p in projections))
    WorkerGroup(name, projections, read_models, es_env, options, stop, extras).run()
    log.info("worker group %s stopped", name)


def _stopped_by_signals(stop: threading.Event | None) -> threading.Event:
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda _signum, _frame: stop.set())
    return stop
