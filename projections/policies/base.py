"""A policy: a projection whose reaction to an event is a command.

It is tracked by the projection runtime like any projection, but writes no
read-model rows: each reaction is a command run through the application
services, keyed for idempotency by the policy's name and the triggering event's
position. The runtime commits its tracking only after the reaction, so a crash in
between replays the event, and the replayed command finds its first answer in the
idempotency table (written in the same transaction as the reaction's events)
instead of acting twice. Policies are never rebuilt: replaying them from 0 would
only re-ask the same questions.

A reaction carries the triggering event's correlation id, and its position as the
causation id; its events are stamped with the triggering event's time, so a
replay decides exactly as the first run did.

Its reactions are ``@handles`` methods, as a projection's handlers: ``method(self, cursor,
tables, event)``, the topics it follows derived from them. A reaction that keeps no state
names the first two ``_cur, _t`` and ignores them; one that does (a policy's own tables,
written in the runtime's transaction with its tracking position) uses them.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from psycopg import sql

from event_store.application import EventStore
from event_store.log import LoggedEvent
from event_store.metadata import CommandContext
from projections.runtime.base import Projection, Tables
from services.commands import CommandRunner, Idempotency


class Policy(Projection):
    """Base of every policy; subclasses declare their reactions with ``@handles``."""

    tables: ClassVar[tuple[str, ...]] = ()
    rebuildable: ClassVar[bool] = False
    # Connections for the reactions' commands: one open, up to four on demand. Policies
    # running in one process (a worker group) share one such store (``_SharedStores``).
    pool_size: ClassVar[int] = 1
    max_overflow: ClassVar[int] = 3

    def __init__(self) -> None:
        self._store: EventStore | None = None

    def open(self, es_env: dict[str, str]) -> None:
        self._store = _STORES.acquire(
            {
                **es_env,
                "POSTGRES_POOL_SIZE": str(self.pool_size),
                "POSTGRES_MAX_OVERFLOW": str(self.max_overflow),
                "CREATE_TABLE": "n",
                "CONNECTION_ROLE": "policy-commands",
            }
        )
        self.started(self._store)

    def close(self) -> None:
        if self._store is not None:
            _STORES.release(self._store)
            self._store = None

    def started(self, store: EventStore) -> None:
        """Build the services the reactions use (called once per worker session)."""

    def create_tables(self, tables: Tables) -> list[sql.Composable]:  # noqa: ARG002
        return []

    @property
    def store(self) -> EventStore:
        assert self._store is not None, "a policy reacts only between open() and close()"
        return self._store

    def runner_for(self, event: LoggedEvent) -> CommandRunner:
        """A command runner whose clock is the triggering event's time."""
        return CommandRunner(self.store, clock=lambda: event.timestamp)

    def context_for(self, event: LoggedEvent) -> CommandContext:
        return CommandContext(
            actor=f"policy:{self.name}",
            correlation_id=str(event.metadata.get("correlation_id") or event.position),
            causation_id=str(event.position),
        )

    def idempotency_for(self, event: LoggedEvent) -> Idempotency:
        """Reacting twice to one event answers the first reaction (module docstring)."""
        return Idempotency(key=f"{self.name}:{event.position}", request={"position": event.position})


class _SharedStores:
    """The command stores of the policies of one process, one per database settings.

    Eight policies in a worker group would otherwise hold eight pools whose connections
    sit idle almost all the time; a reaction holds a connection only while its command
    runs. Counted: the store closes when its last policy closes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: dict[tuple[tuple[str, str], ...], tuple[EventStore, int]] = {}

    def acquire(self, env: dict[str, str]) -> EventStore:
        key = tuple(sorted(env.items()))
        with self._lock:
            store, users = self._stores.get(key) or (EventStore(env=env), 0)
            self._stores[key] = (store, users + 1)
            return store

    def release(self, store: EventStore) -> None:
        with self._lock:
            for key, (held, users) in list(self._stores.items()):
                if held is store:
                    if users > 1:
                        self._stores[key] = (held, users - 1)
                    else:
                        del self._stores[key]
                        store.close()
                    return


_STORES = _SharedStores()
