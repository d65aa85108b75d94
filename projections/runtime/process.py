"""Running workers as the body of an OS process: stops cleanly on SIGTERM / SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Mapping, Sequence

from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.group import WorkerGroup
from projections.runtime.shared import PROCESS_STEPS, StepConnections
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


def run_groups(
    groups: Mapping[str, Sequence[Projection]],
    read_models: ReadModels,
    es_env: dict[str, str],
    options: WorkerOptions | None = None,
    stop: threading.Event | None = None,
    extras: Mapping[str, Sequence[Callable[[threading.Event], None]]] | None = None,
) -> bool:
    """Run several groups as threads of this process until SIGTERM/SIGINT (or ``stop``): each with its
    own leases' connection and wake-ups (``GroupResources``), all on one set of step connections (apply
    pool and log reader: ``StepConnections``, ``PROCESS_STEPS`` steps at once) since one interpreter
    runs every group's handlers.

    One process instead of one per group saves an interpreter each (~75 MB, docs/adr/0015) and
    changes nothing a group is: leases stay per projection, health per group (``projections
    status GROUP`` reads tracking rows), a standby ``worker GROUP`` elsewhere takes over as before.
    A group that fails outside its worker threads (its resources cannot be opened) stops them all, so
    the process exits and its supervisor restarts it, rather than running on without that group.
    False when that happened."""
    stop = _stopped_by_signals(stop)
    failed: list[str] = []

    def body(group: WorkerGroup) -> None:
        try:
            group.run()
        except Exception:
            log.exception("worker group %s failed: stopping this process", group.name)
            failed.append(group.name)
            stop.set()

    extras = extras or {}
    options = options or WorkerOptions()
    connections = (
        StepConnections(read_models, es_env, PROCESS_STEPS, options.durable_commits, options.log_env)
        if len(groups) > 1
        else None  # a group alone sizes its own (GROUP_STEPS)
    )
    threads = [
        threading.Thread(
            target=body,
            args=(WorkerGroup(name, members, read_models, es_env, options, stop, extras.get(name, ()), connections),),
            name=f"group:{name}",
        )
        for name, members in groups.items()
    ]
    log.info("worker groups %s starting in one process", ", ".join(groups))
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(0.5)  # short joins: the main thread must stay free to run the signal handlers
    if connections is not None:
        connections.close()
    log.info("worker groups %s stopped", ", ".join(groups))
    return not failed


def _stopped_by_signals(stop: threading.Event | None) -> threading.Event:
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda _signum, _frame: stop.set())
    return stop
