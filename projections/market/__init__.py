"""The market read models: instruments, OHLCV candles and 24 h tickers (docs/read-models.md, "Market")."""
