"""Sending one transaction to Starknet at most once, however often a job runs.

The caller's ``Journal`` is where progress is recorded (in our case: events). The
order of a run, under a lock per account so nonces are taken one at a time:

1. requested / refused: take the account's nonce, estimate the fee, sign, and
   RECORD the signed transaction (nonce, hash, exact JSON) before sending it;
2. signed: send exactly the recorded transaction (a retry resends the same bytes,
   so the chain sees one transaction; a resumed send first asks for its receipt);
3. submitted: ask for the receipt; not final yet → ``NotYetFinal`` (retry later);
   ACCEPTED_ON_L2/L1 + SUCCEEDED → accepted (credited); REVERTED → rejected.

A node refusal that a fresh signature can cure (nonce taken, fee bounds or balance
too low) is recorded as refused, and the next run signs a new attempt. A refusal
of the call itself (validation failure) is final: rejected. Anything else (node
down, timeouts) propagates, and the retry resends the recorded transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

from starknet_py.net.client_models import Call

from contracts.client import Receipt, RpcError, StarknetRpc
from contracts.signing import OfflineSigner, to_rpc
from contracts.units import InvalidOnchainValue

RESIGN_CODES = frozenset({52, 53, 54})  # invalid nonce, resources for validate, account balance
FINAL_REFUSALS = frozenset({41, 55})  # transaction execution error, validation failure
DUPLICATE_TX = 59


class Stage(enum.StrEnum):
    REQUESTED = "requested"
    SIGNED = "signed"
    SUBMITTED = "submitted"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Progress:
    """What the journal knows: the stage and the latest signed attempt."""

    stage: Stage
    attempt: int = 0
    tx_hash: int | None = None
    transaction: dict[str, Any] | None = None


class Journal(Protocol):
    """Where one transaction's progress is recorded (and read back)."""

    def progress(self) -> Progress: ...

    def calls(self) -> list[Call]: ...

    def signed(self, attempt: int, nonce: int, tx_hash: int, transaction: dict[str, Any]) -> None: ...

    def submitted(self, tx_hash: int) -> None: ...

    def refused(self, tx_hash: int, reason: str) -> None: ...

    def accepted(self, receipt: Receipt) -> None: ...

    def rejected(self, tx_hash: int | None, reason: str) -> None: ...


class NotYetFinal(Exception):
    """Sent (or refused) but not final: run again later."""


class Submitter:
    """Moves a journal's transaction one run forward (module docstring)."""

    def __init__(
        self, rpc: StarknetRpc, signer: OfflineSigner, lock: Callable[[], AbstractContextManager[object]] = nullcontext
    ) -> None:
        self.rpc, self.signer, self.lock = rpc, signer, lock

    def advance(self, journal: Journal) -> Stage:
        """Run until final (returns accepted/rejected) or raise ``NotYetFinal``."""
        with self.lock():
            progress = journal.progress()
            if progress.stage in (Stage.REQUESTED, Stage.REFUSED):
                signed = self._sign(journal, progress)
                if signed is None:
                    return Stage.REJECTED
                self._send(journal, signed, resumed=False)
            elif progress.stage is Stage.SIGNED:
                self._send(journal, progress, resumed=True)
        return self._conclude(journal)

    def _sign(self, journal: Journal, progress: Progress) -> Progress | None:
        try:
            calls = journal.calls()
        except InvalidOnchainValue as error:
            journal.rejected(None, f"cannot build the call: {error}")
            return None
        nonce = self.rpc.nonce(self.signer.address)
        bounds = self.rpc.estimate_fee(to_rpc(self.signer.for_fee_estimate(calls, nonce)))
        transaction = self.signer.sign(calls, nonce, bounds)
        signed = Progress(Stage.SIGNED, progress.attempt + 1, self.signer.hash_of(transaction), to_rpc(transaction))
        assert signed.tx_hash is not None and signed.transaction is not None
        journal.signed(signed.attempt, nonce, signed.tx_hash, signed.transaction)
        return signed

    def _send(self, journal: Journal, signed: Progress, *, resumed: bool) -> None:
        assert signed.tx_hash is not None and signed.transaction is not None
        if resumed and self.rpc.receipt(signed.tx_hash) is not None:
            journal.submitted(signed.tx_hash)  # an earlier run's send got through
            return
        try:
            self.rpc.add_invoke(signed.transaction)
        except RpcError as error:
            self._refused(journal, signed.tx_hash, error)
            return
        journal.submitted(signed.tx_hash)

    @staticmethod
    def _refused(journal: Journal, tx_hash: int, error: RpcError) -> None:
        if error.code == DUPLICATE_TX:
            journal.submitted(tx_hash)
        elif error.code in RESIGN_CODES:
            journal.refused(tx_hash, str(error))
            raise NotYetFinal(f"refused by the node, a new attempt will be signed: {error}")
        elif error.code in FINAL_REFUSALS:
            journal.rejected(tx_hash, str(error))
        else:
            raise error

    def _conclude(self, journal: Journal) -> Stage:
        progress = journal.progress()
        if progress.stage in (Stage.ACCEPTED, Stage.REJECTED):
            return progress.stage
        assert progress.tx_hash is not None, f"nothing sent at stage {progress.stage}"
        receipt = self.rpc.receipt(progress.tx_hash)
        if receipt is None or not receipt.final:
            status = "unknown to the node" if receipt is None else receipt.finality_status
            raise NotYetFinal(f"transaction {progress.tx_hash:#x} is {status}")
        if receipt.credited:
            journal.accepted(receipt)
            return Stage.ACCEPTED
        journal.rejected(progress.tx_hash, f"reverted: {receipt.revert_reason or 'no reason given'}")
        return Stage.REJECTED
