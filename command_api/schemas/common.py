"""Bases shared by every request and response model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from http_common.problems import Problem

__all__ = ["CommandReply", "Problem", "StrictRequest"]


class StrictRequest(BaseModel):
    """A request body: strict types, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CommandReply(BaseModel):
    """A successful command's answer: ``position`` is the global log position of its last event."""

    position: int = Field(description="global log position of the last event written; pass it as min_position")
