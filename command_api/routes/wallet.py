"""POST /v1/wallet/deposits and /withdrawals: the caller's cash."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from command_api.deps import Command, Trader, Trading
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.wallet import BalanceReply, DepositRequest, WithdrawalReply, WithdrawalRequest

router = APIRouter(prefix="/v1/wallet", tags=["wallet"])
# async routes on the event loop's command path (event_store/async_store.py, docs/adr/0017): no thread hop


@router.post("/deposits", response_model=BalanceReply, responses=documented(401, 403, 413, 422, 503))
async def deposit(body: DepositRequest, user: Trader, cmd: Command, trading: Trading, response: Response) -> Any:
    """Credit cash (USD, 0 < amount ≤ 1,000,000.00) to the caller's wallet."""
    result = await trading.deposit_async(
        user.user_id, body.amount, body.currency, cmd.context(user), cmd.idempotency(body)
    )
    return answer(result, response)


@router.post("/withdrawals", response_model=WithdrawalReply, responses=documented(401, 403, 409, 413, 422, 503))
async def withdraw(body: WithdrawalRequest, user: Trader, cmd: Command, trading: Trading, response: Response) -> Any:
    """Debit cash not reserved as margin; settles on-chain when a Starknet address is given (409
    `settlement_unavailable`, nothing debited, while settlement is not configured). Answers `withdrawal_id`."""
    result = await trading.withdraw_async(
        user.user_id, body.amount, body.currency, body.starknet_address, cmd.context(user), cmd.idempotency(body)
    )
    return answer(result, response)
