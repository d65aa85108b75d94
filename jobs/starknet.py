"""Starknet jobs: send anchors and withdrawal settlements, record every step as events.

- ``starknet.submit_anchor(id)`` / ``starknet.submit_settlement(id)`` (enqueued by the
  anchoring and settlement policies): each run moves one transaction forward with
  ``contracts.submission.Submitter``: signed and RECORDED before sending, under a
  PostgreSQL advisory lock per account (one nonce at a time); twice sends once.
- Not final yet, node down, audit trail behind: the job raises and dramatiq retries
  with backoff (jobs/broker.py), ``MAX_RETRIES`` times, then dead-letters it
  (``dramatiq:starknet.XQ``).
- ``starknet.catch_up`` (each booted worker process) re-enqueues what is not final.
- Not configured (``starknet_status``): jobs log "disabled" and return; requests wait in
  the log for the catch-up. The wiring is built on first use; tests ``install`` theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import dramatiq
from starknet_py.net.client_models import Call

from aggregates.errors import NotFound
from aggregates.onchain.anchor import Anchor
from aggregates.onchain.settlement import Settlement
from aggregates.onchain.submission import Submission
from astratrade.settings import Settings, starknet_status
from contracts.calls import AnchorContract, VaultContract
from contracts.chain import Chain
from contracts.client import Receipt, StarknetRpc
from contracts.digest import anchor_digest
from contracts.submission import Progress, Stage, Submitter
from contracts.units import InvalidOnchainValue, parse_address, usd_to_units, uuid_to_felt
from event_store.application import EventStore
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.audit.projection import AuditProjection
from projections.audit.view import chain_head
from projections.runtime import ReadModels
from services.commands import CommandRunner
from services.onchain import QUEUE, SUBMIT_ANCHOR, SUBMIT_SETTLEMENT, OnchainService, unfinished

log = logging.getLogger(__name__)
MAX_RETRIES = 12  # with jobs/broker.py's backoff (1 s doubling, ≤ 5 min): ~25 minutes to become final
NONCE_LOCK = 7_240_100  # advisory lock class (event_store 7_240_001, read models 7_240_002)
Builder = Callable[[Any], tuple[list[Call], dict[str, str]]]


class AuditBehind(Exception):
    """The audit trail has not reached the anchored position yet: retry later."""


def chain_from(settings: Settings) -> Chain | None:
    """The configured Starknet connection, or None while it is disabled."""
    if starknet_status(settings)["status"] != "enabled":
        return None
    assert settings.starknet_rpc_url and settings.starknet_account_address and settings.starknet_private_key
    anchor, vault = (
        parse_address(a) if a else None for a in (settings.starknet_anchor_address, settings.starknet_vault_address)
    )
    return Chain(
        StarknetRpc(settings.starknet_rpc_url),
        parse_address(settings.starknet_account_address),
        int(settings.starknet_private_key.get_secret_value(), 0),
        anchor=anchor,
        vault=vault,
    )


class EventJournal:
    """``contracts.submission.Journal`` over one anchor's or settlement's events."""

    def __init__(self, service: OnchainService, submission_id: UUID, build: Builder) -> None:
        self.service, self.id, self.build = service, submission_id, build
        self.ctx = CommandContext(actor="job:starknet", correlation_id=str(submission_id))
        self._facts: dict[str, str] = {}

    def progress(self) -> Progress:
        s = self.service.submission(self.id)
        return Progress(Stage(s.status), s.attempt, int(s.tx_hash, 16) if s.tx_hash else None, s.transaction)

    def calls(self) -> list[Call]:
        calls, self._facts = self.build(self.service.submission(self.id))
        return calls

    def signed(self, attempt: int, nonce: int, tx_hash: int, transaction: dict[str, Any]) -> None:
        self._record(lambda s: s.sign(attempt, nonce, hex(tx_hash), transaction, **self._facts))

    def submitted(self, tx_hash: int) -> None:
        self._record(lambda s: s.submit(hex(tx_hash)))

    def refused(self, tx_hash: int, reason: str) -> None:
        self._record(lambda s: s.refuse(hex(tx_hash), reason))

    def accepted(self, receipt: Receipt) -> None:
        self._record(lambda s: s.accept(hex(receipt.tx_hash), receipt.finality_status, receipt.block_number))

    def rejected(self, tx_hash: int | None, reason: str) -> None:
        self._record(lambda s: s.reject(hex(tx_hash) if tx_hash is not None else None, reason))

    def _record(self, step: Callable[[Submission], None]) -> None:
        self.service.record(self.id, step, self.ctx)


class StarknetJobs:
    """One process's wiring: the event store, the audit trail, and Starknet when configured."""

    def __init__(self, store: EventStore, read_models: ReadModels, chain: Chain | None) -> None:
        self.store, self.read_models, self.chain = store, read_models, chain
        self.service = OnchainService(CommandRunner(store))

    @classmethod
    def from_settings(cls, settings: Settings) -> StarknetJobs:
        env = {
            **settings.eventsourcing_env(),
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": "2",
            "CREATE_TABLE": "n",
        }
        return cls(EventStore(env=env), ReadModels.from_env(env, settings.read_model_schema), chain_from(settings))

    def submit(self, submission_id: UUID) -> Stage | None:
        """Move one anchor or settlement forward; None when there is nothing to do (disabled, unknown)."""
        try:
            submission = self.service.submission(submission_id)
        except NotFound:
            log.warning("starknet: no on-chain transaction %s; nothing to do", submission_id)
            return None
        build: Builder = self._anchor_call if isinstance(submission, Anchor) else self._settlement_call
        contract = "anchor" if isinstance(submission, Anchor) else "vault"
        if self.chain is None or self.chain.contracts[contract] is None:
            log.warning(
                "starknet disabled (%s contract or account not configured): %s %s waits",
                contract,
                type(submission).__name__,
                submission_id,
            )
            return None
        journal = EventJournal(self.service, submission_id, build)
        return Submitter(self.chain.rpc, self.chain.signer, self._nonce_lock).advance(journal)

    def _anchor_call(self, anchor: Anchor) -> tuple[list[Call], dict[str, str]]:
        assert self.chain is not None
        with self.read_models.connect("job:starknet") as conn:
            head = chain_head(conn, self.read_models.tables_for(AuditProjection), upto=anchor.to_position)
        if head is None or head[1] != anchor.to_position:
            raise AuditBehind(f"the audit trail has not reached position {anchor.to_position} yet")
        digest = anchor_digest(anchor.from_position, anchor.to_position, head[2])
        call = AnchorContract(self.chain.address("anchor"), self.chain.signer.account).anchor(
            anchor.from_position, anchor.to_position, digest
        )
        return [call], {"head_hash": "0x" + head[2].hex(), "digest": hex(digest)}

    def _settlement_call(self, settlement: Settlement) -> tuple[list[Call], dict[str, str]]:
        assert self.chain is not None
        if settlement.currency != "USD":
            raise InvalidOnchainValue(f"cannot settle {settlement.currency} on-chain")
        vault = VaultContract(self.chain.address("vault"), self.chain.signer.account)
        call = vault.settle_withdrawal(
            parse_address(settlement.recipient), usd_to_units(settlement.amount), uuid_to_felt(settlement.withdrawal_id)
        )
        return [call], {}

    @contextmanager
    def _nonce_lock(self) -> Iterator[None]:
        assert self.chain is not None
        with self.read_models.connect("job:starknet-nonce") as conn:  # closing it releases the lock
            conn.execute("SELECT pg_advisory_lock(%s, %s)", (NONCE_LOCK, self.chain.account % 2**31))
            yield


