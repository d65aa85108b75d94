"""GET /v1/audit/*: the trail (JSON pages or streamed NDJSON), its verification, past states, anchors.

Readers: ``compliance`` only (api.md); anyone else gets 403. The trail is a read model
like any other (``min_position`` waits for it); verification also reads the events
table and the state-at-an-instant replays the event store: the two documented
exceptions to "read models only" (architecture.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from psycopg import Connection, sql
from pydantic import AwareDatetime

from aggregates.user.roles import Role
from projections.audit import view
from projections.audit.anchors import anchors
from projections.audit.projection import EVENTS_TABLE, AuditProjection
from projections.audit.replay import user_state_at
from projections.audit.verify import verify
from projections.profiles.projection import ProfilesProjection
from projections.profiles.view import ProfilesView
from projections.runtime.base import Tables
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.audit import (
    AnchorsReply,
    AuditEventOut,
    AuditPage,
    EventsParams,
    Position,
    UserLookupParams,
    UserLookupReply,
    UserStateReply,
    VerifyReply,
)
from query_api.tokens import Principal

router = APIRouter(prefix="/v1/audit", tags=["audit"])
AUDIT_READERS = frozenset({Role.COMPLIANCE.value})
NDJSON = "application/x-ndjson"
_NAME = AuditProjection.name
NEEDS = Needs([_NAME])
_STREAM_CHUNK = 500  # rows per chunk written to the socket
_EVENTS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a page as JSON, or every matching event as NDJSON with `Accept: application/x-ndjson`",
        "content": {NDJSON: {}},
    },
    **documented(401, 403, 422, 429, 503),
}


async def _compliance(caller: CurrentUser) -> Principal:
    if not caller.has_any(AUDIT_READERS):
        raise ApiProblem(403, "forbidden", "the audit trail is readable by compliance only")
    return caller


async def audit_tables(c: Services) -> Tables:
    """Where the trail is: the audit projection's own schema."""
    return c.read_models.tables_for(AuditProjection)


Compliance = Annotated[Principal, Depends(_compliance)]
AuditTables = Annotated[Tables, Depends(audit_tables)]


@router.get("/events", response_model=AuditPage, responses=_EVENTS_RESPONSES)
async def events(
    _: Compliance,
    params: Annotated[EventsParams, Query()],
    *,
    request: Request,
    c: Services,
    reads: Reads,
    tables: AuditTables,
) -> Response | AuditPage:
    """Every event of the log in order, filtered by user, aggregate and time; paged, or streamed as NDJSON."""
    query = view.AuditQuery(params.user_id, params.aggregate_id, params.start, params.end, params.after_position)
    if NDJSON in request.headers.get("accept", ""):
        upto = await reads(NEEDS, params.min_position, lambda _: None)
        return _ndjson(c, tables, query, upto.as_of_position)
    found = await reads(NEEDS, params.min_position, lambda conn: view.page(conn, tables, query, params.limit + 1))
    rows, more = found.value, len(found.value) > params.limit
    page = [AuditEventOut(**row) for row in rows[: params.limit]]
    return AuditPage(
        events=page, next_after_position=page[-1].position if more else None, as_of_position=found.as_of_position
    )


@router.get("/verify", response_model=VerifyReply, responses=documented(401, 403, 422, 429, 503))
async def verify_chain(
    _: Compliance,
    *,
    c: Services,
    reads: Reads,
    tables: AuditTables,
    from_position: Position | None = None,
    to_position: Position | None = None,
    min_position: MinPosition = None,
) -> VerifyReply:
    """Walk the hash chain (optionally positions from..to, inclusive) against the events table."""
    events_table = sql.Identifier(c.settings.database_schema, EVENTS_TABLE)

    def walk(conn: Connection[Any]) -> Any:
        # The tracking position of this same snapshot bounds the walk.
        as_of = c.reader.progress.position(conn, _NAME)
        return verify(conn, tables, events_table, as_of, start=from_position, end=to_position)

    found = await reads(NEEDS, min_position, walk)
    return VerifyReply.of(found.value, found.as_of_position)


@router.get("/users", response_model=UserLookupReply, responses=documented(401, 403, 404, 422, 429, 503))
async def find_user(
    _: Compliance, params: Annotated[UserLookupParams, Query()], *, c: Services, reads: Reads
) -> UserLookupReply:
    """The id of the user registered under ``username``; 404 for no such user, and once the user is erased
    (their name is personal data: it no longer leads to them)."""
    profiles = c.read_models.tables_for(ProfilesProjection)
    found = await reads(
        Needs([ProfilesProjection.name]),
        params.min_position,
        lambda conn: ProfilesView().user_by_name(conn, profiles, params.username),
    )
    if found.value is None:
        raise ApiProblem(404, "not_found", "no user of that username (or the user was erased)")
    return UserLookupReply(user_id=found.value, as_of_position=found.as_of_position)


@router.get("/users/{user_id}/state", response_model=UserStateReply, responses=documented(401, 403, 404, 422, 429, 503))
def user_state(
    _: Compliance,
    user_id: UUID,
    c: Services,
    at: Annotated[AwareDatetime, Query(description="the instant, ISO 8601 with offset")],
) -> UserStateReply:
    """The user's wallet, positions, XP and level exactly as they were at ``at``, rebuilt from the events."""
    state = user_state_at(c.settings.eventsourcing_env(), user_id, at)
    if state is None:
        raise ApiProblem(404, "not_found", f"no user {user_id}")
    return UserStateReply.of(state)


@router.get("/anchors", response_model=AnchorsReply, responses=documented(401, 403, 429, 503))
async def list_anchors(_: Compliance, reads: Reads, tables: AuditTables) -> AnchorsReply:
    """Digests of the chain anchored on Starknet: range, digest, transaction hash, status (newest first)."""
    found = await reads(NEEDS, None, lambda conn: anchors(conn, tables))
    return AnchorsReply(anchors=found.value)


def _ndjson(c: Services, tables: Tables, query: view.AuditQuery, as_of: int) -> StreamingResponse:
    """The whole range up to ``as_of``, one JSON object per line, read through a server-side cursor."""
    # Rows up to ``as_of`` are final (insert-only, tracked), so the stream, read in a
    # transaction of its own, is exactly the range as of that position.
    lines = _lines(c, tables, replace(query, upto=as_of))
    return StreamingResponse(lines, media_type=NDJSON, headers={"X-As-Of-Position": str(as_of)})


def _lines(c: Services, tables: Tables, query: view.AuditQuery) -> Iterator[bytes]:
    with c.pool.connection() as conn:
        chunk: list[bytes] = []
        for row in view.stream(conn, tables, query):
            chunk.append(orjson.dumps(row))
            if len(chunk) == _STREAM_CHUNK:
                yield b"\n".join(chunk) + b"\n"
                chunk = []
        if chunk:
            yield b"\n".join(chunk) + b"\n"
