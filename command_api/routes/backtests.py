"""POST /v1/backtests and POST /v1/optimizations: a backtest, or a grid of them, requested as commands.

The runs happen in job workers (jobs/backtests.py); the answer is 202 with the id to poll in the query API.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Dealer, Services
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.strategies import BacktestAccepted, BacktestRequest, OptimizationAccepted, OptimizationRequest
from command_api.strategy_params import checked_params, checked_run, combinations, spec_of
from services.strategies import GridRequest, StrategyService


async def _strategies(c: Services) -> StrategyService:
    return StrategyService(c.trading.runner)


Strategies = Annotated[StrategyService, Depends(_strategies)]
router = APIRouter(tags=["strategies"])
_REFUSALS = documented(401, 403, 409, 413, 422, 503)


@router.post("/v1/backtests", status_code=202, response_model=BacktestAccepted, responses=_REFUSALS)
def request_backtest(
    body: BacktestRequest, user: Dealer, cmd: Command, strategies: Strategies, c: Services, response: Response
) -> Any:
    """Request a backtest (422 naming a bad parameter; 409 quota_exceeded past the plan's backtests per UTC
    day): 202 with ``backtest_id``, to follow at GET /v1/backtests/{id}."""
    params = checked_params(body.strategy, body.params)
    checked_run(body, params, c.trading.instruments)
    spec = spec_of(body, params)
    return answer(strategies.request_backtest(user.user_id, spec, cmd.context(user), cmd.idempotency(body)), response)


@router.post("/v1/optimizations", status_code=202, response_model=OptimizationAccepted, responses=_REFUSALS)
def request_optimization(
    body: OptimizationRequest, user: Dealer, cmd: Command, strategies: Strategies, c: Services, response: Response
) -> Any:
    """Request every combination of a parameter grid, ranked by ``metric`` (409 quota_exceeded for a grid larger
    than the plan allows): 202 with ``optimization_id``."""
    runs = combinations(body)
    checked_run(body, runs[0], c.trading.instruments)  # what the combinations share
    grid = GridRequest(spec_of(body, checked_params(body.strategy, body.params)), runs, body.grid, body.metric)
    return answer(
        strategies.request_optimization(user.user_id, grid, cmd.context(user), cmd.idempotency(body)), response
    )