_installed: list[StarknetJobs] = []


def install(jobs: StarknetJobs | None) -> None:
    """Use ``jobs`` in this process (tests); None builds them from the Settings on next use."""
    _installed[:] = [jobs] if jobs is not None else []


def current() -> StarknetJobs:
    if not _installed:
        _installed.append(StarknetJobs.from_settings(Settings()))
    return _installed[0]


@dramatiq.actor(actor_name=SUBMIT_ANCHOR, queue_name=QUEUE, max_retries=MAX_RETRIES)
def submit_anchor(anchor_id: str) -> None:
    """Sign, send and follow one anchor transaction."""
    current().submit(UUID(anchor_id))


@dramatiq.actor(actor_name=SUBMIT_SETTLEMENT, queue_name=QUEUE, max_retries=MAX_RETRIES)
def submit_settlement(settlement_id: str) -> None:
    """Sign, send and follow one withdrawal settlement transaction."""
    current().submit(UUID(settlement_id))


@dramatiq.actor(actor_name="starknet.catch_up", queue_name=QUEUE)
def catch_up() -> None:
    """Re-enqueue every anchor and settlement not final yet (lost with Redis, or waiting while disabled)."""
    enqueue_unfinished(current(), dramatiq.get_broker())


def enqueue_unfinished(jobs: StarknetJobs, broker: dramatiq.Broker) -> int:
    """Enqueue the job of every unfinished anchor and settlement (none while disabled); how many."""
    if jobs.chain is None:
        return 0
    found = unfinished(EventLog(jobs.store))
    for actor_name, submission_id in found:
        broker.enqueue(
            dramatiq.Message(queue_name=QUEUE, actor_name=actor_name, args=(str(submission_id),), kwargs={}, options={})
        )
    return len(found)


class CatchUpAtBoot(dramatiq.Middleware):
    """Each booted worker process asks for one catch-up (idempotent, so several are harmless)."""

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:  # noqa: ARG002
        broker.enqueue(catch_up.message())


# Bound to the broker jobs/worker.py configured before importing this module, like the actors.
dramatiq.get_broker().add_middleware(CatchUpAtBoot())
