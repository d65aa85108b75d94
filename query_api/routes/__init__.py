"""The routing table of the query API: one router per resource."""

from __future__ import annotations

from query_api.routes import (
    analytics,
    api_keys,
    audit,
    challenges,
    clans,
    friends,
    history,
    indicators,
    leaderboards,
    market,
    market_stream,
    marketplace,
    notifications,
    ops,
    orders,
    portfolios,
    profiles,
    projections,
    strategies,
    stream,
    withdrawals,
)

ROUTERS = (ops.router, portfolios.router, projections.router, analytics.router, marketplace.router, audit.router,
           leaderboards.router, profiles.router, clans.router, challenges.router, stream.router,
           withdrawals.router, orders.router, history.router, friends.router, notifications.router,
           api_keys.router,
           market.router, indicators.router, market_stream.router,
           strategies.router)  # strategies (issue 17)
