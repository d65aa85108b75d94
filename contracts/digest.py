"""The anchor digest: what the anchor contract stores for a range of the audit chain.

    digest = poseidon_hash_many([DOMAIN, from_position, to_position, *head_felts])

- ``DOMAIN`` is the Cairo short string ``"astratrade.anchor.v1"`` (separates this
  digest from any other Poseidon hash; bump the version to change the formula);
- ``from_position`` / ``to_position``: the global log positions the anchor covers
  (inclusive), as u64;
- ``head_felts``: the audit chain's hash at ``to_position`` (bytes, normally 32
  of SHA-256) cut into big-endian 16-byte words, each a felt (a 32-byte hash is
  two felts, high then low). A felt holds < 252 bits, so the hash cannot be one
  felt without losing bits; 16-byte words are exact and easy to recompute.

Because every audit hash chains all the events before it, the digest commits to
the entire log up to ``to_position``, not only to the range.
"""

from __future__ import annotations

from poseidon_py.poseidon_hash import poseidon_hash_many
from starknet_py.cairo.felt import encode_shortstring

DOMAIN = encode_shortstring("astratrade.anchor.v1")
WORD_BYTES = 16
U64 = 2**64


def hash_words(head_hash: bytes) -> list[int]:
    """``head_hash`` as big-endian 16-byte words (the last left-padded with zeros)."""
    if not head_hash:
        raise ValueError("the chain head hash is empty")
    padded = head_hash.rjust(-(-len(head_hash) // WORD_BYTES) * WORD_BYTES, b"\0")
    return [int.from_bytes(padded[i : i + WORD_BYTES], "big") for i in range(0, len(padded), WORD_BYTES)]


def anchor_digest(from_position: int, to_position: int, head_hash: bytes) -> int:
    """The felt252 the anchor contract records for positions ``from..to``."""
    if not 0 <= from_position <= to_position < U64:
        raise ValueError(f"invalid anchor range {from_position}..{to_position}")
    return int(poseidon_hash_many([DOMAIN, from_position, to_position, *hash_words(head_hash)]))
