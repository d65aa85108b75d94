"""The routing table of the command API: one router per resource."""

from __future__ import annotations

from command_api.routes import (
    admin,
    api_keys,
    auth,
    backtests,
    bots,
    erasure,
    friends,
    instruments,
    market,
    nfts,
    ops,
    orders,
    positions,
    social,
    subscriptions,
    users,
    wallet,
)

ROUTERS = (
    ops.router,
    users.router,
    auth.router,
    admin.router,
    wallet.router,
    market.router,
    positions.router,
    social.router,
    friends.router,
    nfts.router,
    subscriptions.router,
    erasure.router,
    api_keys.router,
    instruments.router,
    orders.router,
    backtests.router,
    bots.router,
)  # strategies (issue 17)
