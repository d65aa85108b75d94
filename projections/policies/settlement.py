"""The settlement policy: each withdrawal settlement request becomes an on-chain settlement job.

``financial.Settlement.Requested`` (recorded with the wallet's ``Withdrawn``) →
``onchain.Settlement.Requested`` (command keyed by this policy and the trigger
position) → ``starknet.submit_settlement(settlement_id)`` on the job queue, which
calls ``vault.settle_withdrawal`` through the same path as anchors
(jobs/starknet.py). Every request is reacted to, so enqueueing right after the
idempotent command is safe: a replay answers the first command and enqueues again
(the job is idempotent); no crash loses the enqueue.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any, ClassVar

from psycopg import Cursor

from aggregates.financial.settlement import Settlement as SettlementRequest
from aggregates.onchain.errors import AlreadyRecorded
from aggregates.onchain.settlement import settlement_id
from event_store.log import LoggedEvent
from projections.policies.enqueuing import EnqueuingPolicy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from services.onchain import QUEUE, SUBMIT_SETTLEMENT, OnchainService


class SettlementPolicy(EnqueuingPolicy):
    """Turns each withdrawal settlement request into an on-chain settlement and its job."""

    name: ClassVar[str] = "settlement"
    on_poison = "halt"  # money: never skip a settlement silently

    @handles(SettlementRequest.Requested)
    def _requested(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        request: SettlementRequest.Requested = event.event  # type: ignore[assignment]
        with suppress(AlreadyRecorded):
            OnchainService(self.runner_for(event)).request_settlement(
                request.withdrawal_id,
                request.user_id,
                request.starknet_address,
                request.amount,
                request.currency,
                self.context_for(event),
                self.idempotency_for(event),
            )
        self.enqueue(QUEUE, SUBMIT_SETTLEMENT, (str(settlement_id(request.withdrawal_id)),))
