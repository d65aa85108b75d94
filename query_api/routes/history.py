"""GET /v1/history/trades and /v1/history/ledger: the trader's own trades and account statement.

Readable by the owner (``user_id=me``, the default, or their own id) and compliance (any
user). Anyone else — analysts and admins included — gets 403: user ids are public
(profiles, leaderboards), so existence is not what is private; a statement is.
``format=csv`` answers the same rows with the same columns (``X-Next-Cursor``,
``X-As-Of-Position`` headers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from aggregates.user.roles import Role
from projections.statement.projection import StatementProjection
from projections.statement.view import StatementView
from projections.trade_history.projection import TradeHistoryProjection
from projections.trade_history.view import TradeHistoryView
from query_api.csv_rows import CSV, csv_lines
from query_api.deps import CurrentUser, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.game_rules import xp_rules
from query_api.reading import Needs
from query_api.schemas.history import (
    EARLIEST,
    LATEST,
    EntryOut,
    HistoryParams,
    LedgerParams,
    LedgerReply,
    TradeOut,
    TradesParams,
    TradesReply,
    decode_cursor,
    encode_cursor,
)
from query_api.tokens import Principal

router = APIRouter(prefix="/v1/history", tags=["history"])
READERS = frozenset({Role.COMPLIANCE.value})  # besides the owner
_CSV_DOC = {"description": "JSON, or CSV of the same rows with `format=csv`", "content": {CSV: {}}}
_RESPONSES: dict[int | str, dict[str, Any]] = {200: _CSV_DOC, **documented(401, 403, 422, 429, 503)}
TRADES = Needs([TradeHistoryProjection.name])
STATEMENT = Needs([StatementProjection.name])


def _subject(params: HistoryParams, caller: Principal) -> UUID:
    subject = caller.user_id if params.user_id == "me" else params.user_id
    assert isinstance(subject, UUID)
    if subject != caller.user_id and not caller.has_any(READERS):
        raise ApiProblem(403, "forbidden", "a trader's history is readable by the trader and compliance only")
    return subject


@router.get("/trades", response_model=TradesReply, responses=_RESPONSES)
async def trades(
    params: Annotated[TradesParams, Query()], caller: CurrentUser, c: Services, reads: Reads
) -> Response | TradesReply:
    """Every close and liquidation, oldest first, with P&L, fees, how it ended and why it earned no XP."""
    user = _subject(params, caller)
    after = decode_cursor(params.cursor, 1)[0] if params.cursor else 0
    view, tables = TradeHistoryView(), c.read_models.tables_for(TradeHistoryProjection)
    found = await reads(
        TRADES, params.min_position, lambda conn: view.page(conn, tables, user, after=after, limit=params.limit + 1)
    )
    rows, as_of = found.value, found.as_of_position
    page = rows[: params.limit]
    cursor = encode_cursor(page[-1].close_position) if len(rows) > params.limit else None
    out = [TradeOut.of(row) for row in page]
    if params.format == "csv":
        return _csv(out, TradeOut, as_of, cursor)
    return TradesReply(user_id=user, trades=out, next_cursor=cursor, xp_rules=xp_rules(c), as_of_position=as_of)


@router.get("/ledger", response_model=LedgerReply, responses=_RESPONSES)
async def ledger(
    params: Annotated[LedgerParams, Query()], caller: CurrentUser, c: Services, reads: Reads
) -> Response | LedgerReply:
    """The account statement: every movement of free cash in ``[from, to)`` with the balance after it."""
    user = _subject(params, caller)
    after = decode_cursor(params.cursor, 2) if params.cursor else (0, 0)
    view, tables = StatementView(), c.read_models.tables_for(StatementProjection)
    found = await reads(
        STATEMENT,
        params.min_position,
        lambda conn: view.page(
            conn,
            tables,
            user,
            start=params.start or EARLIEST,
            end=params.to or LATEST,
            after=(after[0], after[1]),
            limit=params.limit + 1,
        ),
    )
    rows, as_of = found.value, found.as_of_position
    page = rows[: params.limit]
    cursor = encode_cursor(page[-1].log_position, page[-1].entry) if len(rows) > params.limit else None
    out = [EntryOut.of(row) for row in page]
    if params.format == "csv":
        return _csv(out, EntryOut, as_of, cursor)
    return LedgerReply(
        user_id=user, start=params.start, to=params.to, entries=out, next_cursor=cursor, as_of_position=as_of
    )


def _csv(rows: Sequence[BaseModel], model: type[BaseModel], as_of: int, next_cursor: str | None) -> Response:
    headers = {"X-As-Of-Position": str(as_of), **({"X-Next-Cursor": next_cursor} if next_cursor else {})}
    return StreamingResponse(csv_lines(rows, model), media_type=f"{CSV}; charset=utf-8", headers=headers)
