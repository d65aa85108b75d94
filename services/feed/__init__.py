"""The market feed connector (``astratrade feed``): follows real exchanges through ccxt and records
their prices as ticks through the same command path as POST /v1/market/prices (docs/markets-feed.md)."""
