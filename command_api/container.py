"""What the routes depend on, built once per app by ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from astratrade.settings import Settings
from command_api.login_throttle import LoginThrottle
from command_api.metrics import Metrics
from event_store.application import EventStore
from http_common.access import AccessCheck
from http_common.tokens import Tokens
from services.markets import MarketService
from services.trading import TradingService
from services.users import UserService


@dataclass(frozen=True)
class Container:
    """The services, token keys, metrics and clients of one app instance."""

    settings: Settings
    store: EventStore
    users: UserService
    trading: TradingService
    tokens: Tokens
    metrics: Metrics
    redis: redis.Redis
    login_throttle: LoginThrottle  # failed-login counters (Redis, in-process fallback)
    access: AccessCheck  # sessions: revocation and API keys (http_common/access.py)
    markets: MarketService  # markets: instrument settings, imported history
