"""The lifecycle of one Starknet transaction of ours, shared by anchors and settlements.

    requested ──sign──► signed ──submit──► submitted ──accept──► accepted (credited)
        ▲                 │  └──────accept / reject──────┘ └─reject──► rejected
        └───── refused ◄──┘  (a nonce clash: the next attempt is signed afresh)

A transaction is signed and RECORDED before it is sent, so a job that runs twice
sends the recorded transaction again (same hash) instead of signing another one.
Only ``accepted`` (ACCEPTED_ON_L2/L1 and SUCCEEDED) counts as done.

Each concrete aggregate declares its own event classes (permanent topics) on the
fact classes below, whose ``apply`` evolves the aggregate.
"""

from __future__ import annotations

from typing import Any, ClassVar

from aggregates.base import AstraAggregate
from aggregates.onchain.errors import AlreadyRecorded, TransitionRefused

REQUESTED, SIGNED, SUBMITTED, REFUSED, ACCEPTED, REJECTED = (
    "requested",
    "signed",
    "submitted",
    "refused",
    "accepted",
    "rejected",
)
FINAL = (ACCEPTED, REJECTED)


class SignedFact(AstraAggregate.Event):
    """The transaction of this attempt was signed; it may not have been sent yet."""

    attempt: int
    nonce: int
    tx_hash: str
    transaction: dict[str, Any]

    def apply(self, aggregate: Submission) -> None:
        aggregate.status, aggregate.attempt, aggregate.nonce = SIGNED, self.attempt, self.nonce
        aggregate.tx_hash, aggregate.transaction = self.tx_hash, self.transaction


class SubmittedFact(AstraAggregate.Event):
    """The node received the signed transaction."""

    tx_hash: str

    def apply(self, aggregate: Submission) -> None:
        aggregate.status = SUBMITTED


class RefusedFact(AstraAggregate.Event):
    """The node refused this attempt for a reason a new signature can cure."""

    tx_hash: str
    reason: str

    def apply(self, aggregate: Submission) -> None:
        aggregate.status, aggregate.reason = REFUSED, self.reason


class AcceptedFact(AstraAggregate.Event):
    """The transaction is final and succeeded: ACCEPTED_ON_L2 or ACCEPTED_ON_L1."""

    tx_hash: str
    finality_status: str
    block_number: int | None

    def apply(self, aggregate: Submission) -> None:
        aggregate.status, aggregate.finality_status = ACCEPTED, self.finality_status
        aggregate.block_number = self.block_number


class RejectedFact(AstraAggregate.Event):
    """The transaction failed for good (reverted, or refused as invalid); never credited."""

    tx_hash: str | None
    reason: str

    def apply(self, aggregate: Submission) -> None:
        aggregate.status, aggregate.reason = REJECTED, self.reason


class Submission(AstraAggregate):
    """One transaction to Starknet, from its request to its final receipt."""

    Signed: ClassVar[type[SignedFact]]
    Submitted: ClassVar[type[SubmittedFact]]
    Refused: ClassVar[type[RefusedFact]]
    Accepted: ClassVar[type[AcceptedFact]]
    Rejected: ClassVar[type[RejectedFact]]

    def _requested(self) -> None:
        self.status, self.attempt = REQUESTED, 0
        self.nonce: int | None = None
        self.tx_hash: str | None = None
        self.transaction: dict[str, Any] | None = None
        self.finality_status: str | None = None
        self.block_number: int | None = None
        self.reason: str | None = None

    def sign(self, attempt: int, nonce: int, tx_hash: str, transaction: dict[str, Any], **facts: Any) -> None:
        """Record attempt ``attempt``'s signed transaction, before it is sent."""
        if self.status not in (REQUESTED, REFUSED) or attempt != self.attempt + 1:
            raise TransitionRefused(f"cannot sign attempt {attempt} at stage {self.status} (attempt {self.attempt})")
        self.trigger_event(self.Signed, attempt=attempt, nonce=nonce, tx_hash=tx_hash, transaction=transaction, **facts)

    def submit(self, tx_hash: str) -> None:
        """Record that the node received the signed transaction."""
        self._expect(tx_hash, allowed=(SIGNED,), done=(SUBMITTED, *FINAL))
        self.trigger_event(self.Submitted, tx_hash=tx_hash)

    def refuse(self, tx_hash: str, reason: str) -> None:
        """Record the node's refusal of this attempt (a new one may be signed)."""
        self._expect(tx_hash, allowed=(SIGNED,), done=(REFUSED,))
        self.trigger_event(self.Refused, tx_hash=tx_hash, reason=reason)

    def accept(self, tx_hash: str, finality_status: str, block_number: int | None) -> None:
        """Record a final, succeeded receipt."""
        self._expect(tx_hash, allowed=(SIGNED, SUBMITTED), done=(ACCEPTED,))
        self.trigger_event(self.Accepted, tx_hash=tx_hash, finality_status=finality_status, block_number=block_number)

    def reject(self, tx_hash: str | None, reason: str) -> None:
        """Record a final failure: a reverted receipt, or a call that can never be valid."""
        allowed = (SIGNED, SUBMITTED) if tx_hash is not None else (REQUESTED, REFUSED)
        self._expect(tx_hash, allowed=allowed, done=(REJECTED,))
        self.trigger_event(self.Rejected, tx_hash=tx_hash, reason=reason)

    def _expect(self, tx_hash: str | None, allowed: tuple[str, ...], done: tuple[str, ...]) -> None:
        if self.status in done and (tx_hash is None or tx_hash == self.tx_hash):
            raise AlreadyRecorded(f"already {self.status}")
        if self.status not in allowed or (tx_hash is not None and tx_hash != self.tx_hash):
            raise TransitionRefused(f"cannot record this for {tx_hash} at stage {self.status} of {self.tx_hash}")


# As for AstraAggregate (aggregates/base.py): a copied ``Created`` would have no
# permanent topic; each concrete class declares its own ``Requested``.
delattr(Submission, "Created")
