"""Strategies as code and the backtest engine: built-in strategies, their registry, and an in-memory run of
the real trading aggregates (aggregates/trading, aggregates/money) over candles.

Imports aggregates/ only (never the event store, HTTP or projections): jobs and bots import this package.
"""
