"""What a projection is: a permanent name, the topics it handles, the tables it
owns, and how one event changes them.

The runtime (``projections.runtime.worker``) owns everything else: following the
log, batching, the tracking position written in the same transaction as the
read-model change, the lease, poison events and rebuilds. A projection never
commits, never reads the event store and never tracks positions itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from psycopg import Cursor, sql

from event_store import trace_context
from event_store.log import LoggedEvent
from projections.runtime.handlers import handler_table

PoisonPolicy = Literal["halt", "skip"]


@dataclass(frozen=True)
class Tables:
    """Physical names of a projection's tables in the read-model schema.

    Live tables carry no suffix; a rebuild builds a fresh set under a suffix and
    swaps it in atomically, so handlers must always name tables through this.
    """

    schema: str
    suffix: str = ""

    def __getitem__(self, logical_name: str) -> sql.Identifier:
        return sql.Identifier(self.schema, logical_name + self.suffix)

    def physical(self, logical_name: str) -> str:
        return logical_name + self.suffix


class Projection(ABC):
    """A read model built from the global log."""

    name: ClassVar[str]  # permanent: it is the checkpoint key
    # Bump when what the projection writes changes (topics, tables, handling): its
    # worker finds the tracking row at an older version and rebuilds the model from
    # the log before serving (zero downtime), so a model never mixes two definitions.
    version: ClassVar[int] = 1
    topics: ClassVar[tuple[str, ...]]  # event TOPICs handled; others are skipped in SQL
    tables: ClassVar[tuple[str, ...]]  # logical names of the tables it owns
    on_poison: ClassVar[PoisonPolicy] = "skip"  # money read models declare "halt"
    # A schema of its own (e.g. for grants to a role), else the read-model schema;
    # ``ReadModels.tables_for`` resolves it, so tests get isolated names.
    schema: ClassVar[str | None] = None
    # Policies react with commands: replaying them from 0 into fresh tables means
    # nothing, so the runtime refuses to rebuild what declares itself unrebuildable.
    rebuildable: ClassVar[bool] = True
    # True lets the runtime run a batch's handlers in psycopg pipeline mode (one
    # round trip per batch). Only for handlers that never read ``cursor.rowcount``
    # right after an ``execute`` (fetching rows is fine): in pipeline mode it is
    # not known until the pipeline syncs.
    pipelined: ClassVar[bool] = False
    # Topic -> method name, from the ``@handles`` methods (``projections.runtime.handlers``).
    # A projection with handlers gets its ``topics`` from them and the dispatching ``apply``;
    # one without declares ``topics`` and overrides ``apply`` itself.
    handlers: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = handler_table(cls)
        if not cls.handlers:
            return
        if "topics" in vars(cls):
            raise TypeError(f"{cls.__name__}: topics come from its @handles methods; do not declare them too")
        cls.topics = tuple(cls.handlers)

    @abstractmethod
    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        """DDL creating (IF NOT EXISTS) this projection's tables and indexes.

        Name indexes after ``tables.physical(...)``: a rebuild creates a second set
        beside the live one, and renames every name carrying its suffix on swap."""

    def open(self, es_env: dict[str, str]) -> None:  # noqa: B027  (optional hook)
        """Called by the worker when it starts serving, before the first event."""

    def close(self) -> None:  # noqa: B027  (optional hook)
        """Called by the worker when it stops serving."""

    def apply(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> None:
        """Apply one event inside the runner's transaction. Must be deterministic:
        the same events in the same order always give the same rows.

        By default: the ``@handles`` method of the event's topic."""
        self.handler(event)(cursor, tables, event)

    def handler(self, event: LoggedEvent) -> Callable[..., None]:
        """The ``@handles`` method of the event's topic, bound (a projection that batches calls it with
        what it batches); ValueError for a topic it does not handle: refused, never skipped."""
        name = self.handlers.get(event.topic)
        if name is None:
            raise ValueError(f"{self.name} does not handle {event.topic!r} (position {event.position})")
        method: Callable[..., None] = getattr(self, name)
        return method

    def apply_batch(self, cursor: Cursor, tables: Tables, events: Sequence[LoggedEvent]) -> None:
        """Apply consecutive events in one transaction; override to batch SQL
        (``executemany``), keeping the result identical to ``apply`` one by one."""
        if trace_context.provider() is None:  # tracing off: not even a span object per event
            for event in events:
                self.apply(cursor, tables, event)
            return
        for event in events:  # each event's handling continues the trace of the command that wrote it
            with trace_context.continued(
                f"{self.name} {event.topic}", event.metadata, projection=self.name, position=event.position
            ):
                self.apply(cursor, tables, event)
