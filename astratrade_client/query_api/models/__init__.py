"""Contains all the data models used in inputs/outputs"""

from .achievement_out import AchievementOut
from .active_traders_interval import ActiveTradersInterval
from .active_traders_reply import ActiveTradersReply
from .active_traders_reply_interval import ActiveTradersReplyInterval
from .active_traders_row_out import ActiveTradersRowOut
from .anchors_reply import AnchorsReply
from .anchors_reply_anchors_item import AnchorsReplyAnchorsItem
from .api_key_view import ApiKeyView
from .api_keys_reply import ApiKeysReply
from .audit_event_out import AuditEventOut
from .audit_event_out_data import AuditEventOutData
from .audit_event_out_metadata import AuditEventOutMetadata
from .audit_page import AuditPage
from .backtest_format import BacktestFormat
from .backtest_reply import BacktestReply
from .backtest_reply_spec import BacktestReplySpec
from .backtest_reply_stats_type_0 import BacktestReplyStatsType0
from .backtest_reply_trades_type_0_item import BacktestReplyTradesType0Item
from .bot_out import BotOut
from .bot_out_params import BotOutParams
from .bots_reply import BotsReply
from .candle_view import CandleView
from .candles_interval import CandlesInterval
from .challenge_reply import ChallengeReply
from .challenges_reply import ChallengesReply
from .clan_out import ClanOut
from .clan_reply import ClanReply
from .clan_size_out import ClanSizeOut
from .clan_totals import ClanTotals
from .engagement_day_out import EngagementDayOut
from .engagement_reply import EngagementReply
from .engagement_reply_achievements import EngagementReplyAchievements
from .entry import Entry
from .entry_out import EntryOut
from .equity_point import EquityPoint
from .fill import Fill
from .friend_view import FriendView
from .friends_reply import FriendsReply
from .health_response_health import HealthResponseHealth
from .indicator_reply import IndicatorReply
from .indicator_reply_params import IndicatorReplyParams
from .instrument_view import InstrumentView
from .instruments_reply import InstrumentsReply
from .interval import Interval
from .leaderboard_reply import LeaderboardReply
from .leaderboard_reply_source import LeaderboardReplySource
from .ledger_format import LedgerFormat
from .ledger_reply import LedgerReply
from .list_orders_status_type_0 import ListOrdersStatusType0
from .listing_view import ListingView
from .listings_reply import ListingsReply
from .member_out import MemberOut
from .metric import Metric
from .name import Name
from .notification_view import NotificationView
from .notification_view_data import NotificationViewData
from .notifications_reply import NotificationsReply
from .optimization_reply import OptimizationReply
from .optimization_reply_grid import OptimizationReplyGrid
from .optimization_reply_spec import OptimizationReplySpec
from .order_reply import OrderReply
from .order_reply_status import OrderReplyStatus
from .order_reply_type import OrderReplyType
from .order_view import OrderView
from .order_view_status import OrderViewStatus
from .order_view_type import OrderViewType
from .orders_reply import OrdersReply
from .pending_request_view import PendingRequestView
from .pnl_distribution_reply import PnlDistributionReply
from .pnl_distribution_reply_window_type_0 import PnlDistributionReplyWindowType0
from .pnl_distribution_window_type_0 import PnlDistributionWindowType0
from .point import Point
from .portfolio_reply import PortfolioReply
from .portfolio_reply_cash import PortfolioReplyCash
from .portfolio_reply_held_by_orders import PortfolioReplyHeldByOrders
from .portfolio_reply_reserved_margin import PortfolioReplyReservedMargin
from .portfolio_reply_total_deposits import PortfolioReplyTotalDeposits
from .position_at import PositionAt
from .position_view import PositionView
from .problem import Problem
from .problem_errors_type_0_item import ProblemErrorsType0Item
from .profile_reply import ProfileReply
from .profile_reply_nfts_item import ProfileReplyNftsItem
from .profile_reply_uncounted_closes_type_0 import ProfileReplyUncountedClosesType0
from .projection_state import ProjectionState
from .projections_reply import ProjectionsReply
from .ranked_run import RankedRun
from .ranked_run_params import RankedRunParams
from .ranked_run_stats_type_0 import RankedRunStatsType0
from .side_view import SideView
from .standing_reply import StandingReply
from .standing_reply_source import StandingReplySource
from .status import Status
from .strategies_reply import StrategiesReply
from .strategy_out import StrategyOut
from .strategy_out_params_schema import StrategyOutParamsSchema
from .ticker_view import TickerView
from .tickers_reply import TickersReply
from .trade_out import TradeOut
from .trades_format import TradesFormat
from .trades_reply import TradesReply
from .user_lookup_reply import UserLookupReply
from .user_state_reply import UserStateReply
from .verify_reply import VerifyReply
from .volume_interval import VolumeInterval
from .volume_reply import VolumeReply
from .volume_reply_interval import VolumeReplyInterval
from .volume_row_out import VolumeRowOut
from .wallet import Wallet
from .window import Window
from .window_view import WindowView
from .withdrawal_reply import WithdrawalReply
from .withdrawal_reply_status import WithdrawalReplyStatus
from .xp_rules import XpRules
from .xp_rules_flags import XpRulesFlags

