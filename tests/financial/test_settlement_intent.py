"""A withdrawal to a Starknet address records its settlement request in the same transaction."""

from __future__ import annotations

from decimal import Decimal as D

from aggregates.financial.settlement import withdrawal_id
from aggregates.trading.wallet import wallet_id
from tests.financial.support import CTX, logged


def test_settlement_is_requested_with_the_withdrawal_when_an_address_is_given(store, trading, traders):
    [alice] = traders(1, cash="100.00")
    before = logged(store)[-1].position

    result = trading.withdraw(alice, D("10.5"), "USD", "0x4a1", CTX)

    requested, withdrawn = logged(store, after=before)
    assert (requested.topic, withdrawn.topic) == ("financial.Settlement.Requested", "trading.Wallet.Withdrawn")
    assert requested.position >> 20 == withdrawn.position >> 20  # one transaction
    assert result.position == withdrawn.position  # the command still answers its Withdrawn event
    wid = withdrawal_id(wallet_id(alice), withdrawn.originator_version)
    assert requested.originator_id == wid
    event = requested.event
    assert (
        event.withdrawal_id,  # type: ignore[attr-defined]
        event.user_id,  # type: ignore[attr-defined]
        event.wallet_id,  # type: ignore[attr-defined]
        event.amount,  # type: ignore[attr-defined]
        event.currency,  # type: ignore[attr-defined]
        event.starknet_address,  # type: ignore[attr-defined]
    ) == (wid, alice, wallet_id(alice), D("10.50"), "USD", "0x4a1")


def test_no_settlement_is_requested_when_no_address_is_given(store, trading, traders):
    [alice] = traders(1, cash="100.00")
    before = logged(store)[-1].position
    trading.withdraw(alice, D("10.00"), "USD", None, CTX)
    assert [e.topic for e in logged(store, after=before)] == ["trading.Wallet.Withdrawn"]
