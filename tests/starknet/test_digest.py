"""The anchor digest is the documented Poseidon hash, recomputable by an outside tool."""

from __future__ import annotations

import hashlib

import pytest
from poseidon_py.poseidon_hash import poseidon_hash_many
from starknet_py.cairo.felt import encode_shortstring

from contracts.digest import anchor_digest, hash_words

HEAD = hashlib.sha256(b"the audit chain head").digest()


def test_the_digest_is_poseidon_of_domain_range_and_the_head_hash_in_two_words() -> None:
    expected = poseidon_hash_many(
        [
            encode_shortstring("astratrade.anchor.v1"),
            5,
            42,
            int.from_bytes(HEAD[:16], "big"),
            int.from_bytes(HEAD[16:], "big"),
        ]
    )
    assert anchor_digest(5, 42, HEAD) == expected
    assert anchor_digest(5, 42, HEAD) < 2**252


@pytest.mark.parametrize("other", [(6, 42, HEAD), (5, 43, HEAD), (5, 42, hashlib.sha256(b"tampered").digest())])
def test_the_digest_changes_when_any_input_changes(other: tuple[int, int, bytes]) -> None:
    assert anchor_digest(*other) != anchor_digest(5, 42, HEAD)


def test_a_short_hash_is_left_padded_to_whole_words() -> None:
    assert hash_words(b"\x01\x02") == [0x0102]
    assert len(hash_words(bytes(33))) == 3


@pytest.mark.parametrize("bad", [(5, 4), (-1, 3), (0, 2**64)])
def test_a_range_is_refused_when_it_is_not_u64_from_before_to(bad: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="invalid anchor range"):
        anchor_digest(*bad, HEAD)
