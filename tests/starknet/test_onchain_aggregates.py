"""Anchors and settlements: each step of a transaction is recorded once, in order."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from aggregates.onchain.anchor import Anchor, anchor_id
from aggregates.onchain.errors import AlreadyRecorded, InvalidAnchorRange, TransitionRefused
from aggregates.onchain.settlement import Settlement, settlement_id
from tests.unit.aggregates.spec import given, new_events, then_refused

TX = {"type": "INVOKE", "nonce": "0x4"}
WITHDRAWAL, USER = UUID(int=7), UUID(int=8)


def _signed() -> Anchor:
    anchor = Anchor.request(1, 99)
    anchor.sign(1, 4, "0xabc", TX, head_hash="0x" + "11" * 32, digest="0xd1")
    return given(anchor)


def test_an_anchor_is_requested_for_its_range_and_found_again_by_it() -> None:
    anchor = Anchor.request(1, 99)
    assert anchor.id == anchor_id(1, 99) != anchor_id(1, 100)
    assert new_events(anchor) == [("Requested", {"from_position": 1, "to_position": 99})]
    assert (anchor.status, anchor.attempt) == ("requested", 0)


@pytest.mark.parametrize("bad", [(5, 4), (-1, 4), (0, 2**64)])
def test_an_anchor_is_refused_when_its_range_is_not_a_u64_range(bad: tuple[int, int]) -> None:
    with pytest.raises(InvalidAnchorRange):
        Anchor.request(*bad)


def test_signing_records_the_transaction_head_hash_and_digest_before_anything_is_sent() -> None:
    anchor = given(Anchor.request(1, 99))
    anchor.sign(1, 4, "0xabc", TX, head_hash="0x" + "11" * 32, digest="0xd1")
    assert new_events(anchor) == [
        (
            "Signed",
            {
                "attempt": 1,
                "nonce": 4,
                "tx_hash": "0xabc",
                "transaction": TX,
                "head_hash": "0x" + "11" * 32,
                "digest": "0xd1",
            },
        )
    ]
    assert (anchor.status, anchor.digest, anchor.tx_hash) == ("signed", "0xd1", "0xabc")


def test_when_signed_it_is_submitted_then_accepted() -> None:
    anchor = _signed()
    anchor.submit("0xabc")
    anchor.accept("0xabc", "ACCEPTED_ON_L2", 1234)
    assert new_events(anchor) == [
        ("Submitted", {"tx_hash": "0xabc"}),
        ("Accepted", {"tx_hash": "0xabc", "finality_status": "ACCEPTED_ON_L2", "block_number": 1234}),
    ]


def test_a_repeated_step_changes_nothing_when_already_recorded() -> None:
    anchor = _signed()
    anchor.submit("0xabc")
    given(anchor)
    then_refused(anchor, AlreadyRecorded, lambda: anchor.submit("0xabc"))


def test_a_step_for_another_transaction_is_refused_when_signed() -> None:
    anchor = _signed()
    then_refused(anchor, TransitionRefused, lambda: anchor.accept("0xdef", "ACCEPTED_ON_L2", 1))


def test_a_second_signature_is_refused_when_the_first_is_still_live() -> None:
    anchor = _signed()
    then_refused(anchor, TransitionRefused, lambda: anchor.sign(2, 5, "0xdef", TX, head_hash="0x", digest="0x"))


def test_when_refused_the_next_attempt_is_signed() -> None:
    anchor = _signed()
    anchor.refuse("0xabc", "Invalid transaction nonce")
    anchor.sign(2, 5, "0xdef", TX, head_hash="0x" + "11" * 32, digest="0xd1")
    assert [name for name, _ in new_events(anchor)] == ["Refused", "Signed"]
    assert (anchor.attempt, anchor.nonce, anchor.tx_hash) == (2, 5, "0xdef")


def test_a_reverted_anchor_is_rejected_and_can_never_be_accepted() -> None:
    anchor = _signed()
    anchor.reject("0xabc", "reverted")
    given(anchor)
    assert anchor.status == "rejected"
    then_refused(anchor, TransitionRefused, lambda: anchor.accept("0xabc", "ACCEPTED_ON_L2", 1))


def test_a_settlement_is_rejected_without_a_transaction_when_its_call_cannot_be_built() -> None:
    settlement = given(Settlement.request(WITHDRAWAL, USER, "not-an-address", Decimal("12.34"), "USD"))
    settlement.reject(None, "cannot build the call")
    assert new_events(settlement) == [("Rejected", {"tx_hash": None, "reason": "cannot build the call"})]


def test_a_settlement_has_its_own_stream_derived_from_the_withdrawal() -> None:
    settlement = Settlement.request(WITHDRAWAL, USER, "0x5e7", Decimal("12.34"), "USD")
    assert settlement.id == settlement_id(WITHDRAWAL) != WITHDRAWAL
    assert new_events(settlement) == [
        (
            "Requested",
            {
                "withdrawal_id": WITHDRAWAL,
                "user_id": USER,
                "recipient": "0x5e7",
                "amount": Decimal("12.34"),
                "currency": "USD",
            },
        )
    ]
