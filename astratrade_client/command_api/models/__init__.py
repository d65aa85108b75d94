"""Contains all the data models used in inputs/outputs"""

from .add_friend_request import AddFriendRequest
from .add_margin_reply import AddMarginReply
from .add_margin_request import AddMarginRequest
from .api_key_reply import ApiKeyReply
from .api_key_request import ApiKeyRequest
from .api_key_request_scopes_item import ApiKeyRequestScopesItem
from .backtest_accepted import BacktestAccepted
from .backtest_request import BacktestRequest
from .backtest_request_fill import BacktestRequestFill
from .backtest_request_interval import BacktestRequestInterval
from .backtest_request_params import BacktestRequestParams
from .balance_reply import BalanceReply
from .bot_reply import BotReply
from .bot_request import BotRequest
from .bot_request_interval import BotRequestInterval
from .bot_request_params import BotRequestParams
from .challenge_reply import ChallengeReply
from .close_position_reply import ClosePositionReply
from .close_position_request import ClosePositionRequest
from .deposit_request import DepositRequest
from .erasure_reply import ErasureReply
from .found_clan_reply import FoundClanReply
from .found_clan_request import FoundClanRequest
from .friend_request_reply import FriendRequestReply
from .grant_role_reply import GrantRoleReply
from .grant_role_request import GrantRoleRequest
from .health_response_health import HealthResponseHealth
from .instrument_reply import InstrumentReply
from .instrument_request import InstrumentRequest
from .instrument_request_status import InstrumentRequestStatus
from .limits_reply import LimitsReply
from .listing_reply import ListingReply
from .listing_request import ListingRequest
from .logout_reply import LogoutReply
from .membership_reply import MembershipReply
from .offer_challenge_request import OfferChallengeRequest
from .open_position_reply import OpenPositionReply
from .open_position_request import OpenPositionRequest
from .optimization_accepted import OptimizationAccepted
from .optimization_request import OptimizationRequest
from .optimization_request_fill import OptimizationRequestFill
from .optimization_request_grid import OptimizationRequestGrid
from .optimization_request_interval import OptimizationRequestInterval
from .optimization_request_metric import OptimizationRequestMetric
from .optimization_request_params import OptimizationRequestParams
from .order_reply import OrderReply
from .order_type import OrderType
from .place_order_request import PlaceOrderRequest
from .price_tick_reply import PriceTickReply
from .price_tick_request import PriceTickRequest
from .problem import Problem
from .problem_errors_type_0_item import ProblemErrorsType0Item
from .purchase_reply import PurchaseReply
from .purchase_request import PurchaseRequest
from .refresh_request import RefreshRequest
from .register_reply import RegisterReply
from .register_request import RegisterRequest
from .revoked_key_reply import RevokedKeyReply
from .role import Role
from .set_exits_reply import SetExitsReply
from .set_exits_request import SetExitsRequest
from .set_limits_request import SetLimitsRequest
from .side import Side
from .subscribe_request import SubscribeRequest
from .subscription_reply import SubscriptionReply
from .time_in_force import TimeInForce
from .token_reply import TokenReply
from .token_request import TokenRequest
from .unfriend_reply import UnfriendReply
from .unlisting_reply import UnlistingReply
from .withdrawal_reply import WithdrawalReply
from .withdrawal_reply_status_type_0 import WithdrawalReplyStatusType0
from .withdrawal_request import WithdrawalRequest

__all__ = (
    "AddFriendRequest",
    "AddMarginReply",
    "AddMarginRequest",
    "ApiKeyReply",
    "ApiKeyRequest",
    "ApiKeyRequestScopesItem",
    "BacktestAccepted",
    "BacktestRequest",
    "BacktestRequestFill",
    "BacktestRequestInterval",
    "BacktestRequestParams",
    "BalanceReply",
    "BotReply",
    "BotRequest",
    "BotRequestInterval",
    "BotRequestParams",
    "ChallengeReply",
    "ClosePositionReply",
    "ClosePositionRequest",
    "DepositRequest",
    "ErasureReply",
    "FoundClanReply",
    "FoundClanRequest",
    "FriendRequestReply",
    "GrantRoleReply",
    "GrantRoleRequest",
    "HealthResponseHealth",
    "InstrumentReply",
    "InstrumentRequest",
    "InstrumentRequestStatus",
    "LimitsReply",
    "ListingReply",
    "ListingRequest",
    "LogoutReply",
    "MembershipReply",
    "OfferChallengeRequest",
    "OpenPositionReply",
    "OpenPositionRequest",
    "OptimizationAccepted",
    "OptimizationRequest",
    "OptimizationRequestFill",
    "OptimizationRequestGrid",
    "OptimizationRequestInterval",
    "OptimizationRequestMetric",
    "OptimizationRequestParams",
    "OrderReply",
    "OrderType",
    "PlaceOrderRequest",
    "PriceTickReply",
    "PriceTickRequest",
    "Problem",
    "ProblemErrorsType0Item",
    "PurchaseReply",
    "PurchaseRequest",
    "RefreshRequest",
    "RegisterReply",
    "RegisterRequest",
    "RevokedKeyReply",
    "Role",
    "SetExitsReply",
    "SetExitsRequest",
    "SetLimitsRequest",
    "Side",
    "SubscribeRequest",
    "SubscriptionReply",
    "TimeInForce",
    "TokenReply",
    "TokenRequest",
    "UnfriendReply",
    "UnlistingReply",
    "WithdrawalReply",
    "WithdrawalReplyStatusType0",
    "WithdrawalRequest",
)
