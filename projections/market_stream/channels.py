"""Where market messages are published, shared by the publisher (writer) and the query API (reader).

One channel per symbol, ``mk:<read-model schema>:<symbol>``, so schemas (tests, deployments
sharing a Redis) stay apart. Messages are JSON objects with ``type``: ``tick`` (this
module's publisher) or ``candle`` (a closed candle, for the candles projection to publish).
"""

from __future__ import annotations


def channel(schema: str, symbol: str) -> str:
    return f"mk:{schema}:{symbol}"


def pattern(schema: str) -> str:
    """Every symbol's channel of ``schema``: what one query API process subscribes to."""
    return f"mk:{schema}:*"
