"""POST /v1/subscriptions: pay for a plan."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Services, Trader
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.subscriptions import SubscribeRequest, SubscriptionReply
from services.subscriptions import SubscriptionService


async def _subscriptions(c: Services) -> SubscriptionService:
    return SubscriptionService(c.trading.runner)


Subscriptions = Annotated[SubscriptionService, Depends(_subscriptions)]
router = APIRouter(prefix="/v1/subscriptions", tags=["subscriptions"])


@router.post(
    "",
    status_code=201,
    response_model=SubscriptionReply,
    responses={
        200: {"description": "an existing subscription was extended by one period", "model": SubscriptionReply},
        **documented(401, 403, 409, 413, 422, 503),
    },
)
def subscribe(
    body: SubscribeRequest, user: Trader, cmd: Command, subscriptions: Subscriptions, response: Response
) -> Any:
    """Pay ``pro`` (9.99 USD per 30 days) from cash: starts a subscription (201) or extends it by 30 days from
    its current end (200); 409 insufficient_funds."""
    result = subscriptions.subscribe(user.user_id, body.plan, cmd.context(user), cmd.idempotency(body))
    return answer(result, response)
