"""The leaderboard read model: XP, net realized P&L and ROI per user, by UTC day, ISO week and all time."""
