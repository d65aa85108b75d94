"""Recording a quote as a tick: TradingService.record_price, the command POST /v1/market/prices runs.

Called in-process rather than over HTTP: the same decide function (listing, price band),
the same runner (bounded retries, idempotency record in the tick's own transaction),
without a price_feed password, token renewal or the API's rate limit in the path.
The Idempotency-Key is ``<symbol>:<exchange timestamp>`` in the connector's own namespace
(actor ``feed:ccxt:<exchange>``): one exchange timestamp is recorded at most once, even
when the connector retries after a commit whose answer it never saw, or restarts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from aggregates.errors import DomainError
from event_store.metadata import CommandContext
from services.commands import Idempotency
from services.errors import ConcurrencyConflict, IdempotencyKeyReused
from services.trading import TradingService

log = logging.getLogger(__name__)
Outcome = Literal["recorded", "duplicate", "refused"]


@dataclass(frozen=True)
class TickSink:
    """Records the quotes of one source (``ccxt:binance``)."""

    trading: TradingService
    source: str

    def record(self, symbol: str, price: Decimal, timestamp: int) -> Outcome:
        """``recorded``; ``duplicate`` when this exchange timestamp was recorded before; ``refused`` when the
        domain says no (a move beyond the price band: never forced by a feed). Other errors propagate: the
        connector retries them with the same key."""
        key = f"{symbol}:{timestamp}"
        ctx = CommandContext(
            actor=f"feed:{self.source}", correlation_id=f"{self.source}:{key}", idempotency_key=key, source=self.source
        )
        idem = Idempotency(key, {"operation": "feed tick", "symbol": symbol, "price": str(price)})
        try:
            result = self.trading.record_price(symbol, price, ctx, idem)
        except ConcurrencyConflict:
            raise  # transient: the connector retries it
        except IdempotencyKeyReused:  # the venue re-published one timestamp with another price: keep the first
            log.warning(
                "feed %s: %s at %d already recorded with another price; %s ignored",
                self.source,
                symbol,
                timestamp,
                price,
            )
            return "duplicate"
        except DomainError as error:
            log.warning("feed %s: %s %s at %d refused: %s", self.source, symbol, price, timestamp, error)
            return "refused"
        return "duplicate" if result.replayed else "recorded"
