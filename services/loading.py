"""Loading an aggregate a command names: missing, or of another kind, is 404."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from aggregates.base import AstraAggregate
from aggregates.errors import NotFound

A = TypeVar("A", bound=AstraAggregate)


def get_as(repository: Repository[UUID], aggregate_id: UUID, kind: type[A], what: str) -> A:
    """The aggregate ``aggregate_id`` if it is a ``kind``, else NotFound (404) naming it ``what``."""
    try:
        found: object = repository.get(aggregate_id)
    except AggregateNotFoundError:
        raise NotFound(f"{what} {aggregate_id} not found") from None
    if not isinstance(found, kind):
        raise NotFound(f"{what} {aggregate_id} not found")
    return found
