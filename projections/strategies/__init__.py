"""The strategies read model: backtests, optimisations and bots from their events, plus the tables the backtest
job writes (progress and full results)."""
