"""How far the hot standby the query API reads (READ_DATABASE_URL) is behind the primary.

Bytes: the primary's current WAL position minus the standby's replayed one. Seconds: the age of
the last transaction the standby replayed, counted only while it is behind (an idle primary
writes nothing, and an old replay timestamp then means nothing). Shown in ``/ready`` (never
making it unready: reads still answer, ``min_position`` waits for the standby) and as gauges.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric

_TIMEOUT = 2.0  # seconds a probe waits for a connection
_PRIMARY = "SELECT pg_current_wal_lsn()::text"
# Replayed past the LSN read on the primary a moment earlier: caught up (the difference is clamped at 0).
_STANDBY = """SELECT pg_is_in_recovery(),
    greatest(0, pg_wal_lsn_diff(%(lsn)s::pg_lsn, pg_last_wal_replay_lsn()))::bigint,
    CASE WHEN pg_last_wal_replay_lsn() >= %(lsn)s::pg_lsn THEN 0
         ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0) END"""


@dataclass(frozen=True)
class Lag:
    """The standby's distance behind the primary."""

    in_recovery: bool  # False: READ_DATABASE_URL is not a standby (a promoted one, or the primary itself)
    bytes: int
    seconds: float


class ReplicaLag:
    """Measures the standby's lag from a pool on the primary and one on the standby."""

    def __init__(self, primary: Any, standby: Any) -> None:
        self.primary, self.standby = primary, standby

    def measure(self) -> Lag:
        with self.primary.connection(timeout=_TIMEOUT) as conn:
            lsn = conn.execute(_PRIMARY).fetchone()[0]
        with self.standby.connection(timeout=_TIMEOUT) as conn:
            in_recovery, lag_bytes, seconds = conn.execute(_STANDBY, {"lsn": lsn}).fetchone()
        return Lag(bool(in_recovery), int(lag_bytes), float(seconds))

    def component(self) -> dict[str, object]:
        """``/ready``'s view of the standby: streaming with its lag, not a standby, or unknown."""
        try:
            lag = self.measure()
        except Exception:
            return {"status": "unknown"}
        status = "streaming" if lag.in_recovery else "not_a_standby"
        return {"status": status, "lag_bytes": lag.bytes, "lag_seconds": round(lag.seconds, 3)}

    def describe(self) -> list[Metric]:
        return []  # nothing is read when registering: a standby that is down cannot stop the start

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("astratrade_replica_up", "1 when the standby and the primary answered the lag probe")
        lag_bytes = GaugeMetricFamily("astratrade_replica_lag_bytes", "WAL bytes the standby has not replayed yet")
        seconds = GaugeMetricFamily(
            "astratrade_replica_lag_seconds", "age of the last transaction the standby replayed, while it is behind"
        )
        try:
            lag = self.measure()
        except Exception:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1 if lag.in_recovery else 0)
        lag_bytes.add_metric([], lag.bytes)
        seconds.add_metric([], lag.seconds)
        yield from (up, lag_bytes, seconds)
