"""GET /v1/projections: where every read model is in the global log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from psycopg import Connection

from projections.runtime import projection_status
from query_api.deps import MinPosition, Reads, Services
from query_api.errors import documented
from query_api.reading import Needs
from query_api.schemas.projections import ProjectionsReply, ProjectionState

router = APIRouter(prefix="/v1/projections", tags=["projections"])


@router.get("", response_model=ProjectionsReply, responses=documented(401, 422, 429, 503))
async def list_projections(c: Services, reads: Reads, min_position: MinPosition = None) -> ProjectionsReply:
    """Each projection's position, log head, lag in events and seconds, status and parked events."""

    def states(conn: Connection[Any]) -> list[ProjectionState]:
        if c.primary_pool is None:
            return [ProjectionState.of(s) for s in projection_status(c.read_models, conn=conn)]
        with c.primary_pool.connection() as leases:  # reading a standby: the leases are on the primary
            return [ProjectionState.of(s) for s in projection_status(c.read_models, conn=conn, leases=leases)]

    tracked = await reads(Needs(()), None, states)  # min_position applies to every projection tracked
    found = await reads(Needs([s.name for s in tracked.value]), min_position, states)
    return ProjectionsReply(projections=found.value)
