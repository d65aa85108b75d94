"""Route dependencies as ``Annotated`` aliases: the container, the caller, common parameters."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Path, Query, Request

from aggregates.user.roles import Role
from http_common.auth import CurrentUser, require_role
from http_common.problems import ApiProblem
from http_common.tokens import Principal
from query_api.container import Container
from query_api.queries import ReadModelQueries

__all__ = ["MAX_POSITION", "PORTFOLIO_READERS", "CurrentUser", "MinPosition", "PortfolioSubject", "Principal",
           "Queries", "Services", "UserRef", "require_role"]
MAX_POSITION = 2**63 - 1  # positions are PostgreSQL bigints
# Who may read a portfolio besides its owner (api.md). Anyone else gets 403, not 404:
# user ids are public (profiles, leaderboards), so existence is not what is private.
PORTFOLIO_READERS = frozenset({Role.COMPLIANCE.value, Role.ANALYST.value})


async def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


Services = Annotated[Container, Depends(_container)]


async def _queries(c: Services) -> ReadModelQueries:
    return c.queries


Queries = Annotated[ReadModelQueries, Depends(_queries)]

MinPosition = Annotated[int | None, Query(
    ge=0, le=MAX_POSITION,
    description="wait (bounded) until the read model has applied this global log position; "
                "pass the `position` a command answered",
)]
UserRef = Annotated[UUID | Literal["me"], Path(description="a user id, or `me` for the caller")]


async def _portfolio_subject(user_id: UserRef, caller: CurrentUser) -> UUID:
    subject = caller.user_id if user_id == "me" else user_id
    assert isinstance(subject, UUID)
    if subject != caller.user_id and not caller.has_any(PORTFOLIO_READERS):
        raise ApiProblem(403, "forbidden", "a portfolio is readable by its owner, compliance and analysts only")
    return subject


PortfolioSubject = Annotated[UUID, Depends(_portfolio_subject)]
