"""Deposits and withdrawals."""

from __future__ import annotations

from typing import Literal

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
