"""GET /v1/withdrawals/{withdrawal_id}: a withdrawal's status.

Readable by its owner and compliance. Anyone else gets 404, exactly as for an unknown id:
withdrawal ids are not public, so whether one exists is itself private.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from aggregates.user.roles import Role
from projections.withdrawals.projection import WithdrawalsProjection
from projections.withdrawals.view import WithdrawalsView
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.withdrawals import WithdrawalReply

router = APIRouter(prefix="/v1/withdrawals", tags=["withdrawals"])
READERS = frozenset({Role.COMPLIANCE.value})  # besides the owner
NEEDS = Needs([WithdrawalsProjection.name])


@router.get("/{withdrawal_id}", response_model=WithdrawalReply, responses=documented(401, 404, 422, 429, 503))
async def get_withdrawal(
    withdrawal_id: UUID, caller: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None
) -> WithdrawalReply:
    """A withdrawal's amount, recipient and status: requested, submitted, settled or failed (owner, compliance)."""
    tables = c.read_models.tables_for(WithdrawalsProjection)
    found = await reads(NEEDS, min_position, lambda conn: WithdrawalsView().withdrawal(conn, tables, withdrawal_id))
    row = found.value
    if row is None or (row["user_id"] != caller.user_id and not caller.has_any(READERS)):
        raise ApiProblem(404, "not_found", f"no withdrawal {withdrawal_id}")
    return WithdrawalReply.of(row, found.as_of_position)
