"""Shared helpers of the write-side integration tests (real PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from psycopg import sql

from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from services.users import UserService

T = TypeVar("T")
EVERYTHING = 2**62  # a log position beyond any real one


def ctx(actor: str | None = None, correlation_id: str = "test") -> CommandContext:
    return CommandContext(actor=actor, correlation_id=correlation_id)


def register(users: UserService, username: str = "alice") -> UUID:
    result = users.register(username, f"{username}@example.com", "correct horse battery", ctx())
    return UUID(result.body["user_id"])


def logged(store: EventStore, after: int = 0) -> list[LoggedEvent]:
    """Every stored event after ``after``, in log order (committed work only)."""
    return EventLog(store).read(after, EVERYTHING, 1_000_000)


def stored_rows(store: EventStore, columns: str, where: str = "TRUE", params: tuple[Any, ...] = ()) -> list[dict]:
    """Raw rows of the events table, for what the API does not expose (xmin, state)."""
    recorder = store.recorder
    query = sql.SQL("SELECT " + columns + " FROM {} WHERE " + where + " ORDER BY notification_id").format(
        sql.Identifier(recorder.datastore.schema, recorder.events_table_name)  # type: ignore[attr-defined]
    )
    with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(query, params)
        return list(cursor.fetchall())


def in_parallel(count: int, work: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``work(i)`` in ``count`` threads released together; results or errors, by i."""
    start = threading.Barrier(count)
    outcomes: list[T | BaseException] = [RuntimeError("did not run")] * count

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = work(i)
        except BaseException as error:
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    return outcomes