__all__ = (
    "AchievementOut",
    "ActiveTradersInterval",
    "ActiveTradersReply",
    "ActiveTradersReplyInterval",
    "ActiveTradersRowOut",
    "AnchorsReply",
    "AnchorsReplyAnchorsItem",
    "ApiKeysReply",
    "ApiKeyView",
    "AuditEventOut",
    "AuditEventOutData",
    "AuditEventOutMetadata",
    "AuditPage",
    "BacktestFormat",
    "BacktestReply",
    "BacktestReplySpec",
    "BacktestReplyStatsType0",
    "BacktestReplyTradesType0Item",
    "BotOut",
    "BotOutParams",
    "BotsReply",
    "CandlesInterval",
    "CandleView",
    "ChallengeReply",
    "ChallengesReply",
    "ClanOut",
    "ClanReply",
    "ClanSizeOut",
    "ClanTotals",
    "EngagementDayOut",
    "EngagementReply",
    "EngagementReplyAchievements",
    "Entry",
    "EntryOut",
    "EquityPoint",
    "Fill",
    "FriendsReply",
    "FriendView",
    "HealthResponseHealth",
    "IndicatorReply",
    "IndicatorReplyParams",
    "InstrumentsReply",
    "InstrumentView",
    "Interval",
    "LeaderboardReply",
    "LeaderboardReplySource",
    "LedgerFormat",
    "LedgerReply",
    "ListingsReply",
    "ListingView",
    "ListOrdersStatusType0",
    "MemberOut",
    "Metric",
    "Name",
    "NotificationsReply",
    "NotificationView",
    "NotificationViewData",
    "OptimizationReply",
    "OptimizationReplyGrid",
    "OptimizationReplySpec",
    "OrderReply",
    "OrderReplyStatus",
    "OrderReplyType",
    "OrdersReply",
    "OrderView",
    "OrderViewStatus",
    "OrderViewType",
    "PendingRequestView",
    "PnlDistributionReply",
    "PnlDistributionReplyWindowType0",
    "PnlDistributionWindowType0",
    "Point",
    "PortfolioReply",
    "PortfolioReplyCash",
    "PortfolioReplyHeldByOrders",
    "PortfolioReplyReservedMargin",
    "PortfolioReplyTotalDeposits",
    "PositionAt",
    "PositionView",
    "Problem",
    "ProblemErrorsType0Item",
    "ProfileReply",
    "ProfileReplyNftsItem",
    "ProfileReplyUncountedClosesType0",
    "ProjectionsReply",
    "ProjectionState",
    "RankedRun",
    "RankedRunParams",
    "RankedRunStatsType0",
    "SideView",
    "StandingReply",
    "StandingReplySource",
    "Status",
    "StrategiesReply",
    "StrategyOut",
    "StrategyOutParamsSchema",
    "TickersReply",
    "TickerView",
    "TradeOut",
    "TradesFormat",
    "TradesReply",
    "UserLookupReply",
    "UserStateReply",
    "VerifyReply",
    "VolumeInterval",
    "VolumeReply",
    "VolumeReplyInterval",
    "VolumeRowOut",
    "Wallet",
    "Window",
    "WindowView",
    "WithdrawalReply",
    "WithdrawalReplyStatus",
    "XpRules",
    "XpRulesFlags",
)
