"""``@handles``: a projection declares which events a method handles, once.

The decorated methods are the projection's dispatch table and the source of its
``topics`` (computed when the class is defined), so a new event is one decorated
method: no topic tuple and no handler dict to keep in step with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "__handles_topics__"


class HasTopic(Protocol):
    TOPIC: str


def handles(*events: type[HasTopic] | str) -> Callable[[F], F]:
    """Mark ``method(self, cursor, tables, event)`` as the handler of these events (a projection that
    batches its writes may call its handlers with its batch instead: ``Projection.handler``).

    An event is its class, or its topic where a model must not import the class (another
    bounded context's event that it follows by its topic only)."""
    if not events:
        raise TypeError("@handles needs at least one event class")
    topics = tuple(event if isinstance(event, str) else event.TOPIC for event in events)

    def mark(method: F) -> F:
        setattr(method, _MARK, topics)
        return method

    return mark


def handler_table(cls: type) -> dict[str, str]:
    """Topic -> method name for every ``@handles`` method of ``cls`` and its bases
    (a subclass's handler of a topic replaces its base's, as attribute lookup does)."""
    table: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        own: dict[str, str] = {}
        for attr, value in vars(klass).items():
            for topic in getattr(value, _MARK, ()):
                if topic in own:  # which of the two would run is an accident of definition order
                    raise TypeError(f"{klass.__name__}: {topic!r} handled by both {own[topic]} and {attr}")
                own[topic] = attr
        table.update(own)
    return table
