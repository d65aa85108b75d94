"""The canonical bytes of a stored event and the hash chain over them (docs/audit.md).

Standard library only, on purpose: an outside tool can copy this module and
recompute every hash of the chain from the events table or from an export.

    canonical = u64(position) ‖ originator_id (16 bytes) ‖ u64(version)
                ‖ u32(len(topic)) ‖ topic (UTF-8) ‖ u32(len(state)) ‖ state
    hash      = SHA-256(prev_hash ‖ canonical)      prev_hash of the first event: 32 zero bytes

``u64``/``u32`` are unsigned big-endian; ``state`` is the ``state`` column of the
events table byte for byte (personal data in it is already encrypted).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from uuid import UUID

GENESIS = bytes(32)  # prev_hash of the first event of the log
HASH_SIZE = 32


def canonical_bytes(position: int, originator_id: UUID, version: int, topic: str, state: bytes) -> bytes:
    """The exact bytes the chain hashes for one stored event."""
    encoded_topic = topic.encode("utf-8")
    return b"".join(
        (
            struct.pack(">Q", position),
            originator_id.bytes,
            struct.pack(">Q", version),
            struct.pack(">I", len(encoded_topic)),
            encoded_topic,
            struct.pack(">I", len(state)),
            bytes(state),
        )
    )


def chain_hash(prev_hash: bytes, canonical: bytes) -> bytes:
    """SHA-256(prev_hash ‖ canonical bytes): the hash of one link of the chain."""
    return hashlib.sha256(bytes(prev_hash) + canonical).digest()


def fold_chain(events: Iterable[tuple[int, UUID, int, str, bytes]], prev_hash: bytes = GENESIS) -> bytes:
    """The head hash after ``events`` (position, originator_id, version, topic, state) in log order."""
    head = prev_hash
    for position, originator_id, version, topic, state in events:
        head = chain_hash(head, canonical_bytes(position, originator_id, version, topic, state))
    return head
