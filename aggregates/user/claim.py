"""UniqueClaim: how a unique username or email is enforced in an event store.

A claim's id is derived from the claimed value (see ``claim_id``), so two
registrations of one name both try to create version 1 of the same aggregate in
the transaction that registers the user: the store accepts one and refuses the
other. The value itself is never stored, only a keyed hash of it inside the id.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent


def normalize(value: str) -> str:
    """Case- and form-insensitive key: 'Ａlice' and 'alice' claim the same name."""
    # NFKC again after casefold: casefolding can decompose a character ('ǰ' → 'j' +
    # caron) and leave combining marks out of canonical order, so two spellings
    # of one name would otherwise get different keys.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold()).strip()


def claim_id(kind: str, value: str, key: bytes) -> UUID:
    """The claim's aggregate id: a keyed hash, so a name cannot be recovered from it."""
    digest = hmac.new(key, f"{kind}:{normalize(value)}".encode(), hashlib.sha256).digest()
    return UUID(bytes=digest[:16], version=4)


class UniqueClaim(AstraAggregate):
    """A claim on a unique value (username or email) held by one user."""

    TOPIC = "user.UniqueClaim"

    class Claimed(CreationEvent):
        """A user claimed a unique value."""

        TOPIC = "user.UniqueClaim.Claimed"
        kind: str
        owner_id: UUID

    @event(Claimed)
    def __init__(self, id: UUID, kind: str, owner_id: UUID) -> None:  # noqa: A002, ARG002
        self.kind = kind
        self.owner_id = owner_id
