"""Policies react exactly once, even when the runtime replays their events."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

import pytest
from psycopg import sql

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext, metadata_of
from projections.policies.base import Policy
from projections.runtime import ProjectionWorker, ReadModels, RebuildFailed, migrate, rebuild
from projections.runtime.handlers import handles
from services.trading import TradingService
from tests.projections.conftest import FAST, running, safe_head, tracked, wait_until

BONUS = Decimal("1.00")


class DepositBonus(Policy):
    """Test policy: every deposit of 100.00 or more earns a bonus deposit of 1.00."""

    name: ClassVar[str] = "test_deposit_bonus"

    @handles(Wallet.Deposited)
    def _deposited(self, _cur: Any, _t: Any, event: LoggedEvent) -> None:
        if event.event.amount < Decimal("100.00"):  # type: ignore[attr-defined]
            return
        wallet: Wallet = self.store.repository.get(event.originator_id)
        TradingService(self.runner_for(event)).deposit(
            wallet.owner_id, BONUS, "USD", self.context_for(event), self.idempotency_for(event)
        )


@pytest.fixture
def policy_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_read")
    migrate(models, [DepositBonus()])
    yield models
    with models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(models.schema)))


def _bonuses(store: EventStore) -> list[LoggedEvent]:
    events = EventLog(store).read(0, safe_head(store), 100_000, [Wallet.Deposited.TOPIC])
    return [e for e in events if e.event.amount == BONUS]  # type: ignore[attr-defined]


def test_each_qualifying_event_gets_one_reaction_when_the_policy_is_replayed_from_zero(
    es_env: dict[str, str], store: EventStore, users, trading: TradingService, policy_models: ReadModels
) -> None:
    owner = UUID(users.register("bonus", "bonus@example.com", "long password", CommandContext()).body["user_id"])
    for amount in ("100.00", "5.00", "250.00"):
        trading.deposit(owner, Decimal(amount), "USD", CommandContext(actor=str(owner), correlation_id="corr-1"))
    worker = ProjectionWorker(DepositBonus(), policy_models, es_env, FAST)
    with running(worker):
        wait_until(lambda: len(_bonuses(store)) == 2, timeout=30)
        wait_until(lambda: tracked(policy_models, DepositBonus.name) >= EventLog(store).last_position(), timeout=30)

    # Replay everything, as after a crash between a reaction and its tracking commit.
    with policy_models.connect() as conn:
        conn.execute(sql.SQL("UPDATE {} SET position = 0").format(policy_models.tracking))
    with running(ProjectionWorker(DepositBonus(), policy_models, es_env, FAST)):
        wait_until(lambda: tracked(policy_models, DepositBonus.name) >= EventLog(store).last_position(), timeout=30)

    bonuses = _bonuses(store)
    assert len(bonuses) == 2
    meta = [metadata_of(b.event) for b in bonuses]
    assert {m["actor"] for m in meta} == {"policy:test_deposit_bonus"}
    assert {m["correlation_id"] for m in meta} == {"corr-1"}
    assert all(m["causation_id"] for m in meta)
    wallet: Wallet = store.repository.get(bonuses[0].originator_id)
    assert wallet.cash == Decimal("357.00")


def test_rebuild_is_refused_when_asked_for_a_policy(es_env: dict[str, str], policy_models: ReadModels) -> None:
    with pytest.raises(RebuildFailed, match="not rebuildable"):
        rebuild(DepositBonus(), policy_models, es_env)
