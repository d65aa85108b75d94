"""Deposits and withdrawals."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import CashAmount, StarknetAddress


class DepositRequest(StrictRequest):
    amount: CashAmount
    currency: Literal["USD"]


class WithdrawalRequest(StrictRequest):
    amount: CashAmount
    currency: Literal["USD"]
    starknet_address: StarknetAddress | None = None


class BalanceReply(CommandReply):
    currency: str
    cash: str
    reserved_margin: str


class WithdrawalReply(BalanceReply):
    # Optional only for the idempotent replay of a withdrawal answered before withdrawals had ids.
    withdrawal_id: str | None = Field(None, description="GET /v1/withdrawals/{withdrawal_id} on the query API")
    status: Literal["requested", "settled"] | None = Field(
        None, description="`settled`: paid out; `requested`: waiting for its on-chain settlement"
    )
