"""Given/when/then for aggregates: new events compared as (type name, payload).

*Given* an aggregate whose history was built by real commands, *when* one
command, *then* either the events it raised or the refusal, with no new events
and no change of state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from aggregates.base import AstraAggregate
from aggregates.errors import DomainError

A = TypeVar("A", bound=AstraAggregate)
Event = tuple[str, dict[str, Any]]

# Envelope fields: identity, sequence and time are the store's business, not the rule's.
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", "_meta"})


def payload(event: object) -> dict[str, Any]:
    return {name: value for name, value in vars(event).items() if name not in ENVELOPE}


def new_events(aggregate: AstraAggregate) -> list[Event]:
    """The pending events of ``aggregate`` as (type, payload), collecting them."""
    return [(type(event).__name__, payload(event)) for event in aggregate.collect_events()]


def given(aggregate: A) -> A:
    """Treat everything ``aggregate`` did so far as its (already stored) history."""
    aggregate.collect_events()
    return aggregate


def state(aggregate: AstraAggregate) -> dict[str, Any]:
    return {name: value for name, value in vars(aggregate).items() if name != "_pending_events"}


def then_refused(aggregate: AstraAggregate, error: type[DomainError], command: Callable[[], object]) -> DomainError:
    """``command`` is refused with ``error``: no new events, state untouched."""
    before = state(aggregate)
    with pytest.raises(error) as refusal:
        command()
    assert type(refusal.value) is error, f"expected exactly {error.__name__}, got {type(refusal.value).__name__}"
    assert new_events(aggregate) == []
    assert state(aggregate) == before
    return refusal.value
