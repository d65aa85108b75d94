"""On-chain commands: request anchors and settlements, record each step of their transactions.

The Starknet side (jobs/starknet.py) runs the steps; this module only records them
through the aggregates (aggregates/onchain/), which refuse a step out of order and
answer ``AlreadyRecorded`` to a repeated one, so a job that runs twice records once.
Jobs receive ids only: the names below are the dramatiq queue and actors.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from aggregates.errors import NotFound
from aggregates.onchain.anchor import Anchor, anchor_id
from aggregates.onchain.errors import AlreadyRecorded
from aggregates.onchain.settlement import Settlement, settlement_id
from aggregates.onchain.submission import Submission
from event_store.log import EventLog
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency

QUEUE = "starknet"
SUBMIT_ANCHOR = "starknet.submit_anchor"
SUBMIT_SETTLEMENT = "starknet.submit_settlement"


class OnchainService:
    """Commands on anchors and settlements."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def request_anchor(
        self, from_position: int, to_position: int, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Ask for an on-chain anchor of log positions from..to (answers the range)."""

        def decide() -> Decision:
            if anchor_id(from_position, to_position) in self.repository:
                raise AlreadyRecorded(f"positions {from_position}..{to_position} are already requested")
            anchor = Anchor.request(from_position, to_position)
            body = {"anchor_id": str(anchor.id), "from_position": from_position, "to_position": to_position}
            return Decision([anchor], body, status=201)

        return self.runner.run(decide, ctx, idem)

    def request_settlement(
        self,
        withdrawal_id: UUID,
        user_id: UUID,
        recipient: str,
        amount: Decimal,
        currency: str,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """Ask for a withdrawal to be paid on-chain by the vault (answers the settlement id)."""

        def decide() -> Decision:
            if settlement_id(withdrawal_id) in self.repository:
                raise AlreadyRecorded(f"withdrawal {withdrawal_id} is already requested")
            settlement = Settlement.request(withdrawal_id, user_id, recipient, amount, currency)
            return Decision([settlement], {"settlement_id": str(settlement.id)}, status=201)

        return self.runner.run(decide, ctx, idem)

    def record(self, submission_id: UUID, step: Callable[[Submission], None], ctx: CommandContext) -> bool:
        """Record one step of a transaction (``lambda s: s.submit(tx_hash)``); False if already recorded."""

        def decide() -> Decision:
            submission = self.submission(submission_id)
            step(submission)
            return Decision([submission], {"status": submission.status})

        try:
            self.runner.run(decide, ctx)
        except AlreadyRecorded:
            return False
        return True

    def submission(self, submission_id: UUID) -> Submission:
        """The anchor or settlement ``submission_id`` (``NotFound`` if it is neither)."""
        try:
            found: object = self.repository.get(submission_id)
        except AggregateNotFoundError:
            raise NotFound(f"no on-chain transaction {submission_id}") from None
        if not isinstance(found, Submission):
            raise NotFound(f"{submission_id} is not an on-chain transaction")
        return found


def unfinished(log: EventLog, page: int = 1_000) -> list[tuple[str, UUID]]:
    """(actor name, id) of every settlement requested but not final, and of the newest such
    anchor, in log order: what a job worker re-enqueues when it boots (messages lost with
    Redis, or left undone while Starknet was not configured).

    Only the newest anchor: its digest commits to the whole chain before it, so sending
    the older ones too (months of them, after Starknet was off) would only cost fees."""
    actors = {Anchor.Requested.TOPIC: SUBMIT_ANCHOR, Settlement.Requested.TOPIC: SUBMIT_SETTLEMENT}
    final = (Anchor.Accepted.TOPIC, Anchor.Rejected.TOPIC, Settlement.Accepted.TOPIC, Settlement.Rejected.TOPIC)
    pending: dict[UUID, str] = {}
    after, head = 0, log.head()
    while events := log.read(after, head, page, (*actors, *final)):
        for logged in events:
            if logged.topic in actors:
                pending[logged.originator_id] = actors[logged.topic]
            else:
                pending.pop(logged.originator_id, None)
        after = events[-1].position
    anchors = [submission for submission, actor in pending.items() if actor == SUBMIT_ANCHOR]
    return [
        (actor, submission)
        for submission, actor in pending.items()
        if actor != SUBMIT_ANCHOR or submission == anchors[-1]
    ]
