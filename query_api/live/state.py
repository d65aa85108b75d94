"""The live-ranks objects of one query API app: its Redis read path and its pub/sub hub."""

from __future__ import annotations

from dataclasses import dataclass

from projections.leaderboard.live.keys import LiveKeys
from projections.market_stream.channels import pattern
from query_api.live.hub import Hub
from query_api.live.ranks import RedisRanks


@dataclass(frozen=True)
class Live:
    """Built once per app by ``create_app`` (``Container.live``), closed at shutdown."""

    ranks: RedisRanks
    hub: Hub
    market: Hub  # every tick (and closed candle) of every symbol: GET /v1/stream/market/{symbol}

    @classmethod
    def connect(cls, redis_url: str, schema: str) -> Live:
        """Clients for the boards of read-model ``schema`` (connections open lazily)."""
        keys = LiveKeys.for_schema(schema)
        return cls(
            RedisRanks.connect(redis_url, keys), Hub(redis_url, keys.channels_pattern), Hub(redis_url, pattern(schema))
        )

    def close(self) -> None:
        self.hub.stop()
        self.market.stop()
        self.ranks.close()
