"""GET /v1/withdrawals/{withdrawal_id}: the response model."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from query_api.schemas.common import DecimalString


class WithdrawalReply(BaseModel):
    """One withdrawal and where its payment stands, as of ``as_of_position`` of the global log."""

    withdrawal_id: UUID
    user_id: UUID
    amount: DecimalString
    currency: str
    starknet_address: str | None = Field(description="the on-chain recipient; null: paid out at once")
    status: Literal["requested", "submitted", "settled", "failed"] = Field(
        description="requested → submitted (the node has the transaction) → settled (final, succeeded) or failed "
        "(reverted or invalid); a withdrawal without an address is settled at once"
    )
    tx_hash: str | None = Field(description="the settlement transaction, once submitted")
    reason: str | None = Field(description="why the settlement failed")
    requested_at: datetime
    updated_at: datetime
    as_of_position: int

    @classmethod
    def of(cls, row: dict[str, Any], as_of: int) -> WithdrawalReply:
        return cls(**row, as_of_position=as_of)
