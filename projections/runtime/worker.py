"""The worker of ONE projection: holds the lease, runs sessions, survives the database.

It follows the global log from its tracked position (``projections.runtime.session``)
while it holds the projection's lease; it stands by while another worker holds
it, and reconnects with back-off after database errors instead of dying. Alone in
its process it has connections of its own; as a thread of a group process
(``projections.runtime.group``) it uses the group's (``projections.runtime.shared``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from event_store.application import EventStore
from event_store.log import EventLog
from projections.runtime.applier import TRANSIENT, Applier
from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.lease import Lease
from projections.runtime.options import WorkerOptions
from projections.runtime.rebuild import rebuild
from projections.runtime.session import Session
from projections.runtime.shared import GroupLease, GroupResources, reader_env
from projections.runtime.tracking import Tracking, describe

__all__ = ["ProjectionWorker", "UpgradeFailed", "WorkerOptions"]
log = logging.getLogger(__name__)
UPGRADE_RETRY = 60.0  # seconds between attempts at a failed upgrade (each one rebuilds from 0)


class UpgradeFailed(Exception):
    """Rebuilding a model for a new definition failed (recorded in the tracking row)."""


class ProjectionWorker:
    """Runs one projection until ``stop`` is set; reconnects after database errors."""

    def __init__(
        self,
        projection: Projection,
        read_models: ReadModels,
        es_env: dict[str, str],
        options: WorkerOptions | None = None,
        stop: threading.Event | None = None,
        shared: GroupResources | None = None,
    ) -> None:
        self.projection, self.read_models, self.shared = projection, read_models, shared
        self.options = options or WorkerOptions()
        self.es_env = reader_env(es_env)
        self.stop = stop or threading.Event()
        self.tracking = Tracking(read_models, projection.name)

    def run(self) -> None:
        """Serve until stopped: take the lease, follow the log, reconnect on failure."""
        delay = 0.5
        while not self.stop.is_set():
            try:
                with self.session() as session:
                    delay = 0.5
                    if session is not None:
                        session.serve()
            except TRANSIENT as error:
                log.warning(
                    "%s: database unavailable (%s); reconnecting in %.1fs", self.projection.name, describe(error), delay
                )
                self.stop.wait(delay)
                delay = min(self.options.max_backoff, delay * 2)
            except UpgradeFailed as error:
                # Not a crash loop replaying the log from 0 every few seconds: the failure is
                # in the tracking row (status halted, last_error); a busy rebuild lock clears,
                # a poison event needs a fix. The old model keeps answering meanwhile.
                log.error("%s: %s; trying again in %.0fs", self.projection.name, error, UPGRADE_RETRY)
                self.stop.wait(UPGRADE_RETRY)

    def _upgrade(self, lease: Lease | GroupLease) -> None:
        """Bring a model built by another definition (``Projection.version``) to this one.

        Run while holding the lease, so no second worker applies events meanwhile. The old
        model keeps answering queries, frozen at its position (status ``upgrading``), until
        the rebuilt one is swapped in. Any difference rebuilds, a downgrade too: serving a
        newer model with older code would leave what the old code skipped missing for good.
        A stop request does not interrupt a rebuild; a killed one starts over at next start."""
        with lease.connection() as conn:
            built, wanted = self.tracking.version(conn), self.projection.version
            if built == wanted:
                return
            if not self.projection.rebuildable:  # a policy reacts from here on; the audit trail is never rebuilt
                log.warning(
                    "%s: definition v%s replaces v%s from its position on (not rebuildable)",
                    self.projection.name,
                    wanted,
                    built,
                )
                self.tracking.set_version(conn, wanted)
                return
            log.warning("%s: definition v%s replaces v%s: rebuilding from the log", self.projection.name, wanted, built)
            self.tracking.mark(conn, "upgrading", f"rebuilding for definition v{wanted} (built by v{built})")
        lease.pause_listening()  # unread NOTIFYs would hold back the server's notification queue
        try:
            rebuild(self.projection, self.read_models, self.es_env, self.options.batch_size, self.options.retry)
        except TRANSIENT:
            raise
        except Exception as error:
            message = f"upgrade to definition v{wanted} failed: {describe(error)}"
            with lease.connection() as conn:
                self.tracking.mark(conn, "halted", message)
            raise UpgradeFailed(message) from error
        lease.resume_listening()

    @contextmanager
    def session(self) -> Iterator[Session | None]:
        """A leased session (None if stopped while standing by for the lease)."""
        shared = self.shared
        lease = Lease(self.read_models, self.projection.name) if shared is None else shared.lease(self.projection.name)
        store: EventStore | None = None
        log_store: EventStore | None = None
        try:
            if not lease.acquire(self.stop, self.options.lease_poll):
                yield None
                return
            self._upgrade(lease)
            store = EventStore(env=self.es_env) if shared is None else shared.store
            log_store = self._log_store(store)
            self.projection.open(self.es_env)
            if shared is None and not self.options.durable_commits:
                # Alone, the lease's connection applies the steps too (one connection fewer
                # per process); a group's pool sets this on each connection it opens.
                with lease.connection() as conn:
                    conn.execute("SET synchronous_commit = off")
            tables = self.read_models.tables_for(self.projection)

            def applier_on(conn: psycopg.Connection) -> Applier:
                return Applier(conn, self.projection, tables, self.tracking, self.options.retry, logged=True)

            session = Session(self, lease, EventLog(log_store, primary=store), applier_on)
            try:
                yield session
            finally:
                session.reader.close()
        finally:
            if store is not None:
                self.projection.close()
                if shared is None:
                    store.close()
            if log_store is not None and shared is None and log_store is not store:
                log_store.close()
            lease.release()

    def _log_store(self, store: EventStore) -> EventStore:
        """Where this worker reads the log: its group's reader, a hot standby of its own, or ``store``."""
        if self.shared is not None:
            return self.shared.log_store
        return store if self.options.log_env is None else EventStore(env=reader_env(self.options.log_env))
