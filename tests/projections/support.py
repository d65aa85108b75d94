"""The one way a test brings read models up to date: the real runtime's cycles, no shortcut;
and a policy's stateless reaction to one event, for tests of what it sends."""

from __future__ import annotations

import time

from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.runtime.worker import ProjectionWorker


def catch_up(
    read_models: ReadModels, es_env: dict[str, str], target: int | None, *projections: Projection, timeout: float = 60.0
) -> int:
    """Run each projection's worker cycles until it has applied ``target`` (None: every event
    logged when its session starts); the position reached by the last one.

    Cycles, not a fixed number of them: the safe head may lag a moment behind while other
    transactions of the cluster finish, so a cycle can legitimately apply nothing."""
    deadline = time.monotonic() + timeout
    reached = 0
    for projection in projections:
        with ProjectionWorker(projection, read_models, es_env).session() as session:
            assert session is not None, f"{projection.name}: no session (lease held elsewhere?)"
            goal = session.log.last_position() if target is None else target
            while session.position < goal:
                assert time.monotonic() < deadline, f"{projection.name} stuck at {session.position} < {goal}"
                if session.cycle().outcome is None:
                    time.sleep(0.02)
            reached = session.position
    return reached


def react(policy: Policy, event: LoggedEvent) -> None:
    """The policy's reaction to ``event`` outside the runtime, for a reaction that keeps no state
    (its handler ignores the cursor and the tables): what it enqueues or commands is the test's."""
    policy.handler(event)(None, None, event)
