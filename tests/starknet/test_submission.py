"""The submitter sends one transaction at most once, whatever crashes and refusals happen in between.

The journal here is in memory; jobs/starknet.py's journal records the same steps as events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from starknet_py.net.client_models import Call

from contracts.calls import AnchorContract
from contracts.chain import Chain
from contracts.client import Receipt
from contracts.submission import NotYetFinal, Progress, Stage, Submitter
from contracts.units import InvalidOnchainValue
from tests.starknet.conftest import ANCHOR_ADDRESS
from tests.starknet.fake_node import FakeNode


class Crash(Exception):
    """The process died at this point."""


@dataclass
class MemoryJournal:
    chain: Chain
    progress_: Progress = field(default_factory=lambda: Progress(Stage.REQUESTED))
    steps: list[tuple[Any, ...]] = field(default_factory=list)
    crash_after: str | None = None
    invalid: bool = False

    def progress(self) -> Progress:
        return self.progress_

    def calls(self) -> list[Call]:
        if self.invalid:
            raise InvalidOnchainValue("recipient is not an address")
        return [AnchorContract(ANCHOR_ADDRESS, self.chain.signer.account).anchor(1, 99, 0xD1)]

    def signed(self, attempt: int, nonce: int, tx_hash: int, transaction: dict[str, Any]) -> None:
        self._step(Progress(Stage.SIGNED, attempt, tx_hash, transaction), "signed", attempt, nonce)

    def submitted(self, tx_hash: int) -> None:
        self._step(Progress(Stage.SUBMITTED, self.progress_.attempt, tx_hash, self.progress_.transaction), "submitted")

    def refused(self, tx_hash: int, reason: str) -> None:
        self._step(Progress(Stage.REFUSED, self.progress_.attempt, tx_hash, self.progress_.transaction), "refused")

    def accepted(self, receipt: Receipt) -> None:
        self._step(Progress(Stage.ACCEPTED, self.progress_.attempt, receipt.tx_hash), "accepted")

    def rejected(self, tx_hash: int | None, reason: str) -> None:
        self._step(Progress(Stage.REJECTED, self.progress_.attempt, tx_hash), "rejected", reason)

    def _step(self, progress: Progress, *step: Any) -> None:
        self.progress_ = progress
        self.steps.append(step)
        if self.crash_after == step[0]:
            self.crash_after = None
            raise Crash(step[0])


def _run(submitter: Submitter, journal: MemoryJournal, runs: int = 5) -> Stage:
    """Run the job until final, as dramatiq retries would (a crash is one failed run)."""
    for _ in range(runs):
        try:
            return submitter.advance(journal)
        except (NotYetFinal, Crash):
            continue
    raise AssertionError(f"not final after {runs} runs: {journal.steps}")


@pytest.fixture
def submitter(chain: Chain) -> Submitter:
    return Submitter(chain.rpc, chain.signer)


def test_one_transaction_is_sent_and_credited_when_the_receipt_is_accepted_and_succeeded(
    submitter: Submitter, chain: Chain, node: FakeNode
) -> None:
    journal = MemoryJournal(chain)
    with pytest.raises(NotYetFinal):  # sent, PRE_CONFIRMED on the first poll
        submitter.advance(journal)
    assert submitter.advance(journal) is Stage.ACCEPTED
    assert [s[0] for s in journal.steps] == ["signed", "submitted", "accepted"]
    assert len(node.sent()) == 1 and journal.progress_.tx_hash in node.transactions


def test_the_recorded_transaction_is_resent_when_the_process_died_before_sending(
    submitter: Submitter, chain: Chain, node: FakeNode
) -> None:
    journal = MemoryJournal(chain, crash_after="signed")
    with pytest.raises(Crash):
        submitter.advance(journal)
    assert node.sent() == []  # recorded, not yet sent
    recorded = journal.progress_

    assert _run(submitter, journal) is Stage.ACCEPTED
    assert node.sent() == [recorded.transaction]
    assert [s[0] for s in journal.steps] == ["signed", "submitted", "accepted"]


def test_nothing_is_resent_when_the_process_died_after_sending(
    submitter: Submitter, chain: Chain, node: FakeNode
) -> None:
    journal = MemoryJournal(chain, crash_after="submitted")
    assert _run(submitter, journal) is Stage.ACCEPTED
    assert len(node.sent()) == 1


def test_a_new_attempt_is_signed_with_the_next_nonce_when_the_node_refuses_the_nonce(
    submitter: Submitter, chain: Chain, node: FakeNode
) -> None:
    node.refusals.append((52, "Invalid transaction nonce"))
    journal = MemoryJournal(chain)
    assert _run(submitter, journal) is Stage.ACCEPTED
    assert [s[:2] for s in journal.steps] == [("signed", 1), ("refused",), ("signed", 2), ("submitted",), ("accepted",)]
    assert len(node.transactions) == 1


def test_a_reverted_transaction_is_rejected_and_not_credited(
    submitter: Submitter, chain: Chain, node: FakeNode
) -> None:
    node.execution_status = "REVERTED"
    journal = MemoryJournal(chain)
    assert _run(submitter, journal) is Stage.REJECTED
    assert journal.steps[-1][0] == "rejected" and "range already anchored" in journal.steps[-1][1]
    assert "accepted" not in [s[0] for s in journal.steps]


def test_a_transaction_is_rejected_when_the_node_refuses_it_as_invalid(
    submitter: Submitter, chain: Chain, node: FakeNode
) -> None:
    node.refusals.append((55, "Account validation failed"))
    journal = MemoryJournal(chain)
    assert submitter.advance(journal) is Stage.REJECTED
    assert [s[0] for s in journal.steps] == ["signed", "rejected"]


def test_nothing_is_signed_when_the_call_cannot_be_built(submitter: Submitter, chain: Chain, node: FakeNode) -> None:
    journal = MemoryJournal(chain, invalid=True)
    assert submitter.advance(journal) is Stage.REJECTED
    assert journal.steps == [("rejected", "cannot build the call: recipient is not an address")]
    assert node.sent() == []


def test_a_final_transaction_asks_the_node_nothing(submitter: Submitter, chain: Chain, node: FakeNode) -> None:
    journal = MemoryJournal(chain, progress_=Progress(Stage.ACCEPTED, 1, 0xABC))
    asked = len(node.requests)
    assert submitter.advance(journal) is Stage.ACCEPTED
    assert len(node.requests) == asked
