"""GET /v1/projections: where every read model is in the global log."""

from __future__ import annotations

from fastapi import APIRouter

from query_api.deps import CurrentUser, MinPosition, Queries
from query_api.errors import documented
from query_api.schemas.projections import ProjectionsReply

router = APIRouter(prefix="/v1/projections", tags=["projections"])


@router.get("", response_model=ProjectionsReply, responses=documented(401, 422, 503))
def list_projections(_: CurrentUser, queries: Queries, min_position: MinPosition = None) -> ProjectionsReply:
    """Each projection's position, log head, lag in events and seconds, status and parked events."""
    return ProjectionsReply(projections=queries.projections(min_position))
