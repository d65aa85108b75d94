"""POST /v1/bots and DELETE /v1/bots/{bot_id}: a strategy trading live on the caller's account."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Dealer, Services
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.strategies import BotReply, BotRequest
from command_api.strategy_params import checked_params, checked_run
from services.strategies import BotSpec, StrategyService


async def _strategies(c: Services) -> StrategyService:
    return StrategyService(c.trading.runner)


Strategies = Annotated[StrategyService, Depends(_strategies)]
router = APIRouter(prefix="/v1/bots", tags=["strategies"])


@router.post("", status_code=201, response_model=BotReply, responses=documented(401, 403, 409, 413, 422, 503))
def start_bot(
    body: BotRequest, user: Dealer, cmd: Command, strategies: Strategies, c: Services, response: Response
) -> Any:
    """Start a bot: it decides on every closed candle of ``symbol`` at ``interval`` and trades the caller's
    account like the caller would (409 quota_exceeded past the plan's running bots)."""
    params = checked_params(body.strategy, body.params)
    checked_run(body, params, c.trading.instruments)
    spec = BotSpec(
        body.strategy, params, body.symbol, body.interval, body.quantity, body.equity_fraction, body.leverage
    )
    return answer(strategies.start_bot(user.user_id, spec, cmd.context(user), cmd.idempotency(body)), response)


@router.delete("/{bot_id}", response_model=BotReply, responses=documented(401, 403, 404, 409, 413, 422, 503))
def stop_bot(bot_id: UUID, user: Dealer, cmd: Command, strategies: Strategies, response: Response) -> Any:
    """Stop the caller's own bot (another's is 404; 409 bot_not_running); its open position stays open."""
    idem = cmd.idempotency(bot_id=str(bot_id))
    return answer(strategies.stop_bot(user.user_id, bot_id, cmd.context(user), idem), response)
