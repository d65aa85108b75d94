"""Every aggregate class. Importing this registers every permanent event topic,
so any process can decode any stored event."""

from __future__ import annotations

from aggregates.financial.insurance_fund import InsuranceFund
from aggregates.financial.revenue import PlatformRevenue
from aggregates.financial.settlement import Settlement
from aggregates.financial.subscription import Subscription
from aggregates.gamification.progression import Progression
from aggregates.market.history import HistoryChunk
from aggregates.market.instrument import Instrument
from aggregates.nft.nft import Nft
from aggregates.onchain import anchor as onchain_anchor
from aggregates.onchain import settlement as onchain_settlement
from aggregates.social import challenge, clan, friend_request, friendship, membership, roster
from aggregates.strategies import allowance, backtest, bot, optimization
from aggregates.trading.market_price import MarketPrice
from aggregates.trading.order import Order
from aggregates.trading.position import Position
from aggregates.trading.risk import RiskProfile
from aggregates.trading.wallet import Wallet
from aggregates.user.api_key import ApiKey
from aggregates.user.claim import UniqueClaim
from aggregates.user.login import Login
from aggregates.user.user import User

AGGREGATES = (
    User,
    UniqueClaim,
    Wallet,
    MarketPrice,
    Position,
    Nft,
    PlatformRevenue,
    InsuranceFund,
    Subscription,
    Settlement,
    Progression,
    clan.Clan,
    membership.Membership,
    friendship.Friendship,
    challenge.Challenge,
    roster.ChallengeRoster,
    friend_request.FriendRequest,
    onchain_anchor.Anchor,
    onchain_settlement.Settlement,
    Login,
    ApiKey,
    Instrument,
    HistoryChunk,
    backtest.Backtest,
    optimization.Optimization,
    bot.Bot,
    allowance.StrategyAllowance,  # strategies (issue 17)
    Order,
    RiskProfile,
)
