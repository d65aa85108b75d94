"""GET /v1/projections: the response model."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from projections.runtime import ProjectionStatus


class ProjectionState(BaseModel):
    """Where one projection is in the global log, and how far behind."""

    name: str = Field(examples=["portfolio"])
    position: int = Field(description="last log position applied")
    log_head: int = Field(description="safe head of the log as last seen by the projection's worker")
    lag_events: int = Field(description="events still to read behind log_head")
    lag_seconds: float = Field(description="0 when caught up, else the age of the last event applied (upper bound)")
    status: str = Field(
        description="running (catching up), idle (caught up), halted (poison event or failed "
        "upgrade, see last_error), upgrading (rebuilding for a new definition; the old "
        "model answers, frozen), stopped (no worker holds the lease)",
        examples=["idle"],
    )
    parked: int = Field(description="poison events parked (skipped) by this projection")
    version: int = Field(
        description="the projection's definition the model was built with; a worker of a newer "
        "one rebuilds the model before serving"
    )
    last_error: str | None = None
    updated_at: datetime
    last_event_at: datetime | None = Field(description="timestamp of the last event applied")

    @classmethod
    def of(cls, s: ProjectionStatus) -> ProjectionState:
        return cls(
            name=s.name,
            position=s.position,
            log_head=s.log_head,
            lag_events=s.lag_events,
            lag_seconds=s.lag_seconds,
            status=s.status,
            parked=s.parked,
            version=s.version,
            last_error=s.last_error,
            updated_at=s.updated_at,
            last_event_at=s.last_event_at,
        )


class ProjectionsReply(BaseModel):
    """Every projection of the read-model schema."""

    projections: list[ProjectionState]
