"""The traded volume of a symbol per UTC hour of day, for VWAP slice weights (api.md: "the symbol's volume per
hour of day over the last 7 days of candles").

Candles are a read model (projections/market, table ``market_candles``, docs/read-models.md); the command side
may not import projections, so this reads that one table by name (``tests/financial/test_twap_vwap.py`` checks
the name against projections/market). A weight is a hint for sizing, not a rule that must hold at the instant of
the command, so a read model lagging by a few events is harmless here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from eventsourcing.persistence import ProgrammingError
from psycopg import sql

from event_store.application import EventStore

log = logging.getLogger(__name__)

CANDLES_TABLE = "market_candles"
HISTORY = timedelta(days=7)
VolumeProfile = Callable[[str, datetime], dict[int, Decimal]]  # (symbol, now) → {UTC hour: volume}

_BY_HOUR = """SELECT extract(hour FROM t AT TIME ZONE 'UTC')::int AS hour, sum(volume) AS volume FROM {candles}
WHERE symbol = %s AND interval = '1h' AND t >= %s AND t < %s GROUP BY 1"""


class CandleVolumes:
    """Σ volume of the symbol's hourly candles in the 7 days before ``now``, by UTC hour of day."""

    def __init__(self, store: EventStore, read_model_schema: str) -> None:
        self.store = store
        self.candles = sql.Identifier(read_model_schema, CANDLES_TABLE)

    def __call__(self, symbol: str, now: datetime) -> dict[int, Decimal]:
        """{UTC hour: volume}; empty (so TWAP) when the market read model is not there to read."""
        try:
            with self.store.factory.datastore.get_connection() as conn:  # type: ignore[attr-defined]
                rows = conn.execute(sql.SQL(_BY_HOUR).format(candles=self.candles), (symbol, now - HISTORY, now))
                return {row["hour"]: row["volume"] for row in rows.fetchall()}
        except ProgrammingError as missing:  # not migrated in this schema: no history, not a failed order
            log.warning("VWAP weights unavailable, TWAP instead: %s", missing)
            return {}
