"""The audit endpoints' exception to "read models only": a user's past state, from the events.

The query API may not import the event store or the services (tests/test_architecture.py);
replaying is what projections do, so the replay is offered from here.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from event_store.application import EventStore
from services.audit_state import PositionState, StateAtInstant, UserStateAt

__all__ = ["PositionState", "UserStateAt", "user_state_at"]


def user_state_at(es_env: dict[str, str], user_id: UUID, at: datetime) -> UserStateAt | None:
    """The user's wallet, positions, XP and level at ``at``, folded from the event store
    (None for a user who never registered). Opens a one-connection store for the call:
    compliance replays are rare, and the query API keeps no event-store pool."""
    store = EventStore(env={**es_env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "0", "CREATE_TABLE": "n"})
    try:
        return StateAtInstant(store).user_state(user_id, at)
    finally:
        store.close()
