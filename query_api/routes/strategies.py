"""GET /v1/strategies (any signed-in user), /v1/backtests/{id}, /v1/optimizations/{id}, /v1/bots (owner only).

Another user's backtest, optimisation or bot is 404, exactly as an unknown id: whether it exists is private.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse
from psycopg import Connection

from projections.strategies import results
from projections.strategies.projection import StrategiesProjection
from projections.strategies.view import StrategiesView
from query_api.csv_rows import CSV, csv_lines
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.strategies import (
    BacktestReply,
    BotOut,
    BotsReply,
    EquityPoint,
    OptimizationReply,
    RankedRun,
    StrategiesReply,
    StrategyOut,
)
from strategies.registry import catalogue

router = APIRouter(tags=["strategies"])
NEEDS = Needs([StrategiesProjection.name])
_CSV_DOC = {"description": "JSON, or with `format=csv` the full equity curve (at, equity)", "content": {CSV: {}}}


@router.get("/v1/strategies", response_model=StrategiesReply, responses=documented(401, 429))
async def strategies(caller: CurrentUser) -> StrategiesReply:  # noqa: ARG001  (signed-in users only)
    """The built-in strategies with the JSON Schema of their parameters."""
    return StrategiesReply(strategies=[StrategyOut(**entry) for entry in catalogue()])


@router.get(
    "/v1/backtests/{backtest_id}",
    response_model=BacktestReply,
    responses={**documented(401, 404, 422, 429, 503), 200: _CSV_DOC},
)
async def backtest(
    backtest_id: UUID,
    caller: CurrentUser,
    c: Services,
    reads: Reads,
    format: Literal["json", "csv"] = "json",  # noqa: A002
    min_position: MinPosition = None,
) -> Response | BacktestReply:
    """One of the caller's backtests: status, progress, and once done its stats, trades and equity curve."""
    tables = c.read_models.tables_for(StrategiesProjection)
    full = format == "csv"

    def read(conn: Connection[Any]) -> dict[str, Any] | None:
        row = StrategiesView().backtest(conn, tables, backtest_id)
        if row is None or row["user_id"] != caller.user_id:
            return None
        return {
            **row,
            "progress": results.progress_of(conn, tables.schema, backtest_id),
            "results": results.results_of(conn, tables.schema, backtest_id, full=full),
        }

    found = await reads(NEEDS, min_position, read)
    row = found.value
    if row is None:
        raise ApiProblem(404, "not_found", f"no backtest {backtest_id}")
    curve = (
        [EquityPoint(at=at, equity=equity) for at, equity in row["results"]["curve"]]
        if row["status"] == "done" and row["results"]
        else None
    )
    if full:
        headers = {"X-As-Of-Position": str(found.as_of_position)}
        return StreamingResponse(
            csv_lines(curve or [], EquityPoint), media_type=f"{CSV}; charset=utf-8", headers=headers
        )
    return _backtest_reply(row, curve, found.as_of_position)


def _backtest_reply(row: dict[str, Any], curve: list[EquityPoint] | None, as_of: int) -> BacktestReply:
    done = row["status"] == "done" and row["results"] is not None
    progress = 100 if row["status"] in ("done", "failed") else (row["progress"] or 0)
    return BacktestReply(
        backtest_id=str(row["backtest_id"]),
        status=row["status"],
        progress=progress,
        spec=row["spec"],
        optimization_id=str(row["optimization_id"]) if row["optimization_id"] else None,
        requested_at=row["requested_at"],
        finished_at=row["finished_at"],
        stats=row["stats"],
        failure=row["failure"],
        results_digest=row["results_digest"],
        trades=row["results"]["trades"] if done else None,
        equity_curve=curve,
        as_of_position=as_of,
    )


@router.get(
    "/v1/optimizations/{optimization_id}",
    response_model=OptimizationReply,
    responses=documented(401, 404, 422, 429, 503),
)
async def optimization(
    optimization_id: UUID, caller: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None
) -> OptimizationReply:
    """One of the caller's grids: every combination, finished ones ranked by the metric (best first)."""
    tables, view = c.read_models.tables_for(StrategiesProjection), StrategiesView()

    def read(conn: Connection[Any]) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        row = view.optimization(conn, tables, optimization_id)
        if row is None or row["user_id"] != caller.user_id:
            return None
        return row, view.ranked(conn, tables, optimization_id, row["metric"])

    found = await reads(NEEDS, min_position, read)
    if found.value is None:
        raise ApiProblem(404, "not_found", f"no optimization {optimization_id}")
    row, runs = found.value
    ranked = [
        RankedRun(
            rank=i + 1 if run["stats"] is not None else None,
            backtest_id=str(run["backtest_id"]),
            status=run["status"],
            params=run["params"],
            stats=run["stats"],
        )
        for i, run in enumerate(runs)
    ]
    return OptimizationReply(
        optimization_id=str(optimization_id),
        status=row["status"],
        metric=row["metric"],
        spec=row["spec"],
        grid=row["grid"],
        combinations=row["combinations"],
        finished=sum(run.status in ("done", "failed") for run in ranked),
        best_backtest_id=str(row["best_backtest_id"]) if row["best_backtest_id"] else None,
        ranking=ranked,
        as_of_position=found.as_of_position,
    )


@router.get("/v1/bots", response_model=BotsReply, responses=documented(401, 422, 429, 503))
async def bots(caller: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None) -> BotsReply:
    """The caller's bots, newest first, with their last decision."""
    tables = c.read_models.tables_for(StrategiesProjection)
    found = await reads(NEEDS, min_position, lambda conn: StrategiesView().bots_of(conn, tables, caller.user_id))
    out = [
        BotOut(
            **{
                **row,
                "bot_id": str(row["bot_id"]),
                "position_id": str(row["position_id"]) if row["position_id"] else None,
            }
        )
        for row in found.value
    ]
    return BotsReply(bots=out, as_of_position=found.as_of_position)
