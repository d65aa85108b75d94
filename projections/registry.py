"""The map of the read side: every projection, by its permanent name, and the worker groups.

Append a projection class to ``PROJECTIONS`` to have it migrated and runnable
(``astratrade worker <name>``), and its name to one of ``GROUPS`` to have ``up`` and
compose.yaml run it. Names are checkpoint keys: never rename one; a changed model
gets a new name (``portfolio_v2``) or a rebuild.
"""

from __future__ import annotations

from projections.analytics.projection import AnalyticsProjection
from projections.anchors.projection import AnchorsProjection
from projections.audit.projection import AuditProjection
from projections.challenges.projection import ChallengesProjection
from projections.friends.projection import FriendsProjection
from projections.groups import GROUPS
from projections.leaderboard.projection import LeaderboardProjection
from projections.ledger.projection import LedgerProjection
from projections.market.projection import MarketProjection
from projections.market_stream.projection import MarketStreamProjection
from projections.marketplace.projection import MarketplaceProjection
from projections.notifications.projection import NotificationsProjection
from projections.orders.projection import OrdersProjection
from projections.policies import anchoring, challenges, progression, settlement
from projections.policies.backtests import BacktestDispatchPolicy
from projections.policies.bots import BotPolicy
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.minting import MintingPolicy
from projections.policies.order_jobs import OrderJobsPolicy
from projections.policies.revenue import RevenuePolicy
from projections.policies.risk import DailyLossPolicy
from projections.portfolio.projection import PortfolioProjection
from projections.profiles.projection import ProfilesProjection
from projections.runtime import ReadModels
from projections.runtime import migrate as migrate_read_models
from projections.runtime.base import Projection
from projections.statement.projection import StatementProjection
from projections.strategies.projection import StrategiesProjection
from projections.trade_history.projection import TradeHistoryProjection
from projections.withdrawals.projection import WithdrawalsProjection

__all__ = ["GROUPS", "PROJECTIONS", "migrate", "projection_named", "projections", "workers_for"]

PROJECTIONS: list[type[Projection]] = [
    PortfolioProjection,
    AnalyticsProjection,
    AuditProjection,
    progression.ProgressionPolicy,
    challenges.ChallengeScoringPolicy,
    challenges.ChallengeExpiryPolicy,
    challenges.OfferExpiryPolicy,
    LedgerProjection,
    MarketplaceProjection,
    RevenuePolicy,
    LiquidationPolicy,
    MintingPolicy,
    AnchorsProjection,
    anchoring.AnchoringPolicy,
    settlement.SettlementPolicy,
    LeaderboardProjection,
    ProfilesProjection,
    ChallengesProjection,
    FriendsProjection,
    NotificationsProjection,
    WithdrawalsProjection,
    TradeHistoryProjection,
    StatementProjection,
    MarketStreamProjection,  # markets: ticks onto Redis pub/sub for the live market stream
    MarketProjection,
    OrdersProjection,
    StrategiesProjection,
    BacktestDispatchPolicy,
    BotPolicy,  # strategies (issue 17)
    DailyLossPolicy,  # orders: RiskLimitHit when a day's realized net loss reaches the limit
    OrderJobsPolicy,  # orders: gtd expiry and TWAP/VWAP slices as delayed jobs
]


def projections() -> list[Projection]:
    """One instance of every registered projection."""
    return [cls() for cls in PROJECTIONS]


def projection_named(name: str) -> Projection:
    for cls in PROJECTIONS:
        if cls.name == name:
            return cls()
    known = ", ".join(cls.name for cls in PROJECTIONS) or "none"
    raise LookupError(f"no projection named {name!r} (registered: {known})")


def migrate(read_models: ReadModels) -> None:
    """Create the read-model schema, the runtime's tables and every projection's."""
    migrate_read_models(read_models, projections())


def workers_for(names: list[str]) -> list[Projection]:
    """One instance of each projection named, a group name standing for all of its members."""
    chosen: list[str] = []
    for name in names:
        members = GROUPS.get(name) or (projection_named(name).name,)
        chosen += [member for member in members if member not in chosen]
    return [projection_named(name) for name in chosen]
