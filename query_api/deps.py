"""Route dependencies as ``Annotated`` aliases: the container, the caller, its read path, the clock, parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from fastapi import Depends, Path, Query, Request
from psycopg import Connection

from aggregates.user.roles import Role
from http_common.auth import CurrentUser, require_role
from http_common.problems import ApiProblem
from http_common.tokens import Principal
from query_api.container import Container
from query_api.reading import Needs, Read
from query_api.reads.boards import BoardReads
from query_api.reads.social import SocialReads

__all__ = [
    "MAX_POSITION",
    "PORTFOLIO_READERS",
    "CurrentUser",
    "MinPosition",
    "Now",
    "PortfolioSubject",
    "Principal",
    "Boards",
    "Reads",
    "Services",
    "Social",
    "UserRef",
    "clock",
    "require_role",
]
MAX_POSITION = 2**63 - 1  # positions are PostgreSQL bigints
# Who may read a portfolio besides its owner (api.md). Anyone else gets 403, not 404:
# user ids are public (profiles, leaderboards), so existence is not what is private.
PORTFOLIO_READERS = frozenset({Role.COMPLIANCE.value, Role.ANALYST.value})


async def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


Services = Annotated[Container, Depends(_container)]


T = TypeVar("T")


@dataclass(frozen=True)
class CallerReads:
    """The app's read path (query_api/reading.py) on behalf of the caller, whose wait slots a wait takes."""

    c: Container
    caller: UUID

    async def __call__(self, needs: Needs, min_position: int | None, read: Callable[[Connection[Any]], T]) -> Read[T]:
        return await self.c.reader.read(self.caller, needs, min_position, read)

    async def reach(self, needs: Needs, min_position: int | None) -> None:
        """Only the wait (a stream reads its snapshot later)."""
        await self.c.reader.reach(self.caller, needs, min_position)


async def _reads(c: Services, caller: CurrentUser) -> CallerReads:
    return CallerReads(c, caller.user_id)


Reads = Annotated[CallerReads, Depends(_reads)]


async def _boards(c: Services) -> BoardReads:
    return BoardReads(c.read_models, c.live.ranks)


async def _social(c: Services) -> SocialReads:
    return SocialReads(c.read_models)


Boards = Annotated[BoardReads, Depends(_boards)]
Social = Annotated[SocialReads, Depends(_social)]


async def clock() -> datetime:
    """Now: the current day and week of the boards, the rolling windows of analytics; tests override it."""
    return datetime.now(UTC)


Now = Annotated[datetime, Depends(clock)]

MinPosition = Annotated[
    int | None,
    Query(
        ge=0,
        le=MAX_POSITION,
        description="wait (bounded) until the read model has applied this global log position; "
        "pass the `position` a command answered",
    ),
]
UserRef = Annotated[UUID | Literal["me"], Path(description="a user id, or `me` for the caller")]


async def _portfolio_subject(user_id: UserRef, caller: CurrentUser) -> UUID:
    subject = caller.user_id if user_id == "me" else user_id
    assert isinstance(subject, UUID)
    if subject != caller.user_id and not caller.has_any(PORTFOLIO_READERS):
        raise ApiProblem(403, "forbidden", "a portfolio is readable by its owner, compliance and analysts only")
    return subject


PortfolioSubject = Annotated[UUID, Depends(_portfolio_subject)]
