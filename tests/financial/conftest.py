"""Fixtures of the financial tests: the services, funded traders, read models next to the per-test store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from psycopg import sql

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from projections.analytics.projection import AnalyticsProjection
from projections.ledger.projection import LedgerProjection
from projections.marketplace.projection import MarketplaceProjection
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.minting import MintingPolicy
from projections.policies.revenue import RevenuePolicy
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ReadModels, migrate
from projections.statement.projection import StatementProjection
from services.commands import CommandRunner
from services.liquidation import LiquidationService
from services.nft import NftService
from services.revenue import RevenueService
from services.subscriptions import SubscriptionService
from services.trading import TradingService
from tests.financial.support import CTX

READ_MODELS = (
    PortfolioProjection,
    AnalyticsProjection,
    LedgerProjection,
    MarketplaceProjection,
    LiquidationPolicy,
    RevenuePolicy,
    MintingPolicy,
    StatementProjection,
)


@pytest.fixture
def nfts(runner: CommandRunner) -> NftService:
    return NftService(runner)


@pytest.fixture
def subscriptions(runner: CommandRunner) -> SubscriptionService:
    return SubscriptionService(runner)


@pytest.fixture
def liquidations(runner: CommandRunner) -> LiquidationService:
    return LiquidationService(runner)


@pytest.fixture
def revenue(runner: CommandRunner) -> RevenueService:
    return RevenueService(runner)


@pytest.fixture
def traders(store: EventStore, trading: TradingService) -> Callable[..., list[UUID]]:
    """Opens wallets for ``n`` new traders (no password hashing) and deposits ``cash`` into each."""

    def make(n: int, cash: str = "1000.00") -> list[UUID]:
        owners = [uuid4() for _ in range(n)]
        store.save(*[Wallet.open_for(owner) for owner in owners])
        if Decimal(cash) > 0:
            for owner in owners:
                trading.deposit(owner, Decimal(cash), "USD", CTX)
        return owners

    return make


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    """A migrated read-model schema of its own; projections with a schema of their own get a prefixed one."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [cls() for cls in READ_MODELS])
    yield models
    with models.connect() as conn:
        for cls in READ_MODELS:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(models.schema_for(cls))))
