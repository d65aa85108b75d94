"""Strategies context: backtest and optimisation requests with their outcomes, live bots, and per-user quotas."""
