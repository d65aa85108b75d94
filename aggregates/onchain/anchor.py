"""The Anchor aggregate: one range of the audit chain, anchored on Starknet."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import CreationEvent
from aggregates.onchain.errors import InvalidAnchorRange
from aggregates.onchain.submission import (
    AcceptedFact,
    RefusedFact,
    RejectedFact,
    SignedFact,
    Submission,
    SubmittedFact,
)

_ANCHOR_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/onchain/anchor")
MAX_POSITION = 2**64 - 1  # the anchor contract takes u64 positions


def anchor_id(from_position: int, to_position: int) -> UUID:
    """One anchor per range: requesting the same range twice finds the same anchor."""
    return uuid5(_ANCHOR_NS, f"{from_position}:{to_position}")


class Anchor(Submission):
    """The audit chain's hash at ``to_position`` and a digest of the range, anchored on-chain."""

    TOPIC = "onchain.Anchor"

    class Requested(CreationEvent):
        """An anchor of log positions from..to (inclusive) was asked for."""

        TOPIC = "onchain.Anchor.Requested"
        from_position: int
        to_position: int

    class Signed(SignedFact):
        """The anchor transaction was signed: the audit chain's hash at ``to_position``
        and the ``digest`` of the range it carries (contracts/digest.py)."""

        TOPIC = "onchain.Anchor.Signed"
        head_hash: str
        digest: str

        def apply(self, aggregate: Submission) -> None:
            super().apply(aggregate)
            assert isinstance(aggregate, Anchor)
            aggregate.head_hash, aggregate.digest = self.head_hash, self.digest

    class Submitted(SubmittedFact):
        """The node received the anchor transaction."""

        TOPIC = "onchain.Anchor.Submitted"

    class Refused(RefusedFact):
        """The node refused this attempt; a new one will be signed."""

        TOPIC = "onchain.Anchor.Refused"

    class Accepted(AcceptedFact):
        """The anchor is on-chain: accepted and succeeded."""

        TOPIC = "onchain.Anchor.Accepted"

    class Rejected(RejectedFact):
        """The anchor failed for good; it is not credited."""

        TOPIC = "onchain.Anchor.Rejected"

    @event(Requested)
    def __init__(self, id: UUID, from_position: int, to_position: int) -> None:  # noqa: A002, ARG002
        self.from_position, self.to_position = from_position, to_position
        self.head_hash: str | None = None
        self.digest: str | None = None
        self._requested()

    @classmethod
    def request(cls, from_position: int, to_position: int) -> Anchor:
        """Ask for an anchor of log positions from..to (inclusive; positions are sparse)."""
        if not 0 <= from_position <= to_position <= MAX_POSITION:
            raise InvalidAnchorRange(f"cannot anchor positions {from_position}..{to_position}")
        return cls(id=anchor_id(from_position, to_position), from_position=from_position, to_position=to_position)
