"""GET /v1/analytics/*: volume, active traders, the P&L distribution and engagement, as JSON or CSV.

Readers: ``analyst`` (api.md) and ``admin`` (who may grant themselves analyst anyway).
Every read waits for ``min_position`` like every query, then reads the analytics
tables and the tracking position in one snapshot. ``Accept: text/csv`` answers the
same rows and columns as CSV (``X-As-Of-Position`` and ``X-Next-Cursor`` headers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from aggregates.user.roles import Role
from projections.analytics.projection import AnalyticsProjection
from projections.analytics.view import AnalyticsView, VolumeKey, VolumeRow
from projections.runtime.base import Tables
from query_api.csv_rows import CSV, csv_lines
from query_api.deps import CurrentUser, Now, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.analytics import (
    ActiveTradersReply,
    ActiveTradersRowOut,
    ClanSizeOut,
    EngagementDayOut,
    EngagementParams,
    EngagementReply,
    PnlDistributionOut,
    PnlDistributionReply,
    PnlParams,
    RangeParams,
    VolumeParams,
    VolumeReply,
    VolumeRowOut,
    decode_cursor,
    encode_cursor,
)
from query_api.tokens import Principal

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])
ANALYTICS_READERS = frozenset({Role.ANALYST.value, Role.ADMIN.value})
_CSV_DOC = {"description": "the rows as JSON, or as CSV with `Accept: text/csv`", "content": {CSV: {}}}
_RESPONSES: dict[int | str, dict[str, Any]] = {200: _CSV_DOC, **documented(401, 403, 422, 429, 503)}
NEEDS = Needs([AnalyticsProjection.name])


async def _analyst(caller: CurrentUser) -> Principal:
    if not caller.has_any(ANALYTICS_READERS):
        raise ApiProblem(403, "forbidden", "analytics are readable by analysts (and admins) only")
    return caller


async def analytics_tables(c: Services) -> Tables:
    """Where the analytics tables are: the analytics projection's own schema."""
    return c.read_models.tables_for(AnalyticsProjection)


Analyst = Annotated[Principal, Depends(_analyst)]
AnalyticsTables = Annotated[Tables, Depends(analytics_tables)]


@router.get("/volume", response_model=VolumeReply, responses=_RESPONSES)
async def volume(
    _: Analyst, params: Annotated[VolumeParams, Query()], *, request: Request, reads: Reads, tables: AnalyticsTables
) -> Response | VolumeReply:
    """Traded notional per symbol and UTC hour or day (every open and close counts), paged by bucket then symbol."""
    after = decode_cursor(params.cursor) if params.cursor else None
    found = await reads(
        NEEDS,
        params.min_position,
        lambda conn: AnalyticsView(tables).volume(
            conn, params.interval, params.start, params.to, symbol=params.symbol, limit=params.limit + 1, after=after
        ),
    )
    page, cursor = _page(found.value, params.limit)
    as_of = found.as_of_position
    reply = VolumeReply(
        interval=params.interval,
        start=params.start,
        to=params.to,
        symbol=params.symbol,
        as_of_position=as_of,
        rows=page,
        next_cursor=cursor,
    )
    return _csv(request, reply.rows, VolumeRowOut, as_of, cursor) or reply


@router.get("/active-traders", response_model=ActiveTradersReply, responses=_RESPONSES)
async def active_traders(
    _: Analyst, params: Annotated[RangeParams, Query()], *, request: Request, reads: Reads, tables: AnalyticsTables
) -> Response | ActiveTradersReply:
    """Distinct traders (≥ 1 open or close) per UTC hour or day, zero-activity buckets included."""
    found = await reads(
        NEEDS,
        params.min_position,
        lambda conn: AnalyticsView(tables).active_traders(conn, params.interval, params.start, params.to),
    )
    as_of = found.as_of_position
    reply = ActiveTradersReply(
        interval=params.interval,
        start=params.start,
        to=params.to,
        as_of_position=as_of,
        rows=[ActiveTradersRowOut(**vars(row)) for row in found.value],
    )
    return _csv(request, reply.rows, ActiveTradersRowOut, as_of) or reply


@router.get("/pnl-distribution", response_model=PnlDistributionReply, responses=_RESPONSES)
async def pnl_distribution(
    _: Analyst,
    params: Annotated[PnlParams, Query()],
    *,
    request: Request,
    reads: Reads,
    tables: AnalyticsTables,
    now: Now,
) -> Response | PnlDistributionReply:
    """Count, sum, mean, min, p5…p95 and max of closed trades' net realized P&L in a window."""
    start, end = params.bounds(now)
    read = await reads(
        NEEDS, params.min_position, lambda conn: AnalyticsView(tables).pnl_distribution(conn, start, end)
    )
    found, as_of = read.value, read.as_of_position
    reply = PnlDistributionReply(
        window=params.window or (None if start else "all"),
        start=start,
        to=end,
        count=found.count,
        sum=found.sum,
        mean=found.mean,
        min=found.min,
        max=found.max,
        as_of_position=as_of,
        **found.quantiles,
    )
    return (
        _csv(request, [PnlDistributionOut(**reply.model_dump(exclude={"as_of_position"}))], PnlDistributionOut, as_of)
        or reply
    )


@router.get("/engagement", response_model=EngagementReply, responses=_RESPONSES)
async def engagement(
    _: Analyst, params: Annotated[EngagementParams, Query()], *, request: Request, reads: Reads, tables: AnalyticsTables
) -> Response | EngagementReply:
    """XP earned, awards and achievements unlocked per UTC day (zero days included), unlocks by achievement,
    and the largest clans of the moment; CSV holds the days."""
    found = await reads(
        NEEDS,
        params.min_position,
        lambda conn: AnalyticsView(tables).engagement(conn, params.start, params.to, params.clans),
    )
    as_of, value = found.as_of_position, found.value
    reply = EngagementReply(
        start=params.start,
        to=params.to,
        as_of_position=as_of,
        rows=[EngagementDayOut(**vars(day)) for day in value.days],
        achievements=value.achievements,
        largest_clans=[ClanSizeOut(**vars(clan)) for clan in value.largest_clans],
    )
    return _csv(request, reply.rows, EngagementDayOut, as_of) or reply


def _page(rows: list[VolumeRow], limit: int) -> tuple[list[VolumeRowOut], str | None]:
    """The first ``limit`` of ``limit + 1`` rows read, and the cursor after them if more are left."""
    last = rows[limit - 1] if len(rows) > limit else None
    cursor = encode_cursor(VolumeKey(last.bucket_start, last.symbol)) if last else None
    return [VolumeRowOut(**vars(row)) for row in rows[:limit]], cursor


def _csv(
    request: Request, rows: Iterable[BaseModel], model: type[BaseModel], as_of: int, next_cursor: str | None = None
) -> Response | None:
    """The rows as streamed CSV when the client asks for it, else None (JSON)."""
    if CSV not in request.headers.get("accept", ""):
        return None
    headers = {"X-As-Of-Position": str(as_of), **({"X-Next-Cursor": next_cursor} if next_cursor else {})}
    return StreamingResponse(csv_lines(rows, model), media_type=f"{CSV}; charset=utf-8", headers=headers)
