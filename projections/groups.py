"""The worker groups of the read side, by projection name (``projections/registry.py`` has the classes).

A module of names only: ``astratrade up`` reads it without importing every projection (the
supervisor stays small). ``tests/ops/test_compose_services.py`` checks that every registered
projection is in exactly one group; docs/adr/0003-worker-groups.md says why these three.
"""

from __future__ import annotations

# Each group runs its projections as threads of one process (``astratrade worker GROUP``).
GROUPS: dict[str, tuple[str, ...]] = {
    # What commands' answers are read back from (read-your-writes): money models that halt
    # rather than skip, the profiles and the anchors. Small, latency-sensitive handlers.
    "core": (
        "portfolio",
        "ledger",
        "marketplace",
        "profiles",
        "anchors",
        "withdrawals",
        "trade_history",
        "statement",
        "orders",
        "strategies",
    ),
    # Boards and figures: heavier handlers (rank recomputation, analytics facts) whose catch-up
    # must not compete with core's for one interpreter. `up` runs the live-ranks mirror here too,
    # and the market models beside it: candles and tickers, and market_stream publishing ticks to pub/sub.
    "social": ("leaderboard", "challenges", "analytics", "market", "market_stream", "friends", "notifications"),
    # What is never rebuilt: the reactions (each holds a command store and a job broker) and the
    # audit trail. They follow the log from their position forever, one process for all of them.
    "policies": (
        "progression",
        "challenge_scoring",
        "challenge_expiry",
        "platform_revenue",
        "liquidation",
        "challenge_offer_expiry",
        "nft_minting",
        "anchoring",
        "settlement",
        "audit",
        "backtest_dispatch",
        "bots",
        "risk_daily_loss",
        "order_jobs",
    ),
}

# The group that builds the leaderboards also runs the live-ranks mirror, which reads them.
LIVE_RANKS_GROUP = "social"
